import os
import socket

from celery import shared_task


@shared_task(name="lms.core.ping")
def ping(value: str) -> dict:
    """A round trip through the broker: tells who ran it. Used by health checks."""
    return {"echo": value, "worker": socket.gethostname(), "pid": os.getpid()}
