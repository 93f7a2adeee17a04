"""Questions typed in Word the Vietnamese way (repository/questions/formats/docx/): "Câu N"
stems, options A–D on one line, one a paragraph or in a table, the correct one marked by
underline, bold or colour, by "Đáp án: B" or by the answer table at the end; the 2025
parts (I choice, II đúng/sai groups, III short answers), essays, TCVN3 and VNI runs;
images and equations kept (in depth: test_docx_media.py); disagreeing or missing answers
refused one by one; files that are no readable .docx refused whole. Documents are built
with python-docx."""

import io
import struct
import zipfile
import zlib

import docx
import pytest
from django.utils import translation
from docx.oxml import parse_xml
from docx.enum.text import WD_COLOR_INDEX
from docx.shared import RGBColor

from lms.core import legacy_vietnamese
from repository.questions import interchange as qi
from repository.questions.formats import docx as reader


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def r(text, *, b=False, u=False, red=False, font=None):
    return text, {"b": b, "u": u, "red": red, "font": font}


def add(container, *parts):
    """A paragraph of runs: plain strings or r(...)."""
    paragraph = container.add_paragraph()
    for part in parts:
        text, style = (part, {}) if isinstance(part, str) else part
        run = paragraph.add_run(text)
        run.bold = style.get("b") or None
        run.underline = style.get("u") or None
        if style.get("red"):
            run.font.color.rgb = RGBColor(0xFF, 0x00, 0x00)
        if style.get("font"):
            run.font.name = style["font"]
    return paragraph


def table(document, rows):
    """A table whose cells hold one paragraph of runs each (a cell: a str, an r(...) or a list of them)."""
    made = document.add_table(rows=len(rows), cols=len(rows[0]))
    for row, values in zip(made.rows, rows):
        for cell, value in zip(row.cells, values):
            parts = value if isinstance(value, list) else [value]
            paragraph = cell.paragraphs[0]
            for part in parts:
                text, style = (part, {}) if isinstance(part, str) else part
                run = paragraph.add_run(text)
                run.bold = style.get("b") or None
                run.underline = style.get("u") or None
    return made


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def problems(result):
    return [(p.number, p.line, p.message) for p in result.problems]


def tiny_png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


OMML = ('<m:oMath xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math">'
        '<m:sSup><m:e><m:r><m:t>x</m:t></m:r></m:e><m:sup><m:r><m:t>2</m:t></m:r></m:sup></m:sSup></m:oMath>')

NO_ANSWER = ("không tìm thấy đáp án đúng: gạch chân, in đậm hoặc tô màu phương án đúng, ghi “Đáp án: B” dưới "
             "câu hỏi hoặc thêm bảng đáp án ở cuối tệp.")


def single(stem, number, line, options, right, **extra):
    return qi.Question(kind=qi.SINGLE, stem=stem, number=number, line=line,
                       options=[qi.Option(text, 1.0 if i == right else 0.0) for i, text in enumerate(options)],
                       **extra)


def test_choice_questions_marked_in_every_way_teachers_mark_them():
    d = docx.Document()
    add(d, r("SỞ GIÁO DỤC VÀ ĐÀO TẠO", b=True))  # 1: the header, before any question
    add(d, r("Câu 1:", b=True), " Kết quả của phép tính 2 + 3 là")  # 2
    add(d, "A. 4\tB. ", r("5", u=True), "\tC. 6        D. 7")  # 3: one line, the text underlined
    add(d, r("Câu 2.", b=True), " Thủ đô của Việt Nam là thành phố nào?")  # 4
    add(d, "Chọn đáp án đúng.")  # 5: the stem goes on
    add(d, r("A.", b=True), " Huế")  # 6: every letter bold is layout
    add(d, r("B.", b=True), " Đà Nẵng")
    add(d, r("C.", b=True), " ", r("Hà Nội", red=True))  # a coloured text
    add(d, r("D.", b=True), " Cần Thơ")
    add(d, "Cau 3) Số nào là số nguyên tố? Viết \\(x^2\\) như LaTeX.")  # 10: no accents
    add(d, "a) 4   ", r("b", u=True), ") 7   c) 9   d) 15")  # 11: the letter underlined
    add(d, "Câu 4: Chọn phát biểu đúng.")  # 12
    table(d, [["A. Nước sôi ở 50 °C", "B. Nước đá nổi trên nước"],  # 13–16
              ["C. Sắt nhẹ hơn nước", ["D. ", r("Mặt Trời quay quanh Trái Đất", b=True)]]])
    add(d, "Câu 5: 10 : 2 = ?")  # 17
    table(d, [["A. 2", "B. 5", "C. 8", "D. 20"]])  # 18–21
    add(d, "Đáp án: B")  # 22
    add(d, "Câu 6: Chữ cái và nội dung ở hai ô.")  # 23
    table(d, [["A.", "Một", "B.", "Hai"], [r("C.", u=True), "Ba", "D.", "Bốn"]])  # 24–31

    result = reader.read(saved(d))

    assert problems(result) == [] and result.skipped == []
    assert result.questions == [
        single("Kết quả của phép tính 2 + 3 là", 1, 2, ["4", "5", "6", "7"], 1),
        single("Thủ đô của Việt Nam là thành phố nào?\nChọn đáp án đúng.", 2, 4,
               ["Huế", "Đà Nẵng", "Hà Nội", "Cần Thơ"], 2),
        single("Số nào là số nguyên tố? Viết \\(x^2\\) như LaTeX.", 3, 10, ["4", "7", "9", "15"], 1),
        single("Chọn phát biểu đúng.", 4, 12, ["Nước sôi ở 50 °C", "Nước đá nổi trên nước", "Sắt nhẹ hơn nước",
                                              "Mặt Trời quay quanh Trái Đất"], 3),
        single("10 : 2 = ?", 5, 17, ["2", "5", "8", "20"], 1),
        single("Chữ cái và nội dung ở hai ô.", 6, 23, ["Một", "Hai", "Ba", "Bốn"], 2),
    ]


def questions_without_marks(d):
    add(d, "Câu 1: 1 + 1 = ?")
    add(d, "A. 1\tB. 2\tC. 3\tD. 4")
    add(d, "Câu 2: 2 + 2 = ?")
    add(d, "A. 2\tB. 3\tC. 4\tD. 5")
    add(d, "Câu 3: 3 + 3 = ?")
    add(d, "A. 6\tB. 7\tC. 8\tD. 9")


def key_rows(d):
    add(d, "BẢNG ĐÁP ÁN")
    table(d, [["Câu", "1", "2", "3"], ["Đáp án", "B", "C", "A"]])


def key_columns(d):  # no heading: the labels say it
    table(d, [["Câu", "Đáp án"], ["1", "B"], ["2", "C"], ["3", "A"]])


def key_line(d):
    add(d, "ĐÁP ÁN")
    add(d, "1-B   2.C;  3: A")


def key_cells(d):
    add(d, "Đáp án")
    table(d, [["1-B", "2-C", "3-A"]])


@pytest.mark.parametrize("answers", [key_rows, key_columns, key_line, key_cells])
def test_the_answer_table_at_the_end_gives_the_answers(answers):
    d = docx.Document()
    questions_without_marks(d)
    answers(d)
    result = reader.read(saved(d))
    assert problems(result) == []
    assert [(q.kind, [o.text for o in q.options if o.correct]) for q in result.questions] == [
        (qi.SINGLE, ["2"]), (qi.SINGLE, ["4"]), (qi.SINGLE, ["6"])]


def test_the_2025_parts_choice_true_false_groups_and_short_answers():
    d = docx.Document()
    add(d, "PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn.")  # 1
    add(d, "Câu 1. Số đối của 5 là")  # 2
    add(d, "A. 5\t", r("B.", u=True), " −5\tC. 0\tD. 1/5")  # 3
    add(d, "Câu 2. Số nghịch đảo của 2 là")  # 4
    add(d, "A. 2\tB. −2\tC. 1/2\tD. 0")  # 5: its answer is in the table
    add(d, "PHẦN II. Câu trắc nghiệm đúng sai.")  # 6
    add(d, "Câu 1. Cho hàm số y = 2x + 1.")  # 7
    add(d, r("a)", u=True), " Đồ thị đi qua điểm (0; 1).")
    add(d, "b) Hàm số nghịch biến.")
    add(d, "PHẦN III. Câu trắc nghiệm trả lời ngắn.")  # 10
    add(d, "Câu 1. Tính 5 : 2.")  # 11
    add(d, "Đáp án: 2,5")  # 12
    add(d, "Câu 2. Thủ đô của Việt Nam là thành phố nào?")  # 13
    add(d, "Câu 3. Tính 10 − 7.")  # 14
    add(d, "Đáp án: 3")
    add(d, "Câu 4. Một tuần có mấy ngày?")  # 16: no answer anywhere
    add(d, "ĐÁP ÁN")
    add(d, "Phần I")
    table(d, [["Câu", "1", "2"], ["Chọn", "B", "C"]])
    add(d, "Phần III")
    table(d, [["Câu", "1", "2", "3"], ["Đáp án", "2.5", "Hà Nội", "4"]])  # 3: the table disagrees

    result = reader.read(saved(d))

    assert result.questions == [
        single("Số đối của 5 là", 1, 2, ["5", "−5", "0", "1/5"], 1),
        single("Số nghịch đảo của 2 là", 2, 4, ["2", "−2", "1/2", "0"], 2),
        qi.Question(kind=qi.TRUE_FALSE_GROUP, stem="Cho hàm số y = 2x + 1.", number=3, line=7,
                    statements=[qi.Statement("Đồ thị đi qua điểm (0; 1).", True),
                                qi.Statement("Hàm số nghịch biến.", False)]),
        qi.Question(kind=qi.NUMERIC, stem="Tính 5 : 2.", number=4, line=11, numeric=[qi.NumericAnswer(2.5)]),
        qi.Question(kind=qi.SHORT_TEXT, stem="Thủ đô của Việt Nam là thành phố nào?", number=5, line=13,
                    options=[qi.Option("Hà Nội", 1.0)]),
    ]
    assert problems(result) == [
        (6, 14, "đáp án đúng được ghi theo nhiều cách không khớp nhau: dòng “Đáp án:”: 3; bảng đáp án: 4."),
        (7, 16, "không tìm thấy đáp án đúng: ghi “Đáp án: …” dưới câu hỏi hoặc thêm vào bảng đáp án ở cuối tệp."),
    ]


def test_essay_questions_and_the_grading_guide_left_out():
    d = docx.Document()
    add(d, "I. TRẮC NGHIỆM (3 điểm)")  # 1
    add(d, "Câu 1: Số nào chia hết cho 3?")  # 2
    add(d, "A. 10\tB. 11\tC. ", r("12", u=True), "\tD. 13")
    add(d, "II. TỰ LUẬN (7 điểm)")  # 4
    add(d, r("Câu 1 (2 điểm):", b=True), " Giải phương trình \\(x^2 - 4 = 0\\).")  # 5
    add(d, "a) Tìm nghiệm dương.")
    add(d, "b) Tìm nghiệm âm.")
    add(d, "Câu 2 (VD): Viết đoạn văn (5–7 câu) tả quê hương em.")  # 8
    add(d, "------ HẾT ------")
    add(d, "HƯỚNG DẪN CHẤM")
    add(d, "Câu 1 (2 điểm): a) x = 2 (1 điểm)")  # not a question
    add(d, "Câu 3: Đề không có câu này.")

    result = reader.read(saved(d))

    assert problems(result) == []
    assert result.questions == [
        single("Số nào chia hết cho 3?", 1, 2, ["10", "11", "12", "13"], 2),
        qi.Question(kind=qi.ESSAY, stem="Giải phương trình \\(x^2 - 4 = 0\\).\na) Tìm nghiệm dương.\n"
                                        "b) Tìm nghiệm âm.", number=2, line=5, points=2.0),
        qi.Question(kind=qi.ESSAY, stem="Viết đoạn văn (5–7 câu) tả quê hương em.", number=3, line=8,
                    cognitive_level="Vận dụng"),
    ]


def tcvn3(text: str) -> str:
    """Unicode Vietnamese as typed with a TCVN3 font."""
    codes = legacy_vietnamese._TCVN3_CODES
    letters = legacy_vietnamese._TCVN3_LETTERS
    return text.translate(str.maketrans(letters, codes))


def test_runs_in_legacy_fonts_are_converted_by_their_font():
    d = docx.Document()
    add(d, r(tcvn3("Câu 1: Thủ đô của Việt Nam là"), font=".VnTime"))
    add(d, "A. ", r(tcvn3("hà nội"), font=".VnTimeH", u=True), "\tB. ", r("Hueá", font="VNI-Times"))
    result = reader.read(saved(d))
    assert problems(result) == []
    assert result.questions == [single("Thủ đô của Việt Nam là", 1, 1, ["HÀ NỘI", "Huế"], 0,
                                       converted_from="TCVN3")]


def test_a_question_with_an_image_or_an_equation_is_taken():  # in depth: test_docx_media.py
    d = docx.Document()
    add(d, "Câu 1: Hình nào là hình vuông?")  # 1
    d.add_picture(io.BytesIO(tiny_png()))  # 2
    add(d, "A. Hình 1\tB. ", r("Hình 2", u=True))
    add(d, "Câu 2: Giá trị của biểu thức sau khi x = 3?")  # 4
    option = add(d, "A. ")
    option._p.append(parse_xml(OMML))
    add(d, "B. ", r("9", u=True))

    result = reader.read(saved(d))

    assert problems(result) == []
    assert result.questions == [
        single('Hình nào là hình vuông?<br><img src="media:image1.png" alt="">', 1, 1, ["Hình 1", "Hình 2"], 1,
               text_format=qi.HTML, media=[qi.Media("image1.png", "image/png", tiny_png())]),
        single("Giá trị của biểu thức sau khi x = 3?", 2, 4, ["\\(x^{2}\\)", "9"], 1),
    ]


def test_disagreeing_several_or_missing_marks_are_refused():
    d = docx.Document()
    add(d, "Câu 1: 2 + 2 = ?")  # 1
    add(d, "A. 3\t", r("B. 4", u=True), "\tC. 5")
    add(d, "Đáp án: C")
    add(d, "Câu 2: 3 + 3 = ?")  # 4
    add(d, "A. 6\tB. 7\tC. 8")
    add(d, "Câu 3: 4 + 4 = ?")  # 6
    add(d, "A. 7\t", r("B.", u=True), " 8\tC. ", r("9", red=True))
    add(d, "Câu 4: 5 + 5 = ?")  # 8
    add(d, r("A. 10", b=True), "\t", r("B. 11", b=True), "\tC. 12")
    add(d, "Câu 5: 6 + 6 = ?")  # 10
    add(d, "A. 12\tB. 13")
    add(d, "Đáp án: E")
    add(d, "BẢNG ĐÁP ÁN")
    add(d, "1-C 5-A")

    result = reader.read(saved(d))

    assert result.questions == []
    assert problems(result) == [
        (1, 1, "đáp án đúng được ghi theo nhiều cách không khớp nhau: gạch chân: B; dòng “Đáp án:”: C; "
               "bảng đáp án: C."),
        (2, 4, NO_ANSWER),
        (3, 6, "đáp án đúng được ghi theo nhiều cách không khớp nhau: gạch chân: B; chữ màu: C."),
        (4, 8, "nhiều phương án được đánh dấu đúng (in đậm): A, B; câu trắc nghiệm ở đây chỉ có một đáp án đúng."),
        (5, 10, "đáp án đúng được ghi theo nhiều cách không khớp nhau: dòng “Đáp án:”: E; bảng đáp án: A."),
    ]


def test_an_answer_that_is_no_option_and_a_question_without_options():
    d = docx.Document()
    add(d, "Câu 1: 6 + 6 = ?")
    add(d, "A. 12\tB. 13")
    add(d, "Đáp án: E")
    add(d, "Câu 2: Kể tên ba con sông lớn.")
    result = reader.read(saved(d))
    assert result.questions == []
    assert problems(result) == [
        (1, 1, "đáp án đúng “E” không phải một phương án của câu hỏi."),
        (2, 4, "câu hỏi không có phương án (“A.”, “B.”…) cũng không có đáp án; câu tự luận cần đặt dưới tiêu đề "
               "“TỰ LUẬN”."),
    ]


def rezipped(data: bytes, replace: dict[str, bytes] = (), add: dict[str, bytes] = ()) -> bytes:
    """The .docx with some parts replaced or added."""
    replace, add = dict(replace), dict(add)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        for name, content in add.items():
            target.writestr(name, content)
    return out.getvalue()


def one_question() -> bytes:
    d = docx.Document()
    add(d, "Câu 1: 1 + 1 = ?")
    add(d, "A. 1\t", r("B. 2", u=True))
    return saved(d)


ENTITY_BOMB = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
               b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
               b'<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>')
EXTERNAL = (b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b'<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>')
HOSTILE = "tệp khai báo thực thể (entity) hoặc tham chiếu ra ngoài, bị từ chối vì lý do an toàn."


@pytest.mark.parametrize("make, message", [
    (lambda: b"", "tệp rỗng."),
    (lambda: b"%PDF-1.7\n1 0 obj\n", "đây không phải tệp Word (.docx)."),
    (lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600,
     "đây là tệp Word cũ (.doc): mở tệp bằng Word hoặc LibreOffice, lưu lại dưới dạng “Word Document (.docx)” "
     "rồi nhập tệp đó."),
    (lambda: rezipped(one_question(), add={"word/media/big.bin": b"\0" * (8 * 1024 * 1024)}),
     "tệp này được nén nhiều bất thường (“bom zip”): tệp không được mở."),
    (lambda: rezipped(one_question(), replace={"word/document.xml": ENTITY_BOMB}), HOSTILE),
    (lambda: rezipped(one_question(), replace={"word/document.xml": EXTERNAL}), HOSTILE),
    (lambda: rezipped(one_question(), replace={"word/document.xml": b"<w:document"}),
     "không đọc được tệp này như một văn bản Word (.docx)."),
])
def test_a_file_that_is_no_readable_docx_is_refused_whole(make, message):
    result = reader.read(make())
    assert (result.questions, problems(result)) == ([], [(0, 0, message)])


def test_the_checked_file_reads():
    assert [q.kind for q in reader.read(one_question()).questions] == [qi.SINGLE]


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MATHTYPE = (f'<w:r {W} xmlns:o="urn:schemas-microsoft-com:office:office"><w:object>'
            '<o:OLEObject Type="Embed" ProgID="Equation.DSMT4" ObjectID="_1"/></w:object></w:r>')


def test_feedback_highlight_symbols_mathtype_and_questions_laid_out_in_a_table():
    d = docx.Document()
    add(d, "Câu 1: Số nào lớn hơn 3?")  # 1
    add(d, "A. 1\tB. 2\tC. ", r("5", b=False))  # 2
    d.paragraphs[-1].runs[-1].font.highlight_color = WD_COLOR_INDEX.YELLOW
    add(d, "Lời giải: 5 > 3.")  # 3
    add(d, "Các số khác nhỏ hơn 3.")  # 4
    add(d, "Câu 2: Điền dấu: 5 ", r("?", font=None), " 3")  # 5
    d.paragraphs[-1]._p.append(parse_xml(f'<w:r {W}><w:sym w:font="Symbol" w:char="F0B3"/></w:r>'))
    add(d, "A. Đúng\tB. Sai")  # 6
    add(d, "Đáp án B")  # 7
    add(d, "Câu 3: Giá trị của phân số là")  # 8
    d.paragraphs[-1]._p.append(parse_xml(MATHTYPE))
    add(d, "A. 1\t", r("B. 2", u=True))
    grid = d.add_table(rows=1, cols=1)  # 10, 11: a question in a table's cell
    grid.cell(0, 0).paragraphs[0].add_run("Câu 4: 7 − 2 = ?")
    grid.cell(0, 0).add_paragraph("A. 4\tB. 5\tC. 9")
    add(d, "ĐÁP ÁN: 1-C 4-B")

    result = reader.read(saved(d))

    assert result.questions == [
        single("Số nào lớn hơn 3?", 1, 1, ["1", "2", "5"], 2, general_feedback="5 > 3.\nCác số khác nhỏ hơn 3."),
        single("Điền dấu: 5 ? 3≥", 2, 5, ["Đúng", "Sai"], 1),
        single("7 − 2 = ?", 4, 10, ["4", "5", "9"], 1),
    ]
    assert problems(result) == [
        (3, 8, "câu có đối tượng nhúng không có ảnh xem trước: chưa nhập được; trong Word, hãy sao chép rồi dán "
               "lại dưới dạng ảnh (Paste Special, Picture) hoặc bỏ câu này ra."),  # kept with one: test_docx_media.py
    ]


# --- PHẦN II: true/false groups ---------------------------------------------------------------

def group(stem, number, line, statements, truths, **extra):
    return qi.Question(kind=qi.TRUE_FALSE_GROUP, stem=stem, number=number, line=line,
                       statements=[qi.Statement(text, truth == "Đ") for text, truth in zip(statements, truths)],
                       **extra)


FUNCTION = ["Đồ thị đi qua điểm (0; 1).", "Hàm số nghịch biến trên ℝ.", "Khi x = 1 thì y = 3.",
            "Đồ thị cắt trục hoành tại điểm (2; 0)."]
TRIANGLE = ["\\(BC^2 = AB^2 + AC^2\\).", "Góc B bằng 90°.", "Cạnh huyền là AB.", "Góc B và góc C phụ nhau."]


def statements(d, texts, marked="", how="u"):
    """Statements a)… a paragraph each, the letters of `marked` carrying the mark on their letter."""
    for letter, text in zip("abcdef", texts):
        add(d, r(f"{letter})", **{how: letter in marked}), f" {text}")


def test_true_false_groups_marked_in_every_way_teachers_mark_them():
    d = docx.Document()
    add(d, "PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn.")  # 1
    add(d, "Câu 1. Số đối của 5 là")  # 2
    add(d, "A. 5\t", r("B.", u=True), " −5")
    add(d, "PHẦN II. Câu trắc nghiệm đúng sai.")  # 4
    add(d, "Câu 1. Cho hàm số y = 2x + 1.")  # 5: the true statements' letters underlined
    statements(d, FUNCTION, marked="ac")
    add(d, "Lời giải: hệ số 2 > 0 nên hàm số đồng biến.")  # 10
    add(d, "Câu 2. Cho tam giác ABC vuông tại A.")  # 11: every letter bold (layout), the true texts red
    for letter, text in zip("abcd", TRIANGLE):
        add(d, r(f"{letter})", b=True), " ", r(text, red=letter in "ad"))
    add(d, "Câu 3. Xét số 6.")  # 16: the true text highlighted, and the answer line agrees
    add(d, "a) ", r("6 chia hết cho 3.", b=False))
    d.paragraphs[-1].runs[-1].font.highlight_color = WD_COLOR_INDEX.YELLOW
    add(d, "b) 6 là số nguyên tố.")
    add(d, "Đáp án: Đ, S")
    add(d, "Câu 4. Cho điểm M(a; b) với a = 1, b = 2.")  # 20: on one line, "(a; b)" inside a statement
    add(d, "a) Điểm (a; b) là (1; 2).\tb) M nằm trên trục hoành.  c) a + b = 3.")
    add(d, "Đáp án: a) Đ, b) S, c) Đúng")
    add(d, "Câu 5. Cho hàm số y = 2x + 1.")  # 23: the answer table's numbers carry no parts
    statements(d, FUNCTION)
    add(d, "Câu 6. Cho tam giác ABC vuông tại A.")  # 28: the statements in a table's cells
    table(d, [[[r("a)", u=True), " " + TRIANGLE[0]], "b) " + TRIANGLE[1]],
              ["c) " + TRIANGLE[2], [r("d)", u=True), " " + TRIANGLE[3]]]])
    add(d, "ĐÁP ÁN")
    table(d, [["Câu", "5"], ["Đáp án", "Đ S Đ S"]])

    result = reader.read(saved(d))

    assert problems(result) == []
    assert result.questions == [
        single("Số đối của 5 là", 1, 2, ["5", "−5"], 1),
        group("Cho hàm số y = 2x + 1.", 2, 5, FUNCTION, "ĐSĐS",
              general_feedback="hệ số 2 > 0 nên hàm số đồng biến."),
        group("Cho tam giác ABC vuông tại A.", 3, 11, TRIANGLE, "ĐSSĐ"),
        group("Xét số 6.", 4, 16, ["6 chia hết cho 3.", "6 là số nguyên tố."], "ĐS"),
        group("Cho điểm M(a; b) với a = 1, b = 2.", 5, 20, ["Điểm (a; b) là (1; 2).", "M nằm trên trục hoành.",
                                                            "a + b = 3."], "ĐSĐ"),
        group("Cho hàm số y = 2x + 1.", 6, 23, FUNCTION, "ĐSĐS"),
        group("Cho tam giác ABC vuông tại A.", 7, 28, TRIANGLE, "ĐSSĐ"),
    ]


def groups_without_marks(d):
    add(d, "PHẦN II. Câu trắc nghiệm đúng sai.")
    add(d, "Câu 1. Cho hàm số y = 2x + 1.")
    statements(d, FUNCTION)
    add(d, "Câu 2. Cho tam giác ABC vuông tại A.")
    statements(d, TRIANGLE)


def group_key_strings_in_rows(d):
    add(d, "ĐÁP ÁN")
    add(d, "Phần II")
    table(d, [["Câu", "1", "2"], ["Đáp án", "ĐSĐS", "ĐSSĐ"]])


def group_key_strings_in_columns(d):  # no heading: the labels say it
    table(d, [["Câu", "Đáp án"], ["1", "Đ-S-Đ-S"], ["2", "Đúng, Sai, Sai, Đúng"]])


def group_key_a_statement_a_row(d):  # the Ministry's layout: the number merged down, two groups side by side
    add(d, "ĐÁP ÁN")
    add(d, "PHẦN II")
    made = table(d, [["Câu", "Lệnh hỏi", "Đáp án (Đ-S)", "Câu", "Lệnh hỏi", "Đáp án (Đ-S)"],
                     ["1", "a)", "Đ", "2", "a)", "Đ"], ["", "b)", "S", "", "b)", "S"],
                     ["", "c)", "Đ", "", "c)", "S"], ["", "d)", "S", "", "d)", "Đ"]])
    made.cell(1, 0).merge(made.cell(4, 0))
    made.cell(1, 3).merge(made.cell(4, 3))


def group_key_letters_over_answers(d):
    add(d, "ĐÁP ÁN")
    table(d, [["Câu", "a", "b", "c", "d"], ["1", "Đ", "S", "Đ", "S"], ["2", "Đ", "S", "S", "Đ"]])


def group_key_a_statement_a_cell(d):
    add(d, "ĐÁP ÁN")
    table(d, [["Câu 1", "a) Đ", "b) S", "c) Đ", "d) S"], ["Câu 2", "a) Đ", "b) S", "c) S", "d) Đ"]])


def group_key_lines(d):
    add(d, "HƯỚNG DẪN CHẤM")
    add(d, "1. Đ S Đ S")
    add(d, "Câu 2: a) Đúng, b) Sai, c) Sai, d) Đúng")


def group_key_a_statement_a_line(d):
    add(d, "------ HẾT ------")
    add(d, "Câu 1:")
    for line in ("a) Đ", "b) S", "c) Đ", "d) S"):
        add(d, line)
    add(d, "Câu 2:")
    for line in ("a) Đ", "b) S", "c) S", "d) Đ"):
        add(d, line)


@pytest.mark.parametrize("answers", [
    group_key_strings_in_rows, group_key_strings_in_columns, group_key_a_statement_a_row,
    group_key_letters_over_answers, group_key_a_statement_a_cell, group_key_lines, group_key_a_statement_a_line])
def test_the_answer_table_gives_the_groups_answers(answers):
    d = docx.Document()
    groups_without_marks(d)
    answers(d)
    result = reader.read(saved(d))
    assert problems(result) == []
    assert result.questions == [group("Cho hàm số y = 2x + 1.", 1, 2, FUNCTION, "ĐSĐS"),
                                group("Cho tam giác ABC vuông tại A.", 2, 7, TRIANGLE, "ĐSSĐ")]


def test_before_any_heading_statements_answered_true_or_false_are_a_group():
    d = docx.Document()
    add(d, "Câu 1: Cho hàm số y = 2x + 1.")  # 1
    statements(d, FUNCTION)
    add(d, "Đáp án: ĐSĐS")
    add(d, "Câu 2: Chữ cái cuối của bảng là")  # 7: an option letter, a choice question
    add(d, "a) A\tb) B\tc) C\td) D")
    add(d, "Đáp án: d")
    result = reader.read(saved(d))
    assert problems(result) == []
    assert result.questions == [group("Cho hàm số y = 2x + 1.", 1, 1, FUNCTION, "ĐSĐS"),
                                single("Chữ cái cuối của bảng là", 2, 7, ["A", "B", "C", "D"], 3)]


MISSING = ("chưa có đáp án (Đúng hay Sai) cho ý {}: gạch chân, in đậm hoặc tô màu các ý đúng, ghi “Đáp án: ĐSĐS” "
           "dưới câu hỏi hoặc thêm vào bảng đáp án ở cuối tệp.")


def test_groups_without_answers_disagreeing_or_with_too_few_or_many_statements_are_refused():
    d = docx.Document()
    add(d, "PHẦN II. Câu trắc nghiệm đúng sai.")  # 1
    add(d, "Câu 1. Không có đáp án.")  # 2
    statements(d, FUNCTION)
    add(d, "Câu 2. Thiếu đáp án của hai ý.")  # 7
    statements(d, FUNCTION)
    add(d, "Đáp án: a) Đ, c) S")
    add(d, "Câu 3. Mọi ý đều gạch chân: là cách trình bày.")  # 13
    statements(d, FUNCTION, marked="abcd")
    add(d, "Câu 4. Gạch chân và bảng đáp án không khớp.")  # 18
    statements(d, FUNCTION, marked="ac")
    add(d, "Câu 5. Chỉ một ý.")  # 23
    statements(d, FUNCTION[:1], marked="a")
    add(d, "Câu 6. Năm ý.")  # 25
    statements(d, [*FUNCTION, "Ý thứ năm."], marked="a")
    add(d, "Câu 7. Đáp án là chữ cái.")  # 31
    statements(d, FUNCTION)
    add(d, "Đáp án: B")
    add(d, "Câu 8. Thiếu một đáp án.")  # 37
    statements(d, FUNCTION)
    add(d, "Đáp án: ĐSĐ")
    add(d, "Câu 9. Ý không có.")  # 43
    statements(d, FUNCTION[:2])
    add(d, "Đáp án: a) Đ, b) S, e) S")
    add(d, "Câu 10. Ý trống.")  # 47
    add(d, "a)")
    add(d, "b) Có nội dung.")
    add(d, "Câu 11. Hình.")  # 50: taken, its image kept
    d.add_picture(io.BytesIO(tiny_png()))
    statements(d, FUNCTION[:2], marked="a")
    add(d, "Câu 12. Cho hàm số y = 2x + 1.")  # 54: taken between the refused ones
    statements(d, FUNCTION, marked="bd", how="red")
    add(d, "ĐÁP ÁN")
    add(d, "Phần II")
    table(d, [["Câu", "4"], ["Đáp án", "ĐSSS"]])

    result = reader.read(saved(d))

    assert result.questions == [
        group('Hình.<br><img src="media:image1.png" alt="">', 11, 50, FUNCTION[:2], "ĐS", text_format=qi.HTML,
              media=[qi.Media("image1.png", "image/png", tiny_png())]),
        group("Cho hàm số y = 2x + 1.", 12, 54, FUNCTION, "SĐSĐ")]
    assert problems(result) == [
        (1, 2, MISSING.format("a), b), c), d)")),
        (2, 7, MISSING.format("b), d)")),
        (3, 13, MISSING.format("a), b), c), d)")),
        (4, 18, "đáp án đúng được ghi theo nhiều cách không khớp nhau: gạch chân: a) Đ, b) S, c) Đ, d) S; "
                "bảng đáp án: a) Đ, b) S, c) S, d) S."),
        (5, 23, "câu đúng/sai nhiều ý cần ít nhất hai ý (“a)”, “b)”…)."),
        (6, 25, "câu đúng/sai nhiều ý có nhiều nhất bốn ý (từ a đến d)."),
        (7, 31, "dòng “Đáp án:” ghi “B”, không phải đáp án đúng/sai cho từng ý như “ĐSĐS” hoặc "
                "“a) Đ, b) S, c) Đ, d) S”."),
        (8, 37, "dòng “Đáp án:” ghi 3 đáp án (“ĐSĐ”) cho 4 ý."),
        (9, 43, "dòng “Đáp án:” ghi đáp án cho ý “e)”, nhưng câu hỏi không có ý này."),
        (10, 47, "ý “a)” không có nội dung."),
    ]


def test_question_numbers_past_999_and_their_answer_line():
    """A bank's file of thousands of questions numbers them on: "Câu 1000" is a question."""
    d = docx.Document()
    add(d, "Câu 999: Số liền sau của 9 là")
    add(d, "A. 8\tB. ", r("10", u=True), "\tC. 11\tD. 12")
    add(d, "Câu 1000. Số liền trước của 10 là")
    add(d, "A. 8\tB. 9\tC. 11\tD. 12")
    add(d, "Câu 1001: 2 + 2 bằng")
    add(d, "A. 3\tB. 5\tC. 4\tD. 6")
    add(d, "ĐÁP ÁN")
    add(d, "1000-B   1001-C")
    result = reader.read(saved(d))
    assert problems(result) == []
    # numbered in the file's order; the answer line names them by their printed numbers
    assert [(q.number, q.stem, [o.text for o in q.options if o.correct]) for q in result.questions] == [
        (1, "Số liền sau của 9 là", ["10"]), (2, "Số liền trước của 10 là", ["9"]), (3, "2 + 2 bằng", ["4"])]
