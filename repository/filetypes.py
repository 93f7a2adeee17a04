"""What each kind of resource may hold, recognised by content (python-magic), never by
file name."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

import magic
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lms.core import archives

MB = 1024 * 1024
MAX_MIMETYPE_BYTES = 100  # an OpenDocument's declared type: "application/vnd.oasis...."

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"
PPT = "application/vnd.ms-powerpoint"
ODT = "application/vnd.oasis.opendocument.text"
ODS = "application/vnd.oasis.opendocument.spreadsheet"
ODP = "application/vnd.oasis.opendocument.presentation"
MP4 = "video/mp4"
WEBM = "video/webm"
JPEG, PNG, GIF, WEBP = "image/jpeg", "image/png", "image/gif", "image/webp"
MP3, OGG, WAV, M4A = "audio/mpeg", "audio/ogg", "audio/x-wav", "audio/x-m4a"

# Friendly names for messages: teachers know extensions, not MIME types.
NAMES = {
    PDF: "PDF", DOCX: "Word (.docx)", DOC: "Word (.doc)", XLSX: "Excel (.xlsx)", XLS: "Excel (.xls)",
    PPTX: "PowerPoint (.pptx)", PPT: "PowerPoint (.ppt)", ODT: "ODT", ODS: "ODS", ODP: "ODP",
    MP4: "MP4", WEBM: "WebM", JPEG: "JPEG", PNG: "PNG", GIF: "GIF", WEBP: "WebP",
    MP3: "MP3", OGG: "OGG", WAV: "WAV", M4A: "M4A",
}
# Other names libmagic gives the same formats.
ALIASES = {"audio/wav": WAV, "audio/vnd.wave": WAV, "audio/x-hx-aac-adts": M4A, "audio/mp4": M4A,
           "video/x-m4v": MP4, "application/vnd.ms-office": DOC}

# Office Open XML files are zip archives; old or odd writers make libmagic say "zip".
OOXML_MARKERS = {"word/document.xml": DOCX, "xl/workbook.xml": XLSX, "ppt/presentation.xml": PPTX}
ODF_MIMES = {ODT, ODS, ODP}


@dataclass(frozen=True)
class Kind:
    code: str
    label: str
    mimes: frozenset[str]
    max_mb: int
    package: bool = False  # its content is one e-learning package (lms.player), not files


ELEARNING = "elearning"


KINDS = {
    k.code: k
    for k in (
        Kind("lesson_plan", _("Lesson plan"), frozenset({DOCX, DOC, ODT, PDF, PPTX, PPT, ODP}), 50),
        Kind("slides", _("Slides"), frozenset({PPTX, PPT, ODP, PDF}), 200),
        Kind("worksheet", _("Worksheet or test paper"), frozenset({DOCX, DOC, ODT, PDF, XLSX, XLS, ODS}), 50),
        Kind("video", _("Video"), frozenset({MP4, WEBM}), 1024),
        Kind("image", _("Image"), frozenset({JPEG, PNG, GIF, WEBP}), 20),
        Kind("audio", _("Audio"), frozenset({MP3, OGG, WAV, M4A}), 200),
        Kind("document", _("Other document"), frozenset({PDF, DOCX, DOC, ODT, XLSX, XLS, ODS, PPTX, PPT, ODP}), 100),
        # A SCORM or HTML5 package, uploaded in parts and unpacked by the player; its size
        # limit is the player's (PLAYER_MAX_UPLOAD_MB).
        Kind(ELEARNING, _("E-learning lecture"), frozenset(), 0, package=True),
    )
}
KIND_CHOICES = [(k.code, k.label) for k in KINDS.values()]
FILE_KINDS = {code: kind for code, kind in KINDS.items() if not kind.package}
ALL_MIMES = frozenset().union(*(k.mimes for k in KINDS.values()))


def holds_package(kind_code) -> bool:
    """Is a resource of this kind an e-learning lecture (one package, no files)?"""
    kind = KINDS.get(kind_code)
    return bool(kind and kind.package)


def max_bytes(kind: str) -> int:
    """Size limit of a kind; REPOSITORY_MAX_UPLOAD_MB overrides per kind (a lecture's
    package: PLAYER_MAX_UPLOAD_MB)."""
    if KINDS[kind].package:
        return settings.PLAYER_MAX_UPLOAD_MB * MB
    overrides = getattr(settings, "REPOSITORY_MAX_UPLOAD_MB", {}) or {}
    return int(overrides.get(kind, KINDS[kind].max_mb)) * MB


def max_bytes_any() -> int:
    return max(max_bytes(code) for code in FILE_KINDS)


def detect(fileobj) -> str:
    """The MIME type of a file by its content; the file position is restored."""
    position = fileobj.tell()
    fileobj.seek(0)
    head = fileobj.read(64 * 1024)
    mime = magic.from_buffer(head, mime=True)
    mime = ALIASES.get(mime, mime)
    if mime in ("application/zip", "application/octet-stream", "application/x-zip-compressed"):
        mime = _sniff_zip(fileobj) or mime
    fileobj.seek(position)
    return mime


def _sniff_zip(fileobj) -> str | None:
    """The Office or OpenDocument type of a zip, from its entry names and the first bytes
    of an OpenDocument's `mimetype` entry: at upload, nothing more is unpacked (a 1 MB
    file can hold a `mimetype` of 1 GB)."""
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as zf:
            names = set(zf.namelist())
            for marker, mime in OOXML_MARKERS.items():
                if marker in names:
                    return mime
            if "mimetype" in names:
                declared = archives.read_member(zf, "mimetype", MAX_MIMETYPE_BYTES)
                declared = declared.decode("ascii", "replace").strip()
                if declared in ODF_MIMES:
                    return declared
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, archives.ArchiveError):
        return None
    return None


def names_of(mimes) -> str:
    return ", ".join(sorted({NAMES.get(m, m) for m in mimes}))


def problem_with(document, kind_code: str) -> str | None:
    """Why this uploaded file cannot be a file of this kind of resource, or None."""
    kind = KINDS[kind_code]
    if kind.package:
        return _("“%(name)s” is a file; an e-learning lecture holds one package (.zip) instead of files.") % {
            "name": document.filename}
    if document.mime_type not in kind.mimes:
        return _("“%(name)s” is %(type)s; a %(kind)s accepts %(allowed)s.") % {
            "name": document.filename, "type": NAMES.get(document.mime_type, document.mime_type),
            "kind": str(kind.label).lower(), "allowed": names_of(kind.mimes),
        }
    limit = max_bytes(kind_code)
    if (document.file_size or 0) > limit:
        return _("“%(name)s” is larger than %(size)d MB, the limit for a %(kind)s.") % {
            "name": document.filename, "size": limit // MB, "kind": str(kind.label).lower(),
        }
    return None
