"""Uploaded files are processed in the background (repository/processing.py): when a
repository file is created or its file replaced, the task `repository.process_document`
is sent once the transaction has committed, so the worker finds the row and the file.

Without a broker (CELERY_TASK_ALWAYS_EAGER, as under `make run`) the task would run
inside the upload's request; instead it runs in a small pool of threads of this process
(REPOSITORY_PROCESS_IN_BACKGROUND), so that the upload answers at once and the file
shows as waiting, then processing. A task queued there is lost if the process stops;
its document stays "pending" and `manage.py reprocess_documents` finds it."""

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from django.conf import settings
from django.db import connections, transaction
from django.db.models.signals import post_delete, post_save, pre_save

logger = logging.getLogger(__name__)

_REPLACED = "_repository_file_replaced"
BACKGROUND_WORKERS = 2  # files read at once; each reader is a bounded child process
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def note_replaced_file(sender, instance, raw=False, update_fields=None, **kwargs):
    """Before saving an existing document: a new file resets its processing status."""
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and "file" not in update_fields:
        return
    stored = sender.objects.filter(pk=instance.pk).values_list("file", flat=True).first()
    if not instance.file._committed or (stored is not None and stored != instance.file.name):
        setattr(instance, _REPLACED, True)
        instance.processing = sender.Processing.PENDING
        instance.processing_error = ""


def enqueue_processing(sender, instance, created=False, raw=False, using=None, **kwargs):
    """After saving a new document, or one whose file was replaced: process it."""
    if raw or not instance.file:
        return
    if created or instance.__dict__.pop(_REPLACED, False):
        queue_processing(instance.pk, using=using)


def queue_processing(document_id: int, using=None) -> None:
    """Send the processing task once the current transaction commits (at once outside
    one). Robust: a broker that is down (or an eager run that fails) never undoes an
    upload; the document stays "pending" and the error is logged."""
    transaction.on_commit(partial(_send, document_id), using=using, robust=True)


def _send(document_id: int) -> None:
    from repository.tasks import process_document

    if settings.CELERY_TASK_ALWAYS_EAGER and settings.REPOSITORY_PROCESS_IN_BACKGROUND:
        background_pool().submit(_run_in_background, document_id)
    else:
        process_document.delay(document_id)


def background_pool() -> ThreadPoolExecutor:
    """The threads that run eager tasks after the request; made on first use."""
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(BACKGROUND_WORKERS, thread_name_prefix="repository-processing")
        return _pool


def _run_in_background(document_id: int) -> None:
    from repository.tasks import process_document

    try:
        process_document.delay(document_id)  # eager: runs here, in this thread
    except Exception:  # noqa: BLE001 - nobody waits for this thread: log, and leave it pending
        logger.exception("Processing document %s failed", document_id)
    finally:
        connections.close_all()  # this thread's own connections


def delete_thumbnail(sender, instance, **kwargs):
    """A deleted document's thumbnail goes with it (Wagtail deletes the file itself)."""
    if instance.thumbnail:
        storage, name = instance.thumbnail.storage, instance.thumbnail.name
        transaction.on_commit(lambda: storage.delete(name), using=kwargs.get("using"))


def connect() -> None:
    from repository.models import ResourceDocument

    pre_save.connect(note_replaced_file, sender=ResourceDocument, dispatch_uid="repository-file-replaced")
    post_save.connect(enqueue_processing, sender=ResourceDocument, dispatch_uid="repository-process-file")
    post_delete.connect(delete_thumbnail, sender=ResourceDocument, dispatch_uid="repository-delete-thumbnail")
