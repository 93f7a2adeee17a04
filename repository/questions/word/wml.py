"""Small builders of WordprocessingML elements (paragraphs, runs, tables) straight in lxml,
for the writers here: python-docx's object API costs far more per run than the XML it
makes, and an exam of a few thousand runs is built from these and from copies of them."""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass

from docx.oxml.ns import nsmap, qn
from docx.oxml.parser import oxml_parser
from lxml import etree

W = nsmap["w"]
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
EMU_PER_TWIP = 635
_NSMAP = {"w": W}


def w(name: str) -> str:
    return f"{{{W}}}{name}"


W_VAL = w("val")


def el(name: str, parent=None, **attrs):
    """An element w:`name` (in `parent` if given), its attributes w:key=value."""
    tag = w(name)
    element = oxml_parser.makeelement(tag, nsmap=_NSMAP) if parent is None else etree.SubElement(parent, tag)
    for key, value in attrs.items():
        element.set(w(key), str(value))
    return element


@dataclass(frozen=True)
class Style:
    """How a run looks."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    vert: str = ""  # "subscript", "superscript"
    size: float = 0  # points; 0: the paragraph's
    font: str = ""

    def but(self, **changes) -> Style:
        values = {**self.__dict__, **changes}
        return Style(**values)


PLAIN_STYLE = Style()


def run_properties(style: Style, run) -> None:
    if style == PLAIN_STYLE:
        return
    properties = el("rPr", run)
    if style.font:
        el("rFonts", properties, ascii=style.font, hAnsi=style.font, cs=style.font)
    if style.bold:
        el("b", properties)
    if style.italic:
        el("i", properties)
    if style.underline:
        el("u", properties, val="single")
    if style.size:
        el("sz", properties, val=round(style.size * 2))
    if style.vert:
        el("vertAlign", properties, val=style.vert)


def run(text: str, style: Style = PLAIN_STYLE, parent=None):
    """A run of `text`: tabs as w:tab, line breaks as w:br (a copy of the one made first
    for the same text and style: labels and letters recur on every page)."""
    made = copy.deepcopy(_run(text, style))
    if parent is not None:
        parent.append(made)
    return made


@functools.lru_cache(maxsize=4096)
def _run(text: str, style: Style):
    r = el("r")
    run_properties(style, r)
    piece = []

    def flush():
        if piece:
            t = el("t", r)
            t.text = "".join(piece)
            if t.text != t.text.strip() or "  " in t.text:
                t.set(XML_SPACE, "preserve")
            piece.clear()

    for ch in text:
        if ch == "\n":
            flush()
            el("br", r)
        elif ch == "\t":
            flush()
            el("tab", r)
        else:
            piece.append(ch)
    flush()
    return r


def line_break(style: Style = PLAIN_STYLE):
    r = el("r")
    run_properties(style, r)
    el("br", r)
    return r


def paragraph(*children, align: str = "", indent_twips: int = 0, hanging_twips: int = 0, tabs=(),
              keep_next: bool = False, space_before: int = 0, space_after: int = 0, parent=None):
    """A w:p holding `children` (runs, equations); `tabs`: (position in twips, alignment)."""
    p = el("p", parent)
    if align or indent_twips or hanging_twips or tabs or keep_next or space_before or space_after:
        properties = el("pPr", p)
        if keep_next:
            el("keepNext", properties)
        if tabs:
            tabs_el = el("tabs", properties)
            for position, kind in tabs:
                el("tab", tabs_el, val=kind, pos=position)
        if space_before or space_after:
            el("spacing", properties, before=space_before, after=space_after)
        if indent_twips or hanging_twips:
            attrs = {"left": indent_twips}
            if hanging_twips:
                attrs["hanging"] = hanging_twips
            el("ind", properties, **attrs)
        if align:
            el("jc", properties, val=align)
    for child in children:
        p.append(child)
    return p


def table(widths_twips: list[int], *, borders: bool = True, align: str = ""):
    """An empty w:tbl with its grid; add rows with `row`."""
    tbl = el("tbl")
    properties = el("tblPr", tbl)
    el("tblW", properties, w=sum(widths_twips), type="dxa")
    if align:
        el("jc", properties, val=align)
    edges = el("tblBorders", properties)
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        if borders:
            el(edge, edges, val="single", sz=4, space=0, color="000000")
        else:
            el(edge, edges, val="nil")
    el("tblLayout", properties, type="fixed")
    margins = el("tblCellMar", properties)
    el("left", margins, w=80, type="dxa")
    el("right", margins, w=80, type="dxa")
    grid = el("tblGrid", tbl)
    for width in widths_twips:
        el("gridCol", grid, w=width)
    return tbl


def row(tbl, *, header: bool = False, cant_split: bool = True):
    tr = el("tr", tbl)
    if header or cant_split:
        properties = el("trPr", tr)
        if cant_split:
            el("cantSplit", properties)
        if header:
            el("tblHeader", properties)
    return tr


def cell(tr, width_twips: int, *, span: int = 1, valign: str = "", shade: str = ""):
    """A w:tc of `tr` without paragraphs (a cell must end with one: see `close_cell`)."""
    tc = el("tc", tr)
    properties = el("tcPr", tc)
    el("tcW", properties, w=width_twips, type="dxa")
    if span > 1:
        el("gridSpan", properties, val=span)
    if shade:
        el("shd", properties, val="clear", color="auto", fill=shade)
    if valign:
        el("vAlign", properties, val=valign)
    return tc


def close_cell(tc) -> None:
    """A cell must hold a paragraph last (after a nested table too)."""
    if not len(tc) or tc[-1].tag != qn("w:p"):
        el("p", tc)


def body_append(body, element) -> None:
    """Appends a block to the document's body, before its section properties."""
    last = body[-1] if len(body) else None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(element)
    else:
        body.append(element)
