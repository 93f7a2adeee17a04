"""Moodle XML into the bank's neutral form (repository/questions/formats/moodlexml.py): every
question type the bank has, categories, HTML kept as the file has it, cloze blanks, the
types the bank does not have listed as skipped with their type named; broken questions
refused one by one with their number, line and reason in Vietnamese; malformed XML and
entity tricks (XXE, billion laughs) refuse the whole file."""

import base64
import io

import pytest
from django.utils import translation
from PIL import Image

from repository.questions import interchange as qi
from repository.questions.formats import images, moodlexml

GOOD = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category><text>$course$/top/Toán 6/Chương 1</text></category>
    <info format="html"><text></text></info>
  </question>
  <question type="multichoice">
    <name><text>Câu 1</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Kết quả của phép tính \\(2 + 3\\) là</p>]]></text>
    </questiontext>
    <generalfeedback format="html"><text><![CDATA[<p>Cộng hai số tự nhiên.</p>]]></text></generalfeedback>
    <defaultgrade>1.0000000</defaultgrade>
    <single>true</single>
    <shuffleanswers>true</shuffleanswers>
    <answer fraction="100" format="html"><text><![CDATA[<p>5</p>]]></text>
      <feedback format="html"><text>Đúng rồi!</text></feedback></answer>
    <answer fraction="0" format="html"><text><![CDATA[<p>6</p>]]></text>
      <feedback format="html"><text>Chưa đúng: 2 + 3 = 5.</text></feedback></answer>
  </question>
  <question type="multichoice">
    <name><text>Số chẵn</text></name>
    <questiontext format="moodle_auto_format"><text>Chọn các số chẵn</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>2</text></answer>
    <answer fraction="50"><text>4</text></answer>
    <answer fraction="-100"><text>3</text><feedback><text>3 là số lẻ.</text></feedback></answer>
  </question>
  <question type="truefalse">
    <name><text>Mặt Trời</text></name>
    <questiontext format="plain_text"><text>Mặt Trời quay quanh Trái Đất.</text></questiontext>
    <generalfeedback><text>Trái Đất quay quanh Mặt Trời.</text></generalfeedback>
    <answer fraction="0"><text>true</text></answer>
    <answer fraction="100"><text>false</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>Sông</text></name>
    <questiontext format="html"><text>&lt;p&gt;Dòng sông chảy qua Hà Nội là sông&lt;/p&gt;</text></questiontext>
    <usecase>0</usecase>
    <answer fraction="100"><text>Hồng</text></answer>
    <answer fraction="100"><text>sông Hồng</text></answer>
    <answer fraction="50"><text>Hong</text><feedback><text>Nhớ viết có dấu.</text></feedback></answer>
    <answer fraction="0"><text>*</text><feedback><text>Chưa đúng.</text></feedback></answer>
  </question>
  <question type="numerical">
    <name><text>Số pi</text></name>
    <questiontext format="html"><text>Số π làm tròn đến hai chữ số thập phân là</text></questiontext>
    <answer fraction="100"><text>3.14</text><tolerance>0.005</tolerance>
      <feedback><text>Chính xác.</text></feedback></answer>
    <answer fraction="50"><text>3,1</text><tolerance>0</tolerance></answer>
    <units></units>
  </question>
  <question type="match">
    <name><text>Thủ đô</text></name>
    <questiontext format="html"><text>Ghép thủ đô với nước</text></questiontext>
    <subquestion format="html"><text><![CDATA[<p>Hà Nội</p>]]></text><answer><text>Việt Nam</text></answer></subquestion>
    <subquestion format="html"><text>Viêng Chăn</text><answer><text>Lào</text></answer></subquestion>
    <subquestion format="html"><text></text><answer><text></text></answer></subquestion>
  </question>
  <question type="category">
    <category><text>$course$/top/Toán 6/Chương 2</text></category>
  </question>
  <question type="essay">
    <name><text>Quê hương</text></name>
    <questiontext format="html"><text>Viết đoạn văn (5–7 câu) tả quê hương em.</text></questiontext>
    <responseformat>editor</responseformat>
  </question>
  <question type="multianswer">
    <name><text>Điền khuyết</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Thủ đô của Việt Nam là {1:MULTICHOICE:=Hà Nội#Đúng~Huế#Sai~Đà Nẵng}, nằm bên
sông {1:SHORTANSWER:=Hồng~%50%Hong#Nhớ viết có dấu~*#Chưa đúng}. Ký hiệu {:MC:=a\\}b~c\\#d~&lt;e&gt;}.</p>]]></text>
    </questiontext>
    <generalfeedback format="html"><text>Địa lí Việt Nam.</text></generalfeedback>
  </question>
  <question type="description">
    <name><text>Giới thiệu</text></name>
    <questiontext format="html"><text>Phần II: tự luận</text></questiontext>
  </question>
  <question type="ddwtos">
    <name><text>Kéo thả</text></name>
    <questiontext format="html"><text>Kéo [[1]] vào chỗ trống</text></questiontext>
  </question>
  <question type="calculated">
    <name><text>Tính</text></name>
    <questiontext format="html"><text>Tính {a} + {b}</text></questiontext>
  </question>
  <question type="random">
    <name><text>Ngẫu nhiên</text></name>
    <questiontext format="html"><text>0</text></questiontext>
  </question>
</quiz>
"""


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_every_moodle_question_type_is_read_with_its_vietnamese_text():
    result = moodlexml.read(GOOD.encode())

    assert result.problems == []
    assert [(q.number, q.line, q.kind, q.text_format, q.category) for q in result.questions] == [
        (1, 8, qi.SINGLE, "html", "Toán 6/Chương 1"),
        (2, 22, qi.MULTIPLE, "moodle", "Toán 6/Chương 1"),
        (3, 30, qi.TRUE_FALSE, "plain", "Toán 6/Chương 1"),
        (4, 37, qi.SHORT_TEXT, "html", "Toán 6/Chương 1"),
        (5, 46, qi.NUMERIC, "html", "Toán 6/Chương 1"),
        (6, 54, qi.MATCHING, "html", "Toán 6/Chương 1"),
        (7, 64, qi.ESSAY, "html", "Toán 6/Chương 2"),
        (8, 69, qi.CLOZE, "html", "Toán 6/Chương 2"),
    ]
    one, even, sun, river, pi, capitals, essay, cloze = result.questions

    assert (one.title, one.stem, one.general_feedback) == (
        "Câu 1", "<p>Kết quả của phép tính \\(2 + 3\\) là</p>", "<p>Cộng hai số tự nhiên.</p>")
    assert [(o.text, o.fraction, o.feedback) for o in one.options] == [
        ("<p>5</p>", 1.0, "Đúng rồi!"), ("<p>6</p>", 0.0, "Chưa đúng: 2 + 3 = 5.")]
    assert [(o.text, o.fraction, o.feedback) for o in even.options] == [
        ("2", 0.5, ""), ("4", 0.5, ""), ("3", -1.0, "3 là số lẻ.")]
    assert (sun.stem, sun.truth, sun.general_feedback) == (
        "Mặt Trời quay quanh Trái Đất.", False, "Trái Đất quay quanh Mặt Trời.")

    assert river.stem == "<p>Dòng sông chảy qua Hà Nội là sông</p>"
    assert [(o.text, o.fraction, o.feedback) for o in river.options] == [
        ("Hồng", 1.0, ""), ("sông Hồng", 1.0, ""), ("Hong", 0.5, "Nhớ viết có dấu.")]
    assert [(a.value, a.tolerance, a.fraction, a.feedback) for a in pi.numeric] == [
        (3.14, 0.005, 1.0, "Chính xác."), (3.1, 0.0, 0.5, "")]
    assert capitals.pairs == [("<p>Hà Nội</p>", "Việt Nam"), ("Viêng Chăn", "Lào")]
    assert (essay.title, essay.stem, essay.options) == ("Quê hương", "Viết đoạn văn (5–7 câu) tả quê hương em.", [])

    assert cloze.stem == "<p>Thủ đô của Việt Nam là [[1]], nằm bên\nsông [[2]]. Ký hiệu [[3]].</p>"
    assert (cloze.title, cloze.general_feedback) == ("Điền khuyết", "Địa lí Việt Nam.")
    assert [[(o.text, o.fraction, o.feedback) for o in blank] for blank in cloze.blanks] == [
        [("Hà Nội", 1.0, "Đúng"), ("Huế", 0.0, "Sai"), ("Đà Nẵng", 0.0, "")],
        [("Hồng", 1.0, ""), ("Hong", 0.5, "Nhớ viết có dấu")],
        [("a}b", 1.0, ""), ("c#d", 0.0, ""), ("<e>", 0.0, "")],
    ]
    assert all(q.converted_from == "" for q in result.questions)

    assert [(p.number, p.line, p.message) for p in result.skipped] == [
        (9, 77, "đoạn văn không có đáp án (phần mô tả), không phải câu hỏi"),
        (10, 81, "câu hỏi loại “ddwtos”, loại mà ngân hàng câu hỏi chưa có."),
        (11, 85, "câu hỏi loại “calculated”, loại mà ngân hàng câu hỏi chưa có."),
        (12, 89, "câu hỏi loại “random”, loại mà ngân hàng câu hỏi chưa có."),
    ]


def _quiz(*questions: str) -> bytes:
    return ("<quiz>\n" + "\n".join(questions) + "\n</quiz>\n").encode()


def _q(kind: str, text: str, body: str = "") -> str:
    return f'<question type="{kind}"><questiontext><text><![CDATA[{text}]]></text></questiontext>{body}</question>'


def test_broken_questions_are_refused_one_by_one_and_the_rest_is_taken():
    right, wrong = '<answer fraction="100"><text>a</text></answer>', '<answer fraction="0"><text>b</text></answer>'
    data = _quiz(
        _q("multichoice", "Câu đúng", right + wrong),
        _q("multichoice", "Không có đáp án trọn điểm", '<answer fraction="50"><text>a</text></answer>' + wrong),
        _q("multichoice", "Nhiều đáp án, không đáp án đúng", "<single>false</single>" + wrong + wrong),
        _q("multichoice", "Một đáp án thôi", right),
        _q("multichoice", "Tỉ lệ sai", '<answer fraction="một trăm"><text>a</text></answer>' + wrong),
        _q("multichoice", "", right + wrong),
        _q("truefalse", "Không có đáp án đúng",
           '<answer fraction="0"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'),
        _q("shortanswer", "Phân biệt chữ hoa", "<usecase>1</usecase>" + right),
        _q("shortanswer", "Chấp nhận mọi chữ", '<answer fraction="100"><text>Hà*</text></answer>'),
        _q("numerical", "Có đơn vị", '<answer fraction="100"><text>5</text></answer>'
           "<units><unit><multiplier>1</multiplier><unit_name>m</unit_name></unit>"
           "<unit><multiplier>100</multiplier><unit_name>cm</unit_name></unit></units>"),
        _q("numerical", "Không phải số", '<answer fraction="100"><text>năm</text></answer>'),
        _q("match", "Có đáp án gây nhiễu", '<subquestion><text>Hà Nội</text><answer><text>Việt Nam</text></answer>'
           '</subquestion><subquestion><text>Huế</text><answer><text>Việt Nam</text></answer></subquestion>'
           '<subquestion><text></text><answer><text>Lào</text></answer></subquestion>'),
        _q("match", "Một cặp", '<subquestion><text>Hà Nội</text><answer><text>Việt Nam</text></answer></subquestion>'),
        _q("multichoice", '<p><img src="@@PLUGINFILE@@/hinh.png"></p>', right + wrong),
        _q("multianswer", "Điền số {1:NUMERICAL:=3.14:0.01}"),
        _q("multianswer", "Chọn nhiều {1:MULTIRESPONSE:=a~=b~c}"),
        _q("multianswer", "Chữ hoa {1:SAC:=Hà Nội}"),
        _q("multianswer", "Khác điểm {2:SA:=a} và {1:SA:=b}"),
        _q("multianswer", "Chưa đóng {1:SA:=a"),
        _q("multianswer", "Đáp án gõ sai {1:SA:=Hồng~Hồ#Sai}"),
        _q("multianswer", "Không có chỗ trống nào"),
        _q("multianswer", "Loại lạ {1:REGEXP:=a.*}"),
        '<question><questiontext><text>Không ghi loại</text></questiontext></question>',
        _q("multianswer", "Không có đáp án trọn điểm {1:MC:%50%a~b}"),
        _q("multianswer", "Chọn mà không có phương án sai {1:MCV:=a~=b}"),
        _q("truefalse", "Câu cuối vẫn được đọc", right.replace(">a<", ">true<") + wrong.replace(">b<", ">false<")),
    )
    result = moodlexml.read(data)

    assert [(q.number, q.line, q.kind) for q in result.questions] == [
        (1, 2, qi.SINGLE), (8, 9, qi.SHORT_TEXT), (12, 13, qi.MATCHING), (26, 27, qi.TRUE_FALSE)]
    assert result.questions[3].truth is True
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (2, 3, "câu một đáp án đúng cần một đáp án được trọn điểm (tỉ lệ 100)."),
        (3, 4, "không có đáp án nào được đánh dấu đúng (tỉ lệ điểm lớn hơn 0)."),
        (4, 5, "câu trắc nghiệm cần ít nhất hai đáp án."),
        (5, 6, "tỉ lệ điểm không phải là số: “một trăm”."),
        (6, 7, "câu hỏi không có nội dung."),
        (7, 8, "câu đúng/sai cần đúng một đáp án đúng (“true” hoặc “false”)."),
        (9, 10, "có đáp án được chấp nhận dùng “*” (chuỗi bất kỳ): “Hà*”; ngân hàng câu hỏi chưa hỗ trợ."),
        (10, 11, "đáp án có đơn vị đo (m, cm); ngân hàng câu hỏi chưa hỗ trợ."),
        (11, 12, "cần một số: “năm”."),
        (13, 14, "câu ghép nối cần ít nhất hai cặp gồm câu và đáp án ghép với nó."),
        (14, 15, "hình “hinh.png” không có trong tệp."),
        (15, 16, "chỗ trống 1 cần điền một số (NUMERICAL); ngân hàng câu hỏi chưa hỗ trợ kiểu này trong đoạn văn."),
        (16, 17, "chỗ trống 1 cho chọn nhiều đáp án (MULTIRESPONSE); ngân hàng câu hỏi chưa hỗ trợ kiểu này trong "
                 "đoạn văn."),
        (17, 18, "chỗ trống 1 chấm có phân biệt chữ hoa, chữ thường (SAC); ngân hàng câu hỏi chưa hỗ trợ."),
        (18, 19, "các chỗ trống có số điểm khác nhau (2, 1); ngân hàng câu hỏi chưa hỗ trợ."),
        (19, 20, "chỗ trống 1 thiếu dấu “}” đóng."),
        (20, 21, "chỗ trống 1 có liệt kê đáp án gõ sai (“Hồ”); ngân hàng câu hỏi chưa hỗ trợ."),
        (21, 22, "câu điền khuyết không có chỗ trống nào, ví dụ {1:SHORTANSWER:=đáp án}."),
        (22, 23, "chỗ trống 1 có loại mà ngân hàng câu hỏi không biết: “REGEXP”."),
        (23, 24, "câu hỏi không ghi loại."),
        (24, 25, "chỗ trống 1 không có đáp án nào được trọn điểm."),
        (25, 26, "chỗ trống 1 là câu chọn nhưng không có phương án sai."),
    ]
    assert result.skipped == []


def test_malformed_xml_is_one_problem_naming_its_line():
    data = _quiz(_q("essay", "Câu một"), '<question type="essay"><questiontext><text>Câu hai</questiontext>')
    result = moodlexml.read(data)

    assert result.questions == [] and result.skipped == []
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (0, 3, "tệp không phải XML hợp lệ: lỗi ở dòng 3.")]


def test_an_encoding_that_cannot_be_read_refuses_the_file():
    result = moodlexml.read(b'<?xml version="1.0" encoding="VNI-Times"?>\n<quiz></quiz>')

    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (0, 0, "tệp khai báo một bảng mã không đọc được.")]


def test_a_file_that_is_no_quiz_is_refused():
    result = moodlexml.read("<?xml version='1.0'?><assessmentItem><question type='essay'/></assessmentItem>")

    assert result.questions == []
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (0, 0, "tệp không phải tệp câu hỏi Moodle XML (không có thẻ <quiz>).")]


@pytest.mark.parametrize("data", [
    # XXE: an external entity naming a file of the server
    b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    b'<quiz><question type="essay"><questiontext><text>&xxe;</text></questiontext></question></quiz>',
    # billion laughs: entities expanding into each other
    b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
    b'<quiz><question type="essay"><questiontext><text>&c;</text></questiontext></question></quiz>',
], ids=["xxe", "billion-laughs"])
def test_entities_refuse_the_whole_file(data):
    result = moodlexml.read(data)

    assert result.questions == [] and result.skipped == []
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (0, 0, "tệp khai báo thực thể XML hoặc tham chiếu ra bên ngoài, bị từ chối để đảm bảo an toàn.")]


def test_questions_typed_in_legacy_vietnamese_fonts_are_converted():
    data = _quiz(
        _q("multichoice", "KÕ ho¹ch bµi d¹y To¸n 6 cã mÊy phÇn?",
           '<answer fraction="100"><text>Hai</text></answer><answer fraction="0"><text>Ba</text>'
           "<feedback><text>Ch­a ®óng</text></feedback></answer>"),
        _q("truefalse", "Xin chaøo caùc baïn",
           '<answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>'),
        _q("essay", "<p>Câu Unicode</p>"),
    )
    result = moodlexml.read(data)

    assert result.problems == []
    assert [(q.stem, q.converted_from) for q in result.questions] == [
        ("Kế hoạch bài dạy Toán 6 có mấy phần?", "TCVN3"), ("Xin chào các bạn", "VNI"), ("<p>Câu Unicode</p>", "")]
    assert result.questions[0].options[1].feedback == "Chưa đúng"


def test_cloze_blanks_become_double_brackets_and_latex_braces_stay():
    result = moodlexml.read(_quiz(
        _q("multianswer", "<p>\\(\\frac{1}{2}\\) + \\(\\frac{1}{2}\\) = {1:SA:=1} và \\(x^{2}\\) = {1:MC:=4~2}</p>"),
        _q("multianswer", "<p>Ô [[2]] có sẵn {1:SA:=a}</p>"),
    ))

    [cloze] = result.questions
    assert cloze.stem == "<p>\\(\\frac{1}{2}\\) + \\(\\frac{1}{2}\\) = [[1]] và \\(x^{2}\\) = [[2]]</p>"
    assert [[o.text for o in blank] for blank in cloze.blanks] == [["1"], ["4", "2"]]
    assert [(p.number, p.line, p.message) for p in result.problems] == [
        (2, 3, "nội dung có “[[2]]”, ký hiệu đánh dấu chỗ trống của ngân hàng câu hỏi: hãy viết cách khác.")]


def _png(colour="red", size=(2, 2), kind="PNG") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, kind)
    return buffer.getvalue()


def _file(name, data, path="/"):
    return f'<file name="{name}" path="{path}" encoding="base64">{base64.b64encode(data).decode()}</file>'


def test_embedded_images_become_the_questions_media_named_in_its_text():
    red, blue, gif = _png("red"), _png("blue"), _png(kind="GIF")
    data_address = "data:image/png;base64," + base64.b64encode(_png("green")).decode()
    shown = _quiz(
        '<question type="multichoice"><questiontext format="html"><text><![CDATA[<p>Quan sát '
        '<img src="@@PLUGINFILE@@/h%C3%ACnh%201.png" alt="Đồ thị của \\(y = x^2\\)" width="200"> và '
        "<img alt='Hình nhỏ' src='@@PLUGINFILE@@/sub/nho.gif?time=1'></p>]]></text>"
        + _file("hình 1.png", red) + _file("nho.gif", gif, "/sub/") + _file("thua.png", _png("white")) +
        '</questiontext><generalfeedback format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/lai.png">]]>'
        '</text>' + _file("lai.png", red) + '</generalfeedback>'
        '<answer fraction="100" format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/h%C3%ACnh%201.png" alt="B">]]>'
        '</text>' + _file("hình 1.png", blue) + '</answer>'
        f'<answer fraction="0" format="html"><text><![CDATA[<img src="{data_address}" alt="Xanh">]]></text>'
        '<feedback><text>Sai</text></feedback></answer></question>',
        '<question type="essay"><questiontext format="html"><text>Tả bức tranh.</text></questiontext>'
        '<image>tranh cu.jpg</image><image_base64>' + base64.b64encode(_png(kind="JPEG")).decode() +
        '</image_base64></question>',
    )
    result = moodlexml.read(shown)

    assert result.problems == []
    first, old = result.questions
    assert first.stem == ('<p>Quan sát <img src="media:hình_1.png" alt="Đồ thị của \\(y = x^2\\)" width="200"> và '
                          "<img alt='Hình nhỏ' src=\"media:nho.gif\"></p>")
    assert first.general_feedback == '<img src="media:hình_1.png">'
    assert [o.text for o in first.options] == ['<img src="media:hình_1-2.png" alt="B">',
                                               '<img src="media:image.png" alt="Xanh">']
    assert [(m.name, m.mime, m.alt) for m in first.media] == [
        ("hình_1.png", "image/png", "Đồ thị của \\(y = x^2\\)"), ("nho.gif", "image/gif", "Hình nhỏ"),
        ("hình_1-2.png", "image/png", "B"), ("image.png", "image/png", "Xanh")]
    assert [m.data for m in first.media] == [red, gif, blue, _png("green")]
    assert (old.stem, [(m.name, m.mime) for m in old.media]) == (
        'Tả bức tranh. <img src="media:tranh_cu.jpg" alt="">', [("tranh_cu.jpg", "image/jpeg")])


def test_images_that_cannot_be_kept_refuse_their_question_with_the_reason(monkeypatch):
    monkeypatch.setattr(images, "MAX_BYTES", 200)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    def shows(src, *files, fmt="html"):
        return (f'<question type="essay"><questiontext format="{fmt}"><text><![CDATA[<p>Hình <img src="{src}"></p>]]>'
                f'</text>{"".join(files)}</questiontext></question>')

    result = moodlexml.read(_quiz(
        shows("@@PLUGINFILE@@/thieu.png"),
        shows("@@PLUGINFILE@@/lon.png", _file("lon.png", _png(size=(300, 300), kind="BMP"))),
        shows("@@PLUGINFILE@@/bai.png", _file("bai.png", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")),
        shows("@@PLUGINFILE@@/ve.svg", _file("ve.svg", svg)),
        shows("https://example.com/a.png"),
        shows("@@PLUGINFILE@@/a.png", _file("a.png", _png()), fmt="plain_text"),
        _q("essay", '<p>Đọc <a href="@@PLUGINFILE@@/bai%20doc.pdf">bài đọc</a></p>')
        .replace("</questiontext>", _file("bai doc.pdf", b"%PDF-1.4\n") + "</questiontext>"),
        shows("@@PLUGINFILE@@/hong.png", '<file name="hong.png" path="/" encoding="base64">@@@</file>'),
        shows("@@PLUGINFILE@@/a.png", _file("a.png", _png())),
    ))

    assert [(q.number, [m.name for m in q.media]) for q in result.questions] == [(9, ["a.png"])]
    assert [(p.number, p.message) for p in result.problems] == [
        (1, "hình “thieu.png” không có trong tệp."),
        (2, "hình “lon.png” lớn hơn 0 MB."),
        (3, "tệp “bai.png” được hiển thị như hình nhưng không phải hình ảnh (application/pdf)."),
        (4, "hình “ve.svg” là hình vẽ SVG, ngân hàng câu hỏi không nhận loại này: hãy lưu hình dưới dạng PNG."),
        (5, "hình “https://example.com/a.png” nằm ngoài tệp: ngân hàng câu hỏi chỉ giữ các hình có trong tệp."),
        (6, "câu hỏi có hình nhưng nội dung không viết dạng HTML (định dạng “plain”)."),
        (7, "nội dung liên kết tới tệp “bai doc.pdf” không phải dưới dạng hình, ngân hàng câu hỏi chưa lưu được."),
        (8, "không đọc được tệp nhúng kèm “hong.png”."),
    ]


def test_case_distractors_grading_information_and_tags_are_taken():
    result = moodlexml.read(_quiz(
        _q("shortanswer", "Kí hiệu của sắt", '<usecase>1</usecase><answer fraction="100"><text>Fe</text></answer>'
           '<tags><tag><text>hóa học</text></tag><tag><text>nguyên tố</text></tag></tags>'),
        _q("match", "Ghép", '<subquestion><text>Hà Nội</text><answer><text>Việt Nam</text></answer></subquestion>'
           '<subquestion><text>Viêng Chăn</text><answer><text>Lào</text></answer></subquestion>'
           '<subquestion><text></text><answer><text>Thái Lan</text></answer></subquestion>'
           '<subquestion><text></text><answer><text>Campuchia</text></answer></subquestion>'),
        _q("essay", "Tả quê em.", '<graderinfo format="html"><text><![CDATA[<p>Bố cục: 1 điểm.</p>]]></text>'
           '</graderinfo><responsetemplate format="html"><text></text></responsetemplate>'),
        _q("essay", "Viết tiếp.", '<responsetemplate format="html"><text>Ngày xưa, </text></responsetemplate>'),
    ))

    iron, capitals, essay = result.questions
    assert (iron.case_sensitive, iron.tags) == (True, ["hóa học", "nguyên tố"])
    assert (capitals.pairs, capitals.distractors) == ([("Hà Nội", "Việt Nam"), ("Viêng Chăn", "Lào")],
                                                      ["Thái Lan", "Campuchia"])
    assert (essay.rubric, essay.model_answer) == ("<p>Bố cục: 1 điểm.</p>", "")
    assert [(p.number, p.message) for p in result.problems] == [
        (4, "câu tự luận cho học sinh sẵn một đoạn để viết tiếp (mẫu câu trả lời); ngân hàng câu hỏi chưa hỗ trợ.")]
