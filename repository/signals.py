"""Uploaded files are processed in the background (repository/processing.py): when a
repository file is created or its file replaced, the task `repository.process_document`
is sent once the transaction has committed (lms/core/background.py), so the worker finds
the row and the file."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from lms.core import background

_REPLACED = "_repository_file_replaced"


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
    """Send the processing task once the current transaction commits (lms/core/background.py).
    A document whose task was lost stays "pending": `manage.py reprocess_documents` finds it."""
    from repository.tasks import process_document

    background.send_after_commit(process_document, document_id, using=using)


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
