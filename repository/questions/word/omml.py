"""LaTeX formulas as native Word equations (Office Math Markup, OMML): the LaTeX is turned
into MathML by latex2mathml, then each MathML element into its OMML counterpart here.

    mi, mn, mo, mtext, ms       m:r (a word of several letters, "sin", "lim", upright)
    mrow, mstyle, mpadded       their children in order
    mfrac                       m:f (no bar for \\binom)
    msup, msub, msubsup         m:sSup, m:sSub, m:sSubSup
    msqrt, mroot                m:rad (its degree hidden for a square root)
    mover, munder, munderover   an accent (m:acc: \\vec, \\hat, \\tilde, \\dot…), a bar
                                (m:bar: \\overline, \\underline), a brace (m:groupChr),
                                an n-ary operator with its limits (m:nary: ∑ ∏ ∫ ∮ ⋃…,
                                the rest of the row up to a relation as its operand),
                                limits under or over (m:limLow, m:limUpp: lim, max)
    mtable (mtr, mtd)           m:m, left-aligned columns kept (cases)
    mo fences                   m:d: \\left( … \\right), \\left\\{ alone (cases), the
                                brackets around a matrix, \\binom's parentheses
    mspace                      a space of about its width
    menclose                    m:borderBox (\\boxed, \\cancel)
    mphantom                    m:phant

A formula that latex2mathml cannot read (an unbalanced brace, a command it does not know,
such as \\ce) or that holds an element not listed is not converted: `formula` returns
None and the caller keeps the LaTeX as text, never dropping it. The conversion of one
formula is cached; `formula` gives a fresh copy each time.
"""

from __future__ import annotations

import copy
import functools
import html
import xml.etree.ElementTree as ET

from docx.oxml.parser import oxml_parser
from latex2mathml.converter import convert_to_element
from lxml import etree

M_NS = "http://schemas.openxmlformats.org/officeDocument/2006/math"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MML_NS = "http://www.w3.org/1998/Math/MathML"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_NSMAP = {"m": M_NS, "w": W_NS}


def _m(name: str) -> str:
    return f"{{{M_NS}}}{name}"


M_VAL = _m("val")

# n-ary operators: their limits and the operand that follows make one m:nary.
NARY = set("∑∏∐∫∬∭∮∯∰∱∲∳⋃⋂⋀⋁⨀⨁⨂⨃⨄⨅⨆⨉")
INTEGRALS = set("∫∬∭∮∯∰∱∲∳")
# Operators that end an n-ary operator's operand ("∑ i = …").
RELATIONS = set("=<>≤≥≠≈≡∼≃≅∝∈∉⊂⊃⊆⊇→←⇒⇔⟹⟺,;")
# An accent over its base: the character Word draws (a combining mark).
ACCENTS = {
    "→": "\u20d7", "⟶": "\u20d7", "←": "\u20d6", "↔": "\u20e1", "^": "\u0302", "ˆ": "\u0302",
    "~": "\u0303", "˜": "\u0303", "¯": "\u0304", "˙": "\u0307", "¨": "\u0308", "ˇ": "\u030c",
    "´": "\u0301", "`": "\u0300", "˘": "\u0306", "˚": "\u030a", "\u0302": "\u0302", "\u0303": "\u0303",
}
OVERBARS = {"―", "‾", "_", "\u0305"}
BRACES = {"⏞", "⏟", "︷", "︸"}
LIMITS = {"lim", "max", "min", "sup", "inf", "limsup", "liminf", "lim sup", "lim inf"}
OPENING = set("([{⟨⌊⌈|‖")
CLOSING = set(")]}⟩⌋⌉|‖")
# A space's width in em -> the character of about that width.
_SPACES = ((0.9, "\u2003"), (0.5, "\u2002"), (0.26, "\u2004"), (0.2, "\u205f"), (0.1, "\u2009"))


class NotConvertible(Exception):
    """The formula holds what this converter does not read."""


def _mml(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _el(name: str, parent=None, val: str | None = None):
    tag = _m(name)
    element = (oxml_parser.makeelement(tag, nsmap=_NSMAP) if parent is None
               else etree.SubElement(parent, tag))
    if val is not None:
        element.set(M_VAL, val)
    return element


def _text_of(node: ET.Element) -> str:
    # latex2mathml's elements hold characters as references ("&#x0002B;"), written out
    return html.unescape("".join(node.itertext()))


class _Converter:
    def __init__(self, display: bool = False):
        self.display = display

    def row(self, nodes: list[ET.Element], parent) -> None:
        """Converts a row of MathML nodes into `parent`'s children (fences and n-ary
        operators gather the nodes that follow them)."""
        i = 0
        while i < len(nodes):
            node = nodes[i]
            tag = _mml(node.tag)
            if tag in ("mrow", "mstyle", "mpadded"):  # a nested row: its fences and operators keep to it
                inner = list(node)
                if tag == "mpadded" and node.get("width") == "0" and _is_negation(inner):
                    i += 1
                    if i < len(nodes):  # \not before an operator: the negated sign
                        self.negated(nodes[i], parent)
                        i += 1
                    continue
                self.row(inner, parent)
                i += 1
                continue
            if tag == "semantics":
                self.row(list(node)[:1], parent)
                i += 1
                continue
            if tag == "mo" and _is_opening(node, nodes[i + 1:]):
                end = _closing_index(nodes, i)
                self.fence(node, nodes[i + 1:end if end is not None else len(nodes)],
                           nodes[end] if end is not None else None, parent)
                i = (end + 1) if end is not None else len(nodes)
                continue
            nary = _nary_parts(node)
            if nary is not None:
                end = i + 1
                while end < len(nodes) and not _is_relation(nodes[end]):
                    end += 1
                self.nary(node, nary, nodes[i + 1:end], parent)
                i = end
                continue
            self.node(node, parent)
            i += 1

    def node(self, node: ET.Element, parent) -> None:
        tag = _mml(node.tag)
        children = list(node)
        if tag in ("mi", "mn", "mo", "mtext", "ms"):
            self.run(node, tag, parent)
        elif tag in ("mrow", "mstyle", "mpadded", "math", "semantics"):
            self.row(children, parent)
        elif tag == "mfrac":
            _arity(children, 2)
            fraction = _el("f", parent)
            if node.get("linethickness") in ("0", "0pt", "0em"):
                _el("type", _el("fPr", fraction), "noBar")
            self.into(children[0], _el("num", fraction))
            self.into(children[1], _el("den", fraction))
        elif tag == "msub" and len(children) == 2 and _text_of(children[0]).strip() in LIMITS:
            limit = _el("limLow", parent)  # lim_{x→0} as Word writes it: the limit under the word
            self.into(children[0], _el("e", limit))
            self.into(children[1], _el("lim", limit))
        elif tag in ("msup", "msub", "msubsup"):
            _arity(children, 3 if tag == "msubsup" else 2)
            name = {"msup": "sSup", "msub": "sSub", "msubsup": "sSubSup"}[tag]
            script = _el(name, parent)
            self.into(children[0], _el("e", script))
            if tag == "msup":
                self.into(children[1], _el("sup", script))
            else:
                self.into(children[1], _el("sub", script))
                if tag == "msubsup":
                    self.into(children[2], _el("sup", script))
        elif tag == "msqrt":
            radical = _el("rad", parent)
            _el("degHide", _el("radPr", radical), "1")
            _el("deg", radical)
            self.row(children, _el("e", radical))
        elif tag == "mroot":
            _arity(children, 2)
            radical = _el("rad", parent)
            self.into(children[1], _el("deg", radical))
            self.into(children[0], _el("e", radical))
        elif tag in ("mover", "munder", "munderover"):
            self.under_over(node, tag, children, parent)
        elif tag == "mtable":
            self.table(node, parent)
        elif tag == "mspace":
            width = _em(node.get("width", "0"))
            space = next((char for least, char in _SPACES if width >= least), "")
            if width >= 1.5:
                space = "\u2003" * round(width)
            if space:
                self.text_run(space, parent, upright=True)
        elif tag == "menclose":
            box = _el("borderBox", parent)
            notation = set((node.get("notation") or "box").split())
            if "box" not in notation:
                properties = _el("borderBoxPr", box)
                for side in ("hideTop", "hideBot", "hideLeft", "hideRight"):
                    _el(side, properties, "1")
                for strike, name in (("updiagonalstrike", "strikeBLTR"), ("downdiagonalstrike", "strikeTLBR"),
                                     ("horizontalstrike", "strikeH"), ("verticalstrike", "strikeV")):
                    if strike in notation:
                        _el(name, properties, "1")
            self.row(children, _el("e", box))
        elif tag == "mphantom":
            phantom = _el("phant", parent)
            self.row(children, _el("e", phantom))
        else:  # merror, mglyph, maction, mmultiscripts…
            raise NotConvertible(tag)

    def into(self, node: ET.Element, parent) -> None:
        """One node as an argument (m:e, m:num…): a row's children, or the node itself."""
        if _mml(node.tag) == "mrow":
            self.row(list(node), parent)
        else:
            self.row([node], parent)

    def run(self, node: ET.Element, tag: str, parent) -> None:
        text = _text_of(node)
        if "\\" in text:  # a command latex2mathml does not know (\ce, \foo): not a formula it read
            raise NotConvertible(text)
        if tag == "ms":
            text = f"“{text}”"
        if not text:
            return
        variant = node.get("mathvariant", "")
        if tag in ("mtext", "ms"):
            run = _el("r", parent)
            _el("nor", _el("rPr", run))
            _t(run, text)
            return
        letters = sum(ch.isalpha() for ch in text)
        upright = variant == "normal" or (tag in ("mi", "mo") and letters > 1) or (tag == "mn" and letters)
        style = {"bold": "b", "bold-italic": "bi"}.get(variant)
        self.text_run(text, parent, upright=upright, style=style,
                      script={"double-struck": "double-struck", "script": "script", "fraktur": "fraktur"}.get(variant))

    @staticmethod
    def text_run(text: str, parent, *, upright: bool = False, style: str | None = None, script: str | None = None):
        run = _el("r", parent)
        if upright or style or script:
            properties = _el("rPr", run)
            if script:
                _el("scr", properties, script)
            _el("sty", properties, style or "p")
        _t(run, text)
        return run

    def negated(self, node: ET.Element, parent) -> None:
        """\\not before a sign: the sign with a combining long solidus."""
        text = _text_of(node)
        if _mml(node.tag) not in ("mo", "mi") or not text:
            raise NotConvertible("not")
        negations = {"=": "≠", "<": "≮", ">": "≯", "≤": "≰", "≥": "≱", "∈": "∉", "⊂": "⊄", "⊃": "⊅",
                     "≡": "≢", "∼": "≁", "≈": "≉", "⊆": "⊈", "⊇": "⊉"}
        self.text_run(negations.get(text, text + "\u0338"), parent)

    def fence(self, opening: ET.Element, inner: list[ET.Element], closing: ET.Element | None, parent) -> None:
        delimiters = _el("d", parent)
        properties = _el("dPr", delimiters)
        _el("begChr", properties, _text_of(opening))
        _el("endChr", properties, _text_of(closing) if closing is not None else "")
        self.row(inner, _el("e", delimiters))

    def nary(self, node: ET.Element, parts: tuple, operand: list[ET.Element], parent) -> None:
        char, lower, upper, under_over = parts
        nary = _el("nary", parent)
        properties = _el("naryPr", nary)
        _el("chr", properties, char)
        # a sum's limits under and over it when displayed or asked (\limits); an integral's beside it
        under_over = under_over or (self.display and char not in INTEGRALS)
        _el("limLoc", properties, "undOvr" if under_over else "subSup")
        if lower is None:
            _el("subHide", properties, "1")
        if upper is None:
            _el("supHide", properties, "1")
        sub, sup = _el("sub", nary), _el("sup", nary)
        if lower is not None:
            self.into(lower, sub)
        if upper is not None:
            self.into(upper, sup)
        self.row(operand, _el("e", nary))

    def under_over(self, node: ET.Element, tag: str, children: list, parent) -> None:
        _arity(children, 3 if tag == "munderover" else 2)
        base = children[0]
        if tag == "munderover":
            over = _el("limUpp", parent)
            low = _el("limLow", _el("e", over))
            self.into(base, _el("e", low))
            self.into(children[1], _el("lim", low))
            self.into(children[2], _el("lim", over))
            return
        script = children[1]
        mark = _text_of(script) if _mml(script.tag) in ("mo", "mi") or (
            _mml(script.tag) == "mstyle" and len(script) == 1) else None
        if mark is not None and tag == "mover" and mark in ACCENTS:
            accent = _el("acc", parent)
            _el("chr", _el("accPr", accent), ACCENTS[mark])
            self.into(base, _el("e", accent))
        elif mark is not None and mark in OVERBARS:
            bar = _el("bar", parent)
            _el("pos", _el("barPr", bar), "top" if tag == "mover" else "bot")
            self.into(base, _el("e", bar))
        elif mark is not None and mark in BRACES:
            group = _el("groupChr", parent)
            properties = _el("groupChrPr", group)
            _el("chr", properties, mark)
            _el("pos", properties, "top" if tag == "mover" else "bot")
            _el("vertJc", properties, "bot" if tag == "mover" else "top")
            self.into(base, _el("e", group))
        else:
            limit = _el("limUpp" if tag == "mover" else "limLow", parent)
            self.into(base, _el("e", limit))
            self.into(script, _el("lim", limit))

    def table(self, node: ET.Element, parent) -> None:
        rows = [row for row in node if _mml(row.tag) in ("mtr", "mlabeledtr")]
        if not rows:
            raise NotConvertible("mtable")
        matrix = _el("m", parent)
        columns = max(len([cell for cell in row if _mml(cell.tag) == "mtd"]) for row in rows)
        aligns = {cell.get("columnalign") for row in rows for cell in row}
        if aligns == {"left"}:
            columns_el = _el("mcs", _el("mPr", matrix))
            column = _el("mcPr", _el("mc", columns_el))
            _el("count", column, str(max(columns, 1)))
            _el("mcJc", column, "left")
        for row in rows:
            matrix_row = _el("mr", matrix)
            cells = [cell for cell in row if _mml(cell.tag) == "mtd"]
            for cell in cells:
                self.row(list(cell), _el("e", matrix_row))
            for _missing in range(columns - len(cells)):
                _el("e", matrix_row)


def _t(run, text: str) -> None:
    t = _el("t", run)
    t.text = text
    if text != text.strip() or "  " in text:
        t.set(XML_SPACE, "preserve")


def _arity(children: list, count: int) -> None:
    if len(children) != count:
        raise NotConvertible(f"{count} arguments expected")


def _em(width: str) -> float:
    width = width.strip()
    try:
        if width.endswith("em"):
            return float(width[:-2])
        if width.endswith("ex"):
            return float(width[:-2]) / 2
        if width.endswith("pt"):
            return float(width[:-2]) / 10
        return float(width or 0)
    except ValueError:
        return 0.0


def _is_fence_like(node: ET.Element) -> bool:
    return (node.get("stretchy") == "true" or node.get("fence") == "true" or node.get("minsize") is not None)


def _is_opening(node: ET.Element, following: list[ET.Element]) -> bool:
    text = _text_of(node)
    form = node.get("form")
    if form == "prefix" and _is_fence_like(node):
        return True
    if form is None and text in OPENING and text not in CLOSING:
        # brackets with no attributes open a fence when a matrix follows (pmatrix, bmatrix),
        # or when they are sized (\binom)
        if node.get("minsize") is not None:
            return True
        return bool(following) and _mml(following[0].tag) == "mtable"
    return False


def _closing_index(nodes: list[ET.Element], start: int) -> int | None:
    depth = 0
    for j in range(start + 1, len(nodes)):
        node = nodes[j]
        if _mml(node.tag) != "mo":
            continue
        if _is_opening(node, nodes[j + 1:]):
            depth += 1
            continue
        text, form = _text_of(node), node.get("form")
        closes = ((form == "postfix" and _is_fence_like(node))
                  or (form is None and text in CLOSING and (node.get("minsize") is not None
                                                             or _mml(nodes[j - 1].tag) == "mtable")))
        if closes:
            if depth == 0:
                return j
            depth -= 1
    return None


def _is_relation(node: ET.Element) -> bool:
    return _mml(node.tag) == "mo" and _text_of(node) in RELATIONS


def _nary_parts(node: ET.Element):
    """(operator, lower limit, upper limit, limits under/over) if the node is an n-ary
    operator with or without limits, else None."""
    tag = _mml(node.tag)
    children = list(node)
    if tag == "mo":
        return (_text_of(node), None, None, False) if _text_of(node) in NARY else None
    if tag in ("msub", "msup", "msubsup", "munder", "mover", "munderover") and children:
        base = children[0]
        while _mml(base.tag) in ("mrow", "mstyle") and len(base) == 1:
            base = base[0]
        if _mml(base.tag) != "mo" or _text_of(base) not in NARY:
            return None
        char = _text_of(base)
        if tag in ("msub", "munder") and len(children) == 2:
            return char, children[1], None, tag == "munder"
        if tag in ("msup", "mover") and len(children) == 2:
            return char, None, children[1], tag == "mover"
        if len(children) == 3:
            return char, children[1], children[2], tag == "munderover"
    return None


def _is_negation(nodes: list[ET.Element]) -> bool:
    return len(nodes) == 1 and _mml(nodes[0].tag) == "mtext" and _text_of(nodes[0]) in ("⧸", "/", "\u0338")


@functools.lru_cache(maxsize=4096)
def _convert(latex: str, display: bool):
    try:
        mathml = convert_to_element(latex, display="block" if display else "inline")
    except Exception:  # latex2mathml raises many kinds on LaTeX it cannot read
        return None
    math = _el("oMath")
    try:
        _Converter(display).row(list(mathml), math)
    except (NotConvertible, IndexError, ValueError, RecursionError):
        return None
    if not len(math):
        return None
    _join_upright(math)
    if display:
        paragraph = _el("oMathPara")
        paragraph.append(math)
        return paragraph
    return math


def _join_upright(root) -> None:
    """Upright runs next to each other made one: \\mathrm{sin} gives "s", "i", "n"; Word
    writes "sin" (and reads it back as one word)."""
    run_tag, t_tag = _m("r"), _m("t")
    for parent in list(root.iter()):
        previous = None
        for child in list(parent):
            key = _upright_key(child) if child.tag == run_tag else None
            if key is not None and previous is not None and previous[0] == key:
                target = previous[1].find(t_tag)
                target.text = (target.text or "") + (child.find(t_tag).text or "")
                if target.text != target.text.strip():
                    target.set(XML_SPACE, "preserve")
                parent.remove(child)
                continue
            previous = (key, child) if key is not None else None


def _upright_key(run):
    """The formatting of an upright run of letters (its properties as text), else None."""
    properties = run.find(_m("rPr"))
    text = run.find(_m("t"))
    if properties is None or text is None or len(run) != 2 or not (text.text or "").isalpha():
        return None
    style = properties.find(_m("sty"))
    if style is None or style.get(M_VAL) != "p":
        return None
    return etree.tostring(properties)


def formula(latex: str, *, display: bool = False):
    """The OMML of a LaTeX formula (without its delimiters): an m:oMath, or for a
    display formula an m:oMathPara holding one; None when it cannot be converted."""
    converted = _convert(latex.strip(), display)
    return copy.deepcopy(converted) if converted is not None else None
