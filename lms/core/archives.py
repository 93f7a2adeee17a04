"""Zip archives from users, checked before anything reads them.

Office and OpenDocument files, workbooks to import and e-learning (SCORM) packages are
zip archives, and a zip can lie: a 1 MB file may unpack to gigabytes (a "zip bomb"),
hold millions of entries, or name entries `../../settings.py` or `/etc/passwd`, or as
links, to write outside the folder it is unpacked into. `check` refuses such archives
from their central directory alone, `read_member` reads one entry only up to a bound,
and `extract_all` unpacks into a folder with both.

zipfile never returns more bytes of an entry than its declared size (and fails on a
bad CRC), so bounding the declared sizes bounds what is read. Every refusal is an
`ArchiveError` whose message is for the uploader, translated when shown.
"""

from __future__ import annotations

import os
import re
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
COPY_CHUNK = MB


@dataclass(frozen=True)
class Limits:
    """What an archive may hold. The ratio is an entry's unpacked size over its packed
    size, checked only for entries unpacking to more than `ratio_from_bytes`: small
    entries that compress well are normal, and harmless."""

    max_entries: int = 10_000
    max_total_bytes: int = 512 * MB
    max_entry_bytes: int = 256 * MB
    max_ratio: int = 200
    ratio_from_bytes: int = 4 * MB


DEFAULT_LIMITS = Limits()


class ArchiveError(Exception):
    """An archive refused; str() is the reason, in the active language."""

    def __init__(self, message, params: dict | None = None):
        super().__init__(message, params)  # both picklable: it may cross a process boundary
        self.message = message
        self.params = params or {}

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


def damaged() -> ArchiveError:
    return ArchiveError(_("This file is damaged: it cannot be opened."))


def open_zip(file, limits: Limits = DEFAULT_LIMITS) -> zipfile.ZipFile:
    """The archive at a path or in a binary file, checked (see `check`); close it after."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError) as exc:
        raise damaged() from exc
    try:
        check(archive, limits)
    except BaseException:
        archive.close()
        raise
    return archive


def check(archive: zipfile.ZipFile, limits: Limits = DEFAULT_LIMITS) -> list[zipfile.ZipInfo]:
    """The archive's entries, if it is one that may be read: not too many, not unpacking
    too big in all or in any one, none compressed suspiciously much, none encrypted,
    none a link, every name a plain relative path and no name twice."""
    entries = archive.infolist()
    if len(entries) > limits.max_entries:
        raise ArchiveError(_("This file holds more than %(count)d files inside: too many to open."),
                           {"count": limits.max_entries})
    total, seen = 0, set()
    for info in entries:
        name = safe_name(info.filename)
        if name in seen:
            raise ArchiveError(_("This file holds two parts with the same name (“%(name)s”): it is not opened."),
                               {"name": shown(name)})
        seen.add(name)
        if is_link(info):
            raise ArchiveError(_("This file holds a link (“%(name)s”), which is not accepted."),
                               {"name": shown(name)})
        if info.flag_bits & 0x1:
            raise ArchiveError(_("This file holds parts protected by a password: it cannot be opened."))
        total += info.file_size
        if total > limits.max_total_bytes:
            raise ArchiveError(_("This file unpacks to more than %(size)d MB, too much to read."),
                               {"size": limits.max_total_bytes // MB})
        if info.file_size > limits.max_entry_bytes:
            raise entry_too_big(name, limits.max_entry_bytes)
        if (info.file_size > limits.ratio_from_bytes
                and info.file_size > limits.max_ratio * max(info.compress_size, 1)):
            raise ArchiveError(_("This file is compressed suspiciously much (a “zip bomb”): it is not opened."))
    return entries


def entry_too_big(name: str, max_bytes: int) -> ArchiveError:
    if max_bytes >= MB:
        return ArchiveError(_("A part of this file (“%(name)s”) unpacks to more than %(size)d MB, too much to read."),
                            {"name": shown(name), "size": max_bytes // MB})
    return ArchiveError(_("A part of this file (“%(name)s”) is larger than expected: the file is not opened."),
                        {"name": shown(name)})


def read_member(archive: zipfile.ZipFile, name: str, max_bytes: int) -> bytes:
    """The bytes of one entry, refused (ArchiveError) if it holds more than max_bytes:
    at most max_bytes + 1 are ever unpacked, whatever the entry declares. KeyError if
    there is no such entry."""
    info = archive.getinfo(name)
    if info.file_size > max_bytes:
        raise entry_too_big(name, max_bytes)
    try:
        with archive.open(info) as member:
            data = member.read(max_bytes + 1)
    except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as exc:
        raise damaged() from exc
    if len(data) > max_bytes:
        raise entry_too_big(name, max_bytes)
    return data


def extract_all(archive: zipfile.ZipFile, dest, limits: Limits = DEFAULT_LIMITS, progress=None) -> list[Path]:
    """Unpack every entry under the folder `dest` (made if missing), after `check`;
    the files written. Files are created anew (never through an existing file or link)
    and without execute permission; what is written is counted against the limits too.
    `progress(bytes written so far)`, if given, is called after each block."""
    entries = check(archive, limits)
    root = Path(dest)
    root.mkdir(parents=True, exist_ok=True)
    root = root.resolve()
    written, total = [], 0
    for info in entries:
        target = root.joinpath(*safe_name(info.filename).split("/"))
        if root not in target.parents:
            raise ArchiveError(_("This file holds a part with an unsafe name (“%(name)s”): it is not opened."),
                               {"name": shown(info.filename)})
        if info.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.parent.resolve() != target.parent:  # a folder made a link by an earlier step
            raise ArchiveError(_("This file holds a link (“%(name)s”), which is not accepted."),
                               {"name": shown(info.filename)})
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
        try:
            with os.fdopen(fd, "wb") as out, archive.open(info) as member:
                left = min(info.file_size, limits.max_entry_bytes)
                while chunk := member.read(min(COPY_CHUNK, left + 1)):
                    left -= len(chunk)
                    total += len(chunk)
                    if left < 0:
                        raise entry_too_big(info.filename, limits.max_entry_bytes)
                    if total > limits.max_total_bytes:
                        raise ArchiveError(_("This file unpacks to more than %(size)d MB, too much to read."),
                                           {"size": limits.max_total_bytes // MB})
                    out.write(chunk)
                    if progress is not None:
                        progress(total)
        except (zipfile.BadZipFile, EOFError, RuntimeError, NotImplementedError) as exc:
            raise damaged() from exc
        written.append(target)
    return written


_DRIVE = re.compile(r"^[A-Za-z]:")


def safe_name(name: str) -> str:
    """The entry's name if it is a plain relative path ("a/b.txt", "folder/"), without
    the trailing slash; ArchiveError otherwise: absolute, a drive ("C:"), a backslash,
    a NUL or control character, "." or ".." parts, empty parts."""
    path = name[:-1] if name.endswith("/") else name
    parts = path.split("/")
    if (not path or "\\" in path or _DRIVE.match(path) or any(ord(c) < 32 for c in path)
            or any(part in ("", ".", "..") for part in parts)):
        raise ArchiveError(_("This file holds a part with an unsafe name (“%(name)s”): it is not opened."),
                           {"name": shown(name)})
    return path


def is_link(info: zipfile.ZipInfo) -> bool:
    """A symbolic link, as Unix zip tools store one (its mode in the external attributes)."""
    return stat.S_ISLNK(info.external_attr >> 16)


def shown(name: str, limit: int = 80) -> str:
    """An entry's name fit for a message: control characters replaced, bounded."""
    clean = "".join(c if ord(c) >= 32 else "?" for c in name)
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"

