"""The file before python-docx opens it: its size, its type, the zip and every XML part
checked; a file that cannot be read at all raises _Unreadable with the reason. A
relationship to a part the zip does not hold (an image lost by the program that wrote
the file) is left out, so that only what needed it is refused, not the whole file."""

from __future__ import annotations

import io
import posixpath
import zipfile
from urllib.parse import unquote
from xml.etree import ElementTree

import magic
from django.utils.translation import gettext as _

from lms.core import archives, untrusted_xml

MB = 1024 * 1024
MAX_BYTES = 20 * MB
MAX_XML_BYTES = 30 * MB
LIMITS = archives.Limits(max_entries=2_000, max_total_bytes=150 * MB, max_entry_bytes=60 * MB)
DOCX_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/zip",
    "application/octet-stream",  # some libmagic builds; the zip is checked below
}
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class _Unreadable(Exception):
    """The file as a whole cannot be read: str() is the reason."""


def _lower_first(message: str) -> str:
    return message[:1].lower() + message[1:]


def _open(data: bytes):
    if not data:
        raise _Unreadable(_("the file is empty."))
    if len(data) > MAX_BYTES:
        raise _Unreadable(_("the file is larger than %(size)d MB, too much to read.") % {"size": MAX_BYTES // MB})
    if data[:8] == OLE2_SIGNATURE:
        raise _Unreadable(_("this is an old Word file (.doc): open it in Word or LibreOffice, save it as "
                            "“Word Document (.docx)” and import that file."))
    if magic.from_buffer(data[:8192], mime=True) not in DOCX_TYPES:
        raise _Unreadable(_("this is not a Word (.docx) file."))
    try:
        with archives.open_zip(io.BytesIO(data), LIMITS) as archive:
            names = {info.filename for info in archive.infolist()}
            dangling = {}
            for info in archive.infolist():
                if info.filename.lower().endswith(".rels"):
                    root = untrusted_xml.parse(archives.read_member(archive, info.filename, MAX_XML_BYTES))
                    if _dangling(info.filename, root, names):
                        dangling[info.filename] = root
                elif info.filename.lower().endswith(".xml"):  # checked only: python-docx reads it
                    untrusted_xml.check(archives.read_member(archive, info.filename, MAX_XML_BYTES))
            if dangling:
                data = _without(archive, dangling)
    except archives.ArchiveError as refused:
        raise _Unreadable(_lower_first(str(refused))) from refused
    except untrusted_xml.Hostile as hostile:
        raise _Unreadable(_("the file declares entities or external references, which are refused for safety.")) \
            from hostile
    except (untrusted_xml.Malformed, zipfile.BadZipFile, KeyError) as bad:
        raise _Unreadable(_("the file could not be read as a Word (.docx) document.")) from bad
    import docx  # python-docx, only for a file checked above

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as bad:  # python-docx raises many kinds on a damaged or foreign package
        raise _Unreadable(_("the file could not be read as a Word (.docx) document.")) from bad


def _target(rels_name: str, target: str) -> str:
    """The zip entry a relationship of the part `rels_name` describes points at."""
    if target.startswith("/"):
        return posixpath.normpath(target).lstrip("/")
    source_folder = posixpath.dirname(posixpath.dirname(rels_name))  # word/_rels/document.xml.rels: word
    return posixpath.normpath(posixpath.join(source_folder, target)).lstrip("/")


def _dangling(rels_name: str, root, names: set[str]) -> bool:
    """Leaves out of `root` the relationships to parts the zip does not hold; whether there were any."""
    found = False
    for relationship in list(root):
        if relationship.get("TargetMode") == "External":
            continue
        target = _target(rels_name, relationship.get("Target") or "")
        if target not in names and unquote(target) not in names:
            root.remove(relationship)
            found = True
    return found


def _without(archive, changed: dict) -> bytes:
    """The package again, its relationship parts as changed."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in (info.filename for info in archive.infolist()):
            if name in changed:
                target.writestr(name, ElementTree.tostring(changed[name], encoding="utf-8", xml_declaration=True))
            else:
                target.writestr(name, archives.read_member(archive, name, LIMITS.max_entry_bytes))
    return out.getvalue()
