"""Changes to e-learning packages: taking an upload, unpacking it (in a bounded child
process, lms/player/unpack.py), storing its files and table of contents."""

from __future__ import annotations

import logging
import os
import tempfile
import threading
from pathlib import Path

import magic
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from lms.core import archives, background, sandbox, stored_files
from lms.player import signals, unpack as unpacking
from lms.player.manifest import ManifestError
from lms.player.models import Package, PackageItem

logger = logging.getLogger(__name__)

MB = 1024 * 1024
ZIP_TYPES = {"application/zip", "application/x-zip-compressed", "application/x-zip"}
PROGRESS_SECONDS = 1.0  # how often the uploader's progress is written while unpacking


class PackageRefused(Exception):
    """An upload that is not a package at all (refused before it is stored)."""

    def __init__(self, message, params: dict | None = None):
        super().__init__(message, params)
        self.message, self.params = message, params or {}

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


def limits() -> archives.Limits:
    return archives.Limits(
        max_entries=settings.PLAYER_MAX_FILES,
        max_total_bytes=settings.PLAYER_MAX_UNPACKED_MB * MB,
        max_entry_bytes=min(settings.PLAYER_MAX_UNPACKED_MB, 1024) * MB,
    )


def check_upload(fileobj, size: int) -> None:
    """Refuse at once what cannot be a package: too big, or not a zip by its content."""
    if size > settings.PLAYER_MAX_UPLOAD_MB * MB:
        raise PackageRefused(_("This package is larger than %(size)d MB."), {"size": settings.PLAYER_MAX_UPLOAD_MB})
    position = fileobj.tell()
    fileobj.seek(0)
    head = fileobj.read(8192)
    fileobj.seek(position)
    if magic.from_buffer(head, mime=True) not in ZIP_TYPES:
        raise PackageRefused(_("This file is not a zip package: export the lecture as SCORM (a .zip file) "
                               "from the authoring tool and upload that file."))


def package_create(*, owner, fileobj, name: str, size: int, process: bool = True) -> Package:
    """Store an uploaded zip as a package waiting to be unpacked (with `process`, its
    task is sent once the transaction commits). PackageRefused if it is not one."""
    check_upload(fileobj, size)
    package = Package(owner=owner, original_name=os.path.basename(name)[:255], original_size=size)
    package.original.save(name, File(fileobj, name=name), save=False)
    package.save()
    if process:
        from lms.player import tasks

        background.send_after_commit(tasks.ingest_package, package.pk)
    return package


def ingest(package: Package) -> Package:
    """Unpack a waiting package and read its manifest: READY with its items, or FAILED
    with the reason (in the platform's language). Its unpacked files are removed on
    failure; the original zip is kept either way. Does nothing to a package another
    run has claimed."""
    claimed = Package.objects.filter(pk=package.pk, status__in=[Package.Status.WAITING, Package.Status.FAILED])
    if not claimed.update(status=Package.Status.PROCESSING, progress=0, error=""):
        package.refresh_from_db()
        return package
    error = ""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            with stored_files.local_path(package.original, suffix=".zip") as zip_path:
                unpacked = _unpack_to_storage(package, zip_path)
        except (archives.ArchiveError, ManifestError) as exc:
            error = str(exc)
        except (sandbox.TimeLimitExceeded, SoftTimeLimitExceeded):
            error = str(_("Unpacking this package took too long."))
        except sandbox.MemoryLimitExceeded:
            error = str(_("Unpacking this package needed too much memory."))
        except Exception:  # noqa: BLE001 - any failure on a user's file is a refused package
            logger.exception("Package %s (%s) could not be unpacked", package.pk, package.original_name)
            error = str(_("The package could not be read: it may be damaged."))
    if error:
        logger.info("Package %s (%s) refused: %s", package.pk, package.original_name, error)
        remove_files(package)
        Package.objects.filter(pk=package.pk).update(status=Package.Status.FAILED, error=error, progress=0)
    else:
        _store(package, unpacked)
    package.refresh_from_db()
    if not error:
        signals.package_ready.send(sender=Package, package=package)
    return package


def _unpack_bounded(zip_path: str, dest: str, progress_path: str) -> unpacking.Unpacked:
    return sandbox.run_bounded(
        unpacking.unpack, zip_path, dest, limits(), progress_path,
        cpu_seconds=settings.PLAYER_INGEST_CPU_SECONDS,
        wall_seconds=settings.PLAYER_INGEST_WALL_SECONDS,
        memory_bytes=settings.PLAYER_INGEST_MEMORY_MB * MB,
    )


def _unpack_to_storage(package: Package, zip_path: str) -> unpacking.Unpacked:
    """Unpack into the storage: on disk straight into the package's folder (through a
    `.partial` folder renamed at the end), elsewhere (S3) into a temporary folder whose
    files are then sent one by one."""
    with tempfile.TemporaryDirectory(prefix="lms-unpack-") as work:
        progress_path = os.path.join(work, "progress")
        on_disk = isinstance(default_storage, FileSystemStorage)
        if on_disk:
            final = Path(default_storage.path(package.files_prefix))
            staging = final.with_name(final.name + ".partial")
            unpacking.remove_tree(str(staging))
        else:
            staging = Path(work) / "files"
        with _ProgressNotes(package.pk, progress_path, share=0.95 if on_disk else 0.5):
            unpacked = _unpack_bounded(zip_path, str(staging), progress_path)
        if on_disk:
            unpacking.remove_tree(str(final))
            staging.rename(final)
        else:
            _send_files(package, staging, unpacked.file_count)
    return unpacked


def _send_files(package: Package, folder: Path, count: int) -> None:
    sent = 0
    for path in sorted(folder.rglob("*")):
        if not path.is_file() or path.is_symlink():
            continue
        name = f"{package.files_prefix}/{path.relative_to(folder).as_posix()}"
        with path.open("rb") as f:
            stored = default_storage.save(name, File(f, name=path.name))
        if stored != name:  # a storage that renames instead of overwriting: the player needs this name
            raise RuntimeError(f"storage stored {name!r} as {stored!r}")
        sent += 1
        if sent % 50 == 0:
            Package.objects.filter(pk=package.pk).update(progress=50 + 45 * sent // max(count, 1))


def remove_files(package: Package) -> None:
    """The unpacked files of a package (its original zip stays)."""
    if isinstance(default_storage, FileSystemStorage):
        for suffix in ("", ".partial"):
            unpacking.remove_tree(default_storage.path(package.files_prefix + suffix))
        return
    _remove_folder(package.files_prefix)


def _remove_folder(prefix: str) -> None:
    folders, files = default_storage.listdir(prefix)
    for name in files:
        default_storage.delete(f"{prefix}/{name}")
    for folder in folders:
        _remove_folder(f"{prefix}/{folder}")


@transaction.atomic
def _store(package: Package, unpacked: unpacking.Unpacked) -> None:
    manifest = unpacked.manifest
    package.items.all().delete()
    rows = []
    for depth, parent, item in _walk(manifest.items):
        rows.append(PackageItem(
            package=package, sort_order=len(rows), depth=depth, parent_identifier=parent,
            identifier=item.identifier[:255], title=(item.title or item.identifier)[:255],
            href=item.href, parameters=item.parameters, is_sco=item.is_sco, visible=item.visible,
            mastery_score=item.mastery_score, scaled_passing_score=item.scaled_passing_score,
            completion_threshold=item.completion_threshold, data_from_lms=item.data_from_lms,
            time_limit_action=item.time_limit_action[:32], max_time_allowed=item.max_time_allowed[:32],
            # adlnav:hideLMSUI rides with the item's sequencing: what the player's own buttons hide.
            sequencing={**(item.sequencing or {}), **({"hide_lms_ui": list(item.hide_lms_ui)} if item.hide_lms_ui else {})},
        ))
    PackageItem.objects.bulk_create(rows)
    Package.objects.filter(pk=package.pk).update(
        status=Package.Status.READY, progress=100, error="", standard=manifest.standard,
        edition=manifest.edition, identifier=manifest.identifier[:255], title=manifest.title[:255],
        tool=manifest.tool[:64], root=unpacked.root, sequencing=getattr(manifest, "sequencing", None) or {}, file_count=unpacked.file_count,
        unpacked_bytes=unpacked.total_bytes, processed_at=timezone.now(),
    )


def _walk(items, depth: int = 0, parent: str = ""):
    for item in items:
        yield depth, parent, item
        yield from _walk(item.children, depth + 1, item.identifier)


class _ProgressNotes:
    """While the child unpacks, a thread copies its progress notes to the package row
    (its own database connection, closed at the end) every PROGRESS_SECONDS: what the
    uploader's page shows. A failed write only stops the notes."""

    def __init__(self, package_pk: int, path: str, share: float):
        self.package_pk, self.path, self.share = package_pk, path, share
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="package-progress", daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.thread.join()

    def _run(self) -> None:
        try:
            while not self.done.wait(PROGRESS_SECONDS):
                part = unpacking.read_progress(self.path)
                if part is not None:
                    Package.objects.filter(pk=self.package_pk).update(progress=int(part * self.share * 100))
        except DatabaseError:
            logger.warning("Package %s: progress not recorded", self.package_pk, exc_info=True)
        finally:
            connection.close()
