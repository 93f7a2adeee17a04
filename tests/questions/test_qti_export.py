"""The bank's neutral form into an IMS QTI 2.1 content package
(repository/questions/formats/qti_export.py): each kind written as its interaction and read
back by qti.read to the same question (Vietnamese text, LaTeX, images as files of the
package, options kept in place, case-sensitive answers); plain text written as html; true/
false questions and groups written as the closest QTI holds; what QTI cannot hold reported
with the question's number and a Vietnamese reason, the rest written."""

import dataclasses
import io
import zipfile

import pytest

from repository.questions import interchange as qi
from repository.questions.formats import qti, qti_export
from tests.questions.export_cases import (O, PNG, as_written, reads_back_the_same, round_trip_through,
                                            vietnamese)  # noqa: F401 (vietnamese: autouse)
from tests.questions.export_cases import q as question


def q(number, kind, stem, **fields):
    return question(number, kind, stem, text_format=qi.HTML, **fields)


round_trip = round_trip_through(qti_export.write, qti.read)


def member(data, name):
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode()


KINDS = {
    qi.SINGLE: q(1, qi.SINGLE, "<p>Giá trị của \\(\\frac{1}{2} + \\frac{1}{2}\\) là</p>", title="Câu 1: phân số",
                 options=[O("\\(1\\)", 1.0, "Đúng rồi!"), O("\\(\\frac{2}{4}\\)", 0.0, "<b>Chưa</b> rút gọn."),
                          O("2 &lt; 3", 0.0), O("Cả ba phương án trên đều sai", 0.0, fixed=True)]),
    qi.MULTIPLE: q(2, qi.MULTIPLE, "<p>Những số nào là số nguyên tố?</p>",
                   options=[O("2", 0.5, "Số nguyên tố chẵn duy nhất"), O("3", 0.25), O("5", 0.25),
                            O("9", -1.0), O("1", 0.0)]),
    qi.SHORT_TEXT: q(4, qi.SHORT_TEXT, "<p>Thủ đô của Việt Nam là _____.</p>", case_sensitive=True,
                     options=[O("Hà Nội", 1.0), O("Ha Noi", 0.5), O("HN", 0.25)]),
    qi.NUMERIC: q(5, qi.NUMERIC, "<p>\\(\\sqrt{2} \\approx\\) _____ (làm tròn đến hàng phần trăm)</p>",
                  numeric=[qi.NumericAnswer(1.41, 0.005, 1.0), qi.NumericAnswer(-1.41, 0.005, 0.5)]),
    qi.MATCHING: q(6, qi.MATCHING, "<p>Ghép thủ đô với nước của nó</p>",
                   pairs=[("Hà Nội", "Việt Nam"), ("Viêng Chăn", "Lào"), ("Phnôm Pênh", "Campuchia")]),
    qi.CLOZE: q(7, qi.CLOZE, "<p>\\(\\frac{1}{2}\\) của 6 là [[1]]; thủ đô của Việt Nam là [[2]].</p>",
                blanks=[[O("3", 1.0), O("\\(\\frac{6}{2}\\)", 0.5), O("a}b#c~d\\e&lt;f&gt;&amp;", 0.0)],
                        [O("Hà Nội", 1.0), O("Thành phố Hà Nội", 0.5)]]),
    qi.ESSAY: q(8, qi.ESSAY, "<p>Viết đoạn văn (5–7 câu) tả <b>quê hương</b> em.</p>"),
}


@pytest.mark.parametrize("kind", list(KINDS))
def test_each_kind_reads_back_the_same(kind):
    reads_back_the_same(round_trip, [KINDS[kind]])


def test_every_kind_in_one_package_reads_back_in_the_manifests_order():
    data, _result = reads_back_the_same(round_trip, list(KINDS.values()))

    manifest = member(data, "imsmanifest.xml")
    assert ('<resource identifier="item-0001" type="imsqti_item_xmlv2p1" href="items/item-0001.xml">'
            '<file href="items/item-0001.xml"/></resource>') in manifest
    assert manifest.index("item-0006") < manifest.index("item-0007")


def test_each_kind_is_its_interaction():
    data, _result = round_trip(list(KINDS.values()))

    single, multiple, short, number, matching, cloze, essay = (member(data, f"items/item-000{n}.xml")
                                                              for n in range(1, 8))
    assert '<choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="1">' in single
    assert ('<simpleChoice identifier="choice-2">\\(\\frac{2}{4}\\)<feedbackInline outcomeIdentifier="FEEDBACK" '
            'identifier="choice-2" showHide="show"><b>Chưa</b> rút gọn.</feedbackInline></simpleChoice>') in single
    assert '<simpleChoice identifier="choice-4" fixed="true">' in single
    assert 'maxChoices="0"' in multiple and '<mapEntry mapKey="choice-3" mappedValue="0.25"/>' in multiple
    assert ('<p>Thủ đô của Việt Nam là <textEntryInteraction responseIdentifier="RESPONSE" expectedLength="6"/>.'
            '</p>') in short
    assert '<mapEntry mapKey="Ha Noi" mappedValue="0.5" caseSensitive="true"/>' in short
    assert ('<equal toleranceMode="absolute" tolerance="0.005"><variable identifier="RESPONSE"/>'
            '<baseValue baseType="float">-1.41</baseValue></equal>') in number
    assert "<value>prompt-2 match-2</value>" in matching
    assert '<inlineChoiceInteraction responseIdentifier="RESPONSE-1" shuffle="true">' in cloze
    assert '<textEntryInteraction responseIdentifier="RESPONSE-2" expectedLength="16"/>' in cloze
    assert '<extendedTextInteraction responseIdentifier="RESPONSE" expectedLines="10"/>' in essay


def test_plain_text_is_written_as_html_and_a_text_entry_without_its_place_after_the_stem():
    written = qi.Question(kind=qi.SHORT_TEXT, stem="Cho a < b và b < c.\nSo sánh a và c:", number=1, line=0,
                          options=[O("a < c", 1.0)])

    _data, result = round_trip([written])

    [back] = result.questions
    assert (back.text_format, back.stem, back.options) == (
        qi.HTML, "<p>Cho a &lt; b và b &lt; c.<br/>So sánh a và c:</p><p>_____</p>", [O("a < c", 1.0)])
    # Written again, the blank stands where the stem shows it: it reads back as it is.
    _data, again = round_trip([dataclasses.replace(back, number=1)])
    assert again.questions[0].stem == back.stem


def test_true_false_questions_and_groups_are_written_as_the_closest_qti_holds():
    questions = [
        q(1, qi.TRUE_FALSE, "<p>Trái Đất quay quanh Mặt Trời.</p>", truth=True),
        q(2, qi.TRUE_FALSE_GROUP, "<p>Cho hàm số \\(y = 2x + 1\\).</p>", statements=[
            qi.Statement("Đồ thị đi qua điểm \\((0; 1)\\).", True), qi.Statement("Hàm số nghịch biến.", False)]),
    ]

    _data, result = round_trip(questions)

    choice, cloze = result.questions
    assert (choice.kind, choice.options) == (qi.SINGLE, [O("Đúng", 1.0), O("Sai", 0.0)])
    assert (cloze.kind, cloze.stem) == (qi.CLOZE, "<p>Cho hàm số \\(y = 2x + 1\\).</p>"
                                                  "<p>a) Đồ thị đi qua điểm \\((0; 1)\\). [[1]]</p>"
                                                  "<p>b) Hàm số nghịch biến. [[2]]</p>")
    assert cloze.blanks == [[O("Đúng", 1.0), O("Sai", 0.0)], [O("Đúng", 0.0), O("Sai", 1.0)]]


def test_a_cloze_of_one_typed_blank_reads_back_as_the_short_answer_it_is_to_qti():
    written = q(1, qi.CLOZE, "<p>Thủ đô của Việt Nam là [[1]].</p>", blanks=[[O("Hà Nội", 1.0), O("Ha Noi", 0.5)]])

    _data, result = round_trip([written])

    [back] = result.questions
    assert (back.kind, back.stem, back.options, back.blanks) == (
        qi.SHORT_TEXT, "<p>Thủ đô của Việt Nam là _____.</p>", [O("Hà Nội", 1.0), O("Ha Noi", 0.5)], [])


def test_images_are_files_of_the_package_read_back_byte_for_byte():
    written = q(1, qi.SINGLE, '<p>Quan sát hình: <img src="media:hinh1.png" alt="Đồ thị hàm số"/></p>',
                media=[qi.Media("hinh1.png", "image/png", PNG, "Đồ thị hàm số")],
                options=[O("Đồng biến", 1.0), O('<img src="media:hinh1.png" alt="Đồ thị hàm số"/>', 0.0)])

    data, result = round_trip([written])

    assert zipfile.ZipFile(io.BytesIO(data)).read("items/item-0001/hinh1.png") == PNG
    assert '<img src="item-0001/hinh1.png" alt="Đồ thị hàm số"/>' in member(data, "items/item-0001.xml")
    assert '<file href="items/item-0001/hinh1.png"/>' in member(data, "imsmanifest.xml")
    [back] = result.questions
    assert [(m.name, m.mime, m.data) for m in back.media] == [("hinh1.png", "image/png", PNG)]
    assert as_written(written, back) == written


def test_feedback_grading_guide_model_answer_and_distractors_are_written_where_qti_keeps_them():
    questions = [
        q(1, qi.ESSAY, "<p>Tả quê hương em.</p>", model_answer="Quê em ở ven sông Hồng…\nMùa lũ & mùa cạn.",
          rubric="<p>Mở đoạn 1 điểm.</p>", general_feedback="<p>Chú ý chính tả.</p>"),
        q(2, qi.MATCHING, "<p>Ghép</p>", pairs=[("Hà Nội", "Việt Nam"), ("Viêng Chăn", "Lào")],
          distractors=["Thái Lan"]),
    ]

    data, result = round_trip(questions)

    essay, matching = member(data, "items/item-0001.xml"), member(data, "items/item-0002.xml")
    assert "<correctResponse><value>Quê em ở ven sông Hồng…\nMùa lũ &amp; mùa cạn.</value></correctResponse>" in essay
    assert '<rubricBlock view="scorer"><p>Mở đoạn 1 điểm.</p></rubricBlock>' in essay
    assert ('<modalFeedback outcomeIdentifier="FEEDBACK" identifier="GENERAL" showHide="hide">'
            "<p>Chú ý chính tả.</p></modalFeedback>") in essay
    assert '<simpleAssociableChoice identifier="match-3" matchMax="1">Thái Lan</simpleAssociableChoice>' in matching
    # qti.read reads the feedback, grading guide and model answer back; not the distractors (yet).
    assert as_written(questions[0], result.questions[0]) == questions[0]
    assert [(b.stem, b.pairs, b.distractors) for b in result.questions[1:]] == [
        ("<p>Ghép</p>", [("Hà Nội", "Việt Nam"), ("Viêng Chăn", "Lào")], [])]


def test_feedback_and_a_grading_guide_read_back_with_their_images_or_the_question_is_reported():
    png = qi.Media("hinh.png", "image/png", PNG, "Hình vẽ")
    written = [
        q(1, qi.SINGLE, "<p>Chọn hình vuông</p>", media=[png],
          options=[O("A", 1.0, "Đúng: bốn cạnh bằng nhau."), O("B", 0.0, "Đây là hình thoi.")],
          general_feedback='<p>Xem lại <img src="media:hinh.png" alt="Hình vẽ"/></p>',
          rubric="<p>Chọn đúng: 0,25 điểm.</p>"),
        q(2, qi.TRUE_FALSE, "<p>Hình vuông là hình thoi.</p>", truth=True, general_feedback="<p>Bốn cạnh bằng nhau.</p>"),
    ]
    data, result = round_trip(written)
    assert "items/item-0001/hinh.png" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    first, second = result.questions
    assert as_written(written[0], first) == written[0]
    assert (second.general_feedback, second.kind) == ("<p>Bốn cạnh bằng nhau.</p>", qi.SINGLE)
    # What the reader would not give back the same is reported, not written: the comparison includes them.
    assert qti_export.COMPARED[-4:] == ("general_feedback", "model_answer", "rubric", "media")


def test_a_passage_is_a_web_page_its_items_depend_on():
    passage = qi.Passage("bai-doc-1", "Đọc đoạn văn sau:\nQuê hương là chùm khế ngọt.", title="Bài đọc 1")
    questions = [q(1, qi.ESSAY, "<p>Đoạn văn nói về điều gì?</p>", group="bai-doc-1"),
                 q(2, qi.ESSAY, "<p>Câu không thuộc đoạn nào.</p>")]

    data, result = round_trip(questions, {"bai-doc-1": passage})

    manifest = member(data, "imsmanifest.xml")
    assert '<dependency identifierref="passage-1"/></resource>' in manifest
    assert ('<resource identifier="passage-1" type="webcontent" href="passages/passage-1.html">'
            '<file href="passages/passage-1.html"/></resource>') in manifest
    assert ("<title>Bài đọc 1</title></head><body><p>Đọc đoạn văn sau:<br/>Quê hương là chùm khế ngọt.</p>"
            "</body>") in member(data, "passages/passage-1.html")
    assert [b.stem for b in result.questions] == ["<p>Đoạn văn nói về điều gì?</p>",
                                                  "<p>Câu không thuộc đoạn nào.</p>"]


def test_what_qti_cannot_hold_is_reported_and_the_rest_written():
    questions = [
        q(1, qi.NUMERIC, "<p>Số π</p>", numeric=[qi.NumericAnswer(3.14, 0.01, 1.0, "Đúng")]),
        q(2, qi.CLOZE, "<p>[[2]] cộng [[1]]</p>", blanks=[[O("1", 1.0)], [O("2", 1.0)]]),
        q(3, qi.NUMERIC, "<p>Hai sai số</p>",
          numeric=[qi.NumericAnswer(3.14, 0.01, 1.0), qi.NumericAnswer(3.0, 0.5, 0.5)]),
        q(4, qi.ESSAY, "Xin chaøo caùc baïn"),  # what the reader takes for VNI
        q(5, qi.SINGLE, '<p><img src="media:thieu.png" alt=""/></p>', options=[O("a", 1.0), O("b", 0.0)]),
        q(6, qi.CLOZE, "<p>Phân biệt hoa thường: [[1]], [[2]]</p>", case_sensitive=True,
          blanks=[[O("Hà Nội", 1.0)], [O("Huế", 1.0)]]),
        q(7, qi.ESSAY, "<p>Câu cuối vẫn được ghi</p>"),
    ]

    data, problems = qti_export.write(questions)

    assert [(p.number, p.line, p.message) for p in problems] == [
        (1, 0, "câu 1: QTI chỉ giữ phản hồi cho phương án của câu trắc nghiệm, không giữ phản hồi cho câu trả lời "
               "gõ vào, đáp số, chỗ trống hay ý đúng/sai."),
        (2, 0, "câu 2: các chỗ trống phải được đánh dấu trong nội dung, mỗi chỗ một lần và theo thứ tự: "
               "[[1]], [[2]]."),
        (3, 0, "câu 3: QTI không giữ được nguyên câu hỏi này: các đáp số sẽ không được đọc lại như cũ."),
        (4, 0, "câu 4: nội dung sẽ bị nhận nhầm là phông tiếng Việt cũ (TCVN3, VNI) khi đọc lại."),
        (5, 0, "câu 5: nội dung hiển thị hình “thieu.png” nhưng câu hỏi không kèm hình đó."),
        (6, 0, "câu 6: chỗ trống 1 chấm có phân biệt chữ hoa, chữ thường; ngân hàng câu hỏi chưa hỗ trợ trong "
               "đoạn văn."),  # qti.read's own reason
    ]
    result = qti.read(data)
    assert [(b.number, b.stem) for b in result.questions] == [(1, "<p>Câu cuối vẫn được ghi</p>")]
