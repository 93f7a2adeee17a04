"""Small real files of each type, made on the fly."""

import io
import zipfile

from PIL import Image

from repository.demo import pdf_bytes


def pdf(text: str = "Giao an Toan 6") -> bytes:
    return pdf_bytes([[text]])


def docx(text: str = "Kế hoạch bài dạy: Tập hợp") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            "</Types>"))
        zf.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
            "</Relationships>"))
        zf.writestr("word/document.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"))
    return buf.getvalue()


def png(size=(64, 48)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, (11, 92, 173)).save(buf, "PNG")
    return buf.getvalue()


def exe() -> bytes:
    """The start of a Windows executable."""
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 2000


# --- appended for file processing (tests/repository/test_processing.py) ----------------

import base64  # noqa: E402
import struct  # noqa: E402


def pdf_pages(texts: list[str]) -> bytes:
    """A PDF with one page per text."""
    return pdf_bytes([[text] for text in texts])


def corrupt_pdf() -> bytes:
    """Starts like a PDF (so the upload is accepted as one), then garbage."""
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + bytes(range(256)) * 40


def docx_with_table(paragraph: str, cell: str) -> bytes:
    """A Word file written by python-docx: a heading, a paragraph and a 2x2 table."""
    import docx

    document = docx.Document()
    document.add_heading("Kế hoạch bài dạy", level=1)
    document.add_paragraph(paragraph)
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Hoạt động"
    table.cell(0, 1).text = "Nội dung"
    table.cell(1, 0).text = "Khởi động"
    table.cell(1, 1).text = cell
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def pptx(slides: list[str], notes: str = "") -> bytes:
    """A PowerPoint file written by python-pptx: one title slide per text; notes on the last."""
    from pptx import Presentation

    presentation = Presentation()
    for text in slides:
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = text
        slide.placeholders[1].text = f"Nội dung: {text}"
    if notes:
        slide.notes_slide.notes_text_frame.text = notes
    buf = io.BytesIO()
    presentation.save(buf)
    return buf.getvalue()


def jpeg(size=(1600, 1200)) -> bytes:
    image = Image.new("RGB", size, (240, 200, 40))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=70)
    return buf.getvalue()


# Real videos, encoded by FFmpeg's libx264 and libvpx through PyAV 18.1 (not a project
# dependency), then embedded here:
#     with av.open(path, "w") as out:
#         s = out.add_stream(codec, rate=4, options=...); s.width = s.height = 32
#         s.pix_fmt = "yuv420p"; one grey frame per 1/4 s; encode, mux, flush
# MP4: H.264, 32x32, 3 s, the index (moov) after the media data as most cameras write it.
# WebM: VP8, 32x32, 2 s.
_MP4_3S = base64.b64decode(
    'AAAAIGZ0eXBpc29tAAACAGlzb21pc28yYXZjMW1wNDEAAAAIZnJlZQAABBNtZGF0AAACRQYF//9B3EXpvebZSLeWLNgg2SPu'
    '73gyNjQgLSBjb3JlIDE2NSAtIEguMjY0L01QRUctNCBBVkMgY29kZWMgLSBDb3B5bGVmdCAyMDAzLTIwMjUgLSBodHRwOi8v'
    'd3d3LnZpZGVvbGFuLm9yZy94MjY0Lmh0bWwgLSBvcHRpb25zOiBjYWJhYz0wIHJlZj0xIGRlYmxvY2s9MDowOjAgYW5hbHlz'
    'ZT0wOjAgbWU9ZGlhIHN1Ym1lPTAgcHN5PTEgcHN5X3JkPTEuMDA6MC4wMCBtaXhlZF9yZWY9MCBtZV9yYW5nZT0xNiBjaHJv'
    'bWFfbWU9MSB0cmVsbGlzPTAgOHg4ZGN0PTAgY3FtPTAgZGVhZHpvbmU9MjEsMTEgZmFzdF9wc2tpcD0xIGNocm9tYV9xcF9v'
    'ZmZzZXQ9MCB0aHJlYWRzPTEgbG9va2FoZWFkX3RocmVhZHM9MSBzbGljZWRfdGhyZWFkcz0wIG5yPTAgZGVjaW1hdGU9MSBp'
    'bnRlcmxhY2VkPTAgYmx1cmF5X2NvbXBhdD0wIGNvbnN0cmFpbmVkX2ludHJhPTAgYmZyYW1lcz0wIHdlaWdodHA9MCBrZXlp'
    'bnQ9MjUwIGtleWludF9taW49NCBzY2VuZWN1dD0wIGludHJhX3JlZnJlc2g9MCByYz1jcmYgbWJ0cmVlPTAgY3JmPTQwLjAg'
    'cWNvbXA9MC42MCBxcG1pbj0wIHFwbWF4PTY5IHFwc3RlcD00IGlwX3JhdGlvPTEuNDAgYXE9MACAAAAADGWIhDomKAAIGMnX'
    'XgAAAChBmiA6vGRQMUDFAxQMUDFAxQMUDFAxQMUDFAxQMUDFAxQOJxefF5/AAAAAK0GaQDq8ZFAMUAxQDFAMUAxQDFAMUAxQ'
    'DFAMUAxQDFAMUAxQDFAOJ3n3n8AAAAAnQZpgOrxkUDFAxQMUDFAxQMUDFAxQMUDFAxQMUDFAxQMUDidZ9Z/AAAAAKEGagDq8'
    'ZFAxQMUDFAxQMUDFAxQMUDFAxQMUDFAxQMUDFA4nF58Xn8AAAAArQZqgOrxkUAxQDFAMUAxQDFAMUAxQDFAMUAxQDFAMUAxQ'
    'DFAMUA4nefefwAAAAA1BmsA6onFAAK4nz+fwAAAADUGa4DqicUAAlifP5/AAAAAnQZsAOrxkUDFAxQMUDFAxQMUDFAxQMUDF'
    'AxQMUDFAxQMUDidZ9Z/AAAAAK0GbIDq8ZFAMUAxQDFAMUAxQDFAMUAxQDFAMUAxQDFAMUAxQDFAOJ3n3n8AAAAAmQZtAOrxk'
    'UDFAxQMUDFAxQMUDFAxQMUDFAxQMUDFAxQMUDifP5/AAAAAnQZtgOrxkUDFAxQMUDFAxQMUDFAxQMUDFAxQMUDFAxQMUDidZ'
    '9Z/AAAADQm1vb3YAAABsbXZoZAAAAAAAAAAAAAAAAAAAA+gAAAu4AAEAAAEAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAA'
    'AQAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAIAAAJsdHJhawAAAFx0a2hkAAAAAwAAAAAA'
    'AAAAAAAAAQAAAAAAAAu4AAAAAAAAAAAAAAAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAQAAAAAAAAAAAAAAAAAAQAAAAAAgAAAA'
    'IAAAAAAAJGVkdHMAAAAcZWxzdAAAAAAAAAABAAALuAAAAAAAAQAAAAAB5G1kaWEAAAAgbWRoZAAAAAAAAAAAAAAAAAAAQAAA'
    'AMAAVcQAAAAAAC1oZGxyAAAAAAAAAAB2aWRlAAAAAAAAAAAAAAAAVmlkZW9IYW5kbGVyAAAAAY9taW5mAAAAFHZtaGQAAAAB'
    'AAAAAAAAAAAAAAAkZGluZgAAABxkcmVmAAAAAAAAAAEAAAAMdXJsIAAAAAEAAAFPc3RibAAAAKdzdHNkAAAAAAAAAAEAAACX'
    'YXZjMQAAAAAAAAABAAAAAAAAAAAAAAAAAAAAAAAgACAASAAAAEgAAAAAAAAAAQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
    'AAAAAAAAABj//wAAAC1hdmNDAULACv/hABVnQsAK2iWhAAADAAEAAAMACA8SJqABAAVozgOcgAAAABRidHJ0AAAAAAAACsgA'
    'AAAAAAAAGHN0dHMAAAAAAAAAAQAAAAwAABAAAAAAFHN0c3MAAAAAAAAAAQAAAAEAAAAcc3RzYwAAAAAAAAABAAAAAQAAAAwA'
    'AAABAAAARHN0c3oAAAAAAAAAAAAAAAwAAAJZAAAALAAAAC8AAAArAAAALAAAAC8AAAARAAAAEQAAACsAAAAvAAAAKgAAACsA'
    'AAAUc3RjbwAAAAAAAAABAAAAMAAAAGJ1ZHRhAAAAWm1ldGEAAAAAAAAAIWhkbHIAAAAAAAAAAG1kaXJhcHBsAAAAAAAAAAAA'
    'AAAALWlsc3QAAAAlqXRvbwAAAB1kYXRhAAAAAQAAAABMYXZmNjIuMTIuMTAy'
)
_WEBM_2S = base64.b64decode(
    'GkXfo59ChoEBQveBAULygQRC84EIQoKEd2VibUKHgQJChYECGFOAZwEAAAAAAAKTEU2bdLpNu4tTq4QVSalmU6yBoU27i1Or'
    'hBZUrmtTrIHYTbuMU6uEElTDZ1OsggEbTbuMU6uEHFO7a1OsggJr7AEAAAAAAABZAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
    'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAVSalmsirX'
    'sYMPQkBNgI1MYXZmNjIuMTIuMTAyV0GNTGF2ZjYyLjEyLjEwMkSJiECfQAAAAAAAFlSua76uAQAAAAAAADXXgQFzxYjUbGhV'
    'wFDfPZyBACK1nIN1bmSIgQCGhVZfVlA4g4EBI+ODhA7msoDghrCBILqBIBJUw2fYc3OgY8CAZ8iaRaOHRU5DT0RFUkSHjUxh'
    'dmY2Mi4xMi4xMDJzc7JjwItjxYjUbGhVwFDfPWfIoUWjiERVUkFUSU9ORIeTMDA6MDA6MDIuMDAwMDAwMDAwAB9DtnVA7eeB'
    'AKOkgQAAgDACAJ0BKiAAIAAARwiFhYiFhIgCAgAHkPPJwP7/q1CAo5mBAPoA8QEADhHYABgAHlH/9ACH/YAA/kwAo5mBAfQA'
    '8QEADhHYABgAHlH/9ACH/YAA/kwAo5mBAu4A8QEADhHYABgAHlH/9ACH/YAA/kwAo5mBA+gA8QEADhHYABgAHlH/9ACH/YAA'
    '/kwAo6KBBOKAMAIAnQEqIAAgAAsHCIWFiIWEiDsCAAeQ88nA/qvAo5iBBdwA0QEALBHYABgAHlf0DAAPmAD8fACjmIEG1gDR'
    'AQAsEdgAGAAeV/QMAA+YAPtAABxTu2uju4+zgQC3iveBAfGCAXjwgQO7kLOCBOK3iveBAfGCAXjwgZU='
)


def mp4() -> bytes:
    """A real 3-second H.264 MP4."""
    return _MP4_3S


def webm() -> bytes:
    """A real 2-second VP8 WebM."""
    return _WEBM_2S


def write_large_mp4(path, padding_bytes: int) -> None:
    """The 3-second MP4 made `padding_bytes` larger by a `free` box between its media data
    and its index, as a sparse file (no disk used for the padding). Still a valid video."""
    data = _MP4_3S
    moov_at = data.rindex(b"moov") - 4
    with open(path, "wb") as f:
        f.write(data[:moov_at])
        f.write(struct.pack(">I4s", 8 + padding_bytes, b"free"))
        f.seek(padding_bytes, 1)
        f.write(data[moov_at:])


# --- spreadsheets and OpenDocument (text extraction for search) ------------------------

from xml.sax.saxutils import escape as _xml_escape  # noqa: E402


def xlsx(sheets: dict[str, list[list]]) -> bytes:
    """An Excel workbook written by openpyxl: sheet name -> rows of cell values."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buf = io.BytesIO()
    workbook.save(buf)
    return buf.getvalue()


_ODF_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" office:version="1.3"'
)


def odf(mimetype: str, body: str, *, content: str | None = None) -> bytes:
    """An OpenDocument package as the specification lays it out: `mimetype` first and
    stored (not compressed), then content.xml and META-INF/manifest.xml."""
    if content is None:
        content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {_ODF_NAMESPACES}>'
                   f"<office:body>{body}</office:body></office:document-content>")
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">'
        f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{mimetype}"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), mimetype, compress_type=zipfile.ZIP_STORED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
    return buf.getvalue()


def odt(paragraphs: list[str], heading: str = "Kế hoạch bài dạy") -> bytes:
    """An OpenDocument text: a heading, then paragraphs; a double space is written as
    ODF writes runs of spaces, <text:s text:c="2"/>, with no space character left."""
    body = f'<text:h text:outline-level="1">{_xml_escape(heading)}</text:h>' + "".join(
        "<text:p>" + _xml_escape(p).replace("  ", '<text:s text:c="2"/>') + "</text:p>" for p in paragraphs
    )
    return odf("application/vnd.oasis.opendocument.text", f"<office:text>{body}</office:text>")


def ods(rows: list[list[str]], sheet: str = "Trang tính1") -> bytes:
    """An OpenDocument spreadsheet of one sheet."""
    cells = "".join(
        "<table:table-row>" + "".join(
            f'<table:table-cell office:value-type="string"><text:p>{_xml_escape(c)}</text:p></table:table-cell>'
            for c in row
        ) + "</table:table-row>"
        for row in rows
    )
    return odf("application/vnd.oasis.opendocument.spreadsheet",
               f'<office:spreadsheet><table:table table:name="{_xml_escape(sheet)}">{cells}</table:table></office:spreadsheet>')


def odp(slides: list[str]) -> bytes:
    """An OpenDocument presentation: one slide (draw:page) with a text box per text."""
    pages = "".join(
        f'<draw:page draw:name="{i}"><draw:frame><draw:text-box><text:p>{_xml_escape(text)}</text:p>'
        "</draw:text-box></draw:frame></draw:page>"
        for i, text in enumerate(slides, 1)
    )
    return odf("application/vnd.oasis.opendocument.presentation", f"<office:presentation>{pages}</office:presentation>")


def odt_with_entity_bomb() -> bytes:
    """An ODT whose content.xml expands entities ("billion laughs")."""
    content = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        f"<office:document-content {_ODF_NAMESPACES}><office:body><office:text>"
        "<text:p>&c;</text:p></office:text></office:body></office:document-content>"
    )
    return odf("application/vnd.oasis.opendocument.text", "", content=content)
