"""Reads of uploads: the protocol's own look-up, and what a consuming page uses.

A consuming page (a form that holds a file input opted into chunked uploads, see
templates/uploads/chunked_file_input.html) receives the upload's id in its POST data:

    upload = selectors.completed_upload(request.user, form.cleaned_data["package"],
                                        purpose="player.package")
    if upload is None: ...  # refuse: "choose the file again"
    with selectors.open_completed(upload) as file:
        ...  # store it elsewhere (storage.save(name, File(file)), a task's input…)
    services.consume(upload)
"""

from __future__ import annotations

import uuid
from typing import BinaryIO

from django.utils import timezone

from lms.uploads.models import Upload


def _as_uuid(value) -> uuid.UUID | None:
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def owned_upload(user, upload_id) -> Upload | None:
    """The user's own upload, unexpired; None for anyone else (and for the anonymous or
    deactivated), so that nobody learns that someone else's upload exists."""
    pk = _as_uuid(upload_id)
    if pk is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    return Upload.objects.filter(pk=pk, owner=user, expires_at__gt=timezone.now()).first()


def completed_upload(user, upload_id, *, purpose: str | None = None) -> Upload | None:
    """The user's own finished upload (of `purpose`, when given) whose file is there;
    None otherwise."""
    upload = owned_upload(user, upload_id)
    if upload is None or upload.completed_at is None or upload.offset != upload.size:
        return None
    if purpose is not None and upload.purpose != purpose:
        return None
    if not upload.path.is_file() or upload.path.stat().st_size != upload.size:
        return None
    return upload


def open_completed(upload: Upload) -> BinaryIO:
    """The finished upload's content, open for reading (close it, or use `with`)."""
    if upload.completed_at is None:
        raise ValueError("the upload is not finished")
    return open(upload.path, "rb")
