"""What the repository learns from an uploaded file: its text for search, a thumbnail, its
page count or its duration.

`process_document` is called by the Celery task `repository.process_document`
(repository/tasks.py), which is sent when a file is uploaded or replaced
(repository/signals.py) or by `manage.py reprocess_documents`. One reader per file type
takes a local path and returns `Facts`;
`process_document` stores them on the document. Readers seek and stream: a 1 GB video is
never read whole, a 2,000-page PDF gives the text of its first pages only.

Uploaded files are untrusted: a 3 KB PDF can take minutes to render, a small image
gigabytes to decode. So every reader runs in a child process with CPU, wall-time and
memory limits (lms/core/sandbox.py), whatever Celery's mode; zip-based files are
checked by lms/core/archives.py first. What crosses back is picklable: `Facts` with the
thumbnail as JPEG bytes, or an exception whose message is translated here, in the
parent (the child has no translations loaded).

A file that cannot be read marks its document failed, with a short reason for its
uploader; the upload itself is kept. Running it again gives the same result.
"""

from __future__ import annotations

import io
import logging
import os
import re
import struct
import tempfile
import uuid
import zipfile
from dataclasses import dataclass
from xml.sax import SAXException
from xml.sax.handler import ContentHandler, feature_namespaces

import docx
import mutagen
import openpyxl
import pptx
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_raw
from celery.exceptions import SoftTimeLimitExceeded
from defusedxml import DefusedXmlException
from defusedxml.sax import make_parser as defused_sax_parser
from docx.oxml.ns import qn as docx_qn
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError
from pptx.oxml.ns import qn as pptx_qn
from wagtail.search import index

from lms.core import archives, sandbox, stored_files
from repository import conversion, filetypes

logger = logging.getLogger(__name__)

MB = 1024 * 1024
MAX_TEXT_CHARS = 200_000        # stored for search; the rest of a long file is not
MAX_PDF_TEXT_PAGES = 300        # a longer PDF gives the text of its first pages
MAX_UNPACKED_BYTES = 512 * MB   # a .docx/.pptx/.xlsx/.od? unpacking to more is not opened
MAX_PACKAGE_ENTRIES = 10_000    # ... nor one holding more entries
MAX_PACKAGE_RATIO = 300         # ... nor one with a big entry deflated more (see archives.Limits)
MAX_XML_PART_BYTES = 64 * MB    # python-docx/pptx parse each XML part whole: a bigger one fails fast
MAX_SHEET_CELLS = 1_000_000     # cells (or rows) of a workbook read before giving up on the rest
MAX_CONTAINER_ELEMENTS = 100_000  # boxes/elements walked in a video before giving up
MAX_IMAGE_PIXELS = 50_000_000   # an image with more is refused before it is decoded
THUMBNAIL_BOX = (480, 960)      # width, height at most; never enlarged
THUMBNAIL_QUALITY = 82

# The bounds above as the child process reads with them: the parent's values, sent with
# each file, so that one changed here (by a test, say) holds there too.
_BOUNDS = ("MAX_TEXT_CHARS", "MAX_PDF_TEXT_PAGES", "MAX_UNPACKED_BYTES", "MAX_PACKAGE_ENTRIES",
           "MAX_PACKAGE_RATIO", "MAX_XML_PART_BYTES", "MAX_SHEET_CELLS", "MAX_CONTAINER_ELEMENTS",
           "MAX_IMAGE_PIXELS")


class ProcessingError(Exception):
    """A file that cannot be processed; str() says why, for its uploader, in the active
    language. The message is lazy and formatted late: it is raised in the child process
    and translated in the parent."""

    def __init__(self, message, params: dict | None = None):
        super().__init__(message, params)
        self.message = message
        self.params = params or {}

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


@dataclass
class Facts:
    """What a reader found in a file; the thumbnail as JPEG bytes."""

    text: str = ""
    page_count: int | None = None
    duration_seconds: float | None = None
    thumbnail: bytes | None = None
    preview_pdf: bytes | None = None  # an office file's PDF, for its preview
    preview_error: str = ""


# --- the service ------------------------------------------------------------------------


def process_document(document) -> None:
    """Read the document's file and store its facts (processing=done), or mark it
    failed with the reason (processing=failed). The file and the row are kept either way.

    Idempotent: the stored facts always describe the current file, and a thumbnail
    replaced by a new run is deleted. If the file is replaced while this runs, nothing
    is stored: the task sent for the new file does it."""
    model = type(document)
    file_name = document.file.name
    this_file = model.objects.filter(pk=document.pk, file=file_name)
    if not file_name or not this_file.update(processing=model.Processing.RUNNING, processing_error=""):
        return  # deleted, or replaced since this task was sent
    # Reasons are stored in the platform's language, whichever process runs this.
    with translation.override(settings.LANGUAGE_CODE):
        facts, error = Facts(), ""
        mime = document.mime_type or _detect(document.file)
        try:
            facts = read_facts(document.file, mime)
        except (ProcessingError, archives.ArchiveError) as exc:
            logger.warning("Document %s (%s): %s", document.pk, document.filename, exc)
            error = str(exc)
        except (sandbox.TimeLimitExceeded, SoftTimeLimitExceeded) as exc:
            logger.warning("Document %s (%s): stopped, %s", document.pk, document.filename, exc)
            error = str(_("Processing this file took too long."))
        except sandbox.MemoryLimitExceeded as exc:
            logger.warning("Document %s (%s): stopped, %s", document.pk, document.filename, exc)
            error = str(_("Processing this file needed too much memory."))
        except Exception:  # noqa: BLE001 - any library error on a user's file is a failed file
            logger.exception("Document %s (%s) could not be processed", document.pk, document.filename)
            error = str(_("The file could not be read: it may be damaged."))
        if not error and settings.PREVIEW_OFFICE_FILES and conversion.convertible(mime):
            _add_preview(document, mime, facts)
    if _store(document, file_name, facts, error):
        _reindex_resources_using(document)


def _add_preview(document, mime: str, facts: Facts) -> None:
    """The PDF of an office file, and its first page as the thumbnail when the file's own
    reader made none (a Word file has no pages of its own to draw)."""
    try:
        with local_path(document.file) as path:
            facts.preview_pdf = conversion.to_pdf(path, mime)
    except conversion.ConversionError as exc:
        logger.warning("Document %s (%s): no preview, %s", document.pk, document.filename, exc)
        facts.preview_error = str(exc)
        return
    with tempfile.NamedTemporaryFile(prefix="lms-preview-", suffix=".pdf") as pdf:
        pdf.write(facts.preview_pdf)
        pdf.flush()
        try:
            drawn = sandbox.run_bounded(read_bounded, filetypes.PDF, pdf.name, _bounds())
        except (ProcessingError, sandbox.SandboxError) as exc:
            logger.warning("Document %s (%s): preview unreadable, %s", document.pk, document.filename, exc)
            return
    facts.thumbnail = facts.thumbnail or drawn.thumbnail
    facts.page_count = facts.page_count or drawn.page_count


def read_facts(fieldfile, mime: str) -> Facts:
    """The facts of a stored file, by its MIME type; nothing for types without a reader.
    The reader runs in a bounded child process: sandbox.TimeLimitExceeded,
    MemoryLimitExceeded or SandboxCrashed when it does not finish."""
    if mime not in READERS:
        return Facts()
    with local_path(fieldfile) as path:
        return sandbox.run_bounded(read_bounded, mime, path, _bounds())


def _bounds() -> dict:
    """The readers' bounds as this process has them (tests lower some), for the child."""
    return {name: globals()[name] for name in _BOUNDS}


def read_bounded(mime: str, path: str, bounds: dict) -> Facts:
    """In the child process: the reader of this type, with the parent's bounds."""
    globals().update(bounds)
    Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS  # Pillow's own check, at Image.open
    return READERS[mime](path)


def local_path(fieldfile):
    """A local path of a stored file (lms.core.stored_files), or ProcessingError when it
    is missing."""
    return stored_files.local_path(fieldfile, missing=lambda: ProcessingError(_("The stored file is missing.")))


def _detect(fieldfile) -> str:
    with fieldfile.open("rb") as f:
        return filetypes.detect(f)


def _store(document, file_name: str, facts: Facts, error: str) -> bool:
    """Save the facts on the row if it still holds `file_name`; True if it did."""
    model = type(document)
    thumbnail_name = ""
    if facts.thumbnail:
        document.thumbnail.save(f"{uuid.uuid4().hex}.jpg", ContentFile(facts.thumbnail), save=False)
        thumbnail_name = document.thumbnail.name
    preview_name = ""
    if facts.preview_pdf:
        document.preview_pdf.save(f"{uuid.uuid4().hex}.pdf", ContentFile(facts.preview_pdf), save=False)
        preview_name = document.preview_pdf.name
    storage = document.thumbnail.storage
    values = {
        "processing": model.Processing.FAILED if error else model.Processing.DONE,
        "processing_error": error,
        "text": clean_text(facts.text),
        "page_count": facts.page_count,
        "duration_seconds": _whole_seconds(facts.duration_seconds),
        "thumbnail": thumbnail_name,
        "preview_pdf": preview_name,
        "preview_error": facts.preview_error[:255],
    }
    made = [name for name in (thumbnail_name, preview_name) if name]
    with transaction.atomic():
        previous = (model.objects.select_for_update().filter(pk=document.pk, file=file_name)
                    .values_list("thumbnail", "preview_pdf").first())
        if previous is None:  # deleted, or replaced meanwhile: keep nothing of this run
            transaction.on_commit(lambda: [storage.delete(name) for name in made])
            return False
        model.objects.filter(pk=document.pk).update(**values)
        stale = [name for name in previous if name and name not in made]
        if stale:
            transaction.on_commit(lambda: [storage.delete(name) for name in stale])
    for field, value in values.items():
        setattr(document, field, value)
    return True


def _reindex_resources_using(document) -> None:
    """The resources' search entries include their files' text (Resource.folded_text)."""
    from repository.models import Resource

    from repository import search

    resources = list(Resource.objects.filter(files__document=document).distinct())
    for resource in resources:
        index.insert_or_update_object(resource)
    if search.enabled():
        search.refresh([resource.pk for resource in resources])


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_SPACES = re.compile(r"[ \t\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


def clean_text(text: str) -> str:
    """Text fit to store and search: no control characters, no runs of blanks, bounded."""
    text = text[: MAX_TEXT_CHARS * 2].replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(" ", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _BLANK_LINES.sub("\n\n", text).strip()
    text = text[:MAX_TEXT_CHARS]
    return text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates from odd PDFs


def _whole_seconds(seconds: float | None) -> int | None:
    if seconds is None or not 0 <= seconds < 2**31:
        return None
    return round(seconds)


def _bounded_join(parts) -> str:
    """Join text parts until MAX_TEXT_CHARS is reached."""
    kept, total = [], 0
    for part in parts:
        if part:
            kept.append(part)
            total += len(part) + 1
            if total >= MAX_TEXT_CHARS:
                break
    return "\n".join(kept)


# --- images ------------------------------------------------------------------------------


# Modes Pillow resizes well as they are; others (palettes, 16-bit) are converted first.
_RESIZABLE_MODES = {"RGB", "RGBA", "RGBX", "L", "LA", "CMYK"}
_TURNED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


def thumbnail_of(image: Image.Image, box=THUMBNAIL_BOX) -> Image.Image:
    """An RGB image at most `box`, transparency over white. Reduced first, in the
    image's own mode where it can be (a JPEG is even decoded smaller, see draft), so a
    big image is never converted at full size."""
    if image.mode not in _RESIZABLE_MODES:
        has_alpha = "A" in image.getbands() or "transparency" in image.info
        image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail(box, reducing_gap=2.0)
    if "A" in image.getbands():
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        return flat
    return image.convert("RGB")


def jpeg(image: Image.Image) -> bytes:
    data = io.BytesIO()
    image.save(data, "JPEG", quality=THUMBNAIL_QUALITY, optimize=True)
    return data.getvalue()


def image_facts(path: str) -> Facts:
    """A thumbnail of the image (the first frame of an animation). Its size is read from
    the header (Image.open decodes nothing) and one over MAX_IMAGE_PIXELS is refused
    before any decoding: a 343 KB PNG can hold 13,300 × 13,300 pixels, 700 MB decoded."""
    too_large = ProcessingError(_("This image is too large to make a preview of: it has more than "
                                  "%(limit)d megapixels."), {"limit": MAX_IMAGE_PIXELS // 1_000_000})
    try:
        with Image.open(path) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                raise too_large
            turned = image.getexif().get(0x0112) in _TURNED  # Orientation
            box = THUMBNAIL_BOX[::-1] if turned else THUMBNAIL_BOX
            return Facts(thumbnail=jpeg(ImageOps.exif_transpose(thumbnail_of(image, box))))
    except Image.DecompressionBombError as exc:
        raise too_large from exc
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ProcessingError(_("This image could not be read: the file is damaged.")) from exc


# --- PDF ----------------------------------------------------------------------------------


def pdf_facts(path: str) -> Facts:
    """Page count, text of the first pages, the first page as thumbnail (PDFium, which is
    not thread-safe: each child process has its own)."""
    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:
        if exc.err_code == pdfium_raw.FPDF_ERR_PASSWORD:
            reason = _("This PDF is protected by a password: its pages cannot be read.")
        else:
            reason = _("This PDF could not be opened: the file is damaged or is not a real PDF.")
        raise ProcessingError(reason) from exc
    try:
        pages = len(pdf)
        if pages == 0:
            raise ProcessingError(_("This PDF has no pages."))
        texts, total, thumbnail = [], 0, None
        for number in range(min(pages, MAX_PDF_TEXT_PAGES)):
            try:
                page = pdf[number]
            except pdfium.PdfiumError as exc:
                if number == 0:
                    raise ProcessingError(_("The first page of this PDF is damaged.")) from exc
                logger.warning("%s: page %d unreadable, text stops there", path, number + 1)
                break
            try:
                if number == 0:
                    thumbnail = _render(page)
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_bounded()
                finally:
                    textpage.close()
            finally:
                page.close()
            texts.append(text)
            total += len(text)
            if total >= MAX_TEXT_CHARS:
                break
        return Facts(text="\n\n".join(texts), page_count=pages, thumbnail=thumbnail)
    finally:
        pdf.close()


def _render(page) -> bytes:
    width, height = page.get_size()
    if width <= 0 or height <= 0:
        raise ProcessingError(_("The first page of this PDF has no size."))
    scale = min(THUMBNAIL_BOX[0] / width, THUMBNAIL_BOX[1] / height)
    bitmap = page.render(scale=scale)
    try:
        return jpeg(thumbnail_of(bitmap.to_pil()))  # a copy: the bitmap's memory is freed below
    finally:
        bitmap.close()


# --- Word, PowerPoint ------------------------------------------------------------------------


def _check_package(path: str, whole_xml: bool = False) -> dict:
    """The zip entries of an Office Open XML or OpenDocument file, refusing (ArchiveError)
    ones that unpack too big, hold too many entries, odd names or links. `whole_xml`: the
    reader parses each XML part whole (python-docx, python-pptx), so none may be bigger
    than MAX_XML_PART_BYTES: a 77 KB .docx can hold 50 MB of empty paragraphs."""
    limits = archives.Limits(max_entries=MAX_PACKAGE_ENTRIES, max_total_bytes=MAX_UNPACKED_BYTES,
                             max_entry_bytes=MAX_UNPACKED_BYTES, max_ratio=MAX_PACKAGE_RATIO)
    with archives.open_zip(path, limits) as package:
        entries = {info.filename: info for info in package.infolist()}
    if whole_xml:
        for name, info in entries.items():
            if name.endswith((".xml", ".rels")) and info.file_size > MAX_XML_PART_BYTES:
                raise archives.entry_too_big(name, MAX_XML_PART_BYTES)
    return entries


def docx_facts(path: str) -> Facts:
    """The text of a Word document's body (paragraphs, tables, in order). No page count
    (only a renderer knows it) and no thumbnail (nothing here renders Word)."""
    _check_package(path, whole_xml=True)
    document = docx.Document(path)
    body = document.element.body
    text = _bounded_join(p.text for p in body.iter(docx_qn("w:p")))
    return Facts(text=text)


def pptx_facts(path: str) -> Facts:
    """The text of each slide (shapes, tables, groups) and its notes; the slide count."""
    _check_package(path, whole_xml=True)
    presentation = pptx.Presentation(path)
    slides = presentation.slides

    def parts():
        for slide in slides:
            for paragraph in slide.element.iter(pptx_qn("a:p")):
                yield "".join(t.text or "" for t in paragraph.iter(pptx_qn("a:t")))
            if slide.has_notes_slide:
                notes = slide.notes_slide.notes_text_frame
                if notes is not None:
                    yield notes.text

    return Facts(text=_bounded_join(parts()), page_count=len(slides))


# --- spreadsheets, OpenDocument ------------------------------------------------------------


def xlsx_facts(path: str) -> Facts:
    """The text of an Excel workbook: each sheet's name, then its rows, cells separated by
    tabs (cached values of formulas). No page count: a sheet has no pages until printed."""
    _check_package(path)
    # A file object: given a path, openpyxl refuses names without .xlsx, as stored files are.
    with open(path, "rb") as f:
        workbook = openpyxl.load_workbook(f, read_only=True, data_only=True)
        try:
            return Facts(text=_bounded_join(_workbook_lines(workbook)))
        finally:
            workbook.close()


def _workbook_lines(workbook):
    budget = MAX_SHEET_CELLS
    for sheet in workbook.worksheets:
        yield sheet.title
        # The declared size ("A1:XFD1048576" in some writers' files) would pad every row
        # to 16,384 cells; without it only the cells stored are read.
        sheet.reset_dimensions()
        for row in sheet.iter_rows(values_only=True):
            budget -= max(len(row), 1)
            if budget < 0:
                return
            line = "\t".join(_cell_text(value) for value in row if value is not None and value != "")
            if line:
                yield line


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


ODF_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
ODF_DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"


class _EnoughText(Exception):
    pass


class _OdfText(ContentHandler):
    """Paragraphs and headings of an OpenDocument content.xml, read as a stream (SAX):
    spreadsheet cells and slide text boxes hold paragraphs too. Stops once there is
    MAX_TEXT_CHARS of text; counts slides (draw:page) on the way."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.pages = 0
        self.truncated = False
        self._total = 0
        self._depth = 0  # paragraphs nest (notes): their text goes into the outer one
        self._buffer: list[str] = []

    def startElementNS(self, name, qname, attrs):  # noqa: N802 - the SAX API
        namespace, local = name
        if namespace == ODF_DRAW and local == "page":
            self.pages += 1
        if namespace != ODF_TEXT:
            return
        if local in ("p", "h"):
            if not self._depth:
                self._buffer = []
            self._depth += 1
        elif self._depth and local == "s":  # a run of spaces
            count = attrs.get((ODF_TEXT, "c"), "1")
            self._add(" " * (min(int(count), 100) if count.isascii() and count.isdigit() and len(count) < 6 else 1))
        elif self._depth and local == "tab":
            self._add("\t")
        elif self._depth and local == "line-break":
            self._add("\n")

    def endElementNS(self, name, qname):  # noqa: N802 - the SAX API
        if name[0] == ODF_TEXT and name[1] in ("p", "h") and self._depth:
            self._depth -= 1
            if not self._depth:
                self.parts.append("".join(self._buffer))
                self._buffer = []

    def characters(self, content):
        if self._depth:
            self._add(content)

    def _add(self, text: str) -> None:
        self._buffer.append(text)
        self._total += len(text)
        if self._total > MAX_TEXT_CHARS:
            self.parts.append("".join(self._buffer))
            self.truncated = True
            raise _EnoughText


def odf_facts(path: str) -> Facts:
    """The text of an OpenDocument text, spreadsheet or presentation (ODT, ODS, ODP) from
    its content.xml, parsed without entities or external references (defusedxml); the
    slide count of a presentation."""
    entries = _check_package(path)
    if "content.xml" not in entries:
        raise ProcessingError(_("This file is damaged: it cannot be opened."))
    handler = _OdfText()
    parser = defused_sax_parser()
    parser.setFeature(feature_namespaces, True)
    parser.setContentHandler(handler)
    try:
        with zipfile.ZipFile(path) as package, package.open("content.xml") as content:
            parser.parse(content)
    except _EnoughText:
        pass
    except (SAXException, DefusedXmlException, zipfile.BadZipFile, EOFError) as exc:
        raise ProcessingError(_("This file is damaged: it cannot be opened.")) from exc
    # A presentation cut short by the text bound has more slides than were counted.
    pages = handler.pages if handler.pages and not handler.truncated else None
    return Facts(text=_bounded_join(handler.parts), page_count=pages)


# --- video and audio ---------------------------------------------------------------------


def mp4_facts(path: str) -> Facts:
    """The duration of an MP4 file, from its movie header: the boxes are walked by
    seeking, the media data is never read."""
    with open(path, "rb") as f:
        return Facts(duration_seconds=mp4_duration(f))


def _boxes(f, end: int):
    """(type, payload end) of each ISO-BMFF box from here to `end`; the file is left at
    the payload start of the box yielded and moved past it when the caller goes on."""
    for _count in range(MAX_CONTAINER_ELEMENTS):
        start = f.tell()
        if start + 8 > end:
            return
        size, kind = struct.unpack(">I4s", f.read(8))
        header = 8
        if size == 1:
            size, header = struct.unpack(">Q", f.read(8))[0], 16
        elif size == 0:
            size = end - start
        if size < header or start + size > end:
            raise ProcessingError(_("This video is damaged: its structure cannot be read."))
        yield kind, start + size
        f.seek(start + size)


def mp4_duration(f) -> float | None:
    f.seek(0, os.SEEK_END)
    file_end = f.tell()
    f.seek(0)
    for kind, moov_end in _boxes(f, file_end):
        if kind != b"moov":
            continue
        timescale = duration = fragmented = None
        for child, child_end in _boxes(f, moov_end):
            if child == b"mvhd":
                version = f.read(4)[0]
                if version == 1:
                    f.seek(16, os.SEEK_CUR)
                    timescale, duration = struct.unpack(">IQ", f.read(12))
                else:
                    f.seek(8, os.SEEK_CUR)
                    timescale, duration = struct.unpack(">II", f.read(8))
            elif child == b"mvex":  # fragmented MP4: the whole length is in mehd
                for grandchild, _end in _boxes(f, child_end):
                    if grandchild == b"mehd":
                        wide = f.read(4)[0] == 1
                        fragmented = struct.unpack(">Q" if wide else ">I", f.read(8 if wide else 4))[0]
        if not timescale:
            break
        if duration in (None, 0, 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF):
            duration = fragmented
        return duration / timescale if duration else None
    raise ProcessingError(_("This video is incomplete or damaged: its length cannot be read."))


EBML_HEADER, EBML_DOCTYPE = 0x1A45DFA3, 0x4282
MKV_SEGMENT, MKV_INFO, MKV_CLUSTER = 0x18538067, 0x1549A966, 0x1F43B675
MKV_TIMECODE_SCALE, MKV_DURATION = 0x2AD7B1, 0x4489


def webm_facts(path: str) -> Facts:
    """The duration of a WebM (Matroska) file, from its Segment Info: the elements before
    it are skipped by seeking. A recording without a stored duration (some browsers'
    MediaRecorder files) gives none; that is not a failure."""
    with open(path, "rb") as f:
        return Facts(duration_seconds=webm_duration(f))


def _ebml_number(f, keep_marker: bool) -> tuple[int, bool]:
    """An EBML variable-length number: (value, all value bits set)."""
    first = f.read(1)
    if not first or first[0] == 0:
        raise ProcessingError(_("This video is damaged: its structure cannot be read."))
    length = 9 - first[0].bit_length()
    rest = f.read(length - 1)
    if len(rest) != length - 1:
        raise ProcessingError(_("This video is damaged: its structure cannot be read."))
    value = first[0] if keep_marker else first[0] & ((1 << (8 - length)) - 1)
    for byte in rest:
        value = (value << 8) | byte
    return value, value == (1 << (7 * length)) - 1


def _ebml_element(f) -> tuple[int, int | None]:
    """(id, size) of the element starting here; size None when unknown (live streams)."""
    element_id, _ = _ebml_number(f, keep_marker=True)
    size, unknown = _ebml_number(f, keep_marker=False)
    return element_id, None if unknown else size


def webm_duration(f) -> float | None:
    element_id, size = _ebml_element(f)
    if element_id != EBML_HEADER or size is None:
        raise ProcessingError(_("This video is damaged: its structure cannot be read."))
    f.seek(size, os.SEEK_CUR)
    element_id, size = _ebml_element(f)
    if element_id != MKV_SEGMENT:
        raise ProcessingError(_("This video is damaged: its structure cannot be read."))
    segment_end = None if size is None else f.tell() + size
    for _count in range(MAX_CONTAINER_ELEMENTS):
        if segment_end is not None and f.tell() >= segment_end:
            return None
        if not f.read(1):
            return None
        f.seek(-1, os.SEEK_CUR)
        element_id, size = _ebml_element(f)
        if element_id == MKV_INFO and size is not None and size <= MB:
            return _segment_info_duration(f.read(size))
        if element_id == MKV_CLUSTER or size is None:
            return None  # the media data: Info comes before it
        f.seek(size, os.SEEK_CUR)
    return None


def _segment_info_duration(data: bytes) -> float | None:
    f = io.BytesIO(data)
    scale, duration = 1_000_000, None  # nanoseconds per tick, Matroska's default
    while f.tell() < len(data):
        element_id, size = _ebml_element(f)
        if size is None:
            return None
        value = f.read(size)
        if element_id == MKV_TIMECODE_SCALE and value:
            scale = int.from_bytes(value, "big")
        elif element_id == MKV_DURATION and size in (4, 8):
            duration = struct.unpack(">f" if size == 4 else ">d", value)[0]
    return duration * scale / 1e9 if duration else None


def audio_facts(path: str) -> Facts:
    """The duration of an MP3, M4A, OGG or WAV file (mutagen reads headers, not the audio)."""
    try:
        audio = mutagen.File(path)
    except mutagen.MutagenError as exc:
        raise ProcessingError(_("This audio file could not be read: the file is damaged.")) from exc
    if audio is None or audio.info is None:
        raise ProcessingError(_("This audio file could not be read: the file is damaged."))
    return Facts(duration_seconds=audio.info.length)


READERS = {
    filetypes.PDF: pdf_facts,
    filetypes.DOCX: docx_facts,
    filetypes.PPTX: pptx_facts,
    filetypes.XLSX: xlsx_facts,
    filetypes.ODT: odf_facts,
    filetypes.ODS: odf_facts,
    filetypes.ODP: odf_facts,
    filetypes.MP4: mp4_facts,
    filetypes.WEBM: webm_facts,
    filetypes.MP3: audio_facts,
    filetypes.M4A: audio_facts,  # MP4 audio, or raw AAC that libmagic names the same
    filetypes.OGG: audio_facts,
    filetypes.WAV: audio_facts,
    filetypes.JPEG: image_facts,
    filetypes.PNG: image_facts,
    filetypes.GIF: image_facts,
    filetypes.WEBP: image_facts,
}
