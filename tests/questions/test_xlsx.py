"""Questions typed in an Excel workbook from the bank's template
(repository/questions/formats/xlsx.py): every question type, Vietnamese text, headers
without accents or by other names, TCVN3 and VNI text converted; bad rows refused one by
one with their place, their row and the reason in Vietnamese, the rest taken; files that
are no readable .xlsx refused as a whole; the template reads back empty."""

import io
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook

from repository.questions import interchange as qi
from repository.questions.formats import xlsx

HEADER = ["Loại câu hỏi", "Nội dung câu hỏi", "Phương án A", "Phương án B", "Phương án C", "Phương án D",
          "Phương án E", "Phương án F", "Đáp án đúng", "Chủ đề", "Mức độ nhận thức", "Độ khó", "Điểm",
          "Giải thích", "Giữ vị trí", "Phân biệt hoa thường", "Đáp án mẫu", "Hướng dẫn chấm", "Nhóm", "Đoạn văn",
          "Thẻ", "Nguồn"]


def row(kind, stem, options=(), answer="", topic="", level="", difficulty="", points=None, feedback="",
        fixed="", case="", model="", rubric="", group="", passage="", tags="", source=""):
    options = [*options, *[""] * (6 - len(options))]
    return [kind, stem, *options, answer, topic, level, difficulty, points, feedback, fixed, case, model, rubric,
            group, passage, tags, source]


def workbook(rows, header=HEADER) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for values in rows:
        ws.append(values)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_every_question_type_is_read_with_its_vietnamese_text():
    data = workbook([
        row("trắc nghiệm một đáp án", "Kết quả của phép tính 2 + 3 là", ["4", "5", "6"], "B",
            topic="Số tự nhiên", level="Nhận biết", difficulty="Dễ", points=0.25, feedback="2 + 3 = 5."),
        row("Trắc nghiệm nhiều đáp án", "Những số nào là số nguyên tố?\nChọn tất cả.", ["2", "4", "7", "9"], "a, c",
            topic="Số nguyên tố", level="Thông hiểu", points="0,5"),
        [None] * 22,  # a blank row between questions is skipped
        row("đúng sai", "Trái Đất quay quanh Mặt Trời.", answer="Đúng", level="Biết"),
        row("đúng sai", "Mặt Trời quay quanh Trái Đất.", answer="sai", feedback="Trái Đất quay quanh Mặt Trời."),
        row("trả lời ngắn", "Thủ đô của Việt Nam là thành phố nào?", answer="Hà Nội | Ha Noi|Thành phố Hà Nội"),
        row("số", "Tính \\(\\sqrt{2}\\), làm tròn đến hàng phần trăm.", answer="1,41 ±0,005",
            level="Vận dụng", difficulty="Trung bình", points=1),
        row("tự luận", "Viết đoạn văn (5–7 câu) tả quê hương em.", level="Vận dụng cao", difficulty="Khó",
            points=2, feedback="Có câu mở đoạn\nvà câu kết đoạn."),
    ])
    result = xlsx.read(data)

    assert result.problems == [] and result.skipped == []
    assert result.questions == [
        qi.Question(kind=qi.SINGLE, stem="Kết quả của phép tính 2 + 3 là", number=1, line=2,
                    options=[qi.Option("4", 0.0), qi.Option("5", 1.0), qi.Option("6", 0.0)],
                    general_feedback="2 + 3 = 5.", topic="Số tự nhiên", cognitive_level="Nhận biết",
                    difficulty="Dễ", points=0.25),
        qi.Question(kind=qi.MULTIPLE, stem="Những số nào là số nguyên tố?\nChọn tất cả.", number=2, line=3,
                    options=[qi.Option("2", 0.5), qi.Option("4", -0.5), qi.Option("7", 0.5), qi.Option("9", -0.5)],
                    topic="Số nguyên tố", cognitive_level="Thông hiểu", points=0.5),
        qi.Question(kind=qi.TRUE_FALSE, stem="Trái Đất quay quanh Mặt Trời.", number=3, line=5, truth=True,
                    cognitive_level="Biết"),
        qi.Question(kind=qi.TRUE_FALSE, stem="Mặt Trời quay quanh Trái Đất.", number=4, line=6, truth=False,
                    general_feedback="Trái Đất quay quanh Mặt Trời."),
        qi.Question(kind=qi.SHORT_TEXT, stem="Thủ đô của Việt Nam là thành phố nào?", number=5, line=7,
                    options=[qi.Option("Hà Nội", 1.0), qi.Option("Ha Noi", 1.0), qi.Option("Thành phố Hà Nội", 1.0)]),
        qi.Question(kind=qi.NUMERIC, stem="Tính \\(\\sqrt{2}\\), làm tròn đến hàng phần trăm.", number=6, line=8,
                    numeric=[qi.NumericAnswer(1.41, 0.005)], cognitive_level="Vận dụng", difficulty="Trung bình",
                    points=1.0),
        qi.Question(kind=qi.ESSAY, stem="Viết đoạn văn (5–7 câu) tả quê hương em.", number=7, line=9,
                    general_feedback="Có câu mở đoạn\nvà câu kết đoạn.", cognitive_level="Vận dụng cao",
                    difficulty="Khó", points=2.0),
    ]


@pytest.mark.parametrize("answer, value, tolerance", [
    ("3,5", 3.5, 0.0), ("3.5", 3.5, 0.0), (2.5, 2.5, 0.0), (7, 7.0, 0.0), ("-2", -2.0, 0.0),
    ("\u22123,5", -3.5, 0.0), ("1,41±0,005", 1.41, 0.005), ("10 +- 1", 10.0, 1.0), ("10 +/- 0,5", 10.0, 0.5),
])
def test_a_number_with_a_decimal_comma_or_point_and_a_tolerance(answer, value, tolerance):
    result = xlsx.read(workbook([row("số", "Bao nhiêu?", answer=answer)]))
    assert result.problems == []
    assert result.questions[0].numeric == [qi.NumericAnswer(value, tolerance)]


def test_headers_without_accents_in_any_case_or_by_other_names_are_found():
    header = ["LOAI CAU HOI", "Câu hỏi", "A", "B", "Đáp án C", "dap an dung:", "Chuyên đề", "Mức độ", "Lời giải"]
    data = workbook([["trac nghiem mot dap an", "Số nào là số chẵn?", "3", "4", "5", "B", "Số chẵn, số lẻ",
                      "thong hieu", "4 chia hết cho 2."]], header=header)
    result = xlsx.read(data)

    assert result.problems == []
    assert result.questions == [qi.Question(
        kind=qi.SINGLE, stem="Số nào là số chẵn?", number=1, line=2,
        options=[qi.Option("3", 0.0), qi.Option("4", 1.0), qi.Option("5", 0.0)],
        general_feedback="4 chia hết cho 2.", topic="Số chẵn, số lẻ", cognitive_level="Thông hiểu")]


def test_text_typed_in_legacy_vietnamese_fonts_is_converted():
    data = workbook([
        # typed in .VnTime (TCVN3); the type chosen from the template's list, in Unicode
        row("trắc nghiệm một đáp án", "Ph©n sè nµo b»ng mét phÇn hai?", ["2/4", "2/3"], "A", topic="Ph©n sè"),
        # the whole row in TCVN3, the answer too
        row("®óng sai", "Rïa vµ Thá ch¹y thi.", answer="§óng", level="Th«ng hiÓu"),
        row("tự luận", "Xin chaøo caùc baïn"),  # VNI
        row("tự luận", "Câu Unicode"),
    ])
    result = xlsx.read(data)

    assert result.problems == []
    assert [(q.stem, q.converted_from) for q in result.questions] == [
        ("Phân số nào bằng một phần hai?", "TCVN3"), ("Rùa và Thỏ chạy thi.", "TCVN3"),
        ("Xin chào các bạn", "VNI"), ("Câu Unicode", "")]
    assert result.questions[0].topic == "Phân số"
    assert (result.questions[1].kind, result.questions[1].truth) == (qi.TRUE_FALSE, True)


KINDS = ("trắc nghiệm một đáp án, trắc nghiệm nhiều đáp án, đúng sai, đúng sai nhiều ý, trả lời ngắn, số, "
         "tự luận")


def test_bad_rows_are_refused_one_by_one_with_their_place_row_and_reason():
    single = "trắc nghiệm một đáp án"
    data = workbook([
        row("", "Không có loại", answer="A"),
        row("ghép đôi", "Ghép thủ đô với nước", answer="A"),
        row(single, "", ["1", "2"], "A"),
        row(single, "Có chỗ trống", ["1", "", "3"], "A"),
        row(single, "Một phương án", ["1"], "A"),
        row(single, "Thiếu đáp án", ["1", "2"], ""),
        row(single, "Đáp án là chữ", ["1", "2"], "A và B"),
        row(single, "Đáp án ngoài", ["1", "2"], "E"),
        row(single, "Hai đáp án", ["1", "2", "3"], "A,C"),
        row("đúng sai", "Đáp án lạ", answer="Có"),
        row("đúng sai", "Có phương án", ["Đúng", "Sai"], "Đúng"),
        row("trả lời ngắn", "Không có câu trả lời", answer=" | "),
        row("số", "Thiếu số"),
        row("số", "Có dấu hàng nghìn", answer="1.000,5"),
        row("số", "Số bằng chữ", answer="ba phẩy năm"),
        row("tự luận", "Có đáp án", answer="Bài làm mẫu"),
        row("tự luận", "Mức độ lạ", level="Khá"),
        row("tự luận", "Độ khó lạ", difficulty="Rất khó"),
        row("tự luận", "Điểm bằng chữ", points="hai"),
        row("tự luận", "Điểm không", points=0),
        row("tự luận", "Có ký tự\u200bẩn"),
        row("tự luận", "Chủ đề có tab", topic="Phân\tsố"),
        row("tự luận", "Câu đúng ở giữa các câu sai"),
        row("đúng sai", "", ["x"], "Có", points="-1"),  # several problems, in one message
    ])
    result = xlsx.read(data)

    assert [q.stem for q in result.questions] == ["Câu đúng ở giữa các câu sai"]
    assert [(q.number, q.line) for q in result.questions] == [(23, 24)]
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (1, 2, f"thiếu loại câu hỏi: hãy ghi một trong các loại {KINDS}."),
        (2, 3, f"“ghép đôi” không phải loại câu hỏi của tệp mẫu: hãy ghi một trong các loại {KINDS}."),
        (3, 4, "câu hỏi không có nội dung."),
        (4, 5, "các phương án phải điền liền nhau từ A: cột “Phương án B” đang trống."),
        (5, 6, "câu trắc nghiệm cần ít nhất hai phương án (“Phương án A”, “Phương án B”…)."),
        (6, 7, "hãy ghi chữ cái của phương án đúng ở cột “Đáp án đúng”, ví dụ “B” (nhiều đáp án: “A,C”)."),
        (7, 8, "“A và B” không phải chữ cái của phương án: hãy ghi, ví dụ, “B” hoặc “A,C”."),
        (8, 9, "đáp án đúng “E” không phải một phương án đã điền."),
        (9, 10, "câu trắc nghiệm một đáp án chỉ có đúng một phương án đúng; nếu có nhiều, hãy chọn loại "
                "“trắc nghiệm nhiều đáp án”."),
        (10, 11, "hãy ghi “Đúng” hoặc “Sai” ở cột “Đáp án đúng”."),
        (11, 12, "câu hỏi loại “đúng sai” không có phương án A–F: hãy để trống các cột đó."),
        (12, 13, "hãy ghi các câu trả lời được chấp nhận ở cột “Đáp án đúng”, cách nhau bởi dấu “|”."),
        (13, 14, "cột “Đáp án đúng” cần một số, có thể kèm sai số cho phép, ví dụ “3,5 ±0,1”."),
        (14, 15, "“1.000,5” không phải một số, có thể kèm sai số cho phép như “3,5 ±0,1” "
                 "(không viết dấu phân cách hàng nghìn)."),
        (15, 16, "“ba phẩy năm” không phải một số, có thể kèm sai số cho phép như “3,5 ±0,1” "
                 "(không viết dấu phân cách hàng nghìn)."),
        (16, 17, "câu tự luận được chấm tay: hãy để trống cột “Đáp án đúng” và ghi đáp án mong đợi ở cột "
                 "“Đáp án mẫu”."),
        (17, 18, "“Khá” không phải mức độ nhận thức: hãy ghi Nhận biết, Thông hiểu, Vận dụng hoặc Vận dụng cao "
                 "(hoặc Biết, Hiểu)."),
        (18, 19, "“Rất khó” không phải độ khó: hãy ghi Dễ, Trung bình hoặc Khó."),
        (19, 20, "“hai” ở cột “Điểm” không phải một số dương, ví dụ 0,25."),
        (20, 21, "“0” ở cột “Điểm” không phải một số dương, ví dụ 0,25."),
        (21, 22, "“Nội dung câu hỏi” chứa ký tự ẩn (dấu cách không độ rộng, dấu đổi hướng chữ hoặc ký tự điều "
                 "khiển khác); hãy gõ lại nội dung này mà không có ký tự đó."),
        (22, 23, "“Chủ đề” chứa ký tự điều khiển (dấu tab, dấu xuống dòng hoặc ký tự ẩn); "
                 "hãy gõ lại nội dung này mà không có ký tự đó."),
        (24, 25, "câu hỏi không có nội dung. "
                 "câu hỏi loại “đúng sai” không có phương án A–F: hãy để trống các cột đó. "
                 "hãy ghi “Đúng” hoặc “Sai” ở cột “Đáp án đúng”. "
                 "“-1” ở cột “Điểm” không phải một số dương, ví dụ 0,25."),
    ]


def test_the_template_reads_back_empty_and_its_examples_are_one_question_of_each_type():
    data = xlsx.template_workbook()
    assert xlsx.read(data) == qi.ParseResult()

    wb = load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Câu hỏi", "Hướng dẫn"]
    assert [[c.value for c in r] for r in wb["Câu hỏi"].iter_rows()] == [HEADER]  # the header only
    notes = [[c.value for c in r] for r in wb["Hướng dẫn"].iter_rows()]
    explained = {r[0] for r in notes}
    assert {"Loại câu hỏi", "Nội dung câu hỏi", "Phương án A … Phương án F", "Đáp án đúng", "Chủ đề",
            "Mức độ nhận thức", "Độ khó", "Điểm", "Giải thích", *HEADER[14:]} <= explained
    examples = notes[notes.index(HEADER) + 1:]

    copied = xlsx.read(workbook(examples))  # a teacher copies them to the first sheet
    assert copied.problems == []
    assert [q.kind for q in copied.questions] == [qi.SINGLE, qi.SINGLE, qi.MULTIPLE, qi.TRUE_FALSE,
                                                  qi.TRUE_FALSE_GROUP, qi.SHORT_TEXT, qi.SHORT_TEXT, qi.NUMERIC,
                                                  qi.ESSAY, qi.SINGLE, qi.ESSAY]
    assert [o.fixed for o in copied.questions[1].options] == [False, False, False, True]
    assert (copied.questions[6].case_sensitive, bool(copied.questions[8].model_answer),
            bool(copied.questions[8].rubric)) == (True, True, True)
    assert [q.group for q in copied.questions[9:]] == ["Bài đọc 1", "Bài đọc 1"]
    assert list(copied.passages) == ["Bài đọc 1"]
    assert copied.passages["Bài đọc 1"].text.startswith("Đọc đoạn thơ sau và trả lời các câu hỏi:\nSáng nay")
    assert [(s.text, s.truth) for s in copied.questions[4].statements] == [
        ("Đồ thị của hàm số đi qua điểm (0; 1).", True), ("Hàm số nghịch biến trên ℝ.", False),
        ("Khi x = 1 thì y = 3.", True), ("Đồ thị cắt trục hoành tại điểm (2; 0).", False)]
    assert "đúng sai nhiều ý" in notes[explained_row(notes, "Loại câu hỏi")][1]
    assert "a) Đ; b) S; c) Đ; d) S" in notes[explained_row(notes, "Đáp án đúng")][1]


def explained_row(notes, column):
    return next(i for i, r in enumerate(notes) if r[0] == column)


STATEMENTS = ["Đồ thị đi qua điểm (0; 1).", "Hàm số nghịch biến trên ℝ.", "Khi x = 1 thì y = 3.",
              "Đồ thị cắt trục hoành tại \\(x = 2\\)."]


@pytest.mark.parametrize("answer, truths", [
    ("Đ,S,Đ,S", [True, False, True, False]),
    ("ĐSĐS", [True, False, True, False]),
    ("đ; s; s; đ", [True, False, False, True]),
    ("Đúng, Sai, Sai, Đúng", [True, False, False, True]),
    ("a) Đ; b) S; c) Đ; d) S", [True, False, True, False]),
    ("d) S; c) Đúng; b) Sai; a) Đúng", [True, False, True, False]),
    ("A) đ B) đ C) đ D) đ", [True, True, True, True]),
])
def test_a_true_false_group_takes_its_statements_from_the_options_and_their_truths_from_the_answer(answer, truths):
    data = workbook([row("đúng sai nhiều ý", "Cho hàm số y = 2x + 1.", STATEMENTS, answer, points=1,
                         level="Thông hiểu", feedback="Hệ số 2 > 0.")])
    result = xlsx.read(data)

    assert result.problems == []
    assert result.questions == [qi.Question(
        kind=qi.TRUE_FALSE_GROUP, stem="Cho hàm số y = 2x + 1.", number=1, line=2,
        statements=[qi.Statement(text, truth) for text, truth in zip(STATEMENTS, truths)],
        general_feedback="Hệ số 2 > 0.", cognitive_level="Thông hiểu", points=1.0)]


def test_a_true_false_group_of_two_statements_and_its_other_names():
    data = workbook([row("Trắc nghiệm đúng sai", "Chọn đúng sai.", ["1 là số nguyên tố.", "2 là số chẵn."], "S Đ"),
                     row("dung sai nhieu y", "Chọn đúng sai.", ["3 > 2.", "3 < 2.", "3 = 3."], "Đ, S, Đ")])
    result = xlsx.read(data)
    assert result.problems == []
    assert [[(s.text, s.truth) for s in q.statements] for q in result.questions] == [
        [("1 là số nguyên tố.", False), ("2 là số chẵn.", True)],
        [("3 > 2.", True), ("3 < 2.", False), ("3 = 3.", True)]]
    assert {q.kind for q in result.questions} == {qi.TRUE_FALSE_GROUP}


def test_a_true_false_group_with_bad_statements_or_answers_is_refused():
    group = "đúng sai nhiều ý"
    data = workbook([
        row(group, "Một ý", STATEMENTS[:1], "Đ"),
        row(group, "Năm ý", [*STATEMENTS, "Ý thứ năm."], "Đ,S,Đ,S,Đ"),
        row(group, "Thiếu đáp án", STATEMENTS),
        row(group, "Đáp án lạ", STATEMENTS, "B"),
        row(group, "Thiếu một", STATEMENTS, "Đ,S,Đ"),
        row(group, "Ý không có", STATEMENTS[:2], "a) Đ; b) S; c) Đ"),
        row(group, "Ý thiếu đáp án", STATEMENTS, "a) Đ; c) S"),
        row(group, "Hai lần một ý", STATEMENTS, "a) Đ; a) S; b) Đ; c) S"),
        row(group, "Có chỗ trống", [STATEMENTS[0], "", STATEMENTS[2]], "Đ,S,Đ"),
    ])
    result = xlsx.read(data)

    assert result.questions == []
    how = "“{}” không phải đáp án đúng/sai cho từng ý: hãy ghi, ví dụ, “Đ,S,Đ,S” hoặc “a) Đ; b) S; c) Đ; d) S”."
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (1, 2, "câu đúng sai nhiều ý cần ít nhất hai ý, ở cột “Phương án A”, “Phương án B”…."),
        (2, 3, "câu đúng sai nhiều ý có nhiều nhất bốn ý, ở cột “Phương án A” đến “Phương án D”."),
        (3, 4, "hãy ghi Đúng hay Sai cho từng ý ở cột “Đáp án đúng”, ví dụ “Đ,S,Đ,S” hoặc "
               "“a) Đ; b) S; c) Đ; d) S”."),
        (4, 5, how.format("B")),
        (5, 6, "“Đ,S,Đ” ghi 3 đáp án cho 4 ý."),
        (6, 7, "“a) Đ; b) S; c) Đ” ghi đáp án cho ý “c”, nhưng ý này chưa được điền."),
        (7, 8, "“a) Đ; c) S” chưa ghi đáp án cho ý b, d."),
        (8, 9, how.format("a) Đ; a) S; b) Đ; c) S")),
        (9, 10, "các phương án phải điền liền nhau từ A: cột “Phương án B” đang trống."),
    ]


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, content in entries.items():
            zf.writestr(name, content)
    return buf.getvalue()


@pytest.mark.parametrize("data, message", [
    (b"", "Tệp trống."),
    (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "Đây không phải tệp Excel (.xlsx). Hãy tải tệp mẫu về và điền vào đó."),
    ("Loại câu hỏi,Nội dung câu hỏi\ntự luận,Tả quê em\n".encode(),
     "Đây không phải tệp Excel (.xlsx). Hãy tải tệp mẫu về và điền vào đó."),
    # an old .xls is read (tests/questions/test_xls.py); a damaged one is refused
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 2000, "Tệp không đọc được như một bảng tính Excel (.xls)."),
    (b"PK\x03\x04" + b"rac" * 300, "Tệp không đọc được như một bảng tính Excel (.xlsx)."),
    (_zip({"readme.txt": "xin chào".encode()}), "Tệp không đọc được như một bảng tính Excel (.xlsx)."),
    (workbook([["tự luận", "Tả quê em"]], header=["Loại câu hỏi", "Câu"]),
     "Dòng đầu tiên phải là dòng tiêu đề cột; còn thiếu: Nội dung câu hỏi, Đáp án đúng."),
], ids=["empty", "pdf", "csv", "damaged-xls", "damaged-zip", "zip-not-a-workbook", "missing-headers"])
def test_a_file_that_is_no_readable_xlsx_is_refused_as_a_whole(data, message):
    assert xlsx.read(data) == qi.ParseResult(problems=[qi.Problem(0, 0, message)])


def test_too_many_rows_or_too_large_a_file_is_refused_as_a_whole(monkeypatch):
    data = workbook([row("tự luận", f"Câu {i}") for i in range(4)])
    monkeypatch.setattr(xlsx, "MAX_ROWS", 3)
    assert xlsx.read(data).problems == [qi.Problem(0, 0, "Tệp có hơn 3 dòng; hãy chia thành nhiều tệp.")]
    monkeypatch.setattr(xlsx, "MAX_ROWS", 4)
    assert len(xlsx.read(data).questions) == 4
    monkeypatch.setattr(xlsx, "MAX_BYTES", 1024 * 1024)
    assert xlsx.read(data + b"\0" * 1024 * 1024).problems == [qi.Problem(0, 0, "Tệp lớn hơn 1 MB.")]


def test_the_optional_columns_give_fixed_options_case_essays_groups_tags_and_source():
    passage = "Đọc đoạn văn sau:\nTrời thu xanh ngắt mấy tầng cao."
    data = workbook([
        row("trắc nghiệm một đáp án", "Câu văn tả gì?", ["Trời", "Đất", "Cả A và B", "Không có"], "A",
            fixed="C, d", group="Đoạn 1", tags="đọc hiểu, mùa thu; đọc hiểu", source="Đề thi thử 2025"),
        row("trả lời ngắn", "Kí hiệu của sắt", answer="Fe", case="Có"),
        row("trả lời ngắn", "Thủ đô", answer="Hà Nội", case="không"),
        row("tự luận", "Tả bầu trời mùa thu.", case="Không", model="Bầu trời mùa thu\ncao và xanh.",
            rubric="Đủ ý: 1 điểm.\nChính tả: 0,5 điểm.", group="Đoạn 1", passage=passage),
        row("đúng sai", "Trời thu xanh.", answer="Đúng", group="Đoạn 1", passage=passage),
    ])
    result = xlsx.read(data)

    assert result.problems == []
    first, iron, capital, essay, truth = result.questions
    assert [(o.text, o.fixed) for o in first.options] == [
        ("Trời", False), ("Đất", False), ("Cả A và B", True), ("Không có", True)]
    assert (first.group, first.tags, first.source) == ("Đoạn 1", ["đọc hiểu", "mùa thu"], "Đề thi thử 2025")
    assert (iron.case_sensitive, capital.case_sensitive) == (True, False)
    assert (essay.model_answer, essay.rubric, essay.group) == (
        "Bầu trời mùa thu\ncao và xanh.", "Đủ ý: 1 điểm.\nChính tả: 0,5 điểm.", "Đoạn 1")
    assert truth.group == "Đoạn 1"
    assert result.passages == {"Đoạn 1": qi.Passage(key="Đoạn 1", text=passage)}


def test_the_optional_columns_are_refused_where_the_kind_has_no_place_for_them():
    single = "trắc nghiệm một đáp án"
    data = workbook([
        row("tự luận", "Giữ vị trí câu tự luận", fixed="A"),
        row(single, "Giữ vị trí lạ", ["1", "2"], "A", fixed="cuối"),
        row(single, "Giữ phương án không có", ["1", "2"], "A", fixed="C"),
        row("số", "Phân biệt hoa thường câu số", answer="3", case="Có"),
        row("trả lời ngắn", "Phân biệt lạ", answer="a", case="tùy"),
        row(single, "Đáp án mẫu câu trắc nghiệm", ["1", "2"], "A", model="1", rubric="Đúng: 1 điểm"),
        row("tự luận", "Đoạn văn không có nhóm", passage="Đọc đoạn văn sau."),
        row("tự luận", "Nhóm có đoạn văn", group="N1", passage="Đoạn một."),
        row("tự luận", "Nhóm có đoạn văn khác", group="N1", passage="Đoạn hai."),
        row("tự luận", "Nhóm không có đoạn văn", group="N2"),
        row("tự luận", "Cùng nhóm, đoạn văn ở dòng sai", group="N2"),
    ])
    result = xlsx.read(data)

    assert [(q.number, q.group) for q in result.questions] == [(8, "N1")]
    assert result.passages == {"N1": qi.Passage(key="N1", text="Đoạn một.")}
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (1, 2, "câu hỏi loại “tự luận” không có phương án để giữ vị trí: hãy để trống cột “Giữ vị trí”."),
        (2, 3, "“cuối” ở cột “Giữ vị trí” không phải chữ cái của phương án: hãy ghi, ví dụ, “D” hoặc “C,D”."),
        (3, 4, "phương án “C” cần giữ vị trí không phải một phương án đã điền."),
        (4, 5, "chỉ câu trả lời ngắn mới phân biệt chữ hoa, chữ thường: hãy để trống cột “Phân biệt hoa thường”."),
        (5, 6, "hãy ghi “Có” hoặc “Không” ở cột “Phân biệt hoa thường”."),
        (6, 7, "chỉ câu tự luận mới có đáp án mẫu và hướng dẫn chấm: hãy để trống cột “Đáp án mẫu”. "
               "chỉ câu tự luận mới có đáp án mẫu và hướng dẫn chấm: hãy để trống cột “Hướng dẫn chấm”."),
        (7, 8, "cột “Đoạn văn” đã điền nhưng cột “Nhóm” để trống: hãy ghi cùng một tên nhóm ở cột “Nhóm” cho "
               "mọi câu hỏi dùng đoạn văn này."),
        (9, 10, "nhóm “N1” đã có một đoạn văn khác (dòng 9): hãy ghi đoạn văn một lần, ở một dòng của nhóm."),
        (10, 11, "không dòng nào của nhóm “N2” ghi đoạn văn dùng chung: hãy ghi đoạn văn ở cột “Đoạn văn” tại một "
                 "dòng của nhóm."),
        (11, 12, "không dòng nào của nhóm “N2” ghi đoạn văn dùng chung: hãy ghi đoạn văn ở cột “Đoạn văn” tại một "
                 "dòng của nhóm."),
    ]
