"""Background work: Celery workers on a real Redis, and eager in-process without one.

The sender is `manage.py shell` in a subprocess, so the settings under test are the real
ones, configured by environment variables only.
"""

import pytest
from services import celery_worker, django_env, django_shell, redis_server

SEND = """
import os
from django.conf import settings
from lms.core.tasks import ping

result = {
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "pid": os.getpid(),
    "answers": {%s},
}
"""


def send(env, **calls: str) -> dict:
    """Send tasks from a Django process; `calls` maps a label to a Python expression
    giving an AsyncResult. Answers the sender's settings, pid and each task's value."""
    answers = ", ".join(f"{label!r}: ({expr}).get(timeout=30)" for label, expr in calls.items())
    return django_shell(SEND % answers, env)


@pytest.fixture(scope="module")
def broker(tmp_path_factory):
    with redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="module")
def worker_env(broker, tmp_path_factory):
    return django_env(tmp_path_factory.mktemp("var"), CELERY_BROKER_URL=broker)


@pytest.fixture(scope="module")
def worker(worker_env, tmp_path_factory):
    with celery_worker(worker_env, tmp_path_factory.mktemp("celery")) as process:
        yield process


@pytest.mark.services
def test_task_goes_through_redis_to_the_worker_and_back(worker, worker_env, broker):
    sent = send(worker_env, ping='ping.delay("xin chào")')

    assert sent["eager"] is False
    assert sent["broker"] == broker
    answer = sent["answers"]["ping"]
    assert answer["echo"] == "xin chào"
    assert answer["pid"] != sent["pid"], "the task ran in the sending process"
    assert answer["pid"] == worker.pid, worker.log.read_text()


@pytest.mark.services
def test_worker_consumes_the_ingest_and_judging_queues(worker, worker_env):
    sent = send(
        worker_env,
        ingest='ping.apply_async(["gói SCORM"], queue="ingest")',
        judging='ping.apply_async(["bài dự thi"], queue="judging")',
    )

    assert sent["answers"]["ingest"]["echo"] == "gói SCORM"
    assert sent["answers"]["judging"]["echo"] == "bài dự thi"
    assert {a["pid"] for a in sent["answers"].values()} == {worker.pid}


@pytest.mark.process
def test_without_a_broker_tasks_run_eagerly_in_process(tmp_path):
    sent = send(django_env(tmp_path), ping='ping.delay("xin chào")')

    assert sent["eager"] is True
    assert sent["broker"] == ""
    assert sent["answers"]["ping"]["echo"] == "xin chào"
    assert sent["answers"]["ping"]["pid"] == sent["pid"]
