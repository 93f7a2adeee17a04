"""Which reader a question file goes to (repository/questions/formats.read_file): chosen
from what the file holds, never its name; text files decoded as UTF-8, or as the
one-byte reading (legacy fonts saved as "ANSI") or Windows Vietnamese (cp1258) whose
words are more Vietnamese."""

import io
import unicodedata
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from repository.questions import interchange as qi
from repository.questions.formats import decode_text, detect, read_file, UnknownFormat


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """As Windows Vietnamese stores it: letters with their shape (ê, ơ, ă), tones apart."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tones)
    return "".join(out).encode("cp1258")


def xlsx_bytes() -> bytes:
    book = Workbook()
    book.active.append(["Loại câu hỏi", "Nội dung câu hỏi", "Phương án A", "Phương án B", "Đáp án đúng"])
    book.active.append(["trắc nghiệm một đáp án", "Số nào là số chẵn?", "3", "4", "B"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def zip_bytes(names) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name in names:
            archive.writestr(name, "<x/>")
    return out.getvalue()


@pytest.mark.parametrize("data, fmt", [
    ("Thủ đô của Việt Nam là {=Hà Nội ~Huế}".encode(), "gift"),
    ("Thủ đô của Việt Nam là?\nA. Hà Nội\nB. Huế\nANSWER: A\n".encode(), "aiken"),
    (b'<?xml version="1.0"?>\n<quiz><question type="essay"/></quiz>', "moodlexml"),
    (b'<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1"/>', "qti"),
    (zip_bytes(["imsmanifest.xml", "item1.xml"]), "qti"),
    (zip_bytes(["[Content_Types].xml", "word/document.xml"]), "docx"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "xlsx"),  # an old .xls: the Excel reader refuses it
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "docx"),  # an old .doc
])
def test_the_format_comes_from_what_the_file_holds(data, fmt):
    assert detect(data) == fmt


def test_an_excel_file_is_read_whatever_its_name():
    result = read_file(xlsx_bytes())
    assert [(q.kind, q.stem) for q in result.questions] == [(qi.SINGLE, "Số nào là số chẵn?")]


@pytest.mark.parametrize("data", [b"", b"%PDF-1.7\n", b"just words", zip_bytes(["a.txt"]), b"<html></html>"])
def test_a_file_in_no_known_format_is_refused_saying_which_are(data):
    with pytest.raises(UnknownFormat):
        detect(data)
    result = read_file(data)
    assert (result.questions, [(p.number, p.line, p.message) for p in result.problems]) == ([], [(
        0, 0, "tệp này không thuộc định dạng nào mà ngân hàng câu hỏi đọc được: Word (.docx), Excel (.xlsx), "
              "GIFT, Moodle XML, Aiken hoặc QTI 2.1.")])


def test_text_files_are_decoded_as_utf8_or_as_the_legacy_reading_that_reads_as_vietnamese():
    assert decode_text("Câu hỏi".encode("utf-8-sig")) == "Câu hỏi"
    tcvn3_ansi = "KÕ ho¹ch bµi d¹y".encode("latin-1")  # .VnTime text saved as "ANSI"
    assert decode_text(tcvn3_ansi) == "KÕ ho¹ch bµi d¹y"  # then converted by the readers
    assert unicodedata.normalize("NFC", decode_text(cp1258("Kế hoạch bài dạy"))) == "Kế hoạch bài dạy"
    result = read_file(cp1258("Kế hoạch bài dạy {T}"), fmt="gift")
    assert [q.stem for q in result.questions] == ["Kế hoạch bài dạy"]
    result = read_file("KÕ ho¹ch bµi d¹y {T}".encode("latin-1"), fmt="gift")
    assert [(q.stem, q.converted_from) for q in result.questions] == [("Kế hoạch bài dạy", "TCVN3")]
