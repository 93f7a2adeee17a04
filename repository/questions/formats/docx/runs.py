"""Questions typed in a Word document (.docx) the way Vietnamese teachers type them, into
interchange questions.

The body's paragraphs and tables are read in order:

    Câu 1: Kết quả của phép tính 2 + 3 là          a question ("Câu 1." "Câu 1)" "Cau 1:",
    A. 4      B. 5      C. 6      D. 7              "Câu 1 (0,5 điểm):", "Câu 1 (NB):" too)
    Đáp án: B                                       its answer, if not marked otherwise

- The stem runs from "Câu N" to the first option; it may span paragraphs.
- Options "A." to "D." ("A)", "a." and "a)" too) stand on one line, separated by tabs or
  spaces, or one a paragraph, or in the cells of a table (2×2, 1×4, or letters and texts
  in cells apart). A line after the options that is no option continues the last one.
- The correct option is underlined, bold, coloured (not black or automatic) or
  highlighted, on its letter or its whole text; a kind of formatting every option has
  (all letters bold) is layout, not a mark. Or it is given by a line "Đáp án: B" under
  the question, or by an answer table at the end of the file (after "ĐÁP ÁN", "BẢNG ĐÁP
  ÁN", "HƯỚNG DẪN CHẤM" or "HẾT"; or any table whose rows or columns are labelled "Câu"
  and "Đáp án"): a row of question numbers with the letters under them, columns "Câu |
  Đáp án", cells "1-B", or lines "1-B 2-C 3-A". Numbers in the table follow the parts'
  headings inside it ("Phần I"…) when the questions' numbering restarts in each part.
  A question whose ways of giving its answer disagree is refused, saying what each says;
  one without an answer is refused.
- "Lời giải:" / "Hướng dẫn giải:" / "Giải thích:" after a question: its general feedback.
- Parts: "PHẦN I" (or "I. TRẮC NGHIỆM"…): choice questions; "PHẦN II" (đúng/sai): a stem
  and its statements "a)" to "d)" ("a." too; 2 to 4, a paragraph each, in a table's cells,
  or on one line apart by a tab or two spaces), a TRUE_FALSE_GROUP (see below); "PHẦN
  III" (trả lời ngắn): the answer of "Đáp án:" or the table, a number (decimal comma) as
  NUMERIC, else SHORT_TEXT; "TỰ LUẬN" / "PHẦN TỰ LUẬN": essays (the stem only).
  A heading's words ("trắc nghiệm", "đúng sai", "trả lời ngắn", "tự luận") win over its
  numeral. Before any heading a question with options is a choice question, one with
  only an "Đáp án:" a short answer.
- A statement is true where it carries a mark (the marks of a correct option: underline,
  bold, colour, highlight, on its letter or its whole text; one every statement has is
  layout, so four true statements are said by an answer), false where it does not; or the
  answers are given in order ("Đáp án: ĐSĐS", "Đ, S, Đ, S", "Đúng Sai Đúng Sai") or by
  letter ("Đáp án: a) Đ, b) S, c) Đ, d) S"), under the question or in the answer table:
  "ĐSĐS" under the question's number, lines "Câu 1: a) Đ, b) S…", or a row a statement
  ("1 | a) | Đ", the number cell merged down the group's rows, groups side by side) or a
  row of letters over the answers ("Câu | a | b | c | d"). When the table's numbers carry
  no parts, a group takes the answers of its number that are true/false ones. A
  statement without an answer, ways that disagree, fewer than two or more than four
  statements: the question is refused. Before any heading a question with options a)–d)
  whose every answer is such a true/false one is a group too.
- What follows "ĐÁP ÁN", "HƯỚNG DẪN CHẤM" or "HẾT" is read only for answers: an essay's
  grading guide ("Hướng dẫn chấm") is left out for now.
- A question holding what the neutral form cannot carry yet is refused, naming it: an
  image or drawing (w:drawing, w:pict), a Word equation (m:oMath, an EQ field), a
  MathType / Equation Editor object or another embedded object (w:object), a table in
  its text, a character of a symbol font (Wingdings; Symbol beyond its usual symbols).
- Text is converted by its font: ".Vn…" fonts (TCVN3; names ending in "H" are the
  capitals fonts) and "VNI-…" fonts to Unicode, Symbol-font characters to their Unicode
  symbols, other runs through legacy_vietnamese.to_unicode; `converted_from` says which.

A Problem's `number` is the question's place in the file, from 1; its `line` is the
place of the question's first paragraph among the document's paragraphs, from 1, empty
ones and those in tables counted (Word shows no line numbers). The file is checked before
python-docx opens it: its size, its type (python-magic), the zip (lms.core.archives: no
bomb, no odd names) and every XML part through defusedxml (no entities, no external
references). A file that cannot be read at all is one Problem(0, 0, …). Reading never
raises on what the file holds.
"""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field

import magic
from django.utils.translation import gettext as _

from lms.core import archives, legacy_vietnamese, untrusted_xml
from repository.questions import interchange as qi

MB = 1024 * 1024
MAX_BYTES = 20 * MB
MAX_XML_BYTES = 30 * MB
LIMITS = archives.Limits(max_entries=2_000, max_total_bytes=150 * MB, max_entry_bytes=60 * MB)
DOCX_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/zip",
    "application/octet-stream",  # some libmagic builds; the zip is checked below
}
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
LETTERS = "ABCDEF"

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_M = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_O = "urn:schemas-microsoft-com:office:office"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


W_P, W_R, W_TBL, W_TR, W_TC, W_T = _w("p"), _w("r"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
W_VAL = _w("val")
# Elements that hold runs inside a paragraph (read through); deleted text is skipped.
_RUN_CONTAINERS = {_w(n) for n in ("hyperlink", "ins", "smartTag", "sdt", "sdtContent", "customXml",
                                   "fldSimple", "moveTo", "dir", "bdo")}
_BLOCK_CONTAINERS = {_w(n) for n in ("sdt", "sdtContent", "customXml")}
_MATH = {f"{{{_M}}}oMath", f"{{{_M}}}oMathPara"}

# What a question may hold that the neutral form cannot carry (in the order messages name them).
IMAGE, EQUATION, MATHTYPE, OBJECT, TABLE, SYMBOL = "image", "equation", "mathtype", "object", "table", "symbol"
_HOLDS_ORDER = (EQUATION, MATHTYPE, IMAGE, OBJECT, TABLE, SYMBOL)

# The marks of a correct option.
UNDERLINE, BOLD, COLOUR, HIGHLIGHT = "underline", "bold", "colour", "highlight"
_MARKS = (UNDERLINE, BOLD, COLOUR, HIGHLIGHT)
INLINE, KEY = "inline", "key"

# Sections of the document.
AUTO, CHOICE, TRUE_FALSE_GROUP, SHORT, ESSAY = "auto", "choice", "true_false_group", "short", "essay"

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
_ASCII_SAME = set(range(0x20, 0x40)) - {0x22, 0x24, 0x27, 0x2A, 0x2D} | {0x5B, 0x5D, 0x5F, 0x7B, 0x7C, 0x7D}

_LEVELS = {"nb": "Nhận biết", "nhan biet": "Nhận biết", "th": "Thông hiểu", "thong hieu": "Thông hiểu",
           "vd": "Vận dụng", "van dung": "Vận dụng", "vdc": "Vận dụng cao", "van dung cao": "Vận dụng cao"}


class _Unreadable(Exception):
    """The file as a whole cannot be read: str() is the reason."""


# --- the file ------------------------------------------------------------------------------------


def read(data: bytes) -> qi.ParseResult:
    """The questions of a .docx file (see the module's docstring)."""
    try:
        document = _open(data)
    except _Unreadable as refused:
        return qi.ParseResult(problems=[qi.Problem(0, 0, str(refused))])
    reader = _Reader(document)
    reader.walk(document.element.body)
    return reader.result()


def _lower_first(message: str) -> str:
    return message[:1].lower() + message[1:]


def _open(data: bytes):
    if not data:
        raise _Unreadable(_("the file is empty."))
    if len(data) > MAX_BYTES:
        raise _Unreadable(_("the file is larger than %(size)d MB, too much to read.") % {"size": MAX_BYTES // MB})
    if data[:8] == OLE2_SIGNATURE:
        raise _Unreadable(_("this is an old Word file (.doc): open it in Word or LibreOffice, save it as "
                            "“Word Document (.docx)” and import that file."))
    if magic.from_buffer(data[:8192], mime=True) not in DOCX_TYPES:
        raise _Unreadable(_("this is not a Word (.docx) file."))
    try:
        with archives.open_zip(io.BytesIO(data), LIMITS) as archive:
            for info in archive.infolist():
                if info.filename.lower().endswith((".xml", ".rels")):
                    untrusted_xml.parse(archives.read_member(archive, info.filename, MAX_XML_BYTES))
    except archives.ArchiveError as refused:
        raise _Unreadable(_lower_first(str(refused))) from refused
    except untrusted_xml.Hostile as hostile:
        raise _Unreadable(_("the file declares entities or external references, which are refused for safety.")) \
            from hostile
    except (untrusted_xml.Malformed, zipfile.BadZipFile, KeyError) as bad:
        raise _Unreadable(_("the file could not be read as a Word (.docx) document.")) from bad
    import docx  # python-docx, only for a file checked above

    try:
        return docx.Document(io.BytesIO(data))
    except Exception as bad:  # python-docx raises many kinds on a damaged or foreign package
        raise _Unreadable(_("the file could not be read as a Word (.docx) document.")) from bad


# --- text and formatting --------------------------------------------------------------------------


def _fold(text: str) -> str:
    """Lower case without accents, one character for one (positions kept)."""
    out = []
    for ch in text:
        if ch in "đĐ":
            out.append("d")
            continue
        base = unicodedata.normalize("NFD", ch)[:1] or ch
        low = base.lower()
        out.append(low if len(low) == 1 else base)
    return "".join(out)


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
        self.chars.extend(text)
        self.marks.extend([marks] * len(text))

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
    """A paragraph element into its lines, text converted by font."""

    def __init__(self, styles: _Styles):
        self.styles = styles

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
                self.out[-1].holds.add(EQUATION)
            elif tag in _RUN_CONTAINERS:
                self._children(child)

    def _run(self, run) -> None:
        rpr = run.find(_w("rPr"))
        font = self.styles.font(rpr, self.paragraph_style)
        marks = self.styles.marks(rpr)
        pieces: list[str] = []

        def flush():
            if pieces:
                self._text("".join(pieces), font, marks)
                pieces.clear()

        for child in run:
            tag = child.tag
            if tag == W_T:
                pieces.append(child.text or "")
            elif tag == _w("tab"):
                pieces.append("\t")
            elif tag == _w("noBreakHyphen"):
                pieces.append("-")
            elif tag in (_w("br"), _w("cr")):
                flush()
                self.out.append(_Line(self.out[-1].index))
            elif tag == _w("sym"):
                flush()
                char = None
                if "symbol" in (child.get(_w("font")) or "").lower():
                    try:
                        char = _symbol_char(int(child.get(_w("char"), ""), 16))
                    except ValueError:
                        char = None
                if char is None:
                    self.out[-1].holds.add(SYMBOL)
                else:
                    self.out[-1].add(char, marks)
            elif tag in (_w("drawing"), _w("pict"), f"{{{_MC}}}AlternateContent"):
                self.out[-1].holds.add(IMAGE)
            elif tag == _w("object"):
                ole = child.find(f".//{{{_O}}}OLEObject")
                prog = (ole.get("ProgID") or "") if ole is not None else ""
                self.out[-1].holds.add(MATHTYPE if prog.lower().startswith("equation") else OBJECT)
            elif tag == _w("instrText"):
                if (child.text or "").strip().upper().startswith("EQ"):
                    self.out[-1].holds.add(EQUATION)
        flush()

    def _text(self, text: str, font: str, marks: frozenset) -> None:
        line = self.out[-1]
        legacy, capitals = _legacy_kind(font)
        if legacy == legacy_vietnamese.TCVN3:
            text = legacy_vietnamese.tcvn3_to_unicode(text, capitals=capitals)
        elif legacy == legacy_vietnamese.VNI:
            text = legacy_vietnamese.vni_to_unicode(text)
        elif font.strip().lower() in _PICTURE_FONTS:
            line.holds.add(SYMBOL)
        elif font.strip().lower() == "symbol":
            converted = []
            for ch in text:
                code = ord(ch) & 0xFF if ord(ch) >= 0xF000 else ord(ch)
                symbol = _symbol_char(code) if code < 0x100 else None
                if symbol is None:
                    line.holds.add(SYMBOL)
                    symbol = ""
                converted.append(symbol)
            text = "".join(converted)
        else:
            text, legacy = legacy_vietnamese.to_unicode(text)
        if legacy:
            line.legacy.append(legacy)
        line.add(unicodedata.normalize("NFC", text), marks)


# --- the layout's words ----------------------------------------------------------------------

_QUESTION = re.compile(r"^\s*(?:cau|bai)\s*(\d{1,3})\s*(\([^)]*\))?\s*(?:[:.)]|(?<=\))|$)\s*")
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6, "vii": 7, "viii": 8, "ix": 9, "x": 10}
_PART = re.compile(r"^\s*phan\s+(i{1,3}|iv|vi{0,3}|ix|x|\d{1,2})(?=$|[\s.:)\-–(])\s*([.:)\-–]?)\s*(.*)$")
_ROMAN_HEADING = re.compile(r"^\s*(i{1,3}|iv|vi{0,3}|ix|x)\s*[.:)\-–]\s*(.*)$")
_WORD_HEADING = re.compile(r"^\s*(?:phan\s+)?([a-d]\s*[.:)\-–]\s*)?(?:cau\s+)?(trac nghiem|tu luan|tra loi ngan)(.*)$")
_ONLY_POINTS = re.compile(r"^[\s:.\-–]*(?:\([^)]*\))?[\s:.]*$")
_SECTION_WORDS = (("dung sai", TRUE_FALSE_GROUP), ("dung/sai", TRUE_FALSE_GROUP), ("tra loi ngan", SHORT),
                  ("tu luan", ESSAY), ("trac nghiem", CHOICE))
_BY_NUMERAL = {1: CHOICE, 2: TRUE_FALSE_GROUP, 3: SHORT}
_INLINE_ANSWER = re.compile(r"^\s*(?:dap an|da)(?:\s+dung)?\s*(?:[:\-–]|\bla\b\s*:?)\s*(\S.*?)\s*$")
_INLINE_LETTER = re.compile(r"^\s*dap an(?:\s+dung)?\s+([a-f])\s*[.)]?\s*$")
_KEY_WORDS = ("bang dap an", "dap an", "huong dan cham", "goi y dap an", "dap an va huong dan cham",
              "huong dan cham va dap an", "dap an va thang diem", "dap an tham khao", "dap an trac nghiem",
              "bang dap an trac nghiem", "dap an phan trac nghiem")
_END = re.compile(r"^[\W_]*het[\W_]*$")
_FEEDBACK = re.compile(r"^\s*(?:loi giai|huong dan giai|giai thich|giai)(?:\s+chi tiet)?\s*[:.]\s*")
_POINTS = re.compile(r"^\s*(\d+(?:[.,]\d+)?)\s*(?:diem|d)\s*$")
_NUMBER = re.compile(r"^[+\-−]?\d+(?:[.,]\d+)?$")
# An answer in the answer key: "1-B", "1.B", "1: B", "Câu 1: B", "1B", "3: 12,5".
_PAIR = re.compile(r"(?:cau\s*)?(\d{1,3})\s*(?:[\-–:.)]\s*(-?\d+(?:[.,]\d+)?|[^\s,;|]+)|([a-f])(?![\w]))")
_PAIR_SEPARATOR = re.compile(r"[\s,;|]*")
_Q_LABELS = {"cau", "cau hoi", "so cau", "cau so", "stt"}
# A group's true/false answers (folded: "Đ" is "d"): in order "ĐSĐS", "Đ, S, Đ, S", "Đúng - Sai…",
# or by letter "a) Đ, b) S", "a-Đ; b-S".
_TRUTH_RUN = re.compile(r"(?:dung|sai|d|s)(?:[\s,;|/\-–.]*(?:dung|sai|d|s))*")
_TRUTH_WORD = re.compile(r"dung|sai|d|s")
_TRUTH_LABELLED = re.compile(r"(?:y\s*)?([a-f])\s*[.):\-–=]\s*(dung|sai|d|s)(?![a-z])")
_TRUTH_GAP = re.compile(r"[\s,;|/]*")
_GROUP_KEY = re.compile(r"\s*(?:cau\s*)?(\d{1,3})\s*[:.\-–)]?\s*")
_GROUP_KEY_START = re.compile(r"(?<![a-z])cau\s*\d{1,3}")
_GROUP_KEY_ALONE = re.compile(r"\s*cau\s*(\d{1,3})\s*[:.)]?\s*")  # "Câu 1:", "a) Đ"… on the lines under it
# The cells of an answer table given a statement a row: "1" (or "Câu 1"), "a)" (or "Ý a"), "Đ".
_KEY_NUMBER = re.compile(r"(?:cau\s*)?(\d{1,3})\s*[.:]?")
_STATEMENT_LABEL = re.compile(r"(?:[Ýý]\s*)?([a-f])\s*[.)]?")
_TRUTH_CELL = re.compile(r"(?:dung|sai|d|s)\.?")


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9/]+", " ", _fold(text)).split())


def _capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and all(ch.isupper() for ch in letters)


def _section_word(text: str) -> str | None:
    words = _words(text)
    return next((section for word, section in _SECTION_WORDS if word in words), None)


def _section_of(text: str) -> tuple[str, int | None] | None:
    """(the section a heading opens, its part number) or None for no heading: "PHẦN I",
    "Phần II. Câu trắc nghiệm đúng sai", "I. TRẮC NGHIỆM (3 điểm)", "TỰ LUẬN", "Phần tự
    luận", "B. TỰ LUẬN" (a letter before the words: in capitals only)."""
    folded = _fold(text.strip())
    if len(folded) > 160:
        return None
    part = _PART.match(folded)
    if part:
        raw, separator, rest = part.groups()
        numeral = int(raw) if raw.isdigit() else _ROMAN[raw]
        found = _section_word(rest)
        if found:
            return found, numeral
        if not rest or separator or rest.startswith("("):
            return _BY_NUMERAL.get(numeral, AUTO), numeral
        return None  # "Phần I của bài thơ…"
    roman = _ROMAN_HEADING.match(folded)
    if roman:
        found = _section_word(roman.group(2))
        return (found, _ROMAN[roman.group(1)]) if found else None
    words = _WORD_HEADING.match(folded)
    if words:
        lettered, _word, after = words.groups()
        if _capitals(re.sub(r"\([^)]*\)", "", text)) or (not lettered and _ONLY_POINTS.match(after)):
            return _section_word(folded[words.start(2):]), None
    return None


def _key_heading(text: str) -> bool:
    """"ĐÁP ÁN", "BẢNG ĐÁP ÁN", "Hướng dẫn chấm"…: the answers from here on."""
    words = _words(text)
    if words in _KEY_WORDS:
        return True
    return _capitals(text) and len(words) < 120 and words.startswith(_KEY_WORDS)


def _pairs(text: str, *, whole_line: bool) -> list[tuple[int, str]] | None:
    """The (number, answer) pairs a text is made of, or None if it is something else."""
    folded = _fold(text)
    found, position = [], 0
    while position < len(folded):
        gap = _PAIR_SEPARATOR.match(folded, position)
        position = gap.end()
        if position >= len(folded):
            break
        match = _PAIR.match(folded, position)
        if not match:
            return None
        if match.group(2) is not None:
            value = text[match.start(2):match.end(2)].rstrip(".")
        else:
            value = text[match.start(3):match.end(3)]
        found.append((int(match.group(1)), value))
        position = match.end()
    if not found:
        return None
    if whole_line and len(found) == 1 and not folded.lstrip().startswith("cau"):
        return None  # "1) 2x + 1 = 3" in a grading guide is no answer
    return found


def _option_marker(letter: str) -> re.Pattern:
    return re.compile(rf"(?:^|(?<=\s)){letter}[.)]")


def _statement_marker(letter: str) -> re.Pattern:
    """A statement after another on its line: apart by a tab or two spaces ("(a; b)" is text)."""
    return re.compile(rf"(?:(?<=\t)|(?<=\s\s)){letter}[.)]")


def _truths(text: str) -> list[tuple[str | None, bool]] | None:
    """The true/false answers a text gives, each (its statement's letter, or None for
    answers in order, the truth); None if the text is something else."""
    folded = _fold(text).strip().rstrip(".").strip()
    if not folded:
        return None
    if _TRUTH_RUN.fullmatch(folded):
        return [(None, word in ("dung", "d")) for word in _TRUTH_WORD.findall(folded)]
    found, position = [], 0
    while position < len(folded):
        position = _TRUTH_GAP.match(folded, position).end()
        if position >= len(folded):
            break
        match = _TRUTH_LABELLED.match(folded, position)
        if not match:
            return None
        found.append((match.group(1), match.group(2) in ("dung", "d")))
        position = match.end()
    return found or None


def _by_letter(text: str) -> bool:
    truths = _truths(text)
    return bool(truths) and truths[0][0] is not None


def _group_answer(text: str) -> bool:
    """The text is clearly a group's answers: two or more in order, or by letter."""
    truths = _truths(text)
    return bool(truths) and (len(truths) > 1 or truths[0][0] is not None)


def _group_pairs(text: str) -> list[tuple[int, str]] | None:
    """"Câu 1: a) Đ, b) S…", "1. Đ S Đ S" (several "Câu N" on a line too): (number, answers)."""
    folded = _fold(text)
    starts = [match.start() for match in _GROUP_KEY_START.finditer(folded)] or [0]
    if folded[:starts[0]].strip():
        return None
    found = []
    for start, end in zip(starts, starts[1:] + [len(text)]):
        match = _GROUP_KEY.match(folded, start, end)
        value = text[match.end():end].strip().rstrip(",;|").strip() if match else ""
        if not match or not _group_answer(value):
            return None
        found.append((int(match.group(1)), value))
    return found


# --- reading -----------------------------------------------------------------------------------


@dataclass
class _Option:
    letter: str
    letter_marks: frozenset
    chars: list[str] = field(default_factory=list)
    marks: list[frozenset] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(" ".join(line.split()) for line in "".join(self.chars).split("\n")).strip()

    def text_marked(self, mark: str) -> bool:
        """The whole text (its letters and digits) carries the mark."""
        pairs = [(ch, marks) for ch, marks in zip(self.chars, self.marks) if ch.isalnum()]
        if not pairs:
            pairs = [(ch, marks) for ch, marks in zip(self.chars, self.marks) if not ch.isspace()]
        return bool(pairs) and all(mark in marks for _ch, marks in pairs)


@dataclass
class _Draft:
    number: int
    line: int
    printed: int
    part: int | None
    section: str
    stem: list[str] = field(default_factory=list)
    options: list[_Option] = field(default_factory=list)
    lower: bool = False  # options lettered a., b.…
    answers: list[str] = field(default_factory=list)  # "Đáp án: …" lines
    feedback: list[str] = field(default_factory=list)
    state: str = "stem"  # stem, options, feedback
    holds: set[str] = field(default_factory=set)
    legacy: list[str] = field(default_factory=list)
    points: float | None = None
    level: str = ""

    def take(self, line: _Line) -> None:
        self.holds |= line.holds
        self.legacy += line.legacy


class _Reader:
    def __init__(self, document):
        self.styles = _Styles(document)
        self.paragraphs = _Paragraphs(self.styles)
        body = document.element.body
        self.index = {}
        for paragraph in body.iter(W_P):
            if not any(a.tag in (_w("txbxContent"),) for a in paragraph.iterancestors()):
                self.index[paragraph] = len(self.index) + 1
        self.drafts: list[_Draft] = []
        self.draft: _Draft | None = None
        self.section, self.part = AUTO, None
        self.in_key, self.key_part = False, None
        self.key_number: int | None = None  # the group a key line "a) Đ" alone answers
        self.key: dict[tuple[int | None, int], list[str]] = {}

    # the body, in order

    def walk(self, parent) -> None:
        for child in parent:
            if child.tag == W_P:
                for line in self.paragraphs.lines(child, self.index.get(child, 0)):
                    self.line(line)
            elif child.tag == W_TBL:
                self.table(child)
            elif child.tag in _BLOCK_CONTAINERS:
                self.walk(child)

    def close(self) -> None:
        if self.draft is not None:
            self.drafts.append(self.draft)
            self.draft = None

    def line(self, line: _Line) -> None:
        text = line.text
        if self.in_key:
            self.key_line(text)
            return
        folded = _fold(text)
        draft = self.draft
        if not text.strip():
            if draft is not None:
                draft.take(line)  # a picture alone in its paragraph
            return
        inline = _INLINE_ANSWER.match(folded) or _INLINE_LETTER.match(folded)
        if inline:
            value = text[inline.start(1):inline.end(1)].strip()
            pairs = _pairs(value, whole_line=False)
            if pairs and (len(pairs) > 1 or value.lower().startswith("câu")):
                self.close()
                self.in_key = True
                self.add_key(pairs)
                return
            if draft is not None:
                draft.take(line)
                if draft.section == ESSAY:
                    draft.feedback.append(" ".join(value.split()))
                else:
                    draft.answers.append(value)
                    draft.state = "answered"  # what follows explains it
            return
        if _END.match(folded) or _key_heading(text):
            self.close()
            self.in_key = True
            return
        section = _section_of(text)
        if section:
            self.close()
            self.section, self.part = section
            return
        start = _QUESTION.match(folded)
        if start:
            self.close()
            self.draft = draft = _Draft(number=len(self.drafts) + 1, line=line.index, printed=int(start.group(1)),
                                        part=self.part, section=self.section)
            label = start.group(2)
            rest_at = start.end()
            if label:
                inside = _fold(label[1:-1]).strip()
                points = _POINTS.match(inside)
                if points:
                    draft.points = float(points.group(1).replace(",", "."))
                elif " ".join(inside.split()) in _LEVELS:
                    draft.level = _LEVELS[" ".join(inside.split())]
                else:
                    rest_at = start.start(2)
            draft.take(line)
            rest = line.tail(rest_at)
            if rest.text.strip():
                self.body_line(draft, rest)
            return
        if draft is not None:
            draft.take(line)
            self.body_line(draft, line)

    def body_line(self, draft: _Draft, line: _Line) -> None:
        text = line.text
        if draft.section != ESSAY:
            feedback = _FEEDBACK.match(_fold(text))
            if feedback:
                draft.state = "feedback"
                text = text[feedback.end():]
                if text.strip():
                    draft.feedback.append(" ".join(text.split()))
                return
        if draft.state in ("feedback", "answered"):
            draft.feedback.append(" ".join(text.split()))
            return
        if draft.section in (AUTO, CHOICE, TRUE_FALSE_GROUP) and draft.state in ("stem", "options"):
            if self.options(draft, line):
                return
            if draft.state == "options":
                option = draft.options[-1]
                if option.chars:
                    option.chars.append("\n")
                    option.marks.append(frozenset())
                option.chars += line.chars
                option.marks += line.marks
                return
        if draft.state == "stem":
            draft.stem.append(" ".join(text.split()))

    def options(self, draft: _Draft, line: _Line) -> bool:
        """Reads the options a line starts with; False if it starts with none."""
        text = line.text
        lead = len(text) - len(text.lstrip())
        if not draft.options:
            first = re.match(r"[Aa][.)]", text[lead:])
            if not first:
                return False
            draft.lower = text[lead] == "a"
        count = len(draft.options)
        if count >= len(LETTERS):
            return False
        letter = LETTERS[count].lower() if draft.lower else LETTERS[count]
        if not re.match(rf"{letter}[.)]", text[lead:]):
            return False
        starts = [lead]
        position = lead + 2
        marker = _statement_marker if draft.section == TRUE_FALSE_GROUP else _option_marker
        for following in LETTERS[count + 1:]:
            following = following.lower() if draft.lower else following
            found = marker(following).search(text, position)
            if not found:
                break
            starts.append(found.start())
            position = found.end()
        starts.append(len(text))
        for at, end in zip(starts, starts[1:]):
            option = _Option(letter=text[at].upper(), letter_marks=line.marks[at])
            option.chars, option.marks = line.chars[at + 2:end], line.marks[at + 2:end]
            draft.options.append(option)
        draft.state = "options"
        return True

    # tables

    def table(self, table) -> None:
        grid = [[self.cell_lines(cell) for cell in row.iter(W_TC) if self.own(cell, table)]
                for row in table.iter(W_TR) if self.own(row, table)]
        cells = [[" ".join(line.text for line in lines).strip() for lines in row] for row in grid]
        if self.in_key:
            self.key_table(cells)
            return
        if any(_QUESTION.match(_fold(line.text)) for paragraph in table.iter(W_P)
               for line in self.paragraphs.lines(paragraph, 0)):  # questions laid out in cells
            for row in table.iter(W_TR):
                if not self.own(row, table):
                    continue
                for cell in row.iter(W_TC):
                    if self.own(cell, table):
                        self.walk(cell)
            return
        if self.labelled_key(cells):
            self.key_table(cells)
            return
        draft = self.draft
        if draft is None:
            return
        lines = [line for row in grid for lines in row for line in lines if line.text.strip()]
        if (draft.section in (AUTO, CHOICE, TRUE_FALSE_GROUP) and draft.state in ("stem", "options") and lines
                and self.options(draft, lines[0])):
            draft.take(lines[0])
            for line in lines[1:]:
                draft.take(line)
                self.body_line(draft, line)
            return
        draft.holds.add(TABLE)

    @staticmethod
    def own(element, table) -> bool:
        """The element belongs to this table, not to one nested in it."""
        return next(element.iterancestors(W_TBL), None) is table

    def cell_lines(self, cell) -> list[_Line]:
        lines = []
        for paragraph in cell.iter(W_P):
            if next(paragraph.iterancestors(W_TC), None) is cell:
                lines += self.paragraphs.lines(paragraph, self.index.get(paragraph, 0))
        return lines

    # the answer key

    def add_key(self, pairs) -> None:
        for printed, value in pairs:
            self.key.setdefault((self.key_part, printed), []).append(value.strip())

    def key_line(self, text: str) -> None:
        if not text.strip():
            return
        section = _section_of(text)
        if section:
            self.key_part, self.key_number = section[1], None
            return
        folded = _fold(text)
        alone = _GROUP_KEY_ALONE.fullmatch(folded)
        if alone:  # "Câu 1:", its statements' answers on the lines under it
            self.key_number = int(alone.group(1))
            return
        if self.key_number is not None and _by_letter(text):
            self.add_key([(self.key_number, text.strip())])
            return
        inline = _INLINE_ANSWER.match(folded)
        if inline:  # "Đáp án: 1-B 2-C"
            value = text[inline.start(1):inline.end(1)]
            pairs = _pairs(value, whole_line=False) or _group_pairs(value)
            if pairs:
                self.add_key(pairs)
            return
        pairs = _pairs(text, whole_line=True) or _group_pairs(text)
        if pairs:
            self.add_key(pairs)

    @staticmethod
    def labelled_key(cells: list[list[str]]) -> bool:
        """A table whose rows or columns are labelled "Câu" and "Đáp án"."""
        def labelled(labels):
            words = [_words(label) for label in labels]
            return (any(word in _Q_LABELS for word in words)
                    and any(word.startswith(("dap an", "phuong an", "chon")) or word == "da" for word in words))
        firsts = [row[0] for row in cells if row]
        return labelled(firsts) or bool(cells and labelled(cells[0]))

    def key_table(self, cells: list[list[str]]) -> None:
        statements = self.statement_key(cells)
        if statements:
            self.add_key(statements)
            return
        flat = [text for row in cells for text in row if text]
        cell_pairs = [_pairs(text, whole_line=False) for text in flat]
        if flat and all(pairs and len(pairs) == 1 for pairs in cell_pairs) and any(
                not re.fullmatch(r"\d+", text) for text in flat):
            self.add_key([pairs[0] for pairs in cell_pairs])
            return
        found = self.rows_key(cells)
        if not found:
            width = max((len(row) for row in cells), default=0)
            columns = [[row[i] if i < len(row) else "" for row in cells] for i in range(width)]
            found = self.rows_key(columns)
        self.add_key(found)

    @staticmethod
    def statement_key(cells: list[list[str]]) -> list[tuple[int, str]]:
        """A true/false group's answers a statement a cell or a row: "1 | a) | Đ" (the
        number merged down the rows, several groups side by side), "1 | a) Đ | b) S…", or
        a row of letters "Câu | a | b | c | d" over rows "1 | Đ | S | Đ | S"."""
        found: list[tuple[int, str]] = []
        header: dict[int, str] = {}
        carried: dict[int, int] = {}  # the number of each group side by side, for the rows under it
        for row in cells:
            labels = {j: match.group(1) for j, text in enumerate(row)
                      if (match := _STATEMENT_LABEL.fullmatch(text.strip()))}
            truths = {j for j, text in enumerate(row)
                      if j not in labels and _TRUTH_CELL.fullmatch(_fold(text).strip())}
            if len(labels) > 1 and not truths:
                header = labels
                continue
            group, number, letter = 0, None, None
            for j, text in enumerate(row):
                numbered = _KEY_NUMBER.fullmatch(_fold(text).strip())
                if numbered:
                    number = carried[group] = int(numbered.group(1))
                    continue
                if j in labels:
                    letter = labels[j]
                    continue
                at = number if number is not None else carried.get(group)
                if j in truths and (letter or j in header):
                    if at is not None:
                        found.append((at, f"{letter or header[j]}) {text.strip()}"))
                    if letter:
                        group, number, letter = group + 1, None, None
                    continue
                if _by_letter(text) and at is not None:  # "a) Đ" in one cell
                    found.append((at, text.strip()))
                elif number is not None and _group_answer(text):  # "1 | ĐSĐS"
                    found.append((number, text.strip()))
        return found

    @staticmethod
    def rows_key(rows: list[list[str]]) -> list[tuple[int, str]]:
        """Rows of question numbers, each paired with the row under it."""
        found, i = [], 0
        while i < len(rows) - 1:
            row = rows[i]
            skip = 1 if row and not re.fullmatch(r"\d{1,3}", row[0].strip()) else 0
            numbers = [(j, cell.strip()) for j, cell in enumerate(row) if j >= skip and cell.strip()]
            if numbers and all(re.fullmatch(r"\d{1,3}", cell) for _j, cell in numbers):
                below = rows[i + 1]
                for j, cell in numbers:
                    value = below[j].strip() if j < len(below) else ""
                    if value:
                        found.append((int(cell), value))
                i += 2
                continue
            i += 1
        return found

    # questions

    def result(self) -> qi.ParseResult:
        self.close()
        result = qi.ParseResult()
        printed = [(d.part, d.printed) for d in self.drafts]
        self.unique = len(set(n for _p, n in printed)) == len(printed)
        for draft in self.drafts:
            try:
                result.questions.append(self.question(draft))
            except _Refused as refused:
                result.problems.append(qi.Problem(draft.number, draft.line, str(refused)))
        return result

    def keyed(self, draft: _Draft) -> list[str]:
        if (draft.part, draft.printed) in self.key:
            return self.key[(draft.part, draft.printed)]
        if (None, draft.printed) in self.key and (draft.part is None or self.unique):
            return self.key[(None, draft.printed)]
        if draft.part is None:
            found = [values for (part, number), values in self.key.items() if number == draft.printed]
            if len(found) == 1:
                return found[0]
        elif draft.section == TRUE_FALSE_GROUP:  # the table's numbers carry no parts: its true/false answers
            return [value for value in self.key.get((None, draft.printed), []) if _group_answer(value)]
        return []

    def question(self, draft: _Draft) -> qi.Question:
        if draft.holds:
            raise _Refused(_holds_message(draft.holds))
        stem = "\n".join(line for line in draft.stem if line)
        if not stem:
            raise _Refused(_("the question has no text."))
        question = qi.Question(kind=qi.ESSAY, stem=stem, number=draft.number, line=draft.line,
                               general_feedback="\n".join(draft.feedback), points=draft.points,
                               cognitive_level=draft.level, converted_from=draft.legacy[0] if draft.legacy else "")
        if draft.section == ESSAY:
            return question
        keyed = self.keyed(draft)
        answers = draft.answers + keyed
        if draft.section == TRUE_FALSE_GROUP or (
                draft.section == AUTO and draft.options and answers and all(map(_group_answer, answers))):
            _group(question, draft, keyed)
        elif draft.options or draft.section == CHOICE:
            self.choice(question, draft, keyed)
        elif draft.section == SHORT or draft.answers or keyed:
            _short(question, draft, keyed)
        else:
            raise _Refused(_("the question has no options (“A.”, “B.”…) and no answer; put essay questions "
                             "under a “TỰ LUẬN” heading."))
        return question

    def choice(self, question: qi.Question, draft: _Draft, keyed: list[str]) -> None:
        options = draft.options
        if not options:
            raise _Refused(_("the question has no options (“A.”, “B.”…)."))
        if len(options) < 2:
            raise _Refused(_("a question needs at least two options."))
        for option in options:
            if not option.text:
                raise _Refused(_("option “%(letter)s” has no text.") % {"letter": option.letter})
        letters = [option.letter for option in options]
        given: list[tuple[str, str]] = []  # (how, letter)
        for mark in _MARKS:
            marked = set()
            for part in ("letter", "text"):
                has = {o.letter for o in options
                       if (mark in o.letter_marks if part == "letter" else o.text_marked(mark))}
                if len(has) < len(options):  # on every option: layout, not a mark
                    marked |= has
            if len(marked) > 1:
                raise _Refused(_("several options are marked (%(how)s) as correct: %(letters)s; a choice "
                                 "question here has one correct answer.")
                               % {"how": _how(mark), "letters": ", ".join(sorted(marked))})
            if marked:
                given.append((mark, marked.pop()))
        for how, values in ((INLINE, draft.answers), (KEY, keyed)):
            for value in values:
                letter = re.match(r"^\s*([A-Fa-f])\s*(?:[.)]|\s|$)", value)
                if not letter:
                    raise _Refused(_("%(how)s gives “%(value)s”, which is not an option letter.")
                                   % {"how": _how(how), "value": value})
                given.append((how, letter.group(1).upper()))
        if not given:
            raise _Refused(_("no correct answer found: underline, bold or colour the correct option, write "
                             "“Đáp án: B” under the question or add an answer table at the end of the file."))
        _agree([(how, letter) for how, letter in given])
        right = given[0][1]
        if right not in letters:
            raise _Refused(_("the correct answer “%(letter)s” is not one of the options.") % {"letter": right})
        question.kind = qi.SINGLE
        question.options = [qi.Option(text=o.text, fraction=1.0 if o.letter == right else 0.0) for o in options]


class _Refused(Exception):
    pass


def _how(how: str) -> str:
    return {UNDERLINE: _("underline"), BOLD: _("bold"), COLOUR: _("colour"), HIGHLIGHT: _("highlight"),
            INLINE: _("the “Đáp án:” line"), KEY: _("the answer table")}[how]


def _agree(given: list[tuple[str, str]], same=lambda a, b: a == b) -> None:
    first = given[0][1]
    if any(not same(first, value) for _how_, value in given[1:]):
        raise _Refused(_("the correct answer is given in ways that disagree: %(list)s.")
                       % {"list": "; ".join(f"{_how(how)}: {value}" for how, value in given)})


def _holds_message(holds: set[str]) -> str:
    names = {IMAGE: _("an image or drawing"), EQUATION: _("an equation"),
             MATHTYPE: _("a MathType or Equation Editor equation"), OBJECT: _("an embedded object"),
             TABLE: _("a table"), SYMBOL: _("a character of a symbol font (Symbol, Wingdings) that cannot be converted")}
    what = ", ".join(names[kind] for kind in _HOLDS_ORDER if kind in holds)
    return _("the question holds %(what)s, which cannot be imported yet: type it as text (a formula in LaTeX "
             "such as \\(x^2\\)) or leave the question out.") % {"what": what}


def _number(text: str) -> float:
    return float(text.replace("−", "-").replace(",", "."))


def _truth_list(truths: dict[str, bool], letters: list[str]) -> str:
    return ", ".join(f"{letter}) {'Đ' if truths[letter] else 'S'}" for letter in letters if letter in truths)


def _group(question: qi.Question, draft: _Draft, keyed: list[str]) -> None:
    """A stem and its statements a)–d), each true or false (see the module's docstring)."""
    statements = draft.options
    if len(statements) < 2:
        raise _Refused(_("a true/false question with several statements needs at least two statements "
                         "(“a)”, “b)”…)."))
    if len(statements) > 4:
        raise _Refused(_("a true/false question with several statements has at most four statements "
                         "(a to d)."))
    letters = [statement.letter.lower() for statement in statements]
    for letter, statement in zip(letters, statements):
        if not statement.text:
            raise _Refused(_("statement “%(letter)s)” has no text.") % {"letter": letter})
    given: list[tuple[str, dict[str, bool]]] = []  # (how, the truths it gives by letter)
    for mark in _MARKS:
        marked = set()
        for part in ("letter", "text"):
            has = {letter for letter, s in zip(letters, statements)
                   if (mark in s.letter_marks if part == "letter" else s.text_marked(mark))}
            if len(has) < len(statements):  # on every statement: layout, not a mark
                marked |= has
        if marked:
            given.append((mark, {letter: letter in marked for letter in letters}))
    for how, values in ((INLINE, draft.answers), (KEY, keyed)):
        each = []
        for value in values:
            truths = _truths(value)
            if truths is None:
                raise _Refused(_("%(how)s gives “%(value)s”, which is not a true/false answer for each "
                                 "statement, such as “ĐSĐS” or “a) Đ, b) S, c) Đ, d) S”.")
                               % {"how": _how(how), "value": value})
            if truths[0][0] is None:
                if len(truths) != len(letters):
                    raise _Refused(_("%(how)s gives %(given)d answers (“%(value)s”) for %(count)d statements.")
                                   % {"how": _how(how), "given": len(truths), "value": value,
                                      "count": len(letters)})
                truths = list(zip(letters, (truth for _letter, truth in truths)))
            for letter, _truth in truths:
                if letter not in letters:
                    raise _Refused(_("%(how)s gives an answer for statement “%(letter)s)”, which the question "
                                     "does not have.") % {"how": _how(how), "letter": letter})
            each.append(dict(truths))
        merged: dict[str, bool] = {}
        if all(merged.setdefault(letter, truth) == truth for truths in each for letter, truth in truths.items()):
            given += [(how, merged)] if merged else []
        else:  # the same way says two things: each shown
            given += [(how, truths) for truths in each]
    for letter in letters:
        if len({truths[letter] for _how_, truths in given if letter in truths}) > 1:
            raise _Refused(_("the correct answer is given in ways that disagree: %(list)s.")
                           % {"list": "; ".join(f"{_how(how)}: {_truth_list(truths, letters)}"
                                                for how, truths in given)})
    found = {letter: truth for _how_, truths in given for letter, truth in truths.items()}
    missing = [letter for letter in letters if letter not in found]
    if missing:
        raise _Refused(_("no answer (Đúng or Sai) for statement %(letters)s: underline, bold or colour the true "
                         "statements, write “Đáp án: ĐSĐS” under the question or add it to the answer table "
                         "at the end of the file.") % {"letters": ", ".join(f"{letter})" for letter in missing)})
    question.kind = qi.TRUE_FALSE_GROUP
    question.statements = [qi.Statement(text=statement.text, truth=found[letter])
                           for letter, statement in zip(letters, statements)]


def _short(question: qi.Question, draft: _Draft, keyed: list[str]) -> None:
    given = [(INLINE, value) for value in draft.answers] + [(KEY, value) for value in keyed]
    given = [(how, " ".join(value.split())) for how, value in given if value.strip()]
    if not given:
        raise _Refused(_("no answer found: write “Đáp án: …” under the question or add it to the answer table "
                         "at the end of the file."))

    def same(a: str, b: str) -> bool:
        if _NUMBER.match(a) and _NUMBER.match(b):
            return _number(a) == _number(b)
        return a.casefold() == b.casefold()

    _agree(given, same)
    answer = given[0][1]
    if _NUMBER.match(answer):
        question.kind, question.numeric = qi.NUMERIC, [qi.NumericAnswer(_number(answer))]
    else:
        question.kind, question.options = qi.SHORT_TEXT, [qi.Option(text=answer, fraction=1.0)]
