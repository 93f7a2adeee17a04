"""The bank's neutral form into Moodle GIFT (repository/questions/formats/gift_export.py):
every kind written and read back by gift.read to the same questions (Vietnamese text,
LaTeX, every special character, categories, partial weights); the questions GIFT cannot
hold are not written but reported with their number and a Vietnamese reason."""

import dataclasses
import math

import pytest
from django.utils import translation

from repository.questions import interchange as qi
from repository.questions.formats import gift, gift_export

O = qi.Option


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def read_back(text):
    result = gift.read(text)
    assert result.problems == [] and result.skipped == []
    return result.questions


def same(written, read):
    """The questions as read, but for the reader's own number and line."""
    return [dataclasses.replace(r, number=w.number, line=w.line) for w, r in zip(written, read)] == written


def q(number, kind, stem, **fields):
    return qi.Question(kind=kind, stem=stem, number=number, line=0, **fields)


EVERY_KIND = [
    q(1, qi.SINGLE, "Kết quả của phép tính 2 + 3 là", title="Câu 1", category="Toán 6/Chương 1",
      options=[O("5", 1.0, "Đúng rồi!"), O("6", 0.0, "Chưa đúng."), O("7", -0.5)],
      general_feedback="Cộng hai số tự nhiên."),
    q(2, qi.MULTIPLE, "Chọn các số chẵn", category="Toán 6/Chương 1",
      options=[O("2", 0.5, "Đúng"), O("4", 0.5), O("3", -1.0), O("9", 0.0)]),
    q(3, qi.TRUE_FALSE, "Trái Đất quay quanh Mặt Trời.", truth=True, category="Toán 6/Chương 1"),
    q(4, qi.TRUE_FALSE, "Mặt Trời quay quanh Trái Đất.", truth=False, category="Toán 6/Chương 1",
      general_feedback="Sai: Trái Đất quay quanh Mặt Trời."),
    q(5, qi.SHORT_TEXT, "Dòng sông chảy qua Hà Nội là sông", category="Địa lí 6",
      options=[O("Hồng", 1.0), O("sông Hồng", 1.0), O("Hong", 0.5, "Thiếu dấu")]),
    q(6, qi.NUMERIC, "Số π làm tròn đến hai chữ số thập phân là", category="Địa lí 6",
      numeric=[qi.NumericAnswer(3.14, 0.005)]),
    q(7, qi.NUMERIC, "Kết quả gần đúng", category="Địa lí 6",
      numeric=[qi.NumericAnswer(10.0), qi.NumericAnswer(9.0, 1.0, 0.5, "gần đúng"),
               qi.NumericAnswer(-2.5, 0.0, 0.0, "sai dấu")]),
    q(8, qi.MATCHING, "Ghép thủ đô với nước", category="Địa lí 6",
      pairs=[("Hà Nội", "Việt Nam"), ("Viêng Chăn", "Lào"), ("Phnôm Pênh", "Campuchia")]),
    q(9, qi.CLOZE, "Thủ đô của Việt Nam là [[1]], nằm bên sông Hồng.", text_format="html",
      blanks=[[O("Hà Nội", 1.0), O("Huế", 0.0, "Cố đô"), O("Đà Nẵng", 0.0)]]),
    q(10, qi.ESSAY, "Viết đoạn văn (5–7 câu) tả **quê hương** em.", text_format="markdown",
      general_feedback="Chấm theo thang điểm 10."),
]

EVERY_KIND_GIFT = """\
$CATEGORY: Toán 6/Chương 1

::Câu 1:: Kết quả của phép tính 2 + 3 là {
=5#Đúng rồi!
~6#Chưa đúng.
~%-50%7
####Cộng hai số tự nhiên.
}

Chọn các số chẵn {
~%50%2#Đúng
~%50%4
~%-100%3
~%0%9
}

Trái Đất quay quanh Mặt Trời. {TRUE}

Mặt Trời quay quanh Trái Đất. {FALSE ####Sai\\: Trái Đất quay quanh Mặt Trời.}

$CATEGORY: Địa lí 6

Dòng sông chảy qua Hà Nội là sông {
=Hồng
=sông Hồng
=%50%Hong#Thiếu dấu
}

Số π làm tròn đến hai chữ số thập phân là {#3.14:0.005}

Kết quả gần đúng {#
=10
=%50%9:1#gần đúng
=%0%-2.5#sai dấu
}

Ghép thủ đô với nước {
=Hà Nội -> Việt Nam
=Viêng Chăn -> Lào
=Phnôm Pênh -> Campuchia
}

$CATEGORY:

[html]Thủ đô của Việt Nam là {=Hà Nội ~Huế#Cố đô ~Đà Nẵng}, nằm bên sông Hồng.

[markdown]Viết đoạn văn (5–7 câu) tả **quê hương** em. {####Chấm theo thang điểm 10.}
"""


def test_every_kind_is_written_as_gift_and_reads_back_the_same():
    text, problems = gift_export.write(EVERY_KIND)

    assert problems == []
    assert text == EVERY_KIND_GIFT
    back = read_back(text)
    assert [(b.number, b.kind, b.category) for b in back] == [
        (1, qi.SINGLE, "Toán 6/Chương 1"), (2, qi.MULTIPLE, "Toán 6/Chương 1"), (3, qi.TRUE_FALSE, "Toán 6/Chương 1"),
        (4, qi.TRUE_FALSE, "Toán 6/Chương 1"), (5, qi.SHORT_TEXT, "Địa lí 6"), (6, qi.NUMERIC, "Địa lí 6"),
        (7, qi.NUMERIC, "Địa lí 6"), (8, qi.MATCHING, "Địa lí 6"), (9, qi.CLOZE, ""), (10, qi.ESSAY, "")]
    assert same(EVERY_KIND, back)


def test_latex_and_every_special_character_are_escaped_and_read_back_verbatim():
    stem = "Tính \\(\\frac{a}{b}\\) với a = 2; chọn ~ hay # {x} : y \\ z\ndòng hai"
    questions = [
        q(1, qi.SINGLE, stem, title="Phân số: a/b {1}:",
          options=[O("\\(\\frac{1}{2}\\)", 1.0, "Vì 2 : 4 = 1/2 #đúng"), O("=~#{}:\\", 0.0, "{sai}\n~"),
                   O("%50% là một nửa", 0.0)],
          general_feedback="Rút gọn \\(\\frac{2}{4}\\) = \\(\\frac{1}{2}\\)."),
        q(2, qi.CLOZE, "\\(x^{2}\\) = [[1]] khi x = 3 {không phải chỗ trống}",
          blanks=[[O("9", 1.0), O("\\(3^{2}\\)", 1.0)]]),
        q(3, qi.MATCHING, "Ghép: {a} -> ?", pairs=[("\\(\\sqrt{4}\\) =", "2 -> hai"), ("a-", ">b")]),
        q(4, qi.ESSAY, "// không phải chú thích"),
        q(5, qi.ESSAY, "[html] không phải thẻ định dạng"),
        q(6, qi.NUMERIC, "$CATEGORY: không phải nhóm", numeric=[qi.NumericAnswer(1e-05, 0.0, 1.0, "#1")]),
    ]

    text, problems = gift_export.write(questions)

    assert problems == []
    assert text.splitlines()[0] == (
        "::Phân số\\: a/b \\{1\\}\\: :: Tính \\\\(\\\\frac\\{a\\}\\{b\\}\\\\) với a \\= 2; chọn \\~ hay \\# "
        "\\{x\\} \\: y \\\\ z\\ndòng hai {")
    assert "\n[plain]// không phải chú thích {}\n" in text
    assert "\n[plain][html] không phải thẻ định dạng {}\n" in text
    assert "\n~%0%%50% là một nửa\n" in text
    back = read_back(text)
    assert back[0].stem == stem and back[0].title == "Phân số: a/b {1}:"
    assert same(questions, back)


def test_partial_weights_are_written_only_where_the_marker_does_not_say_them():
    # Moodle's weights as gift.read gives them (33.33333 / 100…) are written back as they were.
    moodle = read_back("Trọng số Moodle {~%33.33333%a ~%66.66667%b ~%10%c ~%-25%d}")[0]
    questions = [
        q(1, qi.MULTIPLE, "Ba đáp án đúng", options=[O("a", 1 / 3), O("b", 1 / 3), O("c", 1 / 3), O("d", -1.0)]),
        dataclasses.replace(moodle, number=2),
        q(3, qi.SINGLE, "Một đáp án duy nhất", options=[O("a", 1.0)]),
        q(4, qi.CLOZE, "Điền [[1]] vào", blanks=[[O("một", 0.5), O("hai", 0.0)]]),
    ]

    text, problems = gift_export.write(questions)

    assert problems == []
    assert text == ("Ba đáp án đúng {\n~%33.33333333333333%a\n~%33.33333333333333%b\n~%33.33333333333333%c\n"
                    "~%-100%d\n}\n\n"
                    "Trọng số Moodle {\n~%33.33333%a\n~%66.66667%b\n~%10%c\n~%-25%d\n}\n\n"
                    "Một đáp án duy nhất {\n~%100%a\n}\n\n"
                    "Điền {~%50%một ~hai} vào\n")
    third, moodle_back, single, cloze = read_back(text)
    # No decimal percentage divided by 100 gives 1/3 exactly: the nearest, one unit off.
    assert [abs(o.fraction - 1 / 3) <= math.ulp(1 / 3) for o in third.options[:3]] == [True, True, True]
    assert moodle_back.options == moodle.options
    assert (single.kind, single.options) == (qi.SINGLE, [O("a", 1.0)])
    assert cloze.blanks == [[O("một", 0.5), O("hai", 0.0)]]


def test_questions_gift_cannot_hold_are_reported_and_the_others_written():
    questions = [
        q(1, qi.CLOZE, "[[1]] cộng [[2]] bằng 5", blanks=[[O("2", 1.0)], [O("3", 1.0)]]),
        q(2, qi.MATCHING, "Ghép", pairs=[("a -> b", "c"), ("d", "e")]),
        q(3, qi.SINGLE, "Đúng", options=[O("a", 1.0), O("b", 0.0)]),
        q(4, qi.SINGLE, "Mũi tên", options=[O("x -> y", 1.0), O("z", 0.0)]),
        q(5, qi.CLOZE, "Chỗ trống ở cuối [[1]]", blanks=[[O("a", 1.0)]]),
        q(6, qi.SINGLE, "Hai đáp án đúng", options=[O("a", 1.0), O("b", 0.5)]),
        q(7, qi.MULTIPLE, "Chỉ một đáp án đúng", options=[O("a", 1.0), O("b", 0.0)]),
        q(8, qi.TRUE_FALSE, "Chưa chọn đúng sai"),
        q(9, qi.ESSAY, "Nhóm hai dòng", category="Toán\nLớp 6"),
        q(10, qi.MATCHING, "Một cặp", pairs=[("a", "b")]),
        q(11, qi.ESSAY, "Xin chaøo caùc baïn"),  # what the reader takes for VNI
        q(12, qi.ESSAY, "Câu cuối vẫn được viết", category="Toán 6"),
        q(13, qi.TRUE_FALSE_GROUP, "Cho hàm số y = 2x + 1.",
          statements=[qi.Statement("Đồ thị đi qua (0; 1).", True), qi.Statement("Hàm số nghịch biến.", False)]),
    ]

    text, problems = gift_export.write(questions)

    assert text == "Đúng {\n=a\n~b\n}\n\n$CATEGORY: Toán 6\n\nCâu cuối vẫn được viết {}\n"
    assert [(p.number, p.line, p.message) for p in problems] == [
        (1, 0, "câu 1: GIFT chỉ chứa được một chỗ trống trong một câu, câu này có 2."),
        (2, 0, "câu 2: vế trái của một cặp ghép nối không được chứa “->”."),
        (4, 0, "câu 4: đáp án hoặc phản hồi có “->” sẽ bị đọc thành một cặp ghép nối."),
        (5, 0, "câu 5: GIFT chỉ chứa chỗ trống ở giữa câu, không ở cuối câu."),
        (6, 0, "câu 6: câu một đáp án cần đúng một đáp án được trọn điểm và không đáp án nào khác "
               "được điểm."),
        (7, 0, "câu 7: câu nhiều đáp án mà chỉ một đáp án được điểm, và được trọn điểm, sẽ được đọc "
               "lại thành câu một đáp án."),
        (8, 0, "câu 8: câu đúng/sai cần có đáp án đúng hoặc sai."),
        (9, 0, "câu 9: GIFT không chứa được tên nhóm câu hỏi nhiều dòng."),
        (10, 0, "câu 10: câu ghép nối cần ít nhất hai cặp “câu -> đáp án”."),
        (11, 0, "câu 11: nội dung sẽ bị nhận nhầm là phông tiếng Việt cũ (TCVN3, VNI) khi đọc lại."),
        (13, 0, "câu 13: GIFT không có dạng câu gồm nhiều ý đúng/sai (phần “đúng sai” của đề thi 2025): "
                "không ghi được sang GIFT."),
    ]


def test_a_cloze_with_latex_braces_around_its_blank_reads_back_the_same():
    question = q(1, qi.CLOZE, "\\(\\frac{1}{2}\\) + \\(\\frac{1}{2}\\) = [[1]] \\(\\{1\\}\\) đơn vị",
                 blanks=[[O("\\(1\\)", 1.0), O("\\(\\frac{2}{4}\\)", 0.0)]])

    text, problems = gift_export.write([question])

    assert problems == []
    assert text == ("\\\\(\\\\frac\\{1\\}\\{2\\}\\\\) + \\\\(\\\\frac\\{1\\}\\{2\\}\\\\) \\= "
                    "{=\\\\(1\\\\) ~\\\\(\\\\frac\\{2\\}\\{4\\}\\\\)} \\\\(\\\\\\{1\\\\\\}\\\\) đơn vị\n")
    assert same([question], read_back(text))


def test_what_gift_cannot_hold_beyond_its_kinds_is_reported():
    image = qi.Media("hinh1.png", "image/png", b"\x89PNG")
    questions = [
        q(1, qi.SINGLE, '<p><img src="media:hinh1.png" alt="Hình"></p>', text_format="html", media=[image],
          options=[O("a", 1.0), O("b", 0.0)]),
        q(2, qi.SHORT_TEXT, "Thủ đô", options=[O("Hà Nội", 1.0)], case_sensitive=True),
        q(3, qi.MATCHING, "Ghép", pairs=[("a", "b"), ("c", "d")], distractors=["e"]),
        q(4, qi.ESSAY, "Tả quê em", rubric="Bố cục 2 điểm"),
        q(5, qi.SINGLE, "Chọn", options=[O("a", 1.0), O("b", 0.0), O("Cả a và b", 0.0, fixed=True)]),
        q(6, qi.CLOZE, "Hai [[2]] chỗ", blanks=[[O("a", 1.0)]]),
        q(7, qi.SHORT_TEXT, "Thủ đô", options=[O("Hà Nội", 1.0)]),
    ]

    text, problems = gift_export.write(questions)

    assert text == "Thủ đô {\n=Hà Nội\n}\n"
    assert [(p.number, p.message) for p in problems] == [
        (1, "câu 1: GIFT không chứa được hình ảnh: câu hỏi có hinh1.png."),
        (2, "câu 2: GIFT không chứa được đáp án chấm có phân biệt chữ hoa, chữ thường."),
        (3, "câu 3: GIFT không chứa được đáp án ghép không ứng với câu nào (đáp án gây nhiễu)."),
        (4, "câu 4: GIFT không chứa được đáp án mẫu hay hướng dẫn chấm của câu tự luận."),
        (5, "câu 5: GIFT không giữ được vị trí của phương án khi đảo phương án."),
        (6, "câu 6: nội dung phải đánh dấu chỗ trống bằng “[[1]]” đúng một lần."),
    ]
