"""Printed exams (repository/questions/word/exam.py): a variant's paper with the school
header, "Mã đề", parts, points where they differ, options laid out by length, passages
before their questions, formulas as Word equations and nothing marked as right; the answer
key of all variants in one table with the essays' guide; the answer sheet; the PDF."""

import io
import zipfile

import docx
import pytest
from django.utils import translation
from docx.oxml.ns import qn

from repository.questions import interchange as qi
from repository.questions.exams import variants as exam_variants
from repository.questions.exams.variants import Variant, VariantItem
from repository.questions.word import exam

M_OMATH = "{http://schemas.openxmlformats.org/officeDocument/2006/math}oMath"
HEADER = exam.Header(district="Mê Linh", school="THCS Tiền Phong", title="Đề kiểm tra giữa học kì I",
                     subject="Toán", grade="9", minutes=45, school_year="2025–2026")
PASSAGE = qi.Passage("p1", "Mùa xuân, cây gạo gọi đến bao nhiêu là chim.", title="Cây gạo")


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def choice(stem, options, right=0, **fields):
    return qi.Question(qi.SINGLE, stem, 1, 0, options=[qi.Option(text, 1.0 if i == right else 0.0)
                                                       for i, text in enumerate(options)], **fields)


QUESTIONS = {
    "fraction": choice("Giá trị của \\(\\frac{1}{2} + \\frac{1}{3}\\) là",
                       ["\\(\\frac{5}{6}\\)", "\\(\\frac{2}{5}\\)", "\\(\\frac{1}{6}\\)", "1"]),
    "roots": choice("Nghiệm của phương trình \\(x^2 - 5x + 6 = 0\\) là",
                    ["x = 2 và x = 3", "x = −2 và x = −3", "x = 1 và x = 6", "Phương trình vô nghiệm trên tập số thực"]),
    "middle": choice("Chọn phát biểu đúng:", ["Số 2 là số nguyên tố chẵn", "Số 1 là số nguyên tố",
                                              "Số 9 là số nguyên tố", "Số 0 là số nguyên tố"]),
    "passage": choice("Cây gạo gọi gì đến?", ["Chim", "Cá", "Bướm", "Ong"], group="p1"),
    "group": qi.Question(qi.TRUE_FALSE_GROUP, "Cho hàm số \\(y = 2x + 1\\).", 1, 0, statements=[
        qi.Statement("Hàm số đồng biến.", True), qi.Statement("\\(y(0) = 0\\)", False),
        qi.Statement("Đồ thị là đường thẳng.", True), qi.Statement("Hệ số góc bằng 1.", False)]),
    "number": qi.Question(qi.NUMERIC, "Tính \\(\\int_0^1 2x\\,dx\\).", 1, 0, numeric=[qi.NumericAnswer(1)]),
    "essay": qi.Question(qi.ESSAY, "Giải hệ \\[\\begin{cases} x + y = 3 \\\\ x - y = 1 \\end{cases}\\]", 1, 0,
                         model_answer="\\(x = 2, y = 1\\)", rubric="Mỗi ẩn đúng: 0,5 điểm."),
}
KEYS = {"fraction": "A", "roots": "A", "middle": "A", "passage": "A", "group": "ĐSĐS", "number": "1", "essay": ""}
POINTS = {"group": 1.0, "number": 0.5, "essay": 2.0}


def variant(code, names, points=None):
    return Variant(code, [VariantItem(n, QUESTIONS[name], (points or POINTS).get(name, 0.25),
                                      PASSAGE if QUESTIONS[name].group else None, KEYS[name], ref=name)
                          for n, name in enumerate(names, start=1)])


def paragraphs(data: bytes) -> list[str]:
    """Every paragraph of the body (those in tables too) with text, tabs shown."""
    document = docx.Document(io.BytesIO(data))
    found = []
    for paragraph in document.element.body.iter(qn("w:p")):
        text = "".join((node.text or "") if node.tag == qn("w:t") else "\t"
                       for node in paragraph.iter(qn("w:t"), qn("w:tab")) if node.getparent().tag == qn("w:r"))
        if text.strip():
            found.append(text)
    return found


ALL = ["fraction", "roots", "middle", "passage", "group", "number", "essay"]


def test_a_variant_paper():
    data = exam.variant_document(HEADER, variant("101", ALL))
    assert paragraphs(data) == [
        "PHÒNG GD&ĐT MÊ LINH", "TRƯỜNG THCS TIỀN PHONG", "———",
        "ĐỀ KIỂM TRA GIỮA HỌC KÌ I", "NĂM HỌC 2025–2026", "Môn: Toán – Lớp 9",
        "Thời gian làm bài: 45 phút (không kể thời gian phát đề)",
        "Họ và tên thí sinh: " + "…" * 22 + "\tMã đề: 101",
        "Số báo danh: " + "…" * 12,
        "PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn",
        "Thí sinh trả lời từ câu 1 đến câu 4. Mỗi câu hỏi thí sinh chỉ chọn một phương án.",
        "Câu 1 (0,25 điểm): Giá trị của  là",
        "A. \tB. \tC. \tD. 1",  # four a line
        "Câu 2 (0,25 điểm): Nghiệm của phương trình  là",
        "A. x = 2 và x = 3", "B. x = −2 và x = −3", "C. x = 1 và x = 6",  # one a line
        "D. Phương trình vô nghiệm trên tập số thực",
        "Câu 3 (0,25 điểm): Chọn phát biểu đúng:",
        "A. Số 2 là số nguyên tố chẵn\tB. Số 1 là số nguyên tố",  # two a line
        "C. Số 9 là số nguyên tố\tD. Số 0 là số nguyên tố",
        "Đọc đoạn văn sau và trả lời câu 4:", "Cây gạo", "Mùa xuân, cây gạo gọi đến bao nhiêu là chim.",
        "Câu 4 (0,25 điểm): Cây gạo gọi gì đến?", "A. Chim\tB. Cá\tC. Bướm\tD. Ong",
        "PHẦN II. Câu trắc nghiệm đúng sai",
        "Thí sinh trả lời câu 5. Trong mỗi ý a), b), c), d) ở mỗi câu, thí sinh chọn đúng hoặc sai.",
        "Câu 5 (1 điểm): Cho hàm số .",
        "a) Hàm số đồng biến.", "b) ", "c) Đồ thị là đường thẳng.", "d) Hệ số góc bằng 1.",
        "PHẦN III. Câu trắc nghiệm trả lời ngắn", "Thí sinh trả lời câu 6.",
        "Câu 6 (0,5 điểm): Tính .",
        "PHẦN IV. TỰ LUẬN", "Thí sinh trả lời câu 7.",
        "Câu 7 (2 điểm): Giải hệ ",
        "— HẾT —",
    ]
    document = docx.Document(io.BytesIO(data))
    body = document.element.body
    assert len(list(body.iter(M_OMATH))) == 9  # every formula a Word equation
    assert not any(run.underline or run.font.highlight_color for p in document.paragraphs for run in p.runs)
    header_table = document.tables[0]
    assert header_table._tbl.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}/{qn('w:top')}").get(qn("w:val")) == "nil"
    footer = document.sections[0].footer.paragraphs[0]
    assert "".join(t.text for t in footer._p.iter(qn("w:t"))) == "Mã đề: 101 – Trang 1/1"  # fields' last values
    assert [f.get(qn("w:instr")) for f in footer._p.iter(qn("w:fldSimple"))] == [" PAGE ", " NUMPAGES "]
    assert document.sections[0].page_width == 7560310  # A4
    with zipfile.ZipFile(io.BytesIO(data)) as package:  # python-docx's template less what is never used
        assert sorted(package.namelist()) == [
            "[Content_Types].xml", "_rels/.rels", "docProps/app.xml", "docProps/core.xml", "word/_rels/document.xml.rels",
            "word/document.xml", "word/fontTable.xml", "word/footer1.xml", "word/settings.xml", "word/styles.xml",
            "word/theme/theme1.xml", "word/webSettings.xml"]


def test_uniform_points_and_one_kind_need_no_labels_or_parts():
    data = exam.variant_document(HEADER, variant("102", ["middle", "fraction"], points={}))
    assert paragraphs(data)[9:12] == ["Câu 1: Chọn phát biểu đúng:",
                                      "A. Số 2 là số nguyên tố chẵn\tB. Số 1 là số nguyên tố",
                                      "C. Số 9 là số nguyên tố\tD. Số 0 là số nguyên tố"]
    assert paragraphs(data)[12] == "Câu 2: Giá trị của  là"


def test_the_answer_key_of_every_variant():
    entries = [(QUESTIONS[name], POINTS.get(name, 0.25), PASSAGE if QUESTIONS[name].group else None, name)
               for name in ALL]
    made = exam_variants.make_variants(entries, 3, seed="de-1")
    document = docx.Document(io.BytesIO(exam.answer_key(HEADER, made)))
    key = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert key[0] == ["Câu \\ Mã đề", "101", "102", "103"]
    assert key[1:] == [[str(n)] + [variant.items[n - 1].key for variant in made] for n in range(1, 7)]
    assert [row[1:] for row in key[5:]] == [["ĐSĐS"] * 3, ["1"] * 3]  # parts keep their place
    assert sorted({row[1] for row in key[1:5]} | {row[2] for row in key[1:5]}) == ["A", "B", "C", "D"]
    text = [p.text for p in document.paragraphs if p.text.strip()]
    assert text == ["ĐÁP ÁN VÀ HƯỚNG DẪN CHẤM", "PHẦN TỰ LUẬN", "Câu 7 (2 điểm):", "Đáp án gợi ý: ",
                    "Hướng dẫn chấm: Mỗi ẩn đúng: 0,5 điểm."]
    assert len(document.paragraphs[4]._p.findall(M_OMATH)) == 1  # the model answer's formula
    footer = document.sections[0].footer.paragraphs[0]._p
    assert "".join(t.text for t in footer.iter(qn("w:t"))) == "Đáp án – Trang 1/1"


def test_a_key_numbered_by_part_and_essays_numbered_apart():
    second_essay = qi.Question(qi.ESSAY, "Vẽ đồ thị hàm số \\(y = x^2\\).", 1, 0, rubric="Đúng dạng: 1 điểm.")
    entries = [(QUESTIONS[name], POINTS.get(name, 0.25), None, name) for name in ("fraction", "roots", "group", "number",
                                                                                  "essay")]
    entries.append((second_essay, 1.0, None, "essay 2"))
    made = exam_variants.make_variants(entries, 2, seed=1, number_by_part=True)  # the essays swapped in 102
    document = docx.Document(io.BytesIO(exam.answer_key(HEADER, made)))
    key = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert key == [["Câu \\ Mã đề", "101", "102"],
                   ["PHẦN I"] * 3, ["1", "B", "B"], ["2", "B", "D"],  # numbers restart in each part
                   ["PHẦN II"] * 3, ["1", "ĐSĐS", "ĐSĐS"], ["PHẦN III"] * 3, ["1", "1", "1"]]
    assert [(item.number, item.ref, item.key) for item in made[1].items[:2]] == [(1, "roots", "B"), (2, "fraction", "D")]
    text = [p.text for p in document.paragraphs if p.text.strip()]
    assert text[1:] == ["PHẦN TỰ LUẬN", "Câu 1 (mã đề 101); câu 2 (mã đề 102) (2 điểm):", "Đáp án gợi ý: ",
                        "Hướng dẫn chấm: Mỗi ẩn đúng: 0,5 điểm.", "Câu 2 (mã đề 101); câu 1 (mã đề 102) (1 điểm):",
                        "Hướng dẫn chấm: Đúng dạng: 1 điểm."]


def test_many_variants_make_tables_of_ten():
    variants = [variant(str(101 + i), ["fraction", "essay"]) for i in range(12)]
    document = docx.Document(io.BytesIO(exam.answer_key(HEADER, variants)))
    assert [[cell.text for cell in row.cells] for row in document.tables[1].rows] == [
        ["Câu \\ Mã đề"] + [str(101 + i) for i in range(10)], ["1"] + ["A"] * 10]
    assert [[cell.text for cell in row.cells] for row in document.tables[2].rows] == [
        ["Câu \\ Mã đề", "111", "112"], ["1", "A", "A"]]
    text = [p.text for p in document.paragraphs if p.text.strip()]
    assert text[2] == "Câu 2 (2 điểm):"  # the same number in every variant: said once


def test_the_answer_sheet():
    document = docx.Document(io.BytesIO(exam.answer_sheet(HEADER, 45)))
    text = [p.text for p in document.paragraphs if p.text.strip()]
    assert text == ["PHIẾU TRẢ LỜI TRẮC NGHIỆM", "Họ và tên thí sinh: " + "…" * 28,
                    "Lớp: " + "…" * 12 + "\tSố báo danh: " + "…" * 12,
                    "Dùng bút mực hoặc bút chì đen tô kín một ô tròn cho mỗi câu."]
    code, first, second = ([[cell.text for cell in row.cells] for row in table.rows] for table in document.tables[1:])
    assert code[0] == ["Mã đề", "", "", ""] and code[1:] == [[str(d), "○", "○", "○"] for d in range(10)]
    assert first[0] == ["Câu", "A", "B", "C", "D"] * 4
    assert first[1] == ["1", "○", "○", "○", "○", "11", "○", "○", "○", "○", "21", "○", "○", "○", "○",
                        "31", "○", "○", "○", "○"]
    assert len(first) == 11 and first[10][:6] == ["10", "○", "○", "○", "○", "20"]
    assert [row[0] for row in second[1:]] == ["41", "42", "43", "44", "45"]
    assert second[1][5:] == [""] * 15


@pytest.mark.process
def test_the_pdf_shows_the_code_and_the_formulas():
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(exam.to_pdf(exam.variant_document(HEADER, variant("103", ALL))))
    text = "".join(page.get_textpage().get_text_range() for page in pdf)
    pdf.close()
    assert "Mã đề: 103" in text
    assert "x+y=3" in text and "2−5x+6=0" in text  # the cases and the quadratic, drawn as equations


def test_the_parts_the_exam_builder_gives_and_true_false_circles():
    true_false = qi.Question(qi.TRUE_FALSE, "Số 0 là số tự nhiên.", 1, 0, truth=True)
    cloze = qi.Question(qi.CLOZE, f"Thủ đô của Việt Nam là {qi.blank(1)}.", 1, 0,
                        blanks=[[qi.Option("Hà Nội", 1), qi.Option("Huế", 0)]])
    entries = [(true_false, 0.25, None, "tf"), (cloze, 0.25, None, "cloze"), (QUESTIONS["number"], 0.25, None, "n")]
    [made] = exam_variants.make_variants(entries, 1, seed=3, shuffle_questions=False)
    assert [item.part for item in made.items] == [exam_variants.CHOICE, exam_variants.CHOICE,
                                                 exam_variants.SHORT_ANSWER]
    assert paragraphs(exam.variant_document(HEADER, made))[9:] == [
        "PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn",
        "Thí sinh trả lời từ câu 1 đến câu 2. Mỗi câu hỏi thí sinh chỉ chọn một phương án.",
        "Câu 1: Số 0 là số tự nhiên.", "○ Đúng\t○ Sai",  # keyed Đ or S
        "Câu 2: Thủ đô của Việt Nam là ……(1)…….", "(1) A. Hà Nội\tB. Huế",  # a cloze in part I, as built
        "PHẦN II. Câu trắc nghiệm trả lời ngắn", "Thí sinh trả lời câu 3.", "Câu 3: Tính .", "— HẾT —"]
    assert [item.key for item in made.items] == ["Đ", "Hà Nội", "1"]
