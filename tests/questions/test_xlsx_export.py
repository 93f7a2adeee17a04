"""The bank's neutral form into the bank's Excel template
(repository/questions/formats/xlsx_export.py): each kind the template has written on a row
of the template and read back by xlsx.read to the same question (Vietnamese text, LaTeX,
topic, level, difficulty, points, tags, source, options kept in place, passages shared by
a group); html of paragraphs and line breaks written as its text; what the template cannot
hold reported with the question's number and a Vietnamese reason, the rest written."""

import io

import pytest
from openpyxl import load_workbook

from repository.questions import interchange as qi
from repository.questions.formats import xlsx, xlsx_export
from tests.questions.export_cases import (O, q, reads_back_the_same, round_trip_through,
                                            vietnamese)  # noqa: F401 (vietnamese: autouse)

round_trip = round_trip_through(xlsx_export.write, xlsx.read)


def sheet_rows(data):
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    header = [cell.value for cell in ws[1]]
    return [dict(zip(header, (cell.value for cell in row))) for row in ws.iter_rows(min_row=2)]


KINDS = {
    qi.SINGLE: q(1, qi.SINGLE, "Giá trị của \\(\\frac{1}{2} + \\frac{1}{2}\\) là", topic="Phân số",
                 cognitive_level="Nhận biết", difficulty="Dễ", points=0.25, tags=["phân số", "cộng"],
                 source="SGK Toán 6, tập 2", general_feedback="Cộng hai phân số cùng mẫu.",
                 options=[O("\\(1\\)", 1.0), O("\\(\\frac{2}{4}\\)", 0.0), O("2", 0.0),
                          O("Cả ba phương án trên đều sai", 0.0, fixed=True)]),
    qi.MULTIPLE: q(2, qi.MULTIPLE, "Những số nào là số nguyên tố?\nChọn tất cả.", cognitive_level="Thông hiểu",
                   options=[O("2", 1 / 3), O("3", 1 / 3), O("5", 1 / 3), O("9", -1.0)], points=0.5),
    qi.TRUE_FALSE: q(3, qi.TRUE_FALSE, "Mặt Trời quay quanh Trái Đất.", truth=False,
                     general_feedback="Trái Đất quay quanh Mặt Trời."),
    qi.TRUE_FALSE_GROUP: q(4, qi.TRUE_FALSE_GROUP, "Cho hàm số \\(y = 2x + 1\\).", points=1.0, statements=[
        qi.Statement("Đồ thị đi qua điểm \\((0; 1)\\).", True), qi.Statement("Hàm số nghịch biến trên ℝ.", False),
        qi.Statement("Khi x = 1 thì y = 3.", True), qi.Statement("Đồ thị cắt trục hoành tại (2; 0).", False)]),
    qi.SHORT_TEXT: q(5, qi.SHORT_TEXT, "Thủ đô của Việt Nam là", case_sensitive=True,
                     options=[O("Hà Nội", 1.0), O("Thành phố Hà Nội", 1.0)]),
    qi.NUMERIC: q(6, qi.NUMERIC, "Tính \\(\\sqrt{2}\\), làm tròn đến hàng phần trăm.",
                  numeric=[qi.NumericAnswer(-1.41, 0.005)]),
    qi.ESSAY: q(7, qi.ESSAY, "Viết đoạn văn (5–7 câu) tả quê hương em.", model_answer="Quê em ở ven sông Hồng…",
                rubric="Mở đoạn: 0,5 điểm.\nThân đoạn: 1 điểm.", difficulty="Khó", points=2.0),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_reads_back_the_same(kind):
    reads_back_the_same(round_trip, [KINDS[kind]])


def test_the_rows_are_the_templates_columns_as_a_teacher_types_them():
    data, _result = reads_back_the_same(round_trip, list(KINDS.values()))

    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Câu hỏi", "Hướng dẫn"]
    assert [cell.value for cell in workbook.worksheets[0][1]] == [header for _k, header, *_a in xlsx.COLUMNS]
    single, multiple, true_false, group, short, number, essay = sheet_rows(data)
    assert (single["Loại câu hỏi"], single["Đáp án đúng"], single["Giữ vị trí"], single["Điểm"], single["Thẻ"],
            single["Mức độ nhận thức"]) == ("trắc nghiệm một đáp án", "A", "D", 0.25, "phân số, cộng", "Nhận biết")
    assert (multiple["Đáp án đúng"], multiple["Nội dung câu hỏi"]) == ("A,B,C", "Những số nào là số nguyên tố?\n"
                                                                                "Chọn tất cả.")
    assert (true_false["Loại câu hỏi"], true_false["Đáp án đúng"]) == ("đúng sai", "Sai")
    assert (group["Loại câu hỏi"], group["Phương án B"], group["Đáp án đúng"]) == (
        "đúng sai nhiều ý", "Hàm số nghịch biến trên ℝ.", "Đ,S,Đ,S")
    assert (short["Đáp án đúng"], short["Phân biệt hoa thường"]) == ("Hà Nội|Thành phố Hà Nội", "Có")
    assert number["Đáp án đúng"] == "-1,41 ±0,005"
    assert (essay["Đáp án đúng"], essay["Đáp án mẫu"], essay["Hướng dẫn chấm"]) == (
        None, "Quê em ở ven sông Hồng…", "Mở đoạn: 0,5 điểm.\nThân đoạn: 1 điểm.")


def test_html_of_paragraphs_and_line_breaks_is_written_as_its_text():
    written = q(1, qi.SINGLE, "<p>Cho \\(a &lt; b\\).</p><p>Khẳng định nào đúng?<br>Chọn một.</p>",
                text_format=qi.HTML, general_feedback="<p>Vì  a &amp; b</p>",
                options=[O("<p>\\(a + 1 &lt; b + 1\\)</p>", 1.0), O("\\(a &gt; b\\)", 0.0)])

    _data, result = round_trip([written])

    [back] = result.questions
    assert (back.text_format, back.stem, back.general_feedback) == (
        qi.PLAIN, "Cho \\(a < b\\).\nKhẳng định nào đúng?\nChọn một.", "Vì a & b")
    assert back.options == [O("\\(a + 1 < b + 1\\)", 1.0), O("\\(a > b\\)", 0.0)]


def test_a_group_writes_its_passage_once_on_its_first_row():
    passage = qi.Passage("Bài đọc 1", "Đọc đoạn văn sau:\nQuê hương là chùm khế ngọt.", title="Quê hương")
    questions = [q(1, qi.TRUE_FALSE, "Đoạn văn nói về quê hương.", truth=True, group="Bài đọc 1"),
                 q(2, qi.ESSAY, "Câu không thuộc đoạn nào."),
                 q(3, qi.ESSAY, "Em hiểu “chùm khế ngọt” là gì?", group="Bài đọc 1")]

    data, result = round_trip(questions, {"Bài đọc 1": passage})

    assert [(row["Nhóm"], row["Đoạn văn"]) for row in sheet_rows(data)] == [
        ("Bài đọc 1", "Đọc đoạn văn sau:\nQuê hương là chùm khế ngọt."), (None, None), ("Bài đọc 1", None)]
    assert [b.group for b in result.questions] == ["Bài đọc 1", "", "Bài đọc 1"]
    assert result.passages["Bài đọc 1"].text == "Đọc đoạn văn sau:\nQuê hương là chùm khế ngọt."


def test_what_the_template_cannot_hold_is_reported_and_the_rest_written():
    png = qi.Media("hinh1.png", "image/png", b"\x89PNG\r\n\x1a\n")
    questions = [
        q(1, qi.MATCHING, "Ghép", pairs=[("Hà Nội", "Việt Nam"), ("Viêng Chăn", "Lào")]),
        q(2, qi.CLOZE, "Thủ đô là [[1]]", blanks=[[O("Hà Nội", 1.0)]]),
        q(3, qi.SINGLE, "Phản hồi", options=[O("a", 1.0, "Đúng"), O("b", 0.0)]),
        q(4, qi.MULTIPLE, "Trọng số Moodle", options=[O("a", 0.5), O("b", 0.5), O("c", 0.0)]),
        q(5, qi.SINGLE, "Bảy phương án", options=[O(str(n), 1.0 if n == 1 else 0.0) for n in range(1, 8)]),
        q(6, qi.SINGLE, "<p><b>Đậm</b> và <sub>2</sub></p>", text_format=qi.HTML, options=[O("a", 1.0), O("b", 0.0)]),
        q(7, qi.ESSAY, '<p>Tả bức tranh <img src="media:hinh1.png" alt="Tranh"></p>', text_format=qi.HTML,
          media=[png]),
        q(8, qi.NUMERIC, "Hai đáp số", numeric=[qi.NumericAnswer(1.0), qi.NumericAnswer(2.0, 0.0, 0.5)]),
        q(9, qi.SHORT_TEXT, "Đúng một phần", options=[O("Hà Nội", 1.0), O("Ha Noi", 0.5)]),
        q(10, qi.SHORT_TEXT, "Gạch đứng", options=[O("a|b", 1.0)]),
        q(11, qi.ESSAY, "Xin chaøo caùc baïn"),  # what the reader takes for VNI
        q(12, qi.ESSAY, "Câu cuối vẫn được ghi"),
    ]

    data, problems = xlsx_export.write(questions)

    assert [(p.number, p.line, p.message) for p in problems] == [
        (1, 0, "câu 1: mẫu Excel không có loại câu hỏi “ghép nối”."),
        (2, 0, "câu 2: mẫu Excel không có loại câu hỏi “điền khuyết”."),
        (3, 0, "câu 3: mẫu Excel không có chỗ cho phản hồi của từng phương án."),
        (4, 0, "câu 4: mẫu Excel chia đều điểm cho các phương án đúng và trừ bấy nhiêu cho mỗi phương án sai: "
               "tỉ lệ điểm riêng của các phương án câu này sẽ bị mất."),
        (5, 0, "câu 5: mẫu Excel chứa tối đa 6 phương án (A đến F)."),
        (6, 0, "câu 6: mẫu Excel chỉ chứa văn bản thuần: định dạng của câu hỏi này (<b>, <sub>) sẽ bị mất."),
        (7, 0, "câu 7: mẫu Excel không chứa được hình ảnh: câu hỏi có hình hinh1.png."),
        (8, 0, "câu 8: mẫu Excel chỉ chứa một đáp số được trọn điểm cho câu trả lời dạng số."),
        (9, 0, "câu 9: mẫu Excel cho mọi câu trả lời được chấp nhận trọn điểm: các câu trả lời đúng một phần sẽ "
               "bị mất."),
        (10, 0, "câu 10: câu trả lời được chấp nhận có dấu “|” sẽ bị đọc thành hai câu trả lời trong mẫu Excel."),
        (11, 0, "câu 11: nội dung sẽ bị nhận nhầm là phông tiếng Việt cũ (TCVN3, VNI) khi đọc lại."),
    ]
    result = xlsx.read(data)
    assert [(b.number, b.stem) for b in result.questions] == [(1, "Câu cuối vẫn được ghi")]
