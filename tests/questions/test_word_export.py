"""Questions written as a Word document in the common Vietnamese layout
(repository/questions/word/export.py), read back by the Word reader
(formats.read_file(fmt="docx")): parts I–IV, "Câu N" stems, options underlined or an
answer table, "Đáp án:" lines, "Lời giải:", points and levels, the grading guide; what the
reader does not read yet (formulas, images, passages) checked in the document's XML."""

import io
import struct
import zlib

import docx
import pytest
from django.utils import translation
from docx.oxml.ns import qn

from repository.questions import interchange as qi
from repository.questions.formats import read_file
from repository.questions.word import export

M_OMATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath"


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def png() -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))


def single(stem, options, right, **fields):
    return qi.Question(qi.SINGLE, stem, 1, 0, options=[qi.Option(text, 1.0 if i == right else 0.0)
                                                       for i, text in enumerate(options)], **fields)


def group(stem, statements, **fields):
    return qi.Question(qi.TRUE_FALSE_GROUP, stem, 1, 0,
                       statements=[qi.Statement(text, truth) for text, truth in statements], **fields)


def numeric(stem, value, tolerance=0.0, **fields):
    return qi.Question(qi.NUMERIC, stem, 1, 0, numeric=[qi.NumericAnswer(value, tolerance)], **fields)


def short(stem, *accepted, **fields):
    return qi.Question(qi.SHORT_TEXT, stem, 1, 0, options=[qi.Option(text, 1.0) for text in accepted], **fields)


def essay(stem, **fields):
    return qi.Question(qi.ESSAY, stem, 1, 0, **fields)


def lines(data: bytes) -> list[str]:
    """The document's paragraphs (those in tables too, in order) as text, without empty ones."""
    document = docx.Document(io.BytesIO(data))
    found = []
    for block in document.element.body.iter(qn("w:p")):
        text = _text(block)
        if text.strip():
            found.append(text)
    return found


def _text(paragraph) -> str:
    out = []
    for node in paragraph.iter(qn("w:t"), qn("w:tab"), qn("w:br")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab") and node.getparent().tag == qn("w:r"):
            out.append("\t")
        elif node.tag == qn("w:br"):
            out.append("\n")
    return "".join(out)


def read(data: bytes):
    result = read_file(data, fmt="docx")
    assert result.problems == []
    return result.questions


def essentials(question: qi.Question):
    return (question.kind, question.stem, [(o.text, o.fraction) for o in question.options],
            [(s.text, s.truth) for s in question.statements], [(n.value, n.tolerance) for n in question.numeric],
            question.general_feedback, question.points, question.cognitive_level)


QUESTIONS = [
    single("Kết quả của phép tính 2 + 3 là", ["4", "5", "6", "7"], 1, general_feedback="Vì 2 + 3 = 5.",
           points=0.5),
    group("Cho hàm số y = 2x + 1. Xét tính đúng sai của các mệnh đề sau:",
          [("Hàm số đồng biến trên R.", True), ("Đồ thị đi qua điểm (0; 2).", False),
           ("Hệ số góc bằng 2.", True), ("Đồ thị cắt trục hoành tại x = 1.", False)]),
    numeric("Tính 1,5 + 1,64.", 3.14),
    short("Thủ đô của Việt Nam là thành phố nào?", "Hà Nội", cognitive_level="Nhận biết"),
    essay("Trình bày ý nghĩa của phép cộng.", model_answer="Phép cộng gộp hai số.",
          rubric="1 điểm nếu đúng ý.", points=2),
    single("Chọn phát biểu đúng về số nguyên tố:", ["Số 1 là số nguyên tố", "Số 2 là số nguyên tố chẵn duy nhất",
                                                      "Mọi số lẻ đều là số nguyên tố", "Số 9 là số nguyên tố"], 1,
           cognitive_level="Thông hiểu"),
]


@pytest.mark.parametrize("answers", [export.LINES, export.TABLE])
def test_each_kind_the_reader_reads_comes_back(answers):
    data = export.write(QUESTIONS, answers=answers, title="CÂU HỎI TOÁN 6")
    back = read(data)
    # parts I (choice), II (đúng/sai), III (short answers), IV (essays): numbered on
    expected = [QUESTIONS[0], QUESTIONS[5], QUESTIONS[1], QUESTIONS[2], QUESTIONS[3], QUESTIONS[4]]
    assert [essentials(q) for q in back] == [
        (qi.SINGLE, "Kết quả của phép tính 2 + 3 là", [("4", 0.0), ("5", 1.0), ("6", 0.0), ("7", 0.0)], [], [],
         "Vì 2 + 3 = 5.", 0.5, ""),
        (qi.SINGLE, "Chọn phát biểu đúng về số nguyên tố:", [(o.text, o.fraction) for o in expected[1].options],
         [], [], "", None, "Thông hiểu"),
        (qi.TRUE_FALSE_GROUP, expected[2].stem, [], [(s.text, s.truth) for s in expected[2].statements], [], "",
         None, ""),
        (qi.NUMERIC, "Tính 1,5 + 1,64.", [], [], [(3.14, 0.0)], "", None, ""),
        (qi.SHORT_TEXT, "Thủ đô của Việt Nam là thành phố nào?", [("Hà Nội", 1.0)], [], [], "", None, "Nhận biết"),
        (qi.ESSAY, "Trình bày ý nghĩa của phép cộng.", [], [], [], "", 2.0, ""),
    ]


def test_the_layout_with_answers_in_lines():
    text = lines(export.write(QUESTIONS, title="CÂU HỎI TOÁN 6"))
    assert text == [
        "CÂU HỎI TOÁN 6",
        "PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn",
        "Câu 1 (0,5 điểm): Kết quả của phép tính 2 + 3 là",
        "A. 4\tB. 5\tC. 6\tD. 7",
        "Lời giải: Vì 2 + 3 = 5.",
        "Câu 2 (TH): Chọn phát biểu đúng về số nguyên tố:",
        "A. Số 1 là số nguyên tố\tB. Số 2 là số nguyên tố chẵn duy nhất",  # two a line
        "C. Mọi số lẻ đều là số nguyên tố\tD. Số 9 là số nguyên tố",
        "PHẦN II. Câu trắc nghiệm đúng sai",
        "Câu 3: Cho hàm số y = 2x + 1. Xét tính đúng sai của các mệnh đề sau:",
        "a) Hàm số đồng biến trên R.",
        "b) Đồ thị đi qua điểm (0; 2).",
        "c) Hệ số góc bằng 2.",
        "d) Đồ thị cắt trục hoành tại x = 1.",
        "Đáp án: ĐSĐS",
        "PHẦN III. Câu trắc nghiệm trả lời ngắn",
        "Câu 4: Tính 1,5 + 1,64.",
        "Đáp án: 3,14",
        "Câu 5 (NB): Thủ đô của Việt Nam là thành phố nào?",
        "Đáp án: Hà Nội",
        "PHẦN IV. TỰ LUẬN",
        "Câu 6 (2 điểm): Trình bày ý nghĩa của phép cộng.",
        "HƯỚNG DẪN CHẤM",
        "Câu 6:",
        "Đáp án gợi ý: Phép cộng gộp hai số.",
        "Hướng dẫn chấm: 1 điểm nếu đúng ý.",
    ]


def underlined(data: bytes) -> list[str]:
    document = docx.Document(io.BytesIO(data))
    return [run.text for paragraph in document.paragraphs for run in paragraph.runs if run.underline]


def test_the_correct_option_is_underlined_only_with_answers_in_lines():
    assert underlined(export.write(QUESTIONS[:1])) == ["B.", " ", "5"]
    assert underlined(export.write(QUESTIONS[:1], answers=export.TABLE)) == []


def test_the_answer_table_a_part_at_a_time_ten_a_row():
    many = [single(f"Câu hỏi số {n}", ["a", "b", "c", "d"], n % 4) for n in range(12)] + QUESTIONS[1:3]
    data = export.write(many, answers=export.TABLE)
    document = docx.Document(io.BytesIO(data))
    tables = [[[cell.text for cell in row.cells] for row in table.rows] for table in document.tables]
    assert tables == [
        [["Câu", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10"],
         ["Đáp án", "A", "B", "C", "D", "A", "B", "C", "D", "A", "B"],
         ["Câu", "11", "12"] + [""] * 8,
         ["Đáp án", "C", "D"] + [""] * 8],
        [["Câu", "13"] + [""] * 9, ["Đáp án", "ĐSĐS"] + [""] * 9],
        [["Câu", "14"] + [""] * 9, ["Đáp án", "3,14"] + [""] * 9],
    ]
    text = lines(data)
    assert text[text.index("BẢNG ĐÁP ÁN") + 1] == "PHẦN I"
    assert "Đáp án: ĐSĐS" not in text
    assert [essentials(q)[:4] for q in read(data)][12:] == [essentials(q)[:4] for q in QUESTIONS[1:3]]


def test_kinds_the_reader_does_not_read_are_written_for_people():
    multiple = qi.Question(qi.MULTIPLE, "Chọn các số chẵn:", 1, 0, options=[
        qi.Option("2", 0.5), qi.Option("3", 0), qi.Option("4", 0.5), qi.Option("5", -0.5)])
    true_false = qi.Question(qi.TRUE_FALSE, "Số 0 là số tự nhiên.", 2, 0, truth=True)
    matching = qi.Question(qi.MATCHING, "Nối mỗi nước với thủ đô của nó:", 3, 0,
                           pairs=[("Việt Nam", "Hà Nội"), ("Lào", "Viêng Chăn")], distractors=["Băng Cốc"])
    cloze = qi.Question(qi.CLOZE, f"Thủ đô của Việt Nam là {qi.blank(1)}, của Lào là {qi.blank(2)}.", 4, 0,
                        blanks=[[qi.Option("Hà Nội", 1), qi.Option("Ha Noi", 1)],
                                [qi.Option("Viêng Chăn", 1), qi.Option("Huế", 0)]])
    short_answer = short("Viết tắt của Hà Nội?", "HN", "H.N.", case_sensitive=True)
    tolerant = qi.Question(qi.NUMERIC, "Số pi là bao nhiêu?", 6, 0, numeric=[
        qi.NumericAnswer(3.14, 0.01), qi.NumericAnswer(3.1, 0, 0.5)])
    data = export.write([multiple, true_false, matching, cloze, short_answer, tolerant])
    text = lines(data)
    assert text == [
        "PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn",
        "Câu 1: Chọn các số chẵn:", "A. 2\tB. 3\tC. 4\tD. 5", "Đáp án: A, C",
        "Câu 2: Số 0 là số tự nhiên.", "A. Đúng\tB. Sai",
        "Câu 3: Nối mỗi nước với thủ đô của nó:",
        "Cột A", "Cột B", "1. Việt Nam", "a. Băng Cốc", "2. Lào", "b. Hà Nội", "c. Viêng Chăn",
        "Đáp án: 1-b, 2-c",
        "PHẦN II. Câu trắc nghiệm trả lời ngắn",
        "Câu 4: Thủ đô của Việt Nam là ……(1)……, của Lào là ……(2)…….", "(2) A. Viêng Chăn\tB. Huế",
        "Đáp án: (1) Hà Nội; (2) Viêng Chăn",
        "Câu 5: Viết tắt của Hà Nội?", "Đáp án: HN",
        "Câu 6: Số pi là bao nhiêu?", "Đáp án: 3,14",
        "HƯỚNG DẪN CHẤM",
        "Câu 1:", "Điểm của từng phương án: A 50%; B 0%; C 50%; D -50%",
        "Câu 4:", "Đáp án khác được chấp nhận ở chỗ trống (1): Ha Noi",
        "Câu 5:", "Đáp án khác được chấp nhận: H.N.", "Lưu ý: phân biệt chữ hoa, chữ thường.",
        "Câu 6:", "Sai số cho phép: ±0,01", "Đáp án khác được chấp nhận: 3,1 (50%)",
    ]
    assert underlined(data) == ["A.", " ", "2", "C.", " ", "4", "A.", " ", "Đúng"]
    assert export.key_text(multiple) == "AC" and export.key_text(true_false) == "A"
    assert export.matching_key(matching) == "1-b, 2-c"


def test_formulas_are_word_equations_and_images_drawings():
    picture = qi.Media("hinh1.png", "image/png", png(), alt="tam giác ABC")
    question = single('<p>Cho tam giác <b>ABC</b> như hình <img src="media:hinh1.png">. Tính \\(\\frac{a}{b}\\)</p>',
                      ["\\(\\sqrt{2}\\)", "\\(x^2\\)", "3", "\\(\\pi\\)"], 0, text_format=qi.HTML, media=[picture])
    data = export.write([question])
    document = docx.Document(io.BytesIO(data))
    stem = document.paragraphs[1]
    assert stem.text == "Câu 1: Cho tam giác ABC như hình . Tính "
    assert len(stem._p.findall(M_OMATH)) == 1 and len(stem._p.findall(f"{qn('w:r')}/{qn('w:drawing')}")) == 1
    options = document.paragraphs[2]
    assert options.text == "A. \tB. \tC. 3\tD. "
    assert len(options._p.findall(M_OMATH)) == 3
    assert document.inline_shapes[0]._inline.docPr.get("descr") == "tam giác ABC"
    blip = document.element.body.find(f".//{qn('a:blip')}")
    assert document.part.related_parts[blip.get(qn("r:embed"))].blob == picture.data


def test_a_passage_before_its_questions():
    passage = qi.Passage("p1", "Mùa xuân, cây gạo gọi đến bao nhiêu là chim.", title="Cây gạo")
    questions = [single("Câu hỏi trước", ["a", "b"], 0),
                 single("Cây gạo gọi gì đến?", ["Chim", "Cá"], 0, group="p1"),
                 essay("Tả cây gạo.", group="p1"),
                 single("Cây gạo nở hoa vào mùa nào?", ["Xuân", "Hạ"], 0, group="p1")]
    text = lines(export.write(questions, [passage]))
    assert text == [
        "PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn",
        "Câu 1: Câu hỏi trước", "A. a\tB. b",
        "Đọc đoạn văn sau và trả lời câu 2–4:", "Cây gạo",
        "Mùa xuân, cây gạo gọi đến bao nhiêu là chim.",
        "Câu 2: Cây gạo gọi gì đến?", "A. Chim\tB. Cá",
        "Câu 3: Cây gạo nở hoa vào mùa nào?", "A. Xuân\tB. Hạ",
        "PHẦN II. TỰ LUẬN", "Câu 4: Tả cây gạo.",
    ]
    assert lines(export.write(questions[1:2], {"p1": passage}))[1] == "Đọc đoạn văn sau và trả lời câu 1:"


# --- formulas, images and passages read back (the reader keeps them since 68f5024) ----------------

FORMULAS = [r"\frac{a}{b}", r"x^2 - 5x + 6 = 0", r"\sqrt{2}", r"\sqrt[3]{x}", r"\sum_{i=1}^{n} i",
            r"\int_0^1 f(x)\,dx", r"\vec{u}", r"\overline{AB}", r"\lim_{x \to 0} \frac{\sin x}{x}",
            r"\left( \frac{1}{2} \right)", r"\widehat{ABC}", r"\text{khi } x \ge 2",
            r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}", r"x_i^2", r"\log_2 8", r"\Delta ABC + \alpha"]


def equation(latex: str) -> bytes:
    """A formula as the Word equation it is written as, spaces left out: LaTeX written two
    ways for the same formula gives the same."""
    from lxml import etree

    from repository.questions.word import omml

    converted = omml.formula(latex)
    for run in list(converted.iter(f"{{{omml.M_NS}}}r")):
        if not "".join(run.itertext()).strip():
            run.getparent().remove(run)
    return etree.tostring(converted)


def test_formulas_come_back_as_the_same_latex_formulas():
    questions = [single(f"Công thức \\({latex}\\) là", ["\\(\\pi\\)", "2"], 0) for latex in FORMULAS]
    questions.append(single("Giải hệ \\[\\begin{cases} x + y = 3 \\\\ x - y = 1 \\end{cases}\\]", ["1", "2"], 0))
    back = read(export.write(questions))
    for latex, question in zip(FORMULAS, back):
        assert question.stem.startswith("Công thức \\(") and question.stem.endswith("\\) là")
        assert equation(question.stem[len("Công thức \\("):-len("\\) là")]) == equation(latex), latex
        assert question.options[0].text == "\\(\\pi\\)" and question.options[0].fraction == 1.0
    # a display formula on its own line; cases as Word writes them (a brace and a matrix)
    assert back[-1].stem == "Giải hệ\n\\[\\left\\{\\begin{matrix}x+y=3 \\\\ x-y=1\\end{matrix}\\right.\\]"


def test_images_come_back_with_their_description():
    picture = qi.Media("hinh1.png", "image/png", png(), alt="tam giác ABC")
    question = single('<p>Cho tam giác như hình <img src="media:hinh1.png"> và \\(\\frac{1}{2}\\)</p>',
                      ["\\(\\sqrt{2}\\)", "3"], 0, text_format=qi.HTML, media=[picture])
    [back] = read(export.write([question]))
    assert back.text_format == qi.HTML
    assert back.stem == 'Cho tam giác như hình <img src="media:image1.png" alt="tam giác ABC"> và \\(\\frac{1}{2}\\)'
    assert [(m.name, m.mime, m.data, m.alt) for m in back.media] == [("image1.png", "image/png", picture.data,
                                                                     "tam giác ABC")]
    assert [(o.text, o.fraction) for o in back.options] == [("\\(\\sqrt{2}\\)", 1.0), ("3", 0.0)]


def test_passages_come_back_with_their_questions():
    passage = qi.Passage("doc", "Mùa xuân, cây gạo gọi đến bao nhiêu là chim.", title="Cây gạo")
    questions = [single("Câu hỏi trước", ["a", "b"], 0),
                 single("Cây gạo gọi gì đến?", ["Chim", "Cá"], 0, group="doc"),
                 single("Cây gạo nở hoa vào mùa nào?", ["Xuân", "Hạ"], 0, group="doc"),
                 single("Câu hỏi sau", ["a", "b"], 1)]
    result = read_file(export.write(questions, [passage]), fmt="docx")
    assert result.problems == []
    assert [(q.stem, q.group) for q in result.questions] == [
        ("Câu hỏi trước", ""), ("Cây gạo gọi gì đến?", "p1"), ("Cây gạo nở hoa vào mùa nào?", "p1"),
        ("Câu hỏi sau", "")]
    [(key, back)] = result.passages.items()
    # the reader takes the line that names the questions for the title, and the title for text
    assert (key, back.title, back.text) == ("p1", "Đọc đoạn văn sau và trả lời câu 2, 3:",
                                            "Cây gạo\nMùa xuân, cây gạo gọi đến bao nhiêu là chim.")
