"""What a Word question holds besides text, kept in the neutral form (repository/questions/
formats/docx/): images of a stem, an option or a statement as the question's media named
in html (`<img src="media:image1.png" alt="…">`); Word equations (OMML) as LaTeX by the
reader's own converter (docx/omml.py), every construct tested on OMML written here;
MathType and other embedded objects as their preview image; tables of a stem as html;
shared passages ("Đọc đoạn văn sau và trả lời các câu từ 3 đến 5"). What still cannot be
kept (shapes, linked or missing images, EQ fields) is refused with the reason. Then
repository/questions/media.py: WMF/EMF previews turned into PNG by LibreOffice in the
sandbox, in one run (marked `process`), the texts following the new names."""

import io
import os
import struct
import zipfile

import docx
import pytest
from django.utils import translation
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from PIL import Image

from repository import conversion
from repository.questions import interchange as qi
from repository.questions import media
from repository.questions.formats import docx as reader
from repository.questions.formats.docx import omml


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


NS = {
    "w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "pic": "http://schemas.openxmlformats.org/drawingml/2006/picture",
    "v": "urn:schemas-microsoft-com:vml",
    "o": "urn:schemas-microsoft-com:office:office",
}
XMLNS = " ".join(f'xmlns:{prefix}="{uri}"' for prefix, uri in NS.items())


def png(colour="red", size=(2, 2)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, "PNG")
    return out.getvalue()


def wmf() -> bytes:
    """A minimal placeable Windows metafile: a red rectangle on a 200×100 window."""
    words = struct.unpack("<10H", struct.pack("<IHhhhhHI", 0x9AC6CDD7, 0, 0, 0, 200, 100, 96, 0))
    checksum = 0
    for word in words:
        checksum ^= word
    placeable = struct.pack("<IHhhhhHIH", 0x9AC6CDD7, 0, 0, 0, 200, 100, 96, 0, checksum)  # 96 units an inch
    records = [
        struct.pack("<IHhh", 5, 0x020B, 0, 0),  # SetWindowOrg
        struct.pack("<IHhh", 5, 0x020C, 100, 200),  # SetWindowExt
        struct.pack("<IHHIH", 7, 0x02FC, 0, 0x000000FF, 0),  # CreateBrushIndirect: solid red
        struct.pack("<IHh", 4, 0x012D, 0),  # SelectObject
        struct.pack("<IHhhhh", 7, 0x041B, 90, 190, 10, 10),  # Rectangle
        struct.pack("<IH", 3, 0),  # EOF
    ]
    body = b"".join(records)
    header = struct.pack("<HHHIHIH", 1, 9, 0x300, (18 + len(body)) // 2, 1, max(map(len, records)) // 2, 0)
    return placeable + header + body


def saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def problems(result):
    return [(p.number, p.line, p.message) for p in result.problems]


def add_part(document, data: bytes, name: str, content_type: str) -> str:
    """An image part of the document (any bytes), its relationship's id."""
    part = Part(PackURI(f"/word/media/{name}"), content_type, data, document.part.package)
    return document.part.relate_to(part, RT.IMAGE)


def picture(paragraph, data: bytes, descr: str | None = None, underline=False):
    run = paragraph.add_run()
    run.underline = underline or None
    shape = run.add_picture(io.BytesIO(data))
    if descr is not None:
        shape._inline.docPr.set("descr", descr)


def drawing_xml(rid: str, *, attribute="embed", uri="http://schemas.openxmlformats.org/drawingml/2006/picture",
                descr="") -> str:
    return (f'<w:r {XMLNS}><w:drawing><wp:inline><wp:extent cx="9525" cy="9525"/>'
            f'<wp:docPr id="90" name="Hình" descr="{descr}"/><a:graphic><a:graphicData uri="{uri}"><pic:pic>'
            f'<pic:blipFill><a:blip r:{attribute}="{rid}"/></pic:blipFill></pic:pic></a:graphicData></a:graphic>'
            f'</wp:inline></w:drawing></w:r>')


def ole_xml(rid: str | None, program="Equation.DSMT4") -> str:
    preview = (f'<v:shape id="_x0000_i1025" style="width:30pt;height:15pt"><v:imagedata r:id="{rid}" o:title=""/>'
               f'</v:shape>') if rid else ""
    return (f'<w:r {XMLNS}><w:object w:dxaOrig="600" w:dyaOrig="300">{preview}'
            f'<o:OLEObject Type="Embed" ProgID="{program}" ShapeID="_x0000_i1025" ObjectID="_1"/></w:object></w:r>')


def math(inner: str, display=False) -> str:
    if display:
        return f'<m:oMathPara {XMLNS}><m:oMath>{inner}</m:oMath></m:oMathPara>'
    return f'<m:oMath {XMLNS}>{inner}</m:oMath>'


def mr(text: str) -> str:
    return f"<m:r><m:t>{text}</m:t></m:r>"


def add(document, *pieces):
    """A paragraph of text runs and raw XML (pieces starting with "<")."""
    paragraph = document.add_paragraph()
    for piece in pieces:
        if piece.startswith("<"):
            paragraph._p.append(parse_xml(piece))
        else:
            paragraph.add_run(piece)
    return paragraph


def single(stem, number, line, options, right, **extra):
    return qi.Question(kind=qi.SINGLE, stem=stem, number=number, line=line,
                       options=[qi.Option(text, 1.0 if i == right else 0.0) for i, text in enumerate(options)],
                       **extra)


def img(name, alt=""):
    return f'<img src="media:{name}" alt="{alt}">'


# --- Word equations (OMML) into LaTeX -----------------------------------------------------------

FRACTION = f"<m:f><m:num>{mr('1')}</m:num><m:den>{mr('x+1')}</m:den></m:f>"


@pytest.mark.parametrize("inner, latex", [
    # runs: Greek letters and operators as commands, a space where a letter follows a command
    (mr("α≤2×β") + mr("x"), r"\alpha\le2\times\beta x"),
    (mr("∆ABC, ∠A = 60°"), r"\Delta ABC, \angle A = 60^{\circ}"),
    (mr("x ≠ ±1 ⇒ x ∈ ℝ"), r"x \ne \pm1 \Rightarrow x \in \mathbb{R}"),
    (mr("{50%}"), r"\{50\%\}"),
    ('<m:r><m:rPr><m:nor/></m:rPr><m:t>cm</m:t></m:r>', r"\text{cm}"),
    (mr("x") + mr(" với ") + mr("y"), r"x\text{ với }y"),
    ('<m:r><m:rPr><m:scr m:val="double-struck"/></m:rPr><m:t>N</m:t></m:r>', r"\mathbb{N}"),
    # fractions: bar, skewed, linear, no bar
    (FRACTION, r"\frac{1}{x+1}"),
    (f'<m:f><m:fPr><m:type m:val="skw"/></m:fPr><m:num>{mr("a")}</m:num><m:den>{mr("b")}</m:den></m:f>', "a/b"),
    (f'<m:f><m:fPr><m:type m:val="lin"/></m:fPr><m:num>{mr("x+1")}</m:num><m:den>{mr("2")}</m:den></m:f>',
     "{x+1}/2"),
    (f'<m:f><m:fPr><m:type m:val="noBar"/></m:fPr><m:num>{mr("n")}</m:num><m:den>{mr("k")}</m:den></m:f>',
     r"\genfrac{}{}{0pt}{}{n}{k}"),
    # scripts
    (f"<m:sSup><m:e>{mr('x')}</m:e><m:sup>{mr('2')}</m:sup></m:sSup>", "x^{2}"),
    (f"<m:sSup><m:e><m:d><m:e>{mr('x+1')}</m:e></m:d></m:e><m:sup>{mr('n')}</m:sup></m:sSup>",
     r"{\left(x+1\right)}^{n}"),
    (f"<m:sSub><m:e>{mr('a')}</m:e><m:sub>{mr('n+1')}</m:sub></m:sSub>", "a_{n+1}"),
    (f"<m:sSubSup><m:e>{mr('x')}</m:e><m:sub>{mr('1')}</m:sub><m:sup>{mr('2')}</m:sup></m:sSubSup>",
     "x_{1}^{2}"),
    (f"<m:sPre><m:sub>{mr('1')}</m:sub><m:sup>{mr('2')}</m:sup><m:e>{mr('H')}</m:e></m:sPre>", "{}_{1}^{2}H"),
    # radicals, with and without a degree
    (f"<m:rad><m:radPr><m:degHide m:val=\"1\"/></m:radPr><m:deg/><m:e>{mr('x')}</m:e></m:rad>", r"\sqrt{x}"),
    (f"<m:rad><m:deg/><m:e>{mr('2')}</m:e></m:rad>", r"\sqrt{2}"),
    (f"<m:rad><m:deg>{mr('3')}</m:deg><m:e>{mr('x-1')}</m:e></m:rad>", r"\sqrt[3]{x-1}"),
    # delimiters: default (), brackets and separators, braces with nothing on the right
    (f"<m:d><m:e>{mr('x')}</m:e></m:d>", r"\left(x\right)"),
    (f'<m:d><m:dPr><m:begChr m:val="["/><m:endChr m:val="]"/><m:sepChr m:val=";"/></m:dPr>'
     f"<m:e>{mr('0')}</m:e><m:e>{mr('1')}</m:e></m:d>", r"\left[0; 1\right]"),
    (f"<m:d><m:e>{mr('a')}</m:e><m:e>{mr('b')}</m:e></m:d>", r"\left(a \middle| b\right)"),
    (f'<m:d><m:dPr><m:begChr m:val="|"/><m:endChr m:val="|"/></m:dPr><m:e>{mr("x")}</m:e></m:d>',
     r"\left|x\right|"),
    (f'<m:d><m:dPr><m:begChr m:val="{{"/><m:endChr m:val=""/></m:dPr><m:e>{mr("x")}</m:e></m:d>',
     r"\left\{x\right."),
    # n-ary operators: with limits, a hidden one, the integral by default
    (f'<m:nary><m:naryPr><m:chr m:val="∑"/></m:naryPr><m:sub>{mr("i=1")}</m:sub><m:sup>{mr("n")}</m:sup>'
     f"<m:e>{mr('i')}</m:e></m:nary>", r"\sum_{i=1}^{n} i"),
    (f"<m:nary><m:sub>{mr('0')}</m:sub><m:sup>{mr('1')}</m:sup><m:e>{mr('f(x)dx')}</m:e></m:nary>",
     r"\int_{0}^{1} f(x)dx"),
    (f'<m:nary><m:naryPr><m:chr m:val="∏"/><m:supHide m:val="1"/></m:naryPr><m:sub>{mr("k")}</m:sub><m:sup/>'
     f"<m:e>{mr('a')}</m:e></m:nary>", r"\prod_{k} a"),
    # functions: known ones as commands, with a subscript, lim under its limit, others as operators
    (f"<m:func><m:fName>{mr('sin')}</m:fName><m:e>{mr('x')}</m:e></m:func>", r"\sin x"),
    (f"<m:func><m:fName><m:sSub><m:e>{mr('log')}</m:e><m:sub>{mr('2')}</m:sub></m:sSub></m:fName>"
     f"<m:e>{mr('8')}</m:e></m:func>", r"\log_{2} 8"),
    (f"<m:func><m:fName><m:limLow><m:e>{mr('lim')}</m:e><m:lim>{mr('x→0')}</m:lim></m:limLow></m:fName>"
     f"<m:e><m:f><m:num><m:func><m:fName>{mr('sin')}</m:fName><m:e>{mr('x')}</m:e></m:func></m:num>"
     f"<m:den>{mr('x')}</m:den></m:f></m:e></m:func>", r"\lim_{x\rightarrow0} \frac{\sin x}{x}"),
    (f"<m:func><m:fName>{mr('sgn')}</m:fName><m:e>{mr('x')}</m:e></m:func>", r"\operatorname{sgn} x"),
    # as Word writes them: the name upright (m:sty p), run and control properties
    (f'<m:func><m:funcPr><m:ctrlPr><w:rPr><w:i/></w:rPr></m:ctrlPr></m:funcPr><m:fName><m:r><m:rPr>'
     f'<m:sty m:val="p"/></m:rPr><w:rPr><w:rFonts w:ascii="Cambria Math"/></w:rPr><m:t>cos</m:t></m:r></m:fName>'
     f"<m:e><m:r><w:rPr><w:rFonts w:ascii=\"Cambria Math\"/></w:rPr><m:t>x</m:t></m:r></m:e></m:func>", r"\cos x"),
    (f'<m:func><m:fName><m:limLow><m:e><m:r><m:rPr><m:sty m:val="p"/></m:rPr><m:t>lim</m:t></m:r></m:e>'
     f"<m:lim>{mr('n→∞')}</m:lim></m:limLow></m:fName><m:e>{mr('u')}</m:e></m:func>",
     r"\lim_{n\rightarrow\infty} u"),
    # accents: hat (the default), vector over one letter and over two, dot, bar
    (f"<m:acc><m:e>{mr('x')}</m:e></m:acc>", r"\hat{x}"),
    (f'<m:acc><m:accPr><m:chr m:val="\u20d7"/></m:accPr><m:e>{mr("v")}</m:e></m:acc>', r"\vec{v}"),
    (f'<m:acc><m:accPr><m:chr m:val="\u20d7"/></m:accPr><m:e>{mr("AB")}</m:e></m:acc>',
     r"\overrightarrow{AB}"),
    (f'<m:acc><m:accPr><m:chr m:val="\u0307"/></m:accPr><m:e>{mr("x")}</m:e></m:acc>', r"\dot{x}"),
    (f'<m:acc><m:accPr><m:chr m:val="\u0305"/></m:accPr><m:e>{mr("z")}</m:e></m:acc>', r"\bar{z}"),
    (f'<m:acc><m:accPr><m:chr m:val="\u0302"/></m:accPr><m:e>{mr("ABC")}</m:e></m:acc>', r"\widehat{ABC}"),
    # bars, group characters, limits over and under
    (f'<m:bar><m:barPr><m:pos m:val="top"/></m:barPr><m:e>{mr("AB")}</m:e></m:bar>', r"\overline{AB}"),
    (f"<m:bar><m:e>{mr('x')}</m:e></m:bar>", r"\underline{x}"),
    (f"<m:groupChr><m:e>{mr('a+b')}</m:e></m:groupChr>", r"\underbrace{a+b}"),
    (f'<m:groupChr><m:groupChrPr><m:chr m:val="→"/><m:pos m:val="top"/></m:groupChrPr><m:e>{mr("t°")}</m:e>'
     f"</m:groupChr>", r"\overset{\rightarrow}{t^{\circ}}"),
    (f"<m:limLow><m:e>{mr('max')}</m:e><m:lim>{mr('x∈D')}</m:lim></m:limLow>", r"\max_{x\in D}"),
    (f"<m:limLow><m:e>{mr('A')}</m:e><m:lim>{mr('n')}</m:lim></m:limLow>", r"\underset{n}{A}"),
    (f"<m:limUpp><m:e>{mr('=')}</m:e><m:lim>{mr('def')}</m:lim></m:limUpp>", r"\overset{def}{=}"),
    # matrices and equation arrays (a system of equations: aligned where rows say "&")
    (f"<m:d><m:e><m:m><m:mr><m:e>{mr('1')}</m:e><m:e>{mr('0')}</m:e></m:mr><m:mr><m:e>{mr('0')}</m:e>"
     f"<m:e>{mr('1')}</m:e></m:mr></m:m></m:e></m:d>",
     r"\left(\begin{matrix}1 & 0 \\ 0 & 1\end{matrix}\right)"),
    (f'<m:d><m:dPr><m:begChr m:val="{{"/><m:endChr m:val=""/></m:dPr><m:e><m:eqArr><m:e>{mr("x+y&amp;=3")}'
     f"</m:e><m:e>{mr('x-y&amp;=1')}</m:e></m:eqArr></m:e></m:d>",
     r"\left\{\begin{aligned}x+y&=3 \\ x-y&=1\end{aligned}\right."),
    (f"<m:eqArr><m:e>{mr('x=1')}</m:e><m:e>{mr('x=2')}</m:e></m:eqArr>", r"\begin{array}{l}x=1 \\ x=2\end{array}"),
    # boxes, phantoms
    (f"<m:borderBox><m:e>{mr('x=1')}</m:e></m:borderBox>", r"\boxed{x=1}"),
    (f"<m:box><m:e>{mr('dx')}</m:e></m:box>", "dx"),
    (f'<m:phant><m:phantPr><m:show m:val="0"/></m:phantPr><m:e>{mr("x")}</m:e></m:phant>', r"\phantom{x}"),
    # an element not known here: its text, never dropped
    (f"<m:somethingNew><m:r><m:t>y+1</m:t></m:r></m:somethingNew>", "y+1"),
])
def test_word_equations_are_converted_to_latex(inner, latex):
    assert omml.to_latex(parse_xml(math(inner))) == latex


def test_a_display_equation_gives_each_of_its_lines():
    element = parse_xml(f'<m:oMathPara {XMLNS}><m:oMath>{mr("a=1")}</m:oMath><m:oMath>{mr("b=2")}</m:oMath>'
                        "</m:oMathPara>")
    assert omml.paragraph(element) == ["a=1", "b=2"]


# --- the reader: images, equations, objects, tables --------------------------------------------

RED, BLUE, GREEN = png("red"), png("blue"), png("green")


def test_images_of_a_stem_options_and_statements_become_the_questions_media():
    d = docx.Document()
    add(d, "Câu 1: Hình nào là hình vuông? (x < 3 & y > 1)")  # 1
    picture(d.add_paragraph(), RED, descr="Hình vuông ABCD")  # 2: alone in its paragraph
    option = add(d, "A. ")  # 3: images as options, the second one underlined (the correct one)
    picture(option, BLUE)
    option.add_run("\tB. ")
    picture(option, GREEN, underline=True)
    option.add_run("\tC. ")
    picture(option, RED)  # the stem's image again: one media
    add(d, "Câu 2: Không có hình.")  # 4
    add(d, "A. 1\tB. 2")
    add(d, "Đáp án: A")
    add(d, "PHẦN II. Câu trắc nghiệm đúng sai.")  # 7
    add(d, "Câu 1. Quan sát hình.")  # 8
    statement = add(d, "a) Hình ")
    picture(statement, BLUE, descr="Tam giác")
    statement.add_run(" là tam giác.")
    add(d, "b) Hình vuông có 3 cạnh.")
    add(d, "Đáp án: ĐS")

    result = reader.read(saved(d))

    assert problems(result) == []
    assert result.questions == [
        single(f"Hình nào là hình vuông? (x &lt; 3 &amp; y &gt; 1)<br>{img('image1.png', 'Hình vuông ABCD')}", 1, 1,
               [img("image2.png"), img("image3.png"), img("image1.png")], 1,
               text_format=qi.HTML,
               media=[qi.Media("image1.png", "image/png", RED, "Hình vuông ABCD"),
                      qi.Media("image2.png", "image/png", BLUE), qi.Media("image3.png", "image/png", GREEN)]),
        single("Không có hình.", 2, 4, ["1", "2"], 0),  # plain, as before
        qi.Question(kind=qi.TRUE_FALSE_GROUP, stem="Quan sát hình.", number=3, line=8, text_format=qi.HTML,
                    statements=[qi.Statement(f"Hình {img('image1.png', 'Tam giác')} là tam giác.", True),
                                qi.Statement("Hình vuông có 3 cạnh.", False)],
                    media=[qi.Media("image1.png", "image/png", BLUE, "Tam giác")]),
    ]


def test_word_equations_stay_in_plain_text_as_latex():
    d = docx.Document()
    add(d, "Câu 1: Tính ", math(FRACTION), " khi x = 1.")  # 1
    add(d, "Cho hệ:", math(f"<m:eqArr><m:e>{mr('x=1')}</m:e><m:e>{mr('y=2')}</m:e></m:eqArr>", display=True))
    option = add(d, "A. ", math(f"<m:f><m:num>{mr('1')}</m:num><m:den>{mr('2')}</m:den></m:f>"), "\tB. ")
    underlined = parse_xml(math(f'<m:r><w:rPr><w:u w:val="single"/></w:rPr><m:t>2</m:t></m:r>'))
    option._p.append(underlined)  # the correct option: the equation's runs underlined
    add(d, "PHẦN III. Trả lời ngắn.")  # 4
    add(d, "Câu 1. Viết số nghịch đảo của 2.")  # 5
    add(d, "Đáp án: ", math(f"<m:f><m:num>{mr('1')}</m:num><m:den>{mr('2')}</m:den></m:f>"))

    result = reader.read(saved(d))

    assert problems(result) == []
    assert result.questions == [
        single("Tính \\(\\frac{1}{x+1}\\) khi x = 1.\nCho hệ:\\[\\begin{array}{l}x=1 \\\\ y=2\\end{array}\\]", 1, 1,
               ["\\(\\frac{1}{2}\\)", "\\(2\\)"], 1),
        qi.Question(kind=qi.SHORT_TEXT, stem="Viết số nghịch đảo của 2.", number=2, line=5,
                    options=[qi.Option("\\(\\frac{1}{2}\\)", 1.0)]),
    ]


def test_mathtype_and_other_objects_keep_their_preview_image():
    d = docx.Document()
    formula = add_part(d, wmf(), "image1.wmf", "image/x-wmf")
    sheet = add_part(d, BLUE, "image2.png", "image/png")
    add(d, "Câu 1: Giá trị của ", ole_xml(formula), " là")  # 1
    add(d, "A. ", ole_xml(formula), "\tB. ", ole_xml(formula, "Equation.3"))  # never an empty option
    add(d, "Đáp án: B")
    add(d, "Câu 2: Bảng số liệu:", ole_xml(sheet, "Excel.Sheet.12"))  # 4
    add(d, "A. 1\tB. 2")
    add(d, "Đáp án: A")
    add(d, "Câu 3: Không có ảnh xem trước:", ole_xml(None))  # 7
    add(d, "A. 1\tB. 2")
    add(d, "Đáp án: A")

    result = reader.read(saved(d))

    formula_img = img("image1.wmf", "Công thức")
    assert result.questions == [
        single(f"Giá trị của {formula_img} là", 1, 1, [formula_img, formula_img], 1, text_format=qi.HTML,
               media=[qi.Media("image1.wmf", "image/x-wmf", wmf(), "Công thức")]),
        single(f"Bảng số liệu:{img('image1.png', 'Đối tượng nhúng')}", 2, 4, ["1", "2"], 0, text_format=qi.HTML,
               media=[qi.Media("image1.png", "image/png", BLUE, "Đối tượng nhúng")]),
    ]
    assert problems(result) == [
        (3, 7, "câu có đối tượng nhúng không có ảnh xem trước: chưa nhập được; trong Word, hãy sao chép rồi dán "
               "lại dưới dạng ảnh (Paste Special, Picture) hoặc bỏ câu này ra."),
    ]


def test_a_table_in_a_stem_is_kept_as_html():
    d = docx.Document()
    add(d, "Câu 1: Cho bảng số liệu:")  # 1
    grid = d.add_table(rows=3, cols=3)  # 2–9: the cells' paragraphs (a merged cell has one)
    grid.cell(0, 0).merge(grid.cell(0, 2)).text = "Nhiệt độ (°C)"  # three columns merged
    grid.cell(1, 0).merge(grid.cell(2, 0)).text = "Hà Nội"  # two rows merged
    for (row, column), text in {(1, 1): "Tháng 1", (1, 2): "16", (2, 1): "Tháng 7", (2, 2): "29 < 30"}.items():
        grid.cell(row, column).text = text
    picture(grid.cell(2, 1).add_paragraph(), RED, descr="Nắng")
    add(d, "Tháng nào nóng hơn?")
    add(d, "A. Tháng 1\tB. Tháng 7")
    add(d, "Đáp án: B")
    add(d, "Câu 2: Đọc khung sau:")  # 13: a frame (a table of one cell) is its text
    frame = d.add_table(rows=1, cols=1)
    frame.cell(0, 0).text = "Nước sôi ở 100 °C."
    add(d, "A. Đúng\tB. Sai")
    add(d, "Đáp án: A")
    add(d, "Câu 3: Bảng sau phương án:")  # 17
    add(d, "A. 1\tB. 2")
    after = d.add_table(rows=2, cols=2)
    after.cell(0, 0).text = "x"
    add(d, "Đáp án: A")

    result = reader.read(saved(d))

    table = ('<table><tr><td colspan="3">Nhiệt độ (°C)</td></tr>'
             '<tr><td rowspan="2">Hà Nội</td><td>Tháng 1</td><td>16</td></tr>'
             f'<tr><td>Tháng 7<br>{img("image1.png", "Nắng")}</td><td>29 &lt; 30</td></tr></table>')
    assert result.questions == [
        single(f"Cho bảng số liệu:{table}Tháng nào nóng hơn?", 1, 1, ["Tháng 1", "Tháng 7"], 1,
               text_format=qi.HTML, media=[qi.Media("image1.png", "image/png", RED, "Nắng")]),
        single("Đọc khung sau:\nNước sôi ở 100 °C.", 2, 13, ["Đúng", "Sai"], 0),
    ]
    assert problems(result) == [
        (3, 17, "câu có bảng nằm sau các phương án: chưa nhập được; hãy gõ lại bằng chữ (công thức viết bằng "
                "LaTeX như \\(x^2\\)) hoặc bỏ câu này ra."),
    ]


# --- shared passages ---------------------------------------------------------------------------

def test_shared_passages_group_the_questions_they_name():
    d = docx.Document()
    add(d, "Câu 1: 1 + 1 = ?")  # 1
    add(d, "A. 1\tB. 2")
    add(d, "Đáp án: B")
    add(d, "Đọc đoạn văn sau và trả lời các câu từ 2 đến 3")  # 4
    add(d, "Mùa xuân, cây cối đâm chồi nảy lộc.")
    picture(d.add_paragraph(), GREEN, descr="Cây")
    add(d, "Chim én bay về.")
    birds = d.add_table(rows=2, cols=2)  # 8–11
    for (row, column), text in {(0, 0): "Chim", (0, 1): "Số con", (1, 0): "Én", (1, 1): "12"}.items():
        birds.cell(row, column).text = text
    frame = d.add_table(rows=1, cols=1)  # 12: a frame, its text read
    frame.cell(0, 0).text = "(Theo Tô Hoài)"
    add(d, "Câu 2: Mùa nào được nói đến?")  # 13
    add(d, "A. Xuân\tB. Đông")
    add(d, "Đáp án: A")
    add(d, "Câu 3: Con chim nào bay về?")  # 16
    add(d, "A. Én\tB. Sẻ")
    add(d, "Đáp án: A")
    add(d, "Dùng thông tin sau để trả lời câu 4 và câu 5: Một lớp có 30 học sinh.")  # 19
    add(d, "Câu 4: Một nửa lớp là bao nhiêu học sinh?")  # 20
    add(d, "Đáp án: 15")
    add(d, "Câu 5: Một phần ba lớp là bao nhiêu học sinh?")  # 22
    add(d, "Đáp án: 10")
    add(d, "Câu 6: Không thuộc đoạn nào.")  # 24
    add(d, "A. 1\tB. 2")
    add(d, "Đáp án: A")
    add(d, "Đọc đoạn văn sau và trả lời câu 7–9:")  # 27: question 9 does not follow
    add(d, "Hà Nội là thủ đô.")
    add(d, "Câu 7: Thủ đô là?")  # 29
    add(d, "Đáp án: Hà Nội")
    add(d, "Câu 8: Nước nào?")  # 31
    add(d, "Đáp án: Việt Nam")
    add(d, "Câu 10: Câu khác.")  # 33
    add(d, "Đáp án: 1")
    add(d, "Sử dụng dữ kiện sau để làm câu 11, 12.")  # 35: no text before its first question
    add(d, "Câu 11: Câu không có đoạn.")  # 36
    add(d, "Đáp án: 2")

    result = reader.read(saved(d))

    assert result.passages == {
        "p1": qi.Passage("p1", f"Mùa xuân, cây cối đâm chồi nảy lộc.<br>{img('image1.png', 'Cây')}<br>"
                               "Chim én bay về.<table><tr><td>Chim</td><td>Số con</td></tr><tr><td>Én</td>"
                               "<td>12</td></tr></table>(Theo Tô Hoài)", qi.HTML,
                         [qi.Media("image1.png", "image/png", GREEN, "Cây")],
                         title="Đọc đoạn văn sau và trả lời các câu từ 2 đến 3"),
        "p2": qi.Passage("p2", "Một lớp có 30 học sinh.", title="Dùng thông tin sau để trả lời câu 4 và câu 5"),
        "p3": qi.Passage("p3", "Hà Nội là thủ đô.", title="Đọc đoạn văn sau và trả lời câu 7–9:"),
    }
    assert [(q.number, q.line, q.group) for q in result.questions] == [
        (1, 1, ""), (2, 13, "p1"), (3, 16, "p1"), (4, 20, "p2"), (5, 22, "p2"), (6, 24, ""), (7, 29, "p3"),
        (8, 31, "p3"), (9, 33, ""), (10, 36, "")]
    assert problems(result) == [
        (0, 27, "đoạn văn dùng chung “Đọc đoạn văn sau và trả lời câu 7–9:” nhắc đến các câu không nằm ngay sau "
                "nó: 9."),
        (0, 35, "đoạn văn dùng chung “Sử dụng dữ kiện sau để làm câu 11, 12.” không có nội dung trước câu hỏi "
                "đầu tiên của nó."),
    ]


def test_a_passage_that_cannot_be_kept_refuses_its_questions():
    d = docx.Document()
    add(d, "Đọc đoạn văn sau và trả lời các câu từ 1 đến 2")  # 1
    add(d, "Đoạn văn có công thức kiểu trường EQ:")
    add(d).add_run()._r.append(parse_xml(f'<w:instrText {XMLNS}> EQ \\f(1,2)</w:instrText>'))
    add(d, "Câu 1: Một?")  # 4
    add(d, "Đáp án: 1")
    add(d, "Câu 2: Hai?")  # 6
    add(d, "Đáp án: 2")
    result = reader.read(saved(d))
    reason = ("đoạn văn dùng chung của câu này: câu có công thức tạo bằng trường EQ: chưa nhập được; hãy gõ lại "
              "bằng chữ (công thức viết bằng LaTeX như \\(x^2\\)) hoặc bỏ câu này ra.")
    assert (result.questions, result.passages) == ([], {})
    assert problems(result) == [(1, 4, reason), (2, 6, reason)]


# --- what is still refused ---------------------------------------------------------------------

TEXT_BOX = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"


def test_what_cannot_be_kept_is_refused_with_the_reason():
    d = docx.Document()
    add(d, "Câu 1: Hộp văn bản", drawing_xml("rId1", uri=TEXT_BOX))  # 1
    add(d, "A. 1\tB. 2")
    add(d, "Câu 2: Ảnh liên kết", drawing_xml("rId77", attribute="link"))  # 3
    add(d, "A. 1\tB. 2")
    add(d, "Câu 3: Ảnh không có trong tệp", drawing_xml("rId999"))  # 5
    add(d, "A. 1\tB. 2")
    big = add_part(d, b"\x89PNG\r\n\x1a\n" + os.urandom(5 * 1024 * 1024), "image7.png", "image/png")
    add(d, "Câu 4: Ảnh quá lớn", drawing_xml(big))  # 7
    add(d, "A. 1\tB. 2")
    pdf = add_part(d, b"%PDF-1.7\n1 0 obj\n", "image8.png", "image/png")
    add(d, "Câu 5: Không phải ảnh", drawing_xml(pdf))  # 9
    add(d, "A. 1\tB. 2")
    add(d, "Câu 6: Hình vẽ VML", f'<w:r {XMLNS}><w:pict><v:rect style="width:10pt;height:10pt"/></w:pict></w:r>')
    add(d, "A. 1\tB. 2")  # 11: above, 12 here
    add(d, "ĐÁP ÁN: 1-A 2-A 3-A 4-A 5-A 6-A")

    result = reader.read(saved(d))

    picture_advice = ("chưa nhập được; trong Word, hãy sao chép rồi dán lại dưới dạng ảnh (Paste Special, Picture) "
                      "hoặc bỏ câu này ra.")
    assert result.questions == []
    assert problems(result) == [
        (1, 1, f"câu có hình vẽ bằng các khối hình, hộp văn bản, biểu đồ hoặc SmartArt: {picture_advice}"),
        (2, 3, f"câu có hình ảnh liên kết tới tệp bên ngoài văn bản: {picture_advice}"),
        (3, 5, "một hình ảnh của câu bị thiếu trong tệp: hãy chèn lại hình trong Word, lưu tệp rồi nhập lại."),
        (4, 7, "một hình ảnh của câu lớn hơn 5 MB: hãy giảm dung lượng ảnh trong Word (Nén ảnh – Compress "
               "Pictures), lưu tệp rồi nhập lại."),
        (5, 9, "một hình ảnh của câu ở định dạng trình duyệt không hiển thị được: hãy lưu ảnh dạng PNG hoặc JPEG "
               "trong văn bản rồi nhập lại."),
        (6, 11, f"câu có hình vẽ bằng các khối hình, hộp văn bản, biểu đồ hoặc SmartArt: {picture_advice}"),
    ]


def test_an_image_part_missing_from_the_zip_refuses_only_its_question():
    d = docx.Document()
    add(d, "Câu 1: Hình bị mất")
    picture(d.add_paragraph(), RED)
    add(d, "A. 1\tB. 2")
    add(d, "Câu 2: 1 + 1 = ?")  # 4
    add(d, "A. 1\tB. 2")
    add(d, "ĐÁP ÁN: 1-A 2-B")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(saved(d))) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if not info.filename.startswith("word/media/"):
                target.writestr(info.filename, source.read(info.filename))

    result = reader.read(out.getvalue())

    assert result.questions == [single("1 + 1 = ?", 2, 4, ["1", "2"], 1)]
    assert problems(result) == [
        (1, 1, "một hình ảnh của câu bị thiếu trong tệp: hãy chèn lại hình trong Word, lưu tệp rồi nhập lại.")]


# --- media.py: images as browsers show them -----------------------------------------------------

def test_images_are_told_by_their_content():
    jpeg = io.BytesIO()
    Image.new("RGB", (2, 2)).save(jpeg, "JPEG")
    emf = struct.pack("<II", 1, 108) + b"\0" * 32 + b" EMF" + b"\0" * 64
    assert [media.sniff(data) for data in (RED, jpeg.getvalue(), wmf(), emf, b"<svg xmlns='http://www.w3.org/"
                                           b"2000/svg'/>", b"%PDF-1.7\n")] == [
        "image/png", "image/jpeg", "image/x-wmf", "image/x-emf", "image/svg+xml", "application/pdf"]


def test_rename_media_follows_the_new_name_in_every_text():
    question = qi.Question(
        kind=qi.SINGLE, stem=f"Xem {img('image1.wmf', 'Công thức')} và {img('image10.wmf')}", number=1, line=1,
        text_format=qi.HTML, options=[qi.Option(img("image1.wmf"), 1.0, feedback=img("image1.wmf")),
                                      qi.Option("khác", 0.0)],
        general_feedback=img("image1.wmf"), media=[qi.Media("image1.wmf", "image/x-wmf", b"1"),
                                                   qi.Media("image10.wmf", "image/x-wmf", b"2")])
    media.rename_media(question, "image1.wmf", "image1.png")
    assert question.stem == f"Xem {img('image1.png', 'Công thức')} và {img('image10.wmf')}"
    assert [(o.text, o.feedback) for o in question.options] == [(img("image1.png"), img("image1.png")),
                                                                 ("khác", "")]
    assert question.general_feedback == img("image1.png")
    assert [m.name for m in question.media] == ["image1.png", "image10.wmf"]
    passage = qi.Passage("p1", f"Đoạn {img('image1.wmf')}", qi.HTML, [qi.Media("image1.wmf", "image/x-wmf", b"1")])
    media.rename_media(passage, "image1.wmf", "image1.png")
    assert (passage.text, passage.media[0].name) == (f"Đoạn {img('image1.png')}", "image1.png")


def test_images_browsers_show_are_kept_and_others_refused_without_a_conversion(monkeypatch):
    def no_conversion(*args):
        raise AssertionError("nothing to convert")
    monkeypatch.setattr(conversion, "convert_in_sandbox", no_conversion)
    kept = [qi.Media("image1.png", "image/png", RED, "Hình")]
    assert media.web_ready(kept) == kept
    with pytest.raises(media.NotShowable) as refused:
        media.web_ready([*kept, qi.Media("image2.png", "image/png", b"%PDF-1.7\n")])
    assert (refused.value.name, str(refused.value)) == (
        "image2.png", "hình ảnh ở định dạng trình duyệt không hiển thị được (application/pdf): hãy lưu ảnh dạng PNG "
                      "hoặc JPEG trong văn bản rồi nhập lại.")


def test_without_libreoffice_a_metafile_refuses_its_question(settings):
    settings.PREVIEW_OFFICE_COMMAND = "no-such-office-program"
    result = qi.ParseResult(questions=[
        qi.Question(kind=qi.ESSAY, stem=img("image1.wmf"), number=1, line=3, text_format=qi.HTML,
                    media=[qi.Media("image1.wmf", "image/x-wmf", wmf())]),
        qi.Question(kind=qi.ESSAY, stem=img("image1.png"), number=2, line=5, text_format=qi.HTML,
                    media=[qi.Media("image1.png", "image/png", RED)])])
    media.ready_result(result)
    assert [q.number for q in result.questions] == [2]
    assert problems(result) == [
        (1, 3, "không chuyển được hình ảnh (công thức hoặc hình vẽ WMF/EMF) để hiển thị trên trình duyệt: hãy lưu "
               "nó thành ảnh (PNG) trong văn bản, hoặc gõ lại công thức bằng trình soạn công thức của Word.")]


@pytest.mark.process
def test_metafiles_and_svg_become_png_in_one_libreoffice_run(monkeypatch):
    runs = []
    convert = conversion.convert_in_sandbox

    def counted(work, names, target):
        runs.append(sorted(names))
        return convert(work, names, target)
    monkeypatch.setattr(conversion, "convert_in_sandbox", counted)
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10"/></svg>'
    formula = qi.Question(kind=qi.ESSAY, stem=f"Tính {img('image1.wmf', 'Công thức')}", number=1, line=1,
                          text_format=qi.HTML, media=[qi.Media("image1.wmf", "image/x-wmf", wmf(), "Công thức")])
    drawing = qi.Passage("p1", f"{img('image1.svg')} {img('image2.png')}", qi.HTML,
                         [qi.Media("image1.svg", "image/svg+xml", svg), qi.Media("image2.png", "image/png", RED)])
    again = qi.Question(kind=qi.ESSAY, stem=img("image1.wmf"), number=2, line=2, text_format=qi.HTML,
                        media=[qi.Media("image1.wmf", "image/x-wmf", wmf())])  # the same formula: converted once
    result = qi.ParseResult(questions=[formula, again], passages={"p1": drawing})

    media.ready_result(result)

    assert runs == [["m0.svg", "m2.wmf"]]
    assert (again.stem, again.media) == (img("image1.png"), [qi.Media("image1.png", "image/png",
                                                                       formula.media[0].data)])
    assert problems(result) == []
    assert formula.stem == f"Tính {img('image1.png', 'Công thức')}"
    assert drawing.text == f"{img('image1.png')} {img('image2.png')}"
    assert [(m.name, m.mime, m.alt) for m in formula.media] == [("image1.png", "image/png", "Công thức")]
    assert [(m.name, m.mime) for m in drawing.media] == [("image1.png", "image/png"), ("image2.png", "image/png")]
    assert drawing.media[1].data == RED
    # the metafile's PNG is cut to its drawing: the 180×80 rectangle of its 200×100 window, not a page
    shown = Image.open(io.BytesIO(formula.media[0].data))
    assert 180 <= shown.width <= 190 and 80 <= shown.height <= 90
    assert Image.open(io.BytesIO(drawing.media[0].data)).size[0] in (20, 21)
