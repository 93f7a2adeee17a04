"""Neutral texts into Word (repository/questions/word/richtext.py, omml.py): LaTeX as native
Word equations (OMML) built from latex2mathml's MathML, formulas that cannot be converted
kept as their LaTeX, html's formatting, lists, tables and `media:` images (scaled to the
width they have), plain text's line breaks; the html sanitised first."""

import io
import re
import struct
import zlib

import docx
import pytest
from django.utils import translation
from docx.oxml.ns import qn
from lxml import etree

from repository.questions import interchange as qi
from repository.questions.word import omml, richtext, wml

M = omml.M_NS


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def png(width=1, height=1) -> bytes:
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"\x00" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def shape(element) -> str:
    """An element as compact text: m:/w: tags, m:val attributes, texts; nothing else."""
    def walk(node):
        tag = etree.QName(node).localname
        prefix = "m" if etree.QName(node).namespace == M else "w"
        val = node.get(f"{{{M}}}val")
        inside = "".join(walk(child) for child in node)
        text = node.text if tag == "t" else ""
        attr = f"={val}" if val is not None else ""
        return f"{prefix}:{tag}{attr}" + (f"({text}{inside})" if text or inside else "")
    return walk(element)


def math(latex, display=False):
    found = omml.formula(latex, display=display)
    return shape(found) if found is not None else None


# --- LaTeX into OMML ---------------------------------------------------------------------------

def test_fractions_scripts_and_roots():
    assert math(r"\frac{a}{b}") == "m:oMath(m:f(m:num(m:r(m:t(a)))m:den(m:r(m:t(b)))))"
    assert math(r"x^2+y_1") == ("m:oMath(m:sSup(m:e(m:r(m:t(x)))m:sup(m:r(m:t(2))))m:r(m:t(+))"
                                "m:sSub(m:e(m:r(m:t(y)))m:sub(m:r(m:t(1)))))")
    assert math(r"x_i^2") == "m:oMath(m:sSubSup(m:e(m:r(m:t(x)))m:sub(m:r(m:t(i)))m:sup(m:r(m:t(2)))))"
    assert math(r"\sqrt{2}") == "m:oMath(m:rad(m:radPr(m:degHide=1)m:degm:e(m:r(m:t(2)))))"
    assert math(r"\sqrt[3]{x}") == "m:oMath(m:rad(m:deg(m:r(m:t(3)))m:e(m:r(m:t(x)))))"
    assert math(r"\binom{n}{k}") == ("m:oMath(m:d(m:dPr(m:begChr=(m:endChr=))m:e(m:f(m:fPr(m:type=noBar)"
                                     "m:num(m:r(m:t(n)))m:den(m:r(m:t(k)))))))")


def test_sums_integrals_and_limits():
    assert math(r"\sum_{i=1}^{n} i = 5") == (
        "m:oMath(m:nary(m:naryPr(m:chr=∑m:limLoc=subSup)m:sub(m:r(m:t(i))m:r(m:t(=))m:r(m:t(1)))"
        "m:sup(m:r(m:t(n)))m:e(m:r(m:t(i))))m:r(m:t(=))m:r(m:t(5)))")
    # displayed, a sum's limits go under and over it; an integral's stay beside it
    assert "m:limLoc=undOvr" in math(r"\sum_{i=1}^{n} i", display=True)
    assert math(r"\int_0^1 f(x)\,dx", display=True) == (
        "m:oMathPara(m:oMath(m:nary(m:naryPr(m:chr=∫m:limLoc=subSup)m:sub(m:r(m:t(0)))m:sup(m:r(m:t(1)))"
        "m:e(m:r(m:t(f))m:r(m:t(())m:r(m:t(x))m:r(m:t()))m:r(m:rPr(m:sty=p)m:t(\u2009))m:r(m:t(d))m:r(m:t(x))))))")
    assert math(r"\prod_{k} k") == ("m:oMath(m:nary(m:naryPr(m:chr=∏m:limLoc=subSupm:supHide=1)"
                                    "m:sub(m:r(m:t(k)))m:supm:e(m:r(m:t(k)))))")
    assert math(r"\lim_{x\to 0} \frac{\sin x}{x}") == (
        "m:oMath(m:limLow(m:e(m:r(m:rPr(m:sty=p)m:t(lim)))m:lim(m:r(m:t(x))m:r(m:t(→))m:r(m:t(0))))"
        "m:f(m:num(m:r(m:rPr(m:sty=p)m:t(sin))m:r(m:t(x)))m:den(m:r(m:t(x)))))")


def test_accents_bars_and_braces():
    assert math(r"\vec{a}") == "m:oMath(m:acc(m:accPr(m:chr=\u20d7)m:e(m:r(m:t(a)))))"
    assert math(r"\overrightarrow{AB}") == "m:oMath(m:acc(m:accPr(m:chr=\u20d7)m:e(m:r(m:t(A))m:r(m:t(B)))))"
    assert math(r"\widehat{ABC}") == ("m:oMath(m:acc(m:accPr(m:chr=\u0302)m:e(m:r(m:t(A))m:r(m:t(B))"
                                      "m:r(m:t(C)))))")
    assert math(r"\overline{AB}") == "m:oMath(m:bar(m:barPr(m:pos=top)m:e(m:r(m:t(A))m:r(m:t(B)))))"
    assert math(r"\underbrace{a+b}_{n}").startswith(
        "m:oMath(m:limLow(m:e(m:groupChr(m:groupChrPr(m:chr=⏟m:pos=botm:vertJc=top)")
    assert math(r"\overset{t^o}{\rightarrow}") == (
        "m:oMath(m:limUpp(m:e(m:r(m:t(→)))m:lim(m:sSup(m:e(m:r(m:t(t)))m:sup(m:r(m:t(o)))))))")


def test_fences_matrices_and_cases():
    assert math(r"\left( \frac{1}{2} \right)") == (
        "m:oMath(m:d(m:dPr(m:begChr=(m:endChr=))m:e(m:f(m:num(m:r(m:t(1)))m:den(m:r(m:t(2)))))))")
    assert math(r"\left[ a;b \right)") == (
        "m:oMath(m:d(m:dPr(m:begChr=[m:endChr=))m:e(m:r(m:t(a))m:r(m:t(;))m:r(m:t(b)))))")
    assert math(r"\begin{pmatrix}1&2\\3&4\end{pmatrix}") == (
        "m:oMath(m:d(m:dPr(m:begChr=(m:endChr=))m:e(m:m(m:mr(m:e(m:r(m:t(1)))m:e(m:r(m:t(2))))"
        "m:mr(m:e(m:r(m:t(3)))m:e(m:r(m:t(4))))))))")
    assert math(r"\begin{cases} x=1 \\ y=2\end{cases}") == (
        "m:oMath(m:d(m:dPr(m:begChr={m:endChr=)m:e(m:m(m:mPr(m:mcs(m:mc(m:mcPr(m:count=1m:mcJc=left))))"
        "m:mr(m:e(m:r(m:t(x))m:r(m:t(=))m:r(m:t(1))))m:mr(m:e(m:r(m:t(y))m:r(m:t(=))m:r(m:t(2))))))))")


def test_words_spaces_and_signs():
    assert math(r"\text{khi } x \ge 2") == (
        "m:oMath(m:r(m:rPr(m:nor)m:t(khi\u00a0))m:r(m:t(x))m:r(m:t(≥))m:r(m:t(2)))")
    assert math(r"a \not= b") == "m:oMath(m:r(m:t(a))m:r(m:t(≠))m:r(m:t(b)))"
    assert math(r"x\quad y") == "m:oMath(m:r(m:t(x))m:r(m:rPr(m:sty=p)m:t(\u2003))m:r(m:t(y)))"
    assert math(r"\boxed{x}") == "m:oMath(m:borderBox(m:e(m:r(m:t(x)))))"


def test_what_cannot_be_converted_is_none():
    assert math(r"\frac{1}{") is None  # unbalanced
    assert math(r"x^") is None
    assert math(r"\ce{H2O}") is None  # a command latex2mathml does not know
    assert math("") is None


def test_each_formula_is_a_fresh_copy():
    first, second = omml.formula(r"\frac{a}{b}"), omml.formula(r"\frac{a}{b}")
    assert first is not second and shape(first) == shape(second)
    first.clear()
    assert shape(omml.formula(r"\frac{a}{b}")) == shape(second)


# --- texts into paragraphs ---------------------------------------------------------------------

def body_shape(document) -> list[str]:
    """Each block of the body (no section properties), as compact text."""
    return [shape(block) for block in document.element.body if block.tag != qn("w:sectPr")]


def test_plain_text_keeps_line_breaks_tabs_and_formulas():
    document = docx.Document()
    paragraph = document.add_paragraph("Câu 1: ")
    richtext.add_text(paragraph, "Tính \\(x^2\\)\nkhi\tx = 2 và \\(\\ce{H2O}\\)", qi.PLAIN)
    assert body_shape(document) == [
        "w:p(w:r(w:t(Câu 1: ))w:r(w:t(Tính ))m:oMath(m:sSup(m:e(m:r(m:t(x)))m:sup(m:r(m:t(2)))))"
        "w:r(w:brw:t(khi)w:tabw:t(x = 2 và ))w:r(w:t(\\(\\ce{H2O}\\))))"]


def test_html_formatting_lists_and_display_formulas():
    document = docx.Document()
    paragraph = document.add_paragraph()
    last = richtext.add_text(paragraph, (
        "<p>Cho <b>hàm</b> <i>số</i> <u>sau</u>: H<sub>2</sub>O, x<sup>2</sup><br>dòng hai</p>"
        "<ul><li>một</li><li>hai <strong>đậm</strong></li></ul><ol start=\"3\"><li>ba</li></ol>"
        "<p>\\[\\sqrt{x}\\] rồi   tiếp</p><script>alert(1)</script><p onclick=\"x\">hết</p>"), qi.HTML)
    blocks = body_shape(document)
    assert blocks[0] == ("w:p(w:r(w:t(Cho ))w:r(w:rPr(w:b)w:t(hàm))w:r(w:t( ))w:r(w:rPr(w:i)w:t(số))w:r(w:t( ))"
                         "w:r(w:rPr(w:u)w:t(sau))w:r(w:t(: H))w:r(w:rPr(w:vertAlign)w:t(2))w:r(w:t(O, x))"
                         "w:r(w:rPr(w:vertAlign)w:t(2))w:r(w:br)w:r(w:t(dòng hai)))")
    assert blocks[1] == "w:p(w:pPr(w:tabs(w:tab)w:ind)w:r(w:t(•)w:tab)w:r(w:t(một)))"
    assert blocks[2] == "w:p(w:pPr(w:tabs(w:tab)w:ind)w:r(w:t(•)w:tab)w:r(w:t(hai ))w:r(w:rPr(w:b)w:t(đậm)))"
    assert blocks[3] == "w:p(w:pPr(w:tabs(w:tab)w:ind)w:r(w:t(3.)w:tab)w:r(w:t(ba)))"
    assert blocks[4] == ("w:p(w:pPr(w:jc)m:oMathPara(m:oMath(m:rad(m:radPr(m:degHide=1)m:degm:e(m:r(m:t(x)))))))")
    assert blocks[5:] == ["w:p(w:r(w:t(rồi tiếp)))", "w:p(w:r(w:t(hết)))"]
    assert last is document.element.body[6]
    assert "alert" not in etree.tostring(document.element.body, encoding=str)


def test_html_tables_in_a_paragraph_and_a_cell():
    document = docx.Document()
    paragraph = document.add_paragraph()
    richtext.add_text(paragraph, "<table><tr><th>x</th><th>y</th></tr><tr><td colspan=\"2\">"
                                 "\\(\\frac{1}{2}\\)</td></tr></table>", qi.HTML)
    table = document.element.body[1]
    assert table.tag == qn("w:tbl")
    assert [shape(row) for row in table.findall(qn("w:tr"))] == [
        "w:tr(w:trPr(w:cantSplit)w:tc(w:tcPr(w:tcW)w:p(w:r(w:rPr(w:b)w:t(x))))"
        "w:tc(w:tcPr(w:tcW)w:p(w:r(w:rPr(w:b)w:t(y)))))",
        "w:tr(w:trPr(w:cantSplit)w:tc(w:tcPr(w:tcWw:gridSpan)w:p(m:oMath(m:f(m:num(m:r(m:t(1)))"
        "m:den(m:r(m:t(2))))))))"]
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    richtext.add_text(cell, "<p>ô <u>một</u></p><table><tr><td>trong</td></tr></table>", qi.HTML)
    assert shape(cell._tc).endswith("w:p(w:r(w:t(ô ))w:r(w:rPr(w:u)w:t(một)))w:tbl(w:tblPr(w:tblWw:tblBorders("
                                    "w:topw:leftw:bottomw:rightw:insideHw:insideV)w:tblLayoutw:tblCellMar(w:leftw:right))"
                                    "w:tblGrid(w:gridCol)w:tr(w:trPr(w:cantSplit)w:tc(w:tcPr(w:tcW)w:p(w:r(w:t(trong))))))w:p)")


def test_images_scaled_to_the_page_and_shared_within_a_document():
    wide = qi.Media("wide.png", "image/png", png(3000, 100), alt="đồ thị")
    small = qi.Media("small.png", "image/png", png(10, 10))
    document = docx.Document()
    text = '<p>Hình <img src="media:wide.png" alt="đồ thị hàm số"> và <img src="media:small.png"></p>'
    for _ in range(2):
        richtext.add_text(document.add_paragraph(), text, qi.HTML, [wide, small])
    section = document.sections[0]
    page = section.page_width - section.left_margin - section.right_margin
    extents = [(int(e.get("cx")), int(e.get("cy"))) for e in document.element.body.iter(qn("wp:extent"))]
    assert extents == [(page, round(page / 30)), (127000, 127000)] * 2  # 10 px at 72 dpi: its natural size
    embeds = [blip.get(qn("r:embed")) for blip in document.element.body.iter(qn("a:blip"))]
    assert embeds[0] == embeds[2] and embeds[1] == embeds[3] and embeds[0] != embeds[1]
    assert document.part.related_parts[embeds[0]].blob == wide.data
    ids = [d.get("id") for d in document.element.body.iter(qn("wp:docPr"))]
    assert len(set(ids)) == 4
    assert [d.get("descr") for d in document.element.body.iter(qn("wp:docPr"))][:2] == ["đồ thị hàm số", ""]
    out = io.BytesIO()
    document.save(out)
    reopened = docx.Document(io.BytesIO(out.getvalue()))
    assert len(reopened.inline_shapes) == 4


def test_an_image_that_cannot_be_shown_is_described():
    svg = qi.Media("a.svg", "image/svg+xml", b"<svg xmlns='http://www.w3.org/2000/svg'/>", alt="tam giác")
    document = docx.Document()
    richtext.add_text(document.add_paragraph(), '<img src="media:a.svg"> <img src="media:missing.png" alt="hình 2">'
                                                ' <img src="http://example.com/x.png">', qi.HTML, [svg])
    assert body_shape(document) == ["w:p(w:r(w:t([hình: tam giác]))w:r(w:t( ))w:r(w:t([hình: hình 2]))w:r(w:t( ))"
                                    "w:r(w:t([hình])))"]


def test_fragments_are_built_once_and_copied():
    first = richtext.fragment("Giá trị \\(\\frac{1}{2}\\)", qi.PLAIN)
    assert richtext.fragment("Giá trị \\(\\frac{1}{2}\\)", qi.PLAIN) is first
    assert first.inline and first.length == len("Giá trị ") + len("12") + 1
    assert not richtext.fragment("a\nb").inline
    assert not richtext.fragment("<p>a</p><p>b</p>", qi.HTML).inline
    underlined = richtext.fragment("x", style=wml.Style(underline=True))
    assert shape(underlined.lead[0]) == "w:r(w:rPr(w:u)w:t(x))"
    document = docx.Document()
    writer = richtext.Writer.of(document)
    p1, p2 = wml.el("p"), wml.el("p")
    writer.into_paragraph(p1, first)
    writer.into_paragraph(p2, first)
    assert shape(p1) == shape(p2) and p1[1] is not p2[1]


def test_sanitize_keeps_the_subset_only():
    assert richtext.sanitize('<p style="color:red" onclick="x">a<a href="http://x">b</a>'
                             '<img src="media:a.png" alt="A" onerror="y"><img src="javascript:z"></p>') == \
        '<p>ab<img src="media:a.png" alt="A"><img></p>'
    assert re.fullmatch(r"<table><tbody><tr><td colspan=\"2\">c</td></tr></tbody></table>",
                        richtext.sanitize('<table><tr><td colspan="2" width="9">c</td></tr></table>'))
