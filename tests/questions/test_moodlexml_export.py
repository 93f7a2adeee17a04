"""The bank's neutral form into Moodle XML (repository/questions/formats/moodlexml_export.py):
each kind written and read back by moodlexml.read to the same question (Vietnamese text,
LaTeX, html as CDATA, images as embedded files, categories, tags); the true/false group
written as the closest Moodle holds, a cloze of Đúng/Sai blanks; what Moodle XML cannot
hold reported with the question's number and a Vietnamese reason, the rest written."""

import base64

import pytest

from repository.questions import interchange as qi
from repository.questions.formats import moodlexml, moodlexml_export
from tests.questions.export_cases import (O, PNG, as_written, q, reads_back_the_same, round_trip_through,
                                            vietnamese)  # noqa: F401 (vietnamese: autouse)

round_trip = round_trip_through(moodlexml_export.write, moodlexml.read)


KINDS = {
    qi.SINGLE: q(1, qi.SINGLE, "<p>Giá trị của \\(\\frac{1}{2} + \\frac{1}{2}\\) là</p>", text_format=qi.HTML,
                 title="Câu 1: phân số", category="Toán 6/Chương 2", tags=["phân số", "cộng"],
                 options=[O("<p>\\(1\\)</p>", 1.0, "Đúng rồi!"), O("<p>\\(\\frac{2}{4}\\)</p>", 0.0, "Chưa rút gọn."),
                          O("<p>2 &lt; 3</p>", -0.5)],
                 general_feedback="<p>Cộng hai phân số cùng mẫu.</p>"),
    qi.MULTIPLE: q(2, qi.MULTIPLE, "Những số nào là số nguyên tố?", category="Toán 6/Chương 1",
                   options=[O("2", 0.5, "Số nguyên tố chẵn duy nhất"), O("3", 0.25), O("5", 0.25),
                            O("9", -1.0, "9 = 3 · 3"), O("1", 0.0)]),
    qi.TRUE_FALSE: q(3, qi.TRUE_FALSE, "Mặt Trời quay quanh Trái Đất.", truth=False,
                     general_feedback="Trái Đất quay quanh Mặt Trời."),
    qi.SHORT_TEXT: q(4, qi.SHORT_TEXT, "Thủ đô của Việt Nam là", case_sensitive=True,
                     options=[O("Hà Nội", 1.0, "Chính xác."), O("Ha Noi", 0.5, "Nhớ viết có dấu."),
                              O("Hà*Nội", 0.25)]),
    qi.NUMERIC: q(5, qi.NUMERIC, "Tính \\(\\sqrt{2}\\), làm tròn đến hàng phần trăm.",
                  numeric=[qi.NumericAnswer(1.41, 0.005, 1.0, "Đúng."), qi.NumericAnswer(-1.41, 0.005, 0.5, "Sai dấu."),
                           qi.NumericAnswer(1e-05, 0.0, 0.0)]),
    qi.MATCHING: q(6, qi.MATCHING, "<p>Ghép thủ đô với nước của nó</p>", text_format=qi.HTML,
                   pairs=[("<p>Hà Nội</p>", "Việt Nam"), ("<p>Viêng Chăn</p>", "Lào"),
                          ("<p>Phnôm Pênh</p>", "Campuchia")],
                   distractors=["Thái Lan", "Mi-an-ma"]),
    qi.CLOZE: q(7, qi.CLOZE, "<p>\\(\\frac{1}{2}\\) của 6 là [[1]]; thủ đô của Việt Nam là [[2]].</p>",
                text_format=qi.HTML,
                blanks=[[O("3", 1.0, "Đúng"), O("\\(\\frac{6}{2}\\)", 0.0), O("a}b#c~d\\e<f>&", 0.0, "Kí tự đặc biệt"),
                         O("\\", 0.0, "Dấu gạch ngược")],
                        [O("Hà Nội", 1.0), O("Thành phố Hà Nội", 0.5, "Dài quá")]]),
    qi.ESSAY: q(8, qi.ESSAY, "<p>Viết đoạn văn (5–7 câu) tả <b>quê hương</b> em.</p>", text_format=qi.HTML,
                rubric="<p>Mở đoạn 1 điểm; thân đoạn 3 điểm; kết đoạn 1 điểm.</p>",
                general_feedback="<p>Chú ý chính tả.</p>"),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_reads_back_the_same(kind):
    reads_back_the_same(round_trip, [KINDS[kind]])


def test_every_kind_in_one_file_reads_back_in_order_with_its_categories():
    data, result = reads_back_the_same(round_trip, list(KINDS.values()))

    assert [(b.number, b.kind, b.category) for b in result.questions] == [
        (1, qi.SINGLE, "Toán 6/Chương 2"), (2, qi.MULTIPLE, "Toán 6/Chương 1"), (3, qi.TRUE_FALSE, ""),
        (4, qi.SHORT_TEXT, ""), (5, qi.NUMERIC, ""), (6, qi.MATCHING, ""), (7, qi.CLOZE, ""), (8, qi.ESSAY, "")]
    text = data.decode()
    assert text.count('<question type="category">') == 3
    assert "<category><text>$course$/top/Toán 6/Chương 2</text></category>" in text
    assert "<category><text>$course$/top</text></category>" in text


def test_html_is_cdata_and_the_cloze_is_moodles_embedded_answers():
    data, _result = round_trip([KINDS[qi.SINGLE], KINDS[qi.SHORT_TEXT], KINDS[qi.CLOZE]])
    text = data.decode()

    assert ('<questiontext format="html"><text><![CDATA[<p>Giá trị của \\(\\frac{1}{2} + \\frac{1}{2}\\) là</p>]]>'
            "</text></questiontext>") in text
    assert '<answer fraction="-50" format="html"><text><![CDATA[<p>2 &lt; 3</p>]]></text>' in text
    assert "<usecase>1</usecase>" in text
    assert "<text>Hà\\*Nội</text>" in text
    assert ("<p>\\(\\frac{1}{2}\\) của 6 là {1:MULTICHOICE:=3#Đúng~%0%\\\\(\\\\frac{6\\}{2\\}\\\\)"
            "~%0%a\\}b\\#c\\~d\\\\e&lt;f&gt;&#38;#Kí tự đặc biệt~%0%&#92;#Dấu gạch ngược}; thủ đô của Việt Nam là "
            "{1:SHORTANSWER:=Hà Nội~%50%Thành phố Hà Nội#Dài quá}.</p>") in text
    assert '<tags><tag><text>phân số</text></tag><tag><text>cộng</text></tag></tags>' in text


def test_images_are_embedded_files_read_back_byte_for_byte():
    written = q(1, qi.SINGLE, '<p>Quan sát hình: <img src="media:hinh1.png" alt="Đồ thị hàm số"></p>',
                text_format=qi.HTML, media=[qi.Media("hinh1.png", "image/png", PNG, "Đồ thị hàm số")],
                options=[O("<p>Đồng biến</p>", 1.0, '<p>Xem lại <img src="media:hinh1.png" alt="Đồ thị hàm số"></p>'),
                         O("<p>Nghịch biến</p>", 0.0)])

    data, result = round_trip([written])

    text = data.decode()
    encoded = base64.b64encode(PNG).decode()
    assert ('<img src="@@PLUGINFILE@@/hinh1.png" alt="Đồ thị hàm số"></p>]]></text>'
            f'<file name="hinh1.png" path="/" encoding="base64">{encoded}</file></questiontext>') in text
    assert text.count("<file ") == 2  # the question text's and the option feedback's
    [back] = result.questions
    assert [(m.name, m.mime, m.data) for m in back.media] == [("hinh1.png", "image/png", PNG)]
    assert as_written(written, back) == written


def test_a_true_false_group_is_written_as_a_cloze_of_dung_sai_blanks():
    group = q(1, qi.TRUE_FALSE_GROUP, "Cho hàm số \\(y = 2x + 1\\).", statements=[
        qi.Statement("Đồ thị đi qua điểm \\((0; 1)\\).", True, "Thay x = 0."),
        qi.Statement("Hàm số nghịch biến trên \\(\\mathbb{R}\\).", False),
        qi.Statement("Khi x = 1 thì y = 3.", True),
        qi.Statement("Đồ thị cắt trục hoành tại \\((2; 0)\\).", False)])

    data, result = round_trip([group])

    assert "a) Đồ thị đi qua điểm \\((0; 1)\\). {1:MULTICHOICE:=Đúng#Thay x = 0.~%0%Sai#Thay x = 0.}" in data.decode()
    [back] = result.questions
    right, wrong = 1.0, 0.0
    assert (back.kind, back.stem) == (qi.CLOZE, "Cho hàm số \\(y = 2x + 1\\).\n"
                                                "a) Đồ thị đi qua điểm \\((0; 1)\\). [[1]]\n"
                                                "b) Hàm số nghịch biến trên \\(\\mathbb{R}\\). [[2]]\n"
                                                "c) Khi x = 1 thì y = 3. [[3]]\n"
                                                "d) Đồ thị cắt trục hoành tại \\((2; 0)\\). [[4]]")
    assert back.blanks == [[O("Đúng", right, "Thay x = 0."), O("Sai", wrong, "Thay x = 0.")],
                           [O("Đúng", wrong), O("Sai", right)], [O("Đúng", right), O("Sai", wrong)],
                           [O("Đúng", wrong), O("Sai", right)]]


def test_a_passage_is_a_description_before_its_group():
    passage = qi.Passage("bai-doc-1", "Đọc đoạn văn sau:\nQuê hương là chùm khế ngọt.", title="Bài đọc 1")
    questions = [q(1, qi.TRUE_FALSE, "Đoạn văn nói về quê hương.", truth=True, group="bai-doc-1"),
                 q(2, qi.ESSAY, "Em hiểu “chùm khế ngọt” là gì?", group="bai-doc-1")]

    data, problems = moodlexml_export.write(questions, {"bai-doc-1": passage})

    assert problems == []
    result = moodlexml.read(data)
    assert [(p.number, p.message) for p in result.skipped] == [
        (1, "đoạn văn không có đáp án (phần mô tả), không phải câu hỏi")]
    assert [(b.number, b.kind, b.stem) for b in result.questions] == [
        (2, qi.TRUE_FALSE, "Đoạn văn nói về quê hương."), (3, qi.ESSAY, "Em hiểu “chùm khế ngọt” là gì?")]
    assert ('<question type="description">\n    <name><text>Bài đọc 1</text></name>\n'
            '    <questiontext format="plain_text"><text>Đọc đoạn văn sau:\nQuê hương là chùm khế ngọt.</text>'
            ) in data.decode()


def test_what_moodle_xml_cannot_hold_is_reported_and_the_rest_written():
    questions = [
        q(1, qi.SINGLE, "Chọn", options=[O("A và B", 1.0), O("Cả hai", 0.0, fixed=True)]),
        q(2, qi.ESSAY, "Tả quê hương em.", model_answer="Quê em ở ven sông…"),
        q(3, qi.CLOZE, "[[2]] cộng [[1]]", blanks=[[O("1", 1.0)], [O("2", 1.0)]]),
        q(4, qi.SINGLE, "Đáp án trống", options=[O("", 1.0), O("b", 0.0)]),
        q(5, qi.ESSAY, "Xin chaøo caùc baïn"),  # what the reader takes for VNI
        q(6, qi.SINGLE, '<p><img src="media:thieu.png" alt=""></p>', text_format=qi.HTML,
          options=[O("a", 1.0), O("b", 0.0)]),
        q(7, qi.ESSAY, "Kí tự điều khiển \x07"),
        q(8, qi.SINGLE, "Không có đáp án trọn điểm", options=[O("a", 0.5), O("b", 0.0)]),
        q(9, qi.ESSAY, "Câu cuối vẫn được ghi"),
    ]

    data, problems = moodlexml_export.write(questions)

    assert [(p.number, p.line, p.message) for p in problems] == [
        (1, 0, "câu 1: Moodle XML không giữ được một số phương án ở nguyên vị trí khi các phương án khác được đảo."),
        (2, 0, "câu 2: Moodle XML không có chỗ cho đáp án mẫu của câu tự luận (chỉ có chỗ cho hướng dẫn chấm)."),
        (3, 0, "câu 3: các chỗ trống phải được đánh dấu trong nội dung, mỗi chỗ một lần và theo thứ tự: "
               "[[1]], [[2]]."),
        (4, 0, "câu 4: có đáp án để trống."),
        (5, 0, "câu 5: nội dung sẽ bị nhận nhầm là phông tiếng Việt cũ (TCVN3, VNI) khi đọc lại."),
        (6, 0, "câu 6: nội dung hiển thị hình “thieu.png” nhưng câu hỏi không kèm hình đó."),
        (7, 0, "câu 7: nội dung câu hỏi có kí tự điều khiển ẩn mà Moodle XML không chứa được: hãy gõ lại "
               "nội dung không có kí tự đó."),
        (8, 0, "câu 8: câu một đáp án đúng cần một đáp án được trọn điểm (tỉ lệ 100)."),
    ]
    result = moodlexml.read(data)
    assert [(b.number, b.stem) for b in result.questions] == [(1, "Câu cuối vẫn được ghi")]


def test_nothing_to_write_is_an_empty_quiz():
    data, problems = moodlexml_export.write([])

    assert (data, problems) == (b'<?xml version="1.0" encoding="UTF-8"?>\n<quiz>\n</quiz>\n', [])
