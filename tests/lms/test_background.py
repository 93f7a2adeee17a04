"""Background tasks after commit (lms/core/background.py): in the pool when there is no
broker, or in this thread while `in_this_thread()` holds (the demo's seeding)."""

import threading

import pytest
from celery import shared_task

from lms.core import background

pytestmark = pytest.mark.django_db

ran_in = []


@shared_task(name="tests.background.note_thread")
def note_thread(value):
    ran_in.append((value, threading.current_thread().name))


@pytest.fixture
def pool(settings, monkeypatch):
    assert settings.CELERY_TASK_ALWAYS_EAGER
    settings.PROCESS_IN_BACKGROUND = True
    monkeypatch.setattr(background, "_pool", None)
    ran_in.clear()
    yield
    if background._pool is not None:
        background._pool.shutdown(wait=True)


def test_a_task_sent_after_commit_runs_in_the_pool(pool, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        background.send_after_commit(note_thread, "pool")
    background._pool.shutdown(wait=True)
    assert [(value, name.startswith("background-task")) for value, name in ran_in] == [("pool", True)]


def test_in_this_thread_the_task_runs_at_the_commit_here(pool, django_capture_on_commit_callbacks):
    with background.in_this_thread(), django_capture_on_commit_callbacks(execute=True):
        background.send_after_commit(note_thread, "here")
    assert ran_in == [("here", threading.current_thread().name)]
    assert background._pool is None
