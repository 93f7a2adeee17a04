"""Moodle's Aiken format into the bank's neutral form (repository/questions/formats/aiken.py):
single-choice questions with Vietnamese text, options A–Z written "A." or "A)", blank lines
and Windows line endings; broken questions refused one by one with their number, line and
reason in Vietnamese, the rest of the file taken."""

import string

import pytest
from django.utils import translation

from repository.questions import interchange as qi
from repository.questions.formats import aiken

GOOD = "\r\n".join([
    "\ufeffThủ đô của Việt Nam là thành phố nào?",  # 1
    "A. Huế",
    "B) Hà Nội",
    "C. Đà Nẵng",
    "ANSWER: B",  # 5
    "",
    "",
    "Nghiệm của phương trình \\(x^2 - 4 = 0\\) với \\(x > 0\\) là",  # 8
    "(chọn một đáp án)",
    "",  # 10
    "A) \\(x = 2\\)",
    "",
    "B) \\(x = -2\\)",
    "ANSWER: a",
    "Câu có nhiều phương án",  # 15
])


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_single_choice_questions_are_read_with_their_vietnamese_text():
    many = "\r\n".join(f"{letter}. phương án {letter}" for letter in string.ascii_uppercase)
    result = aiken.read(GOOD + "\r\n" + many + "\r\nANSWER: Z\r\n")

    assert result.problems == [] and result.skipped == []
    assert [(q.number, q.line, q.kind, q.text_format) for q in result.questions] == [
        (1, 1, qi.SINGLE, "plain"), (2, 8, qi.SINGLE, "plain"), (3, 15, qi.SINGLE, "plain")]
    capital, equation, letters = result.questions

    assert capital.stem == "Thủ đô của Việt Nam là thành phố nào?"
    assert [(o.text, o.fraction, o.feedback) for o in capital.options] == [
        ("Huế", 0.0, ""), ("Hà Nội", 1.0, ""), ("Đà Nẵng", 0.0, "")]

    assert equation.stem == "Nghiệm của phương trình \\(x^2 - 4 = 0\\) với \\(x > 0\\) là\n(chọn một đáp án)"
    assert [(o.text, o.correct) for o in equation.options] == [("\\(x = 2\\)", True), ("\\(x = -2\\)", False)]

    assert len(letters.options) == 26
    assert [o.text for o in letters.options if o.correct] == ["phương án Z"]
    assert (letters.options[0].text, letters.options[0].fraction) == ("phương án A", 0.0)


def test_broken_questions_are_refused_one_by_one_and_the_rest_is_taken():
    text = """A. Phương án không thuộc câu nào
B. Phương án thứ hai
ANSWER: A

Câu không có phương án

Câu có đáp án không phải phương án
A. một
B. hai
ANSWER: C

Câu thiếu dòng ANSWER
A. một
B. hai
Câu ngay sau vẫn được đọc
A. một
B. hai
ANSWER: B

Câu chỉ có một phương án
A. một
ANSWER: A

Câu trùng chữ cái
A. một
A. hai
ANSWER: A

Câu ghi đáp án không rõ
A. một
B. hai
ANSWER: A hoặc B

Câu có phương án trống
A.
B. hai
ANSWER: B

ANSWER: A

Câu cuối thiếu ANSWER
A. một
B. hai
"""
    result = aiken.read(text)

    assert [(q.number, q.line, q.stem) for q in result.questions] == [(5, 15, "Câu ngay sau vẫn được đọc")]
    assert [o.correct for o in result.questions[0].options] == [False, True]
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (1, 1, "có dòng phương án nằm trước nội dung câu hỏi."),
        (2, 5, "câu hỏi không có phương án nào (“A.”, “B.”…)."),
        (3, 7, "đáp án “C” không phải là phương án nào của câu hỏi."),
        (4, 12, "thiếu dòng ANSWER sau các phương án."),
        (6, 20, "câu hỏi cần ít nhất hai phương án."),
        (7, 24, "hai phương án cùng dùng chữ “A”."),
        (8, 29, "dòng ANSWER không ghi chữ cái của phương án: “A hoặc B”."),
        (9, 34, "có đáp án để trống."),
        (10, 39, "có dòng ANSWER nằm trước nội dung câu hỏi."),
        (11, 41, "thiếu dòng ANSWER sau các phương án."),
    ]
    assert result.skipped == []


def test_a_question_without_options_at_the_end_of_the_file_is_refused():
    result = aiken.read("Câu một\nA. có\nB. không\nANSWER: A\n\nCâu hai chưa viết xong\n")

    assert [q.number for q in result.questions] == [1]
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (2, 6, "câu hỏi không có phương án nào (“A.”, “B.”…).")]


def test_questions_typed_in_legacy_vietnamese_fonts_are_converted():
    text = ("KÕ ho¹ch bµi d¹y To¸n 6 cã mÊy phÇn?\nA. Hai\nB. Ba\nANSWER: B\n\n"
            "Xin chaøo caùc baïn, choïn ñaùp aùn ñuùng\nA) Ñuùng\nB) Sai\nANSWER: A\n\n"
            "Câu Unicode\nA. một\nB. hai\nANSWER: A\n")
    result = aiken.read(text)

    assert result.problems == []
    assert [(q.stem, q.converted_from) for q in result.questions] == [
        ("Kế hoạch bài dạy Toán 6 có mấy phần?", "TCVN3"), ("Xin chào các bạn, chọn đáp án đúng", "VNI"),
        ("Câu Unicode", "")]
    assert [o.text for o in result.questions[1].options] == ["Đúng", "Sai"]
