"""IMS QTI 2.1 into the bank's neutral form (repository/questions/formats/qti.py): one item
file or a content package (zip with imsmanifest.xml); every interaction the bank has a type
for, Vietnamese text, the item body kept as XHTML; other interactions listed as skipped,
broken items refused one by one, hostile XML and unsafe zips refused whole."""

import base64
import io
import zipfile

import pytest
from django.utils import translation
from PIL import Image

from repository.questions import interchange as qi
from repository.questions.formats import images, qti

NS = "http://www.imsglobal.org/xsd/imsqti_v2p1"


def item(body, declarations="", title="Câu hỏi", processing="", identifier="item"):
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<assessmentItem xmlns="{NS}" identifier="{identifier}" title="{title}" adaptive="false" '
            f'timeDependent="false">\n{declarations}\n<itemBody>\n{body}\n</itemBody>\n{processing}\n'
            f'</assessmentItem>\n').encode()


def declaration(identifier="RESPONSE", cardinality="single", base_type="identifier", correct=(), mapping=""):
    values = "".join(f"<value>{value}</value>" for value in correct)
    correct_part = f"<correctResponse>{values}</correctResponse>" if correct else ""
    return (f'<responseDeclaration identifier="{identifier}" cardinality="{cardinality}" baseType="{base_type}">'
            f'{correct_part}{mapping}</responseDeclaration>')


SINGLE = item(
    '<p>Cho hàm số \\(y = x^2\\). <img src="images/do-thi.png" alt="Đồ thị"/></p>\n'
    '<choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="1">\n'
    '  <prompt>Giá trị của <b>y</b> khi x = 3 là</prompt>\n'
    '  <simpleChoice identifier="A">9<feedbackInline outcomeIdentifier="FEEDBACK" identifier="A" '
    'showHide="show">Đúng rồi!</feedbackInline></simpleChoice>\n'
    '  <simpleChoice identifier="B">6</simpleChoice>\n'
    '  <simpleChoice identifier="C">3 &lt; y</simpleChoice>\n'
    '</choiceInteraction>',
    declaration(correct=["A"]), title="Hàm số bậc hai")


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def _png(colour="red", size=(2, 2), kind="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


def test_a_single_choice_item_keeps_its_body_as_xhtml_and_its_image_from_the_package():
    result = qti.read(_zip({"imsmanifest.xml": _manifest("cau1.xml"), "cau1.xml": SINGLE,
                            "images/do-thi.png": _png()}))

    assert result.problems == [] and result.skipped == []
    [question] = result.questions
    assert (question.kind, question.number, question.line, question.title, question.text_format) == (
        qi.SINGLE, 1, 0, "Hàm số bậc hai", "html")
    assert question.stem == ('<p>Cho hàm số \\(y = x^2\\). <img src="media:do-thi.png" alt="Đồ thị"/></p>\n'
                             '<p>Giá trị của <b>y</b> khi x = 3 là</p>')
    assert [(m.name, m.mime, m.alt, m.data) for m in question.media] == [
        ("do-thi.png", "image/png", "Đồ thị", _png())]
    assert [(o.text, o.fraction, o.feedback, o.fixed) for o in question.options] == [
        ("9", 1.0, "Đúng rồi!", False), ("6", 0.0, "", False), ("3 &lt; y", 0.0, "", False)]


def test_a_lone_item_showing_an_image_is_refused_naming_the_file_it_lacks():
    assert qti.read(SINGLE) == qi.ParseResult(problems=[qi.Problem(
        1, 2, "hình “images/do-thi.png” không có trong tệp này: hãy nhập gói QTI (tệp zip) chứa câu hỏi và các "
              "hình của nó.")])


def _choice(max_choices, correct, mapping="", texts=("Hà Nội", "Huế", "Đà Nẵng", "Cần Thơ")):
    choices = "".join(f'<simpleChoice identifier="C{i}">{text}</simpleChoice>' for i, text in enumerate(texts, 1))
    return item(f'<choiceInteraction responseIdentifier="RESPONSE" maxChoices="{max_choices}">'
                f'<prompt>Chọn</prompt>{choices}</choiceInteraction>',
                declaration(cardinality="multiple" if max_choices != 1 else "single", correct=correct, mapping=mapping))


def test_choices_with_several_answers_take_their_weights_from_the_mapping_or_share_the_points():
    shared = qti.read(_choice(0, ["C1", "C3"])).questions[0]
    weighted = qti.read(_choice(
        3, ["C1", "C2"], '<mapping defaultValue="0"><mapEntry mapKey="C1" mappedValue="2"/>'
        '<mapEntry mapKey="C2" mappedValue="1"/><mapEntry mapKey="C4" mappedValue="-3"/></mapping>')).questions[0]
    true_false = qti.read(_choice(1, ["C2"], texts=("Đúng", "Sai"))).questions[0]

    assert shared.kind == qi.MULTIPLE
    assert [(o.text, o.fraction) for o in shared.options] == [
        ("Hà Nội", 0.5), ("Huế", -0.5), ("Đà Nẵng", 0.5), ("Cần Thơ", -0.5)]
    assert weighted.kind == qi.MULTIPLE
    assert [o.fraction for o in weighted.options] == [2 / 3, 1 / 3, 0.0, -1.0]
    assert true_false.kind == qi.SINGLE
    assert [(o.text, o.fraction) for o in true_false.options] == [("Đúng", 0.0), ("Sai", 1.0)]


def test_a_text_entry_alone_is_a_short_answer_or_a_number():
    short = item(
        '<p>Dòng sông chảy qua Hà Nội là sông <textEntryInteraction responseIdentifier="RESPONSE" '
        'expectedLength="10"/>.</p>',
        declaration(base_type="string", correct=["Hồng"],
                    mapping='<mapping defaultValue="0"><mapEntry mapKey="Hồng" mappedValue="1"/>'
                            '<mapEntry mapKey="sông Hồng" mappedValue="1"/><mapEntry mapKey="Hong" '
                            'mappedValue="0.5"/></mapping>'))
    number = item(
        '<p>Số π làm tròn đến hai chữ số thập phân: <textEntryInteraction responseIdentifier="RESPONSE"/></p>',
        declaration(base_type="float", correct=["3.14"]),
        processing='<responseProcessing><responseCondition><responseIf><equal toleranceMode="absolute" '
                   'tolerance="0.005 0.005"><variable identifier="RESPONSE"/><correct identifier="RESPONSE"/>'
                   '</equal><setOutcomeValue identifier="SCORE"><baseValue baseType="float">1</baseValue>'
                   '</setOutcomeValue></responseIf></responseCondition></responseProcessing>')
    relative = item('<p>Khối lượng (kg) <textEntryInteraction responseIdentifier="KQ"/></p>',
                    declaration(identifier="KQ", base_type="integer", correct=["200"]),
                    processing='<responseProcessing><responseCondition><responseIf><equal toleranceMode='
                               '"relative" tolerance="10"><variable identifier="KQ"/><baseValue baseType="integer">'
                               '200</baseValue></equal></responseIf></responseCondition></responseProcessing>')
    exact = item('<p>Số học sinh <textEntryInteraction responseIdentifier="RESPONSE"/></p>',
                 declaration(base_type="integer", correct=["35"]))

    [river] = qti.read(short).questions
    assert (river.kind, river.stem) == (qi.SHORT_TEXT, "<p>Dòng sông chảy qua Hà Nội là sông _____.</p>")
    assert [(o.text, o.fraction) for o in river.options] == [("Hồng", 1.0), ("sông Hồng", 1.0), ("Hong", 0.5)]
    [pi] = qti.read(number).questions
    assert (pi.kind, pi.stem) == (qi.NUMERIC, "<p>Số π làm tròn đến hai chữ số thập phân: _____</p>")
    assert [(a.value, a.tolerance, a.fraction) for a in pi.numeric] == [(3.14, 0.005, 1.0)]
    assert [(a.value, a.tolerance) for a in qti.read(relative).questions[0].numeric] == [(200.0, 20.0)]
    assert [(a.value, a.tolerance) for a in qti.read(exact).questions[0].numeric] == [(35.0, 0.0)]


def test_match_and_associate_interactions_are_matching_questions():
    match = item(
        '<matchInteraction responseIdentifier="RESPONSE" shuffle="true" maxAssociations="3">'
        '<prompt>Ghép thủ đô với nước</prompt>'
        '<simpleMatchSet><simpleAssociableChoice identifier="HN" matchMax="1">Hà Nội</simpleAssociableChoice>'
        '<simpleAssociableChoice identifier="VC" matchMax="1">Viêng Chăn</simpleAssociableChoice>'
        '<simpleAssociableChoice identifier="PP" matchMax="1">Phnôm Pênh</simpleAssociableChoice></simpleMatchSet>'
        '<simpleMatchSet><simpleAssociableChoice identifier="L" matchMax="1">Lào</simpleAssociableChoice>'
        '<simpleAssociableChoice identifier="VN" matchMax="1">Việt Nam</simpleAssociableChoice>'
        '<simpleAssociableChoice identifier="CPC" matchMax="1">Campuchia</simpleAssociableChoice>'
        '</simpleMatchSet></matchInteraction>',
        declaration(cardinality="multiple", base_type="directedPair", correct=["HN VN", "VC L", "PP CPC"]))
    associate = item(
        '<associateInteraction responseIdentifier="RESPONSE" maxAssociations="2">'
        '<prompt>Nối các từ trái nghĩa</prompt>'
        '<simpleAssociableChoice identifier="a" matchMax="1">cao</simpleAssociableChoice>'
        '<simpleAssociableChoice identifier="b" matchMax="1">thấp</simpleAssociableChoice>'
        '<simpleAssociableChoice identifier="c" matchMax="1">nóng</simpleAssociableChoice>'
        '<simpleAssociableChoice identifier="d" matchMax="1">lạnh</simpleAssociableChoice>'
        '</associateInteraction>',
        declaration(cardinality="multiple", base_type="pair", correct=["a b", "c  d"]))

    [capitals] = qti.read(match).questions
    assert (capitals.kind, capitals.stem) == (qi.MATCHING, "<p>Ghép thủ đô với nước</p>")
    assert capitals.pairs == [("Hà Nội", "Việt Nam"), ("Viêng Chăn", "Lào"), ("Phnôm Pênh", "Campuchia")]
    [opposites] = qti.read(associate).questions
    assert (opposites.kind, opposites.pairs) == (qi.MATCHING, [("cao", "thấp"), ("nóng", "lạnh")])


def test_an_extended_text_is_an_essay_and_inline_interactions_in_the_text_are_a_cloze():
    essay = item('<extendedTextInteraction responseIdentifier="RESPONSE" expectedLines="8">'
                 '<prompt>Viết đoạn văn (5–7 câu) tả quê hương em.</prompt></extendedTextInteraction>',
                 declaration(base_type="string"))
    cloze = item(
        '<p>Thủ đô của Việt Nam là <inlineChoiceInteraction responseIdentifier="R1" shuffle="false">'
        '<inlineChoice identifier="hn">Hà Nội</inlineChoice><inlineChoice identifier="hue">Huế</inlineChoice>'
        '</inlineChoiceInteraction>, nằm bên sông <textEntryInteraction responseIdentifier="R2"/>.</p>',
        declaration("R1", correct=["hn"]) + declaration("R2", base_type="string", correct=["Hồng"]))

    [written] = qti.read(essay).questions
    assert (written.kind, written.stem, written.options) == (
        qi.ESSAY, "<p>Viết đoạn văn (5–7 câu) tả quê hương em.</p>", [])
    [blanks] = qti.read(cloze).questions
    assert (blanks.kind, blanks.stem) == (qi.CLOZE, "<p>Thủ đô của Việt Nam là [[1]], nằm bên sông [[2]].</p>")
    assert [[(o.text, o.fraction) for o in blank] for blank in blanks.blanks] == [
        [("Hà Nội", 1.0), ("Huế", 0.0)], [("Hồng", 1.0)]]


def test_other_interactions_are_skipped_by_name_and_broken_items_are_refused_with_a_reason():
    hotspot = item('<hotspotInteraction responseIdentifier="RESPONSE" maxChoices="1"><prompt>Chỉ ra Hà Nội'
                   '</prompt><object type="image/png" data="ban-do.png"/></hotspotInteraction>',
                   declaration())
    several = item('<choiceInteraction responseIdentifier="A" maxChoices="1"><simpleChoice identifier="x">1'
                   '</simpleChoice><simpleChoice identifier="y">2</simpleChoice></choiceInteraction>'
                   '<extendedTextInteraction responseIdentifier="B"/>',
                   declaration("A", correct=["x"]) + declaration("B", base_type="string"))
    no_answer = _choice(1, [])
    unknown = _choice(1, ["C9"])

    assert qti.read(hotspot).skipped == [
        qi.Problem(1, 2, "dạng tương tác hotspotInteraction không có trong ngân hàng câu hỏi.")]
    assert qti.read(several).skipped == [qi.Problem(
        1, 2, "câu có nhiều tương tác (choiceInteraction, extendedTextInteraction) không thể là một câu hỏi "
              "của ngân hàng.")]
    assert qti.read(no_answer).problems == [qi.Problem(1, 2, "câu hỏi không có đáp án đúng.")]
    assert qti.read(unknown).problems == [qi.Problem(1, 2, "đáp án đúng “C9” không phải là một lựa chọn của câu.")]
    assert qti.read('<?xml version="1.0"?>\n<assessmentItem>\n<itemBody><p>Thiếu thẻ đóng</itemBody>'
                    '</assessmentItem>'.encode()).problems == [
        qi.Problem(0, 0, "tệp không phải XML hợp lệ: dòng 3: thẻ đóng không khớp thẻ mở.")]


def test_an_item_nested_deeper_than_any_item_needs_is_refused_not_crashed():
    deep = item("<div>" * 3000 + "x" + "</div>" * 3000 + '<extendedTextInteraction responseIdentifier="RESPONSE"/>',
                declaration(base_type="string"))

    assert qti.read(deep) == qi.ParseResult(problems=[
        qi.Problem(1, 2, "nội dung của câu lồng nhau sâu hơn 100 cấp: câu không được đọc.")])


XXE = """<?xml version="1.0"?>
<!DOCTYPE assessmentItem [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x" title="&secret;"/>
""".encode()
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<assessmentItem identifier="x" title="&lol3;"/>
"""
REFUSED = qi.Problem(0, 0, "tệp khai báo thực thể (entity) hoặc tham chiếu ra ngoài, bị từ chối vì lý do an toàn.")


def test_entities_and_external_references_refuse_the_whole_file():
    assert qti.read(XXE) == qi.ParseResult(problems=[REFUSED])
    assert qti.read(LAUGHS) == qi.ParseResult(problems=[REFUSED])


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _manifest(*hrefs, base=""):
    resources = "".join(f'<resource identifier="R{i}" type="imsqti_item_xmlv2p1" href="{href}">'
                        f'<file href="{href}"/></resource>' for i, href in enumerate(hrefs, 1))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" '
            f'identifier="M"><organizations/><resources{base}>{resources}'
            f'<resource identifier="T" type="imsqti_test_xmlv2p1" href="test.xml"/></resources></manifest>').encode()


def test_a_content_package_reads_the_items_its_manifest_lists_in_order():
    essay = item('<extendedTextInteraction responseIdentifier="RESPONSE"><prompt>Kể tên ba loài cây.</prompt>'
                 '</extendedTextInteraction>', declaration(base_type="string"))
    package = _zip({
        "imsmanifest.xml": _manifest("items/c%C3%A2u%201.xml", "items/essay.xml", "items/missing.xml",
                                     "items/broken.xml", "../outside.xml", "items/hotspot.xml"),
        "items/câu 1.xml": SINGLE,
        "items/essay.xml": essay,
        "items/broken.xml": b"<assessmentItem><itemBody>",
        "items/hotspot.xml": item('<hotspotInteraction responseIdentifier="R"/>', declaration("R")),
        "items/not-listed.xml": _choice(1, ["C1"]),
        "items/images/do-thi.png": _png(),
    })

    result = qti.read(package)

    assert [(q.number, q.line, q.kind, q.title) for q in result.questions] == [
        (1, 0, qi.SINGLE, "Hàm số bậc hai"), (2, 0, qi.ESSAY, "Câu hỏi")]
    assert result.problems == [
        qi.Problem(3, 0, "tệp “items/missing.xml” mà tệp kê khai (manifest) nêu tên không có trong gói."),
        qi.Problem(4, 0, "“items/broken.xml” không phải XML hợp lệ: dòng 1: không có phần tử nào."),
        qi.Problem(5, 0, "tệp “../outside.xml” mà tệp kê khai (manifest) nêu tên nằm ngoài gói."),
    ]
    assert result.skipped == [
        qi.Problem(6, 0, "dạng tương tác hotspotInteraction không có trong ngân hàng câu hỏi.")]


def test_a_package_zipped_inside_its_folder_with_xml_base_is_read():
    package = _zip({"goi/imsmanifest.xml": _manifest("cau1.xml", base=' xml:base="items/"'),
                    "goi/items/cau1.xml": _choice(1, ["C1"])})

    assert [(q.number, q.kind) for q in qti.read(package).questions] == [(1, qi.SINGLE)]


def test_unsafe_zips_and_hostile_items_refuse_the_whole_package():
    traversal = _zip({"imsmanifest.xml": _manifest("q.xml"), "q.xml": SINGLE, "../evil.xml": b"<x/>"})
    hostile = _zip({"imsmanifest.xml": _manifest("q.xml", "xxe.xml"), "q.xml": SINGLE, "xxe.xml": XXE})
    no_manifest = _zip({"q.xml": SINGLE})

    assert qti.read(traversal) == qi.ParseResult(problems=[qi.Problem(
        0, 0, "tệp này chứa một phần có tên không an toàn (“../evil.xml”): tệp không được mở.")])
    assert qti.read(hostile) == qi.ParseResult(problems=[REFUSED])
    assert qti.read(no_manifest) == qi.ParseResult(problems=[qi.Problem(
        0, 0, "gói không có tệp imsmanifest.xml: đây không phải gói nội dung QTI.")])
    assert qti.read(b"PK\x03\x04broken") == qi.ParseResult(
        problems=[qi.Problem(0, 0, "tệp này bị hỏng: không mở được.")])


def test_an_item_typed_in_a_legacy_vietnamese_font_is_converted():
    legacy = item('<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><prompt>KÕ ho¹ch bµi d¹y '
                  'To¸n 6</prompt><simpleChoice identifier="a">§óng</simpleChoice><simpleChoice identifier="b">'
                  'Sai</simpleChoice></choiceInteraction>', declaration(correct=["a"]), title="Bµi 1")

    [question] = qti.read(legacy).questions
    assert (question.title, question.stem, question.converted_from) == (
        "Bài 1", "<p>Kế hoạch bài dạy Toán 6</p>", "TCVN3")
    assert [o.text for o in question.options] == ["Đúng", "Sai"]


def test_a_cloze_whose_text_already_holds_a_blank_mark_is_refused():
    cloze = item('<p>\\(\\frac{1}{2}\\) [[1]] <textEntryInteraction responseIdentifier="R"/> '
                 '<textEntryInteraction responseIdentifier="S"/></p>',
                 declaration("R", base_type="string", correct=["a"]) + declaration("S", base_type="string",
                                                                                  correct=["b"]))
    latex = item('<p>\\(\\frac{1}{2}\\) = <textEntryInteraction responseIdentifier="R"/></p>'
                 '<p><inlineChoiceInteraction responseIdentifier="S"><inlineChoice identifier="a">{1}</inlineChoice>'
                 '<inlineChoice identifier="b">{2}</inlineChoice></inlineChoiceInteraction></p>',
                 declaration("R", base_type="string", correct=["0,5"]) + declaration("S", correct=["a"]))

    assert qti.read(cloze).problems == [qi.Problem(
        1, 2, "nội dung có “[[1]]”, ký hiệu đánh dấu chỗ trống của ngân hàng câu hỏi: hãy viết cách khác.")]
    [question] = qti.read(latex).questions
    assert question.stem == "<p>\\(\\frac{1}{2}\\) = [[1]]</p><p>[[2]]</p>"
    assert [[o.text for o in blank] for blank in question.blanks] == [["0,5"], ["{1}", "{2}"]]


def test_images_in_choices_prompts_and_objects_become_media_and_those_that_cannot_are_refused(monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 300)
    green = "data:image/png;base64," + base64.b64encode(_png("green")).decode()

    def showing(*sources, identifier="x"):
        body = "".join(f'<img src="{src}" alt="Hình {n}" width="120"/>' for n, src in enumerate(sources, 1))
        return item(f'<p>Xem hình {body}</p><extendedTextInteraction responseIdentifier="R"/>',
                    declaration("R", base_type="string"), identifier=identifier)

    choices = item(
        '<p><object type="image/png" data="hinh/a%20b.png">Bản đồ</object></p>'
        '<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><prompt>Chọn <img src="hinh/a b.png" '
        'alt="Bản đồ"/></prompt>'
        '<simpleChoice identifier="A"><img src="../chung/do.png" alt="Đỏ"/><feedbackInline outcomeIdentifier="F" '
        f'identifier="A"><img src="{green}" alt="Xanh"/></feedbackInline></simpleChoice>'
        '<simpleChoice identifier="B">Không có</simpleChoice></choiceInteraction>',
        declaration(correct=["A"]))
    package = _zip({
        "imsmanifest.xml": _manifest("items/chon.xml", "items/thieu.xml", "items/web.xml", "items/ngoai.xml",
                                     "items/pdf.xml", "items/lon.xml", "items/am-thanh.xml"),
        "items/chon.xml": choices,
        "items/hinh/a b.png": _png("blue"),
        "chung/do.png": _png("red"),
        "items/thieu.xml": showing("khong-co.png"),
        "items/web.xml": showing("https://example.com/a.png"),
        "items/ngoai.xml": showing("../../ra-ngoai.png"),
        "items/pdf.xml": showing("bai.png"),
        "items/bai.png": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n",
        "items/lon.xml": showing("lon.bmp"),
        "items/lon.bmp": _png(size=(300, 300), kind="BMP"),
        "items/am-thanh.xml": item('<p><object type="audio/mpeg" data="bai-hat.mp3">Bài hát</object></p>'
                                   '<extendedTextInteraction responseIdentifier="R"/>',
                                   declaration("R", base_type="string")),
    })

    result = qti.read(package)

    [question] = result.questions
    assert question.stem == ('<p><img src="media:a_b.png" alt="Bản đồ"/></p>'
                             '<p>Chọn <img src="media:a_b.png" alt="Bản đồ"/></p>')
    assert [(o.text, o.feedback) for o in question.options] == [
        ('<img src="media:do.png" alt="Đỏ"/>', '<img src="media:image.png" alt="Xanh"/>'), ("Không có", "")]
    assert [(m.name, m.alt, m.data) for m in question.media] == [
        ("a_b.png", "Bản đồ", _png("blue")), ("do.png", "Đỏ", _png("red")), ("image.png", "Xanh", _png("green"))]
    assert result.problems == [
        qi.Problem(2, 0, "hình “items/khong-co.png” không có trong gói."),
        qi.Problem(3, 0, "hình “https://example.com/a.png” nằm ngoài tệp: ngân hàng câu hỏi chỉ giữ các hình có "
                         "trong tệp."),
        qi.Problem(4, 0, "hình “../../ra-ngoai.png” nằm ngoài tệp: ngân hàng câu hỏi chỉ giữ các hình có trong tệp."),
        qi.Problem(5, 0, "tệp “items/bai.png” được hiển thị như hình nhưng không phải hình ảnh (application/pdf)."),
        qi.Problem(6, 0, "hình “items/lon.bmp” lớn hơn 0 MB."),
        qi.Problem(7, 0, "câu hỏi hiển thị một tệp không phải hình ảnh (“bai-hat.mp3”, audio/mpeg); ngân hàng câu "
                         "hỏi chưa lưu được."),
    ]


def test_choices_kept_in_place_and_case_sensitive_answers():
    choices = "".join(f'<simpleChoice identifier="C{i}"{fixed}>{text}</simpleChoice>' for i, (text, fixed) in
                      enumerate([("2", ""), ("3", ""), ("Cả A và B", ' fixed="true"')], 1))
    shuffled = item(f'<choiceInteraction responseIdentifier="RESPONSE" shuffle="true" maxChoices="1"><prompt>Số '
                    f'nguyên tố</prompt>{choices}</choiceInteraction>', declaration(correct=["C3"]))
    in_order = item(f'<choiceInteraction responseIdentifier="RESPONSE" shuffle="false" maxChoices="1"><prompt>Số '
                    f'nguyên tố</prompt>{choices}</choiceInteraction>', declaration(correct=["C3"]))
    inline = item('<p>Thủ đô là <inlineChoiceInteraction responseIdentifier="R1" shuffle="true">'
                  '<inlineChoice identifier="hn">Hà Nội</inlineChoice><inlineChoice identifier="no" fixed="true">'
                  'Không có</inlineChoice></inlineChoiceInteraction> và <inlineChoiceInteraction '
                  'responseIdentifier="R2" shuffle="false"><inlineChoice identifier="a">a</inlineChoice>'
                  '<inlineChoice identifier="b">b</inlineChoice></inlineChoiceInteraction>.</p>',
                  declaration("R1", correct=["hn"]) + declaration("R2", correct=["a"]))

    def typed(mapping="", processing="", body='<p>Kí hiệu của sắt: <textEntryInteraction responseIdentifier="R"/></p>'):
        return item(body, declaration("R", base_type="string", correct=["Fe"], mapping=mapping), processing=processing)

    assert [o.fixed for o in qti.read(shuffled).questions[0].options] == [False, False, True]
    assert [o.fixed for o in qti.read(in_order).questions[0].options] == [True, True, True]
    assert [[o.fixed for o in blank] for blank in qti.read(inline).questions[0].blanks] == [
        [False, True], [True, True]]
    entry = '<mapEntry mapKey="Fe" mappedValue="1"{}/>'
    assert [qti.read(typed(mapping)).questions[0].case_sensitive for mapping in [
        "", f'<mapping>{entry.format("")}</mapping>', f'<mapping caseSensitive="true">{entry.format("")}</mapping>',
        f'<mapping>{entry.format(" caseSensitive=" + chr(34) + "true" + chr(34))}</mapping>',
        f'<mapping>{entry.format(" caseSensitive=" + chr(34) + "false" + chr(34))}</mapping>']] == [
        False, False, True, True, False]
    string_match = ('<responseProcessing><responseCondition><responseIf><stringMatch caseSensitive="true">'
                    '<variable identifier="R"/><correct identifier="R"/></stringMatch></responseIf>'
                    '</responseCondition></responseProcessing>')
    assert qti.read(typed(processing=string_match)).questions[0].case_sensitive is True
    two_blanks = ('<p><textEntryInteraction responseIdentifier="R"/> và '
                  '<textEntryInteraction responseIdentifier="R"/></p>')
    assert qti.read(typed(processing=string_match, body=two_blanks)).problems == [qi.Problem(
        1, 2, "chỗ trống 1 chấm có phân biệt chữ hoa, chữ thường; ngân hàng câu hỏi chưa hỗ trợ trong đoạn văn.")]


def test_general_feedback_a_grading_guide_and_a_model_answer_are_read_from_their_places():
    essay = item(
        '<rubricBlock view="candidate"><p>Làm trong 10 phút.</p></rubricBlock>'
        '<p>Tả quê hương em.</p><extendedTextInteraction responseIdentifier="RESPONSE"/>'
        '<rubricBlock view="scorer tutor"><p>Mở đoạn: 1 điểm.</p></rubricBlock>',
        declaration(base_type="string", correct=["Quê em ở ven sông Hồng."]),
        processing='<modalFeedback outcomeIdentifier="FEEDBACK" identifier="CORRECT" showHide="show">'
                   '<p>Tốt!</p></modalFeedback><modalFeedback outcomeIdentifier="FEEDBACK" identifier="GENERAL" '
                   'showHide="hide"><p>Chú ý <b>chính tả</b>.</p></modalFeedback>')
    [question] = qti.read(essay).questions
    assert (question.kind, question.stem) == (qi.ESSAY, "<p>Tả quê hương em.</p>")
    assert question.general_feedback == "<p>Chú ý <b>chính tả</b>.</p>"
    assert question.rubric == "<p>Mở đoạn: 1 điểm.</p>" and question.model_answer == "Quê em ở ven sông Hồng."
    # An item's only modal feedback is its general feedback; of several, none is "GENERAL": none is kept.
    only = item('<p>Thủ đô?</p><textEntryInteraction responseIdentifier="RESPONSE"/>',
                declaration(base_type="string", correct=["Hà Nội"]),
                processing='<modalFeedback outcomeIdentifier="FEEDBACK" identifier="F1" showHide="show">'
                           'Hà Nội là thủ đô.</modalFeedback>')
    assert qti.read(only).questions[0].general_feedback == "Hà Nội là thủ đô."
    several = only.replace(b"</assessmentItem>", '<modalFeedback outcomeIdentifier="FEEDBACK" identifier="F2" '
                           'showHide="show">Sai.</modalFeedback></assessmentItem>'.encode())
    assert qti.read(several).questions[0].general_feedback == ""
