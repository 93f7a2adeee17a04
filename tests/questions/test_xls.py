"""Questions typed in an old binary Excel workbook (.xls) from the bank's template: read
by the same reader as an .xlsx (repository/questions/formats/xlsx.py through
lms/core/legacy_excel.py), the same questions from the same rows; cells' types (whole
numbers, formulas' values, merged cells, dates in answer cells refused); text in ".VnTime"
and "VNI-Times" fonts converted by its font; bad rows refused by their row; files that are
no readable .xls refused as a whole; the format told from the file; `manage.py
import_questions file.xls`. The files are written by tests/questions/biff8.py."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import translation
from openpyxl import Workbook

from biff8 import Cell, compound_file
from biff8 import workbook as xls
from repository.models import Grade, Question, QuestionBank, Subject
from repository.questions import interchange as qi
from repository.questions.formats import detect, read_file, xlsx

HEADER = ["Loại câu hỏi", "Nội dung câu hỏi", "Phương án A", "Phương án B", "Phương án C", "Phương án D",
          "Đáp án đúng", "Chủ đề", "Mức độ nhận thức", "Độ khó", "Điểm", "Giải thích"]


def row(kind, stem, options=(), answer="", topic="", level="", difficulty="", points=None, feedback=""):
    options = [*options, *[None] * (4 - len(options))]
    return [kind, stem, *options, answer, topic, level, difficulty, points, feedback]


def sheet(rows, header=HEADER) -> dict:
    return {"Câu hỏi": [header, *rows]}


def as_xlsx(rows) -> bytes:
    wb = Workbook()
    for values in [HEADER, *rows]:
        wb.active.append(values)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


ROWS = [
    row("trắc nghiệm một đáp án", "Kết quả của phép tính 2 + 3 là", [4, 5, 6, 7], "B", topic="Số tự nhiên",
        level="Nhận biết", difficulty="Dễ", points=0.25, feedback="2 + 3 = 5."),
    row("Trắc nghiệm nhiều đáp án", "Những số nào là số nguyên tố?\nChọn tất cả.", ["2", "4", "7", "9"], "A,C",
        level="Thông hiểu", points=0.5),
    [None] * 12,  # a blank row between questions is skipped
    row("đúng sai", "Trái Đất quay quanh Mặt Trời.", answer="Đúng"),
    row("đúng sai nhiều ý", "Cho hàm số y = 2x + 1.", ["Đồ thị đi qua điểm (0; 1).", "Hàm số nghịch biến trên ℝ."],
        "Đ,S", points=1),
    row("trả lời ngắn", "Thủ đô của Việt Nam là thành phố nào?", answer="Hà Nội|Ha Noi"),
    row("số", "Tính \\(\\sqrt{2}\\), làm tròn đến hàng phần trăm.", answer="1,41 ±0,005", points=2),
    row("tự luận", "Viết đoạn văn (5–7 câu) tả quê hương em.", difficulty="Khó"),
]


def test_an_xls_gives_the_questions_an_xlsx_of_the_same_rows_gives_with_their_vietnamese_text():
    result = xlsx.read(xls(sheet(ROWS)))

    assert result == xlsx.read(as_xlsx(ROWS))
    assert result.problems == [] and result.skipped == []
    assert result.questions[0] == qi.Question(
        kind=qi.SINGLE, stem="Kết quả của phép tính 2 + 3 là", number=1, line=2,
        options=[qi.Option("4", 0.0), qi.Option("5", 1.0), qi.Option("6", 0.0), qi.Option("7", 0.0)],
        general_feedback="2 + 3 = 5.", topic="Số tự nhiên", cognitive_level="Nhận biết", difficulty="Dễ",
        points=0.25)
    assert [(q.number, q.line, q.kind, q.stem) for q in result.questions[1:]] == [
        (2, 3, qi.MULTIPLE, "Những số nào là số nguyên tố?\nChọn tất cả."),
        (3, 5, qi.TRUE_FALSE, "Trái Đất quay quanh Mặt Trời."),
        (4, 6, qi.TRUE_FALSE_GROUP, "Cho hàm số y = 2x + 1."),
        (5, 7, qi.SHORT_TEXT, "Thủ đô của Việt Nam là thành phố nào?"),
        (6, 8, qi.NUMERIC, "Tính \\(\\sqrt{2}\\), làm tròn đến hàng phần trăm."),
        (7, 9, qi.ESSAY, "Viết đoạn văn (5–7 câu) tả quê hương em.")]
    assert result.questions[5].numeric == [qi.NumericAnswer(1.41, 0.005)]
    assert result.questions[5].points == 2.0


def test_numbers_formulas_merged_cells_and_errors_read_as_the_sheet_shows_them():
    data = xls(sheet([
        # whole numbers without ".0"; an option computed by a formula; the topic merged over two rows
        row("trắc nghiệm một đáp án", Cell("Kết quả của 2 + 3 là", formula=True), [4.0, 5, Cell(6, formula=True), 2.5],
            "B", topic="Phép cộng"),
        row("số", "Một nửa bằng bao nhiêu?", answer=Cell(0.5, formula=True), topic=None),
        row("tự luận", "Ô lỗi", topic=Cell(None, error=0x2A)),
    ]), merged={"Câu hỏi": [(1, 2, 7, 7)]})
    result = xlsx.read(data)

    assert result.problems == []
    first, half, error = result.questions
    assert (first.stem, [o.text for o in first.options], first.topic) == (
        "Kết quả của 2 + 3 là", ["4", "5", "6", "2.5"], "Phép cộng")
    assert (half.numeric, half.topic) == ([qi.NumericAnswer(0.5, 0.0)], "")  # the merge's covered cell is empty
    assert error.topic == "#N/A"


def test_a_date_excel_made_of_an_answer_refuses_the_row_saying_so():
    data = xls(sheet([
        row("số", "Một phần hai viết là", answer=datetime.datetime(2025, 2, 1)),  # "1/2" typed in a General cell
        row("trắc nghiệm một đáp án", "Chọn phân số", [datetime.datetime(2025, 4, 3), "3/5"], "A"),
        row("tự luận", "Ngày khai giảng", topic=datetime.datetime(2025, 9, 5)),  # elsewhere a date is its text
    ]))
    result = xlsx.read(data)

    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (1, 2, "“Đáp án đúng” chứa một ngày tháng (01/02/2025): Excel đã tự đổi nội dung gõ vào ô thành ngày "
               "tháng; hãy định dạng cột này là Văn bản (Text) rồi gõ lại."),
        (2, 3, "“Phương án A” chứa một ngày tháng (03/04/2025): Excel đã tự đổi nội dung gõ vào ô thành ngày "
               "tháng; hãy định dạng cột này là Văn bản (Text) rồi gõ lại."),
    ]
    assert [(q.number, q.topic) for q in result.questions] == [(3, "05/09/2025")]


def test_text_in_vntime_and_vni_fonts_is_converted_by_its_font():
    data = xls(sheet([
        # the stem and topic in .VnTime (TCVN3), the type chosen from the template's list in Arial
        row("trắc nghiệm một đáp án", Cell("Ph©n sè nµo b»ng mét phÇn hai?", font=".VnTime"),
            [Cell("2/4", font=".VnTime"), "2/3"], "A", topic=Cell("Ph©n sè", font=".VnTime")),
        row("tự luận", Cell("Xin chaøo caùc baïn", font="VNI-Times")),
        # a heading in .VnTimeH (capitals), a cell in two fonts, Unicode typed in a .VnTime cell
        row("tự luận", Cell("®Ò kiÓm tra", font=".VnTimeH"), topic=Cell("Bµi 1: ¤n tËp", font=".VnTime")),
        row("tự luận", Cell("Câu hỏi: Ph©n sè", runs=((0, "Arial"), (9, ".VnTime")))),
        row("tự luận", Cell("Câu hỏi gõ Unicode", font=".VnTime")),
    ]))
    result = xlsx.read(data)

    assert result.problems == []
    assert [(q.stem, q.converted_from) for q in result.questions] == [
        ("Phân số nào bằng một phần hai?", "TCVN3"), ("Xin chào các bạn", "VNI"), ("ĐỀ KIỂM TRA", "TCVN3"),
        ("Câu hỏi: Phân số", "TCVN3"), ("Câu hỏi gõ Unicode", "")]
    assert (result.questions[0].topic, result.questions[2].topic) == ("Phân số", "Bài 1: Ôn tập")
    assert [o.text for o in result.questions[0].options] == ["2/4", "2/3"]


def test_a_row_typed_in_tcvn3_in_an_ordinary_font_is_converted_as_in_an_xlsx():
    result = xlsx.read(xls(sheet([row("®óng sai", "Rïa vµ Thá ch¹y thi.", answer="§óng")])))
    assert result.problems == []
    assert [(q.kind, q.stem, q.truth, q.converted_from) for q in result.questions] == [
        (qi.TRUE_FALSE, "Rùa và Thỏ chạy thi.", True, "TCVN3")]


def test_bad_rows_are_refused_by_their_row_and_the_rest_taken():
    data = xls(sheet([
        row("tự luận", "Câu đúng"),
        row("ghép đôi", "Ghép thủ đô với nước", answer="A"),
        row("trắc nghiệm một đáp án", "Đáp án ngoài", ["1", "2"], "E"),
        [None] * 12,
        row("tự luận", "Điểm bằng chữ", points="hai"),
        row("tự luận", "Câu đúng nữa"),
    ]))
    result = xlsx.read(data)

    kinds = ("trắc nghiệm một đáp án, trắc nghiệm nhiều đáp án, đúng sai, đúng sai nhiều ý, trả lời ngắn, số, "
             "tự luận")
    assert [(q.number, q.line, q.stem) for q in result.questions] == [(1, 2, "Câu đúng"), (5, 7, "Câu đúng nữa")]
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (2, 3, f"“ghép đôi” không phải loại câu hỏi của tệp mẫu: hãy ghi một trong các loại {kinds}."),
        (3, 4, "đáp án đúng “E” không phải một phương án đã điền."),
        (4, 6, "“hai” ở cột “Điểm” không phải một số dương, ví dụ 0,25."),
    ]


def test_only_the_first_sheet_is_read_under_headers_found_without_accents():
    data = xls({"Cau hoi": [["LOAI CAU HOI", "noi dung cau hoi", "Đáp án"], ["tự luận", "Tả quê em", None]],
                "Hướng dẫn": [HEADER, row("tự luận", "Ví dụ")]})
    result = xlsx.read(data)
    assert result.problems == []
    assert [(q.kind, q.stem) for q in result.questions] == [(qi.ESSAY, "Tả quê em")]


DAMAGED = "Tệp không đọc được như một bảng tính Excel (.xls)."


@pytest.mark.parametrize("data, message", [
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 2000, DAMAGED),
    (xls(sheet([row("tự luận", "Tả quê em")]))[:1200], DAMAGED),  # cut short
    (compound_file({"WordDocument": b"\xec\xa5" + b"\0" * 600}), DAMAGED),  # a Word .doc read as Excel
    (xls(sheet([row("tự luận", "Tả quê em")]), encrypted=True),
     "Tệp được đặt mật khẩu: hãy mở tệp bằng Excel, bỏ mật khẩu rồi lưu lại."),
    (xls(sheet([row("tự luận", "Tả quê em")], header=["Loại câu hỏi", "Câu"])),
     "Dòng đầu tiên phải là dòng tiêu đề cột; còn thiếu: Nội dung câu hỏi, Đáp án đúng."),
], ids=["damaged", "truncated", "word-doc", "password", "missing-headers"])
def test_a_file_that_is_no_readable_xls_is_refused_as_a_whole(data, message):
    assert xlsx.read(data) == qi.ParseResult(problems=[qi.Problem(0, 0, message)])


def test_too_many_rows_sheets_or_too_large_a_file_is_refused_as_a_whole(monkeypatch):
    from lms.core import legacy_excel

    data = xls({"Câu hỏi": [HEADER, *[row("tự luận", f"Câu {i}") for i in range(4)]], "Khác": [["x"]]})
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    assert xlsx.read(data).problems == [qi.Problem(0, 0, "Tệp có hơn 3 dòng; hãy chia thành nhiều tệp.")]
    monkeypatch.setattr(xlsx, "MAX_ROWS", 4)
    assert len(xlsx.read(data).questions) == 4
    monkeypatch.setattr(legacy_excel, "MAX_SHEETS", 1)
    assert xlsx.read(data).problems == [qi.Problem(
        0, 0, "Tệp có hơn 1 trang tính; hãy chỉ giữ lại trang cần nhập.")]
    monkeypatch.setattr(xlsx, "MAX_BYTES", 1024 * 1024)
    assert xlsx.read(data + b"\0" * 1024 * 1024).problems == [qi.Problem(0, 0, "Tệp lớn hơn 1 MB.")]


def test_the_format_is_told_from_the_compound_files_streams():
    data = xls(sheet([row("tự luận", "Tả quê em")]))
    assert detect(data) == "xlsx"
    assert [q.stem for q in read_file(data).questions] == ["Tả quê em"]
    # the name of Word's stream as text in a cell does not make a workbook a .doc
    assert detect(xls(sheet([row("tự luận", "WordDocument – tài liệu Word")]))) == "xlsx"
    assert detect(compound_file({"WordDocument": b"\xec\xa5" + b"\0" * 600})) == "docx"


def test_import_questions_reads_an_xls_into_the_bank(demo, tmp_path):
    group = demo.group("THCS-NT", "Tổ Toán – Tin")
    level = group.school.levels.get()
    bank = QuestionBank.objects.create(
        subject_group=group, name="Toán 6 – Số học", level=level, subject=Subject.objects.get(code="toan"),
        grade=Grade.objects.get(level=level, number=6), created_by=demo.user("giaovien.toan"))
    path = tmp_path / "cau-hoi.xls"
    path.write_bytes(xls(sheet([
        row("trắc nghiệm một đáp án", Cell("KÕt qu¶ cña 2 + 3 lµ", font=".VnTime"), [4, 5, 6], "B"),
        row("đúng sai", "Hà Nội là thủ đô của Việt Nam.", answer="Đúng"),
        row("số", "Một phần hai", answer=datetime.datetime(2025, 2, 1)),
    ])))
    out = io.StringIO()
    with pytest.raises(SystemExit) as ended:
        call_command("import_questions", str(path), "--bank", bank.name, stdout=out, stderr=out)

    assert ended.value.code == 1  # question 3 had an error; the others are saved all the same
    assert "Câu 3 (dòng 4): “Đáp án đúng” chứa một ngày tháng (01/02/2025)" in out.getvalue()
    assert "Đã lưu 2 câu hỏi vào “Toán 6 – Số học”." in out.getvalue()
    questions = list(Question.objects.filter(bank=bank).order_by("pk"))
    assert [(q.kind, q.title) for q in questions] == [("single", "Kết quả của 2 + 3 là"),
                                                     ("true_false", "Hà Nội là thủ đô của Việt Nam.")]
    assert [o["text"] for o in questions[0].content["options"] if o["fraction"] > 0] == ["5"]
