"""Moodle GIFT into the bank's neutral form (repository/questions/formats/gift.py): every
question type the format has, Vietnamese text, escapes, feedback, weights, categories;
broken questions refused one by one with their number, line and reason in Vietnamese,
the rest of the file taken; a text without answers listed as skipped."""

import base64
import io

import pytest
from django.utils import translation
from PIL import Image

from repository.questions import interchange as qi
from repository.questions.formats import gift

GOOD = """\ufeff// Ngân hàng câu hỏi Toán 6, chương 1
$CATEGORY: Toán 6/Chương 1

::Câu 1:: Kết quả của phép tính 2 + 3 là {
  =5 #Đúng rồi!
  ~6 #Chưa đúng: 2 + 3 \\= 5.
  ~7
  ####Cộng hai số tự nhiên.
}

[html]Thủ đô của Việt Nam là {=Hà Nội ~Huế ~Đà Nẵng}, nằm bên sông Hồng.

Số \\{ \\} và dấu \\= \\~ \\# \\: được viết như sau {=a\\=b ~c\\~d ~e\\#f}

// tính xấp xỉ
Số π làm tròn đến hai chữ số thập phân là {#3.14:0.005}

Một số nằm giữa 1 và 5 {#1..5}

Kết quả gần đúng {#=10:0 =%50%9:1#gần đúng}

Trái Đất quay quanh Mặt Trời. {TRUE}

Mặt Trời quay quanh Trái Đất. {F#Sai: Trái Đất quay quanh Mặt Trời.}

Ghép thủ đô với nước {
  =Hà Nội -> Việt Nam
  =Viêng Chăn -> Lào
  =Phnôm Pênh -> Campuchia
}

Viết đoạn văn (5–7 câu) tả quê hương em. {}

Chọn các số chẵn {~%50%2 ~%50%4 ~%-100%3 ~%-100%5}

Dòng sông chảy qua Hà Nội là sông {=Hồng =sông Hồng =Hong}
"""


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_every_gift_question_type_is_read_with_its_vietnamese_text():
    result = gift.read(GOOD)

    assert result.problems == [] and result.skipped == []
    kinds = [(q.number, q.line, q.kind) for q in result.questions]
    assert kinds == [(1, 4, qi.SINGLE), (2, 11, qi.CLOZE), (3, 13, qi.SINGLE), (4, 16, qi.NUMERIC),
                     (5, 18, qi.NUMERIC), (6, 20, qi.NUMERIC), (7, 22, qi.TRUE_FALSE), (8, 24, qi.TRUE_FALSE),
                     (9, 26, qi.MATCHING), (10, 32, qi.ESSAY), (11, 34, qi.MULTIPLE), (12, 36, qi.SHORT_TEXT)]
    one, cloze, escaped, pi, between, several, true, false, match, essay, even, river = result.questions
    assert all(q.category == "Toán 6/Chương 1" for q in result.questions)

    assert (one.title, one.stem, one.general_feedback) == ("Câu 1", "Kết quả của phép tính 2 + 3 là",
                                                             "Cộng hai số tự nhiên.")
    assert [(o.text, o.fraction, o.feedback) for o in one.options] == [
        ("5", 1.0, "Đúng rồi!"), ("6", 0.0, "Chưa đúng: 2 + 3 = 5."), ("7", 0.0, "")]

    assert (cloze.stem, cloze.text_format) == ("Thủ đô của Việt Nam là [[1]], nằm bên sông Hồng.", "html")
    assert [(o.text, o.correct) for o in cloze.blanks[0]] == [("Hà Nội", True), ("Huế", False), ("Đà Nẵng", False)]

    assert escaped.stem == "Số { } và dấu = ~ # : được viết như sau"
    assert [o.text for o in escaped.options] == ["a=b", "c~d", "e#f"]

    assert [(a.value, a.tolerance, a.fraction) for a in pi.numeric] == [(3.14, 0.005, 1.0)]
    assert [(a.value, a.tolerance) for a in between.numeric] == [(3.0, 2.0)]
    assert [(a.value, a.tolerance, a.fraction, a.feedback) for a in several.numeric] == [
        (10.0, 0.0, 1.0, ""), (9.0, 1.0, 0.5, "gần đúng")]

    assert (true.truth, false.truth, false.general_feedback) == (True, False, "Sai: Trái Đất quay quanh Mặt Trời.")
    assert match.pairs == [("Hà Nội", "Việt Nam"), ("Viêng Chăn", "Lào"), ("Phnôm Pênh", "Campuchia")]
    assert (essay.stem, essay.options) == ("Viết đoạn văn (5–7 câu) tả quê hương em.", [])
    assert [(o.text, o.fraction) for o in even.options] == [("2", 0.5), ("4", 0.5), ("3", -1.0), ("5", -1.0)]
    assert [o.text for o in river.options] == ["Hồng", "sông Hồng", "Hong"]


def test_broken_questions_are_refused_one_by_one_and_the_rest_is_taken():
    text = """Câu đúng {=a ~b}

Thiếu ngoặc đóng {=a ~b

Không có đáp án đúng {~a ~b}

Đáp án không bắt đầu bằng dấu {a =b ~c}

Số không đọc được {#ba phẩy mười bốn}

Ghép thiếu cặp {=Hà Nội -> Việt Nam}

{=a ~b}

Trọng số sai {~%150%a ~b}

Đây chỉ là một đoạn giới thiệu, không có đáp án.

Câu cuối vẫn được đọc {T}
"""
    result = gift.read(text)

    assert [(q.number, q.kind) for q in result.questions] == [(1, qi.SINGLE), (10, qi.TRUE_FALSE)]
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (2, 3, "thiếu dấu “}” đóng phần đáp án."),
        (3, 5, "câu trắc nghiệm cần một đáp án đúng (“=” hoặc trọng số dương)."),
        (4, 7, "các đáp án phải bắt đầu bằng “=” (đúng) hoặc “~” (sai): “a =b ~c”."),
        (5, 9, "cần một số: “ba phẩy mười bốn”."),
        (6, 11, "câu ghép nối cần ít nhất hai cặp “câu -> đáp án”."),
        (7, 13, "câu hỏi không có nội dung."),
        (8, 15, "trọng số phải từ -100% đến 100%: “%150%a”."),
    ]
    assert [(p.number, p.line, p.message) for p in result.skipped] == [
        (9, 17, "đoạn văn không có đáp án (phần mô tả), không phải câu hỏi")]


def test_questions_typed_in_legacy_vietnamese_fonts_are_converted():
    text = "KÕ ho¹ch bµi d¹y To¸n 6 {=§óng ~Sai}\n\nXin chaøo caùc baïn {T}\n\nCâu Unicode {=một ~hai}\n"
    result = gift.read(text)

    assert result.problems == []
    assert [(q.stem, q.converted_from) for q in result.questions] == [
        ("Kế hoạch bài dạy Toán 6", "TCVN3"), ("Xin chào các bạn", "VNI"), ("Câu Unicode", "")]
    assert [o.text for o in result.questions[0].options] == ["Đúng", "Sai"]


def test_a_blank_is_marked_with_double_brackets_and_latex_braces_around_it_are_kept():
    text = ("Rút gọn \\\\(\\\\frac\\{2\\}\\{4\\}\\\\) được "
            "{=\\\\(\\\\frac\\{1\\}\\{2\\}\\\\) ~\\\\(\\\\frac\\{1\\}\\{4\\}\\\\)} "
            "phải không?\n\nĐiền [[1]] vào {=a ~b} chỗ trống\n")
    result = gift.read(text)

    [cloze] = result.questions
    assert (cloze.kind, cloze.stem) == (qi.CLOZE, "Rút gọn \\(\\frac{2}{4}\\) được [[1]] phải không?")
    assert [o.text for o in cloze.blanks[0]] == ["\\(\\frac{1}{2}\\)", "\\(\\frac{1}{4}\\)"]
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (2, 3, "nội dung có “[[1]]”, ký hiệu đánh dấu chỗ trống của ngân hàng câu hỏi: hãy viết cách khác.")]


def test_images_written_into_html_text_are_kept_and_others_refused():
    png = io.BytesIO()
    Image.new("RGB", (2, 2), "red").save(png, "PNG")
    address = "data\\:image/png;base64," + base64.b64encode(png.getvalue()).decode().replace("=", "\\=")
    text = (f'[html]<p>Quan sát hình <img src\\="{address}" alt\\="Đồ thị"></p> {{=<img src\\="{address}"> ~Không}}'
            '\n\n[html]<p>Hình <img src\\="https://example.com/a.png"></p> {T}\n')
    result = gift.read(text)

    [shown] = result.questions
    assert shown.stem == '<p>Quan sát hình <img src="media:image.png" alt="Đồ thị"></p>'
    assert shown.options[0].text == '<img src="media:image.png">'
    assert [(m.name, m.mime, m.alt, m.data) for m in shown.media] == [
        ("image.png", "image/png", "Đồ thị", png.getvalue())]
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (2, 3, "hình “https://example.com/a.png” nằm ngoài tệp: ngân hàng câu hỏi chỉ giữ các hình có trong tệp.")]
