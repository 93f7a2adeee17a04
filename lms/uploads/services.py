"""Changes to uploads: create one, append a part, end it, hand it over, purge the old.

The bytes go straight from the request to the upload's file in blocks of BLOCK bytes,
whatever the part's size, so a 1 GB upload never sits in memory. One request at a time
writes to an upload: it holds an exclusive lock on the file (flock) while it writes, and
another request for the same upload meanwhile is told to come back (423). The file is
the truth about what arrived: a part cut short keeps the bytes that came, and bytes past
the recorded offset (a process killed between writing and recording) are cut off before
the next part is written.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import unicodedata
from contextlib import contextmanager
from datetime import timedelta
from typing import Callable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.uploads import purposes
from lms.uploads.models import Upload, uploads_dir

BLOCK = 64 * 1024


class UploadError(Exception):
    """Why an upload, or a part of it, is refused; `status` is the HTTP answer."""

    status = 400

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotAllowed(UploadError):
    status = 403


class Missing(UploadError):
    status = 404


class WrongOffset(UploadError):
    status = 409


class TooLarge(UploadError):
    status = 413


class Busy(UploadError):
    status = 423


class TooMany(UploadError):
    status = 429


class NoRoom(UploadError):
    status = 507


def _expiry():
    return timezone.now() + timedelta(hours=settings.UPLOADS_EXPIRY_HOURS)


def clean_filename(name: str) -> str:
    """The file's own name as the browser gave it, for showing: no folders, no control
    characters, composed (NFC) as Vietnamese text is stored, at most 255 characters."""
    name = unicodedata.normalize("NFC", name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip()
    if len(name) > 255:
        stem, dot, ext = name.rpartition(".")
        name = (stem[: 254 - len(ext)] + dot + ext) if dot and len(ext) <= 16 else name[:255]
    return name or "upload"


def create(user, *, purpose: str, size: int, filename: str) -> Upload:
    """A new, empty upload of `size` bytes for `purpose`, owned by `user`."""
    wanted = purposes.get(purpose)
    if wanted is None:
        raise UploadError(_("Files of this kind are not accepted here."))
    if not (user.is_authenticated and user.is_active) or not wanted.allowed(user):
        raise NotAllowed(_("You may not upload files here."))
    if size <= 0:
        raise UploadError(_("The file is empty."))
    limit = wanted.max_bytes()
    if size > limit:
        raise TooLarge(_("The file is larger than %(size)s MB, the most accepted here.")
                       % {"size": limit // purposes.MB})
    now = timezone.now()
    for old in Upload.objects.filter(owner=user, expires_at__lte=now):
        _remove(old)
    if Upload.objects.filter(owner=user).count() >= settings.UPLOADS_MAX_OPEN:
        raise TooMany(_("You have too many unfinished uploads. Wait for them to finish, or "
                        "try again tomorrow when the unused ones have been removed."))
    folder = uploads_dir()
    folder.mkdir(parents=True, exist_ok=True)
    if shutil.disk_usage(folder).free < size:
        raise NoRoom(_("The server has no room for this file now. Try again later, or tell "
                       "the administrator."))
    with transaction.atomic():
        upload = Upload.objects.create(owner=user, purpose=purpose, size=size,
                                       filename=clean_filename(filename), expires_at=_expiry())
        with open(upload.path, "xb"):
            pass
    return upload


@contextmanager
def _locked(upload: Upload, mode: str = "r+b"):
    """The upload's file, open and locked against any other request; Busy when another
    request holds it, Missing when it is gone."""
    try:
        file = open(upload.path, mode)
    except FileNotFoundError:
        raise Missing(_("This upload no longer exists. Choose the file again.")) from None
    with file:
        try:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(_("This file is being sent from another window or tab; wait for "
                         "it to finish there.")) from None
        yield file


def _read(read: Callable[[int], bytes], size: int) -> bytes:
    try:
        return read(size)
    except OSError:  # the connection dropped (Django's UnreadablePostError is one)
        return b""


def append(upload: Upload, *, offset: int, length: int, read: Callable[[int], bytes]) -> Upload:
    """Write the next `length` bytes, read with `read(n)`, at `offset`, which must be
    where the upload stands. Keeps what arrived if the request is cut short."""
    if length < 0 or offset < 0:
        raise UploadError(_("The part's size or position is wrong."))
    if offset + length > upload.size:
        raise TooLarge(_("More bytes were sent than the file has."))
    with _locked(upload) as file:
        try:
            upload.refresh_from_db(fields=["offset", "completed_at", "expires_at"])
        except Upload.DoesNotExist:
            raise Missing(_("This upload no longer exists. Choose the file again.")) from None
        on_disk = os.fstat(file.fileno()).st_size
        current = min(upload.offset, on_disk)
        if on_disk != current:
            file.truncate(current)
        if offset != current:
            if current != upload.offset:
                upload.offset = current
                upload.save(update_fields=["offset"])
            raise WrongOffset(_("The upload stands at another point; it goes on from there."))
        file.seek(current)
        received = 0
        full = None
        while received < length:
            block = _read(read, min(BLOCK, length - received))
            if not block:
                break
            try:
                file.write(block)
            except OSError as error:
                if error.errno not in (errno.ENOSPC, errno.EDQUOT):
                    raise
                full = NoRoom(_("The server has no room for this file now. Try again "
                                "later, or tell the administrator."))
                break
            received += len(block)
        if full is None:
            file.flush()
        upload.offset = current + received
        now = timezone.now()
        upload.expires_at = _expiry()
        if upload.offset == upload.size and upload.completed_at is None:
            upload.completed_at = now
        upload.save(update_fields=["offset", "expires_at", "completed_at"])
        if full is not None:
            raise full
    return upload


def terminate(upload: Upload) -> None:
    """The uploader gave it up (tus termination): its file and its row go."""
    with _locked(upload):
        _remove_locked(upload)


def consume(upload: Upload) -> None:
    """The consuming page has stored the content elsewhere: remove the upload. Its row
    goes now; its file once the transaction commits (a rollback keeps the file)."""
    path = upload.path
    Upload.objects.filter(pk=upload.pk).delete()
    transaction.on_commit(lambda: _unlink(path))


def extend(upload: Upload, hours: int | None = None) -> Upload:
    """Keep an upload longer (e.g. while queued work reads it): from now, `hours` or
    UPLOADS_EXPIRY_HOURS."""
    upload.expires_at = timezone.now() + timedelta(hours=hours or settings.UPLOADS_EXPIRY_HOURS)
    upload.save(update_fields=["expires_at"])
    return upload


def _unlink(path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def _remove_locked(upload: Upload) -> None:
    _unlink(upload.path)
    Upload.objects.filter(pk=upload.pk).delete()


def _remove(upload: Upload) -> bool:
    """Remove an upload unless a request is writing to it now."""
    try:
        with _locked(upload):
            _remove_locked(upload)
    except Busy:
        return False
    except Missing:
        Upload.objects.filter(pk=upload.pk).delete()
    return True


def purge(now=None) -> tuple[int, int]:
    """Remove expired uploads, and files under UPLOADS_DIR left without an upload for
    longer than UPLOADS_EXPIRY_HOURS. Returns (uploads removed, stray files removed)."""
    now = now or timezone.now()
    removed = sum(_remove(upload) for upload in Upload.objects.filter(expires_at__lte=now))
    strays = 0
    folder = uploads_dir()
    if folder.is_dir():
        cutoff = (now - timedelta(hours=settings.UPLOADS_EXPIRY_HOURS)).timestamp()
        known = {u.hex for u in Upload.objects.values_list("id", flat=True)}
        for entry in os.scandir(folder):
            stem, dot, ext = entry.name.partition(".")
            if ext != "part" or stem in known or not entry.is_file(follow_symlinks=False):
                continue
            if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                _unlink(entry.path)
                strays += 1
    return removed, strays
