"""Readers (and writers) of the question formats teachers bring: each turns a file into
interchange.ParseResult, one bad question never sinking the file. `read_file` picks the
reader (from the format asked for, or from what the file holds with "auto", never its
name) and decodes text files."""

from __future__ import annotations

import importlib
import re

from django.utils.translation import gettext as _

from lms.core import legacy_vietnamese
from repository.questions import interchange as qi

# format -> (module, reads text rather than bytes)
FORMATS = {
    "docx": ("repository.questions.formats.docx", False),
    "xlsx": ("repository.questions.formats.xlsx", False),
    "gift": ("repository.questions.formats.gift", True),
    "moodlexml": ("repository.questions.formats.moodlexml", False),
    "aiken": ("repository.questions.formats.aiken", True),
    "qti": ("repository.questions.formats.qti", False),
}
AUTO = "auto"


class UnknownFormat(Exception):
    pass


def decode_text(data: bytes) -> str:
    """A text file's characters: UTF-8 (with or without a BOM) when it is; otherwise the
    reading, Windows Vietnamese (cp1258) or one byte per character (what legacy-font text
    saved as "ANSI" is), whose words are more Vietnamese."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    readings = [data.decode("latin-1")]
    try:
        readings.append(data.decode("cp1258"))
    except UnicodeDecodeError:
        pass
    return max(readings, key=lambda text: legacy_vietnamese.plausibility(legacy_vietnamese.to_unicode(text)[0]))


_ZIP_MEMBERS = ((b"word/document.xml", "docx"), (b"xl/workbook.xml", "xlsx"), (b"imsmanifest.xml", "qti"))


def _ole2_stream(data: bytes, name: str) -> bool:
    """Whether an OLE2 compound file's directory names a stream `name`: an entry (128
    bytes, at a multiple of 128 from the file's start as sectors are) whose UTF-16 name
    and the name's length in bytes match; text of that name inside a stream does not."""
    encoded = name.encode("utf-16-le") + b"\0\0"
    length = len(encoded).to_bytes(2, "little")
    at = data.find(encoded)
    while at != -1:
        if at % 128 == 0 and data[at + 64:at + 66] == length:
            return True
        at = data.find(encoded, at + 1)
    return False


def detect(data: bytes) -> str:
    """The format of a file, from what it holds (and, for plain text, its shape)."""
    head = data[:4]
    if head in (b"PK\x03\x04", b"PK\x05\x06"):
        # The central directory names the members; a plain search is enough to choose.
        for member, fmt in _ZIP_MEMBERS:
            if member in data:
                return fmt
        raise UnknownFormat
    if head == b"\xd0\xcf\x11\xe0":  # an old Office file (OLE2): which one, by its streams' names
        if _ole2_stream(data, "Workbook") or _ole2_stream(data, "Book"):
            return "xlsx"  # Excel 97–2003 (BIFF8) or 5.0/95 (BIFF5): the Excel reader reads .xls too
        if _ole2_stream(data, "WordDocument") or "WordDocument".encode("utf-16-le") in data:
            return "docx"  # a .doc: the Word reader says to save it as .docx
        return "xlsx"  # a damaged one: the Excel reader says it cannot be read
    sample = data[:65536]
    stripped = sample.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"<"):
        if re.search(rb"<(?:[\w.-]+:)?quiz[\s>]", sample):
            return "moodlexml"
        if re.search(rb"<(?:[\w.-]+:)?assessmentItem[\s>]", sample):
            return "qti"
        raise UnknownFormat
    text = decode_text(sample)
    if re.search(r"^\s*ANSWER\s*:", text, re.M | re.I):
        return "aiken"
    if "{" in text:
        return "gift"
    raise UnknownFormat


def read_file(data: bytes, *, fmt: str = AUTO) -> qi.ParseResult:
    """The questions of a file, in `fmt` (a key of FORMATS) or the one it is in."""
    if fmt == AUTO:
        try:
            fmt = detect(data)
        except UnknownFormat:
            return qi.ParseResult(problems=[qi.Problem(0, 0, _(
                "this file is in none of the formats the bank reads: Word (.docx), Excel (.xlsx), "
                "GIFT, Moodle XML, Aiken or QTI 2.1."))])
    module_name, text = FORMATS[fmt]
    reader = importlib.import_module(module_name)
    return reader.read(decode_text(data) if text else data)


def read_in_child(data: bytes, fmt: str, language: str) -> qi.ParseResult:
    """`read_file` as the processing sandbox calls it (lms.core.sandbox.run_bounded: a
    module-level function of positional arguments), its messages in `language`. The
    child's Django apps are loaded (lms.core.sandbox_apps) for translations only."""
    import django
    from django.apps import apps
    from django.utils import translation

    if not apps.ready:  # a fork server started without lms.core.sandbox_apps
        django.setup()
    from lms.core import collector

    # Paused: the child ends with the reading, and its memory stays bounded by its limit.
    with translation.override(language), collector.paused():
        return read_file(data, fmt=fmt)
