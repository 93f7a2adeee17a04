"""Background tasks sent once the current transaction commits.

With a broker, `send_after_commit` queues the Celery task (the worker then finds the
rows and files the transaction wrote). Without one (CELERY_TASK_ALWAYS_EAGER, as under
`make run`) the task would run inside the request that sent it; instead it runs in a
small pool of threads of this process (PROCESS_IN_BACKGROUND), so that an upload
answers at once and shows as waiting, then processing. A task queued there is lost if
the process stops: each app keeps a way to find what was left waiting.
"""

import contextlib
import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from django.conf import settings
from django.db import connections, transaction

logger = logging.getLogger(__name__)

BACKGROUND_WORKERS = 2  # tasks run at once; their untrusted work is a bounded child process each
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_here = threading.local()


@contextlib.contextmanager
def in_this_thread():
    """Eager tasks sent meanwhile run at their commit in this thread, not in the pool:
    for work that must not have the pool writing beside it (seeding the demo)."""
    previous = getattr(_here, "on", False)
    _here.on = True
    try:
        yield
    finally:
        _here.on = previous


def send_after_commit(task, *args, using=None) -> None:
    """Send `task(*args)` once the current transaction commits (at once outside one).
    Robust: a broker that is down (or an eager run that fails) never undoes the
    transaction; the error is logged."""
    transaction.on_commit(partial(_send, task, args), using=using, robust=True)


def _send(task, args) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER and settings.PROCESS_IN_BACKGROUND and not getattr(_here, "on", False):
        background_pool().submit(_run_in_background, task, args)
    else:
        task.delay(*args)


def background_pool() -> ThreadPoolExecutor:
    """The threads that run eager tasks after the request; made on first use."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(BACKGROUND_WORKERS, thread_name_prefix="background-task")
        return _pool


def _run_in_background(task, args) -> None:
    try:
        task.delay(*args)  # eager: runs here, in this thread
    except Exception:  # noqa: BLE001 - nobody waits for this thread: log it
        logger.exception("Background task %s%r failed", task.name, args)
    finally:
        connections.close_all()  # this thread's own connections
