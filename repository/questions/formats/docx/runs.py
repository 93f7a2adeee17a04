"""A paragraph into its lines: runs, their fonts and marks (from the run and the document's
styles), text in legacy fonts (TCVN3, VNI) converted to Unicode, Symbol-font characters to
their Unicode symbols; pictures and Word equations as placeholders (inline.py, objects.py,
omml.py), and what a line holds that cannot be imported (drawings of shapes, EQ fields,
symbol-font characters…)."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from lxml import etree

from lms.core import legacy_vietnamese
from repository.questions.formats.docx import omml
from repository.questions.formats.docx.inline import PRIVATE, Formula, Inlines
from repository.questions.formats.docx.kinds import (
    BOLD, COLOUR, FIELD, HIGHLIGHT, SHAPE, SYMBOL, TOO_MANY, UNDERLINE,
)
from repository.questions.formats.docx.objects import _Objects
from repository.questions.formats.docx.wordml import _M, _MATH, _MC, _RUN_CONTAINERS, W_R, W_T, W_VAL, _w

# The Symbol font's characters Vietnamese exam papers use (Word's "Insert Symbol"), by code.
_SYMBOL_FONT = {
    0x22: "∀", 0x24: "∃", 0x27: "∋", 0x2D: "−", 0x40: "≅",
    0x41: "Α", 0x42: "Β", 0x43: "Χ", 0x44: "Δ", 0x45: "Ε", 0x46: "Φ", 0x47: "Γ", 0x48: "Η", 0x49: "Ι",
    0x4B: "Κ", 0x4C: "Λ", 0x4D: "Μ", 0x4E: "Ν", 0x4F: "Ο", 0x50: "Π", 0x51: "Θ", 0x52: "Ρ", 0x53: "Σ",
    0x54: "Τ", 0x55: "Υ", 0x57: "Ω", 0x58: "Ξ", 0x59: "Ψ", 0x5A: "Ζ", 0x5C: "∴", 0x5E: "⊥",
    0x61: "α", 0x62: "β", 0x63: "χ", 0x64: "δ", 0x65: "ε", 0x66: "φ", 0x67: "γ", 0x68: "η", 0x69: "ι",
    0x6A: "ϕ", 0x6B: "κ", 0x6C: "λ", 0x6D: "μ", 0x6E: "ν", 0x6F: "ο", 0x70: "π", 0x71: "θ", 0x72: "ρ",
    0x73: "σ", 0x74: "τ", 0x75: "υ", 0x77: "ω", 0x78: "ξ", 0x79: "ψ", 0x7A: "ζ", 0x7E: "∼",
    0xA2: "′", 0xA3: "≤", 0xA5: "∞", 0xAB: "↔", 0xAC: "←", 0xAD: "↑", 0xAE: "→", 0xAF: "↓",
    0xB0: "°", 0xB1: "±", 0xB2: "″", 0xB3: "≥", 0xB4: "×", 0xB5: "∝", 0xB6: "∂", 0xB7: "•", 0xB8: "÷",
    0xB9: "≠", 0xBA: "≡", 0xBB: "≈", 0xBC: "…", 0xC6: "∅", 0xC7: "∩", 0xC8: "∪", 0xC9: "⊃", 0xCA: "⊇",
    0xCB: "⊄", 0xCC: "⊂", 0xCD: "⊆", 0xCE: "∈", 0xCF: "∉", 0xD0: "∠", 0xD1: "∇", 0xD6: "√", 0xD7: "⋅",
    0xD8: "¬", 0xD9: "∧", 0xDA: "∨", 0xDB: "⇔", 0xDC: "⇐", 0xDD: "⇑", 0xDE: "⇒", 0xDF: "⇓", 0xE5: "∑",
    0xF2: "∫",
}
_PICTURE_FONTS = {"wingdings", "wingdings 2", "wingdings 3", "webdings"}
_W_RPR, _W_TAB, _W_NO_BREAK_HYPHEN, _W_SYM, _W_FONT, _W_CHAR = (
    _w("rPr"), _w("tab"), _w("noBreakHyphen"), _w("sym"), _w("font"), _w("char"))
_W_BREAKS = {_w("br"), _w("cr")}
_W_DRAWING, _W_PICT, _W_OBJECT, _W_INSTR_TEXT = _w("drawing"), _w("pict"), _w("object"), _w("instrText")
_MC_ALTERNATE = f"{{{_MC}}}AlternateContent"
_ASCII_SAME = set(range(0x20, 0x40)) - {0x22, 0x24, 0x27, 0x2A, 0x2D} | {0x5B, 0x5D, 0x5F, 0x7B, 0x7C, 0x7D}


@dataclass
class _Line:
    """A paragraph's text up to a line break: each character with its marks."""

    index: int  # the paragraph's place, from 1
    chars: list[str] = field(default_factory=list)
    marks: list[frozenset] = field(default_factory=list)
    holds: set[str] = field(default_factory=set)
    legacy: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.chars)

    def add(self, text: str, marks: frozenset) -> None:
        text = PRIVATE.sub("\ufffd", text)  # the placeholders' characters are never typed text
        self.chars.extend(text)
        self.marks.extend([marks] * len(text))

    def place(self, placeholder: str, marks: frozenset) -> None:
        """An object (picture, formula, table) standing in the line as one character."""
        self.chars.append(placeholder)
        self.marks.append(marks)

    def tail(self, start: int) -> _Line:
        return _Line(self.index, self.chars[start:], self.marks[start:], set(self.holds), list(self.legacy))


def _on(element) -> bool:
    """A toggle property (w:b…) that is present and not switched off."""
    return element.get(W_VAL, "true").lower() not in ("0", "false", "off")


def _dark(hex_colour: str) -> bool:
    try:
        value = int(hex_colour, 16)
    except ValueError:
        return True
    return all(((value >> shift) & 0xFF) < 0x40 for shift in (16, 8, 0))


class _Styles:
    """What the document's styles say about a run's font and marks."""

    def __init__(self, document):
        root = document.styles.element
        self.by_id = {style.get(_w("styleId")): style for style in root.findall(_w("style"))}
        defaults = root.find(_w("docDefaults"))
        rpr_default = defaults.find(f"{_w('rPrDefault')}/{_w('rPr')}") if defaults is not None else None
        self.default_rpr = rpr_default
        self.default_paragraph = next((sid for sid, style in self.by_id.items()
                                       if style.get(_w("type")) == "paragraph"
                                       and style.get(_w("default")) in ("1", "true", "on")), None)
        self._chains: dict[str | None, list] = {}

    def chain(self, style_id: str | None) -> list:
        """The rPr of a style and of those it is based on, nearest first."""
        if style_id in self._chains:
            return self._chains[style_id]
        found, seen, current = [], set(), style_id
        while current and current not in seen and len(seen) < 30:
            seen.add(current)
            style = self.by_id.get(current)
            if style is None:
                break
            rpr = style.find(_w("rPr"))
            if rpr is not None:
                found.append(rpr)
            based = style.find(_w("basedOn"))
            current = based.get(W_VAL) if based is not None else None
        self._chains[style_id] = found
        return found

    def font(self, rpr, paragraph_style: str | None) -> str:
        """The run's font name ("" for a theme font or none)."""
        levels = [rpr] if rpr is not None else []
        character_style = rpr.find(_w("rStyle")) if rpr is not None else None
        if character_style is not None:
            levels += self.chain(character_style.get(W_VAL))
        levels += self.chain(paragraph_style or self.default_paragraph)
        if self.default_rpr is not None:
            levels.append(self.default_rpr)
        for level in levels:
            fonts = level.find(_w("rFonts"))
            if fonts is None:
                continue
            if fonts.get(_w("asciiTheme")) or fonts.get(_w("hAnsiTheme")):
                return ""
            name = fonts.get(_w("ascii")) or fonts.get(_w("hAnsi"))
            if name:
                return name
        return ""

    def marks(self, rpr) -> frozenset:
        """The run's own marks: its properties, then its character style's."""
        if rpr is None:
            return frozenset()
        levels = [rpr]
        character_style = rpr.find(_w("rStyle"))
        if character_style is not None:
            levels += self.chain(character_style.get(W_VAL))
        found = {}
        for level in levels:
            for tag, mark in (("b", BOLD), ("u", UNDERLINE), ("color", COLOUR), ("highlight", HIGHLIGHT)):
                element = level.find(_w(tag))
                if element is None or mark in found:
                    continue
                if mark == BOLD:
                    found[mark] = _on(element)
                elif mark == UNDERLINE:
                    found[mark] = element.get(W_VAL, "single").lower() != "none"
                elif mark == COLOUR:
                    value = element.get(W_VAL, "auto")
                    theme = element.get(_w("themeColor"), "")
                    found[mark] = (value.lower() != "auto" and not _dark(value)
                                   and theme not in ("text1", "dark1"))
                else:
                    found[mark] = element.get(W_VAL, "none").lower() != "none"
            shading = level.find(_w("shd"))
            if shading is not None and HIGHLIGHT not in found:
                fill = shading.get(_w("fill"), "auto").lower()
                if fill not in ("auto", "ffffff", ""):
                    found[HIGHLIGHT] = True
        return frozenset(mark for mark, on in found.items() if on)


def _legacy_kind(font: str) -> tuple[str | None, bool]:
    """(the legacy encoding a font's name says, whether it is a capitals font)."""
    name = font.strip()
    if name.lower().startswith(".vn"):
        return legacy_vietnamese.TCVN3, name.endswith("H")
    if name.lower().startswith("vni"):
        return legacy_vietnamese.VNI, False
    return None, False


def _symbol_char(code: int) -> str | None:
    code &= 0xFF
    if code in _SYMBOL_FONT:
        return _SYMBOL_FONT[code]
    if code in _ASCII_SAME:
        return chr(code)
    return None


class _Paragraphs:
    """A paragraph element into its lines, text converted by font, pictures and equations
    as placeholders."""

    def __init__(self, styles: _Styles, inlines: Inlines, objects: _Objects):
        self.styles, self.inlines, self.objects = styles, inlines, objects
        # (run properties as written, paragraph style) -> (font, marks): most runs of a
        # long file share a few sets of properties, worked out once each
        self._properties: dict[tuple[bytes | None, str | None], tuple[str, frozenset]] = {}

    def lines(self, paragraph, index: int) -> list[_Line]:
        ppr = paragraph.find(_w("pPr"))
        style = ppr.find(_w("pStyle")) if ppr is not None else None
        self.paragraph_style = style.get(W_VAL) if style is not None else None
        self.out = [_Line(index)]
        self._children(paragraph)
        return self.out

    def _children(self, parent) -> None:
        for child in parent:
            tag = child.tag
            if tag == W_R:
                self._run(child)
            elif tag in _MATH:
                self._math(child)
            elif tag == f"{{{_MC}}}AlternateContent":  # runs in a choice and its fallback: the first read
                branch = next(iter(child), None)
                if branch is not None:
                    self._children(branch)
            elif tag in _RUN_CONTAINERS:
                self._children(child)

    def _run(self, run) -> None:
        rpr, texts = None, []
        for child in run:  # most runs: their properties and text, nothing else
            tag = child.tag
            if tag == W_T:
                texts.append(child.text or "")
            elif tag == _W_RPR:
                rpr = child
            else:
                break
        else:
            if texts:
                font, marks = self._font_marks(rpr)
                self._text("".join(texts), font, marks)
            return
        font, marks = self._font_marks(run.find(_W_RPR))
        pieces: list[str] = []

        def flush():
            if pieces:
                self._text("".join(pieces), font, marks)
                pieces.clear()

        for child in run:
            tag = child.tag
            if tag == W_T:
                pieces.append(child.text or "")
            elif tag == _W_RPR:
                continue
            elif tag == _W_TAB:
                pieces.append("\t")
            elif tag == _W_NO_BREAK_HYPHEN:
                pieces.append("-")
            elif tag in _W_BREAKS:
                flush()
                self.out.append(_Line(self.out[-1].index))
            elif tag == _W_SYM:
                flush()
                char = None
                if "symbol" in (child.get(_W_FONT) or "").lower():
                    try:
                        char = _symbol_char(int(child.get(_W_CHAR, ""), 16))
                    except ValueError:
                        char = None
                if char is None:
                    self.out[-1].holds.add(SYMBOL)
                else:
                    self.out[-1].add(char, marks)
            elif tag == _W_DRAWING:
                flush()
                self._placed(self.objects.drawing(child), marks)
            elif tag == _W_PICT:
                flush()
                self._placed(self.objects.pict(child), marks)
            elif tag == _W_OBJECT:
                flush()
                self._placed(self.objects.embedded(child), marks)
            elif tag == _MC_ALTERNATE:
                flush()
                self._alternate(child, marks)
            elif tag == _W_INSTR_TEXT:
                if (child.text or "").strip().upper().startswith("EQ"):
                    self.out[-1].holds.add(FIELD)
        flush()

    def _font_marks(self, rpr) -> tuple[str, frozenset]:
        key = (etree.tostring(rpr) if rpr is not None else None, self.paragraph_style)
        found = self._properties.get(key)
        if found is None:
            found = self._properties[key] = (self.styles.font(rpr, self.paragraph_style), self.styles.marks(rpr))
        return found

    def _placed(self, found: tuple[str, set[str]], marks: frozenset) -> None:
        placeholder, holds = found
        if placeholder:
            self.out[-1].place(placeholder, marks)
        self.out[-1].holds |= holds

    def _alternate(self, element, marks: frozenset) -> None:
        """mc:AlternateContent: the drawing of its first choice, else its fallback's picture."""
        for branch in element:
            drawing = branch.find(_w("drawing"))
            if drawing is not None:
                return self._placed(self.objects.drawing(drawing), marks)
            pict = branch.find(_w("pict"))
            if pict is not None:
                return self._placed(self.objects.pict(pict), marks)
        self.out[-1].holds.add(SHAPE)

    def _math(self, element) -> None:
        """A Word equation: its formulas (a display one for m:oMathPara), the marks all its runs carry."""
        display = element.tag == f"{{{_M}}}oMathPara"
        formulas = omml.paragraph(element) if display else [omml.to_latex(element)]
        runs = [self.styles.marks(run.find(_w("rPr"))) for run in element.iter(f"{{{_M}}}r")]
        marks = frozenset.intersection(*runs) if runs else frozenset()
        for latex in formulas:
            if not latex:
                continue
            placeholder = self.inlines.add(Formula(latex, display))
            if placeholder:
                self.out[-1].place(placeholder, marks)
            else:
                self.out[-1].holds.add(TOO_MANY)

    def _text(self, text: str, font: str, marks: frozenset) -> None:
        line = self.out[-1]
        kind = _font_kinds.get(font)
        if kind is None:
            kind = _font_kinds[font] = _font_kind(font)
        if kind == _TCVN3:
            text, legacy = legacy_vietnamese.tcvn3_to_unicode(text, capitals=False), legacy_vietnamese.TCVN3
        elif kind == _TCVN3_CAPITALS:
            text, legacy = legacy_vietnamese.tcvn3_to_unicode(text, capitals=True), legacy_vietnamese.TCVN3
        elif kind == _VNI:
            text, legacy = legacy_vietnamese.vni_to_unicode(text), legacy_vietnamese.VNI
        elif kind == _PICTURE:
            line.holds.add(SYMBOL)
            legacy = None
        elif kind == _SYMBOL:
            converted = []
            for ch in text:
                code = ord(ch) & 0xFF if ord(ch) >= 0xF000 else ord(ch)
                symbol = _symbol_char(code) if code < 0x100 else None
                if symbol is None:
                    line.holds.add(SYMBOL)
                    symbol = ""
                converted.append(symbol)
            text, legacy = "".join(converted), None
        else:
            text, legacy = legacy_vietnamese.to_unicode(text)
        if legacy:
            line.legacy.append(legacy)
        line.add(text if text.isascii() else unicodedata.normalize("NFC", text), marks)


# What a run's font says of its text: converted from a legacy encoding, symbols, or
# Unicode to be checked for legacy text (lms.core.legacy_vietnamese.to_unicode).
_TCVN3, _TCVN3_CAPITALS, _VNI, _PICTURE, _SYMBOL, _UNICODE = range(6)
_font_kinds: dict[str, int] = {}


def _font_kind(font: str) -> int:
    legacy, capitals = _legacy_kind(font)
    if legacy == legacy_vietnamese.TCVN3:
        return _TCVN3_CAPITALS if capitals else _TCVN3
    if legacy == legacy_vietnamese.VNI:
        return _VNI
    name = font.strip().lower()
    if name in _PICTURE_FONTS:
        return _PICTURE
    if name == "symbol":
        return _SYMBOL
    return _UNICODE
