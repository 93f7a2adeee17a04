"""What the question export and the printed exams share: an A4 document in Times New Roman,
the body written in order, a question's "Câu N:" paragraph with its text, options laid out
4, 2 or 1 to a line by their length, numbers with a decimal comma, the parts' headings.

Labels are Vietnamese by nature (the Word reader reads "Câu", "Đáp án", "PHẦN"): they go
through gettext (context "exam paper") and the writers run under translation.override("vi").
"""

from __future__ import annotations

import functools
import io
import unicodedata
from decimal import Decimal

import docx
from django.utils.translation import npgettext, pgettext
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from repository.questions import interchange as qi
from repository.questions.word import richtext, wml
from repository.questions.word.wml import PLAIN_STYLE, Style

FONT = "Times New Roman"
FONT_SIZE = 12
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
BOLD = Style(bold=True)
CONTEXT = "exam paper"

# The parts of the 2025 layout, by the section a kind of question is printed in.
CHOICE, GROUP, SHORT, ESSAY = "choice", "group", "short", "essay"
SECTION_OF = {qi.SINGLE: CHOICE, qi.MULTIPLE: CHOICE, qi.TRUE_FALSE: CHOICE, qi.MATCHING: CHOICE,
              qi.TRUE_FALSE_GROUP: GROUP, qi.SHORT_TEXT: SHORT, qi.NUMERIC: SHORT, qi.CLOZE: SHORT,
              qi.ESSAY: ESSAY}
SECTIONS = (CHOICE, GROUP, SHORT, ESSAY)
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")


def p_(message: str) -> str:
    return pgettext(CONTEXT, message)


def section_heading(section: str, numeral: str) -> str:
    headings = {
        CHOICE: p_("PART %(numeral)s. Multiple-choice questions"),
        GROUP: p_("PART %(numeral)s. True/false questions"),
        SHORT: p_("PART %(numeral)s. Short-answer questions"),
        ESSAY: p_("PART %(numeral)s. ESSAY"),
    }
    return headings[section] % {"numeral": numeral}


def decimal(value: float) -> str:
    """3.14 -> "3,14", 2.0 -> "2", 0.25 -> "0,25" (as Vietnamese writes numbers)."""
    number = Decimal(repr(float(value))).normalize()
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return ("0" if text in ("-0", "") else text).replace(".", ",")


def numbers_text(numbers: list[int]) -> str:
    """[3, 4, 5] -> "3–5"; [3, 4, 9] -> "3, 4, 9"; [2] -> "2"."""
    numbers = sorted(set(numbers))
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


def passage_intro(numbers: list[int]) -> str:
    if len(set(numbers)) == 1:
        return p_("Read the following and answer question %(numbers)s:") % {"numbers": numbers_text(numbers)}
    return p_("Read the following and answer questions %(numbers)s:") % {"numbers": numbers_text(numbers)}


def point_count(points) -> int:
    """The whole number ngettext picks the form of "%(points)s points" by: 1 for exactly
    one point, 2 for any other value (English writes "0.5 points", "1.5 points")."""
    try:
        return 1 if points is not None and float(points) == 1 else 2
    except (TypeError, ValueError):
        return 2


def points_text(points) -> str:
    """"1 point", "0,5 points" ("1 điểm", "0,5 điểm")."""
    return npgettext(CONTEXT, "%(points)s point", "%(points)s points", point_count(points)) % {
        "points": decimal(points)}


def question_label(number: int, points: float | None = None, level: str = "") -> str:
    """"Câu 3:", "Câu 3 (0,5 điểm):", "Câu 3 (NB):"."""
    label = p_("Question %(number)s") % {"number": number}
    if points is not None:
        label += " (" + points_text(points) + ")"
    elif level:
        label += f" ({level})"
    return label + ": "


@functools.lru_cache(maxsize=2)
def _template(landscape: bool) -> bytes:
    """An empty A4 document, Times New Roman 12 pt, saved once and opened for each use."""
    document = docx.Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    section.top_margin, section.bottom_margin = Mm(15), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(FONT_SIZE)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    normal.paragraph_format.space_after = Pt(2)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.1
    _slim(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


_KEPT_STYLES = {"Normal", "DefaultParagraphFont", "TableNormal", "NoList", "TableGrid", "Header", "HeaderChar",
                "Footer", "FooterChar"}
_DROPPED_PARTS = ("stylesWithEffects", "customXml", "numbering", "thumbnail")


def _slim(document) -> None:
    """python-docx's template less what these documents never use: 164 styles and the
    latent ones (350 kB of styles.xml), Word 2010's stylesWithEffects (440 kB), a
    thumbnail, custom XML, numbering. Each document is opened from and saved with the
    template, so its size is time (parsing and compressing it, 40 times for an exam)."""
    styles = document.styles.element
    for child in list(styles):
        if child.tag == qn("w:latentStyles") or (
                child.tag == qn("w:style") and child.get(qn("w:styleId")) not in _KEPT_STYLES):
            styles.remove(child)
    for rels in (document.part.rels, document.part.package.rels):
        for rid, rel in list(rels.items()):
            if rel.reltype.rsplit("/", 1)[-1] in _DROPPED_PARTS:
                del rels[rid]


class Sheet:
    """A document written in order: its body, the writer of rich texts, the text width."""

    def __init__(self, *, landscape: bool = False):
        self.document = docx.Document(io.BytesIO(_template(landscape)))
        self.body = self.document.element.body
        self.writer = richtext.Writer.of(self.document)
        self.width_twips = self.writer.width // wml.EMU_PER_TWIP

    def add(self, element):
        wml.body_append(self.body, element)
        return element

    def paragraph(self, *children, **formatting):
        return self.add(wml.paragraph(*children, **formatting))

    def line(self, text: str, style: Style = PLAIN_STYLE, **formatting):
        """A paragraph of one run."""
        return self.paragraph(wml.run(text, style), **formatting)

    def text(self, p, text: str, text_format: str = qi.PLAIN, media=(), style: Style = PLAIN_STYLE):
        """A neutral text after what paragraph `p` holds (its blocks after `p`)."""
        return self.writer.into_paragraph(p, self.writer.fragment(text, text_format, media, style=style))

    def place(self, p, fragment: richtext.Fragment):
        return self.writer.into_paragraph(p, fragment)

    def labelled(self, label: str, text: str, text_format: str = qi.PLAIN, media=(), *,
                 label_style: Style = BOLD, style: Style = PLAIN_STYLE, **formatting):
        """A paragraph "Label text…" (the text's blocks after it)."""
        p = self.paragraph(wml.run(label, label_style), **formatting)
        self.text(p, text, text_format, media, style)
        return p

    def options(self, texts: list[str], text_format: str, media, *, marked=frozenset(), lower: bool = False,
                suffix: str = ".", letter_style: Style = BOLD, mark: Style = Style(underline=True),
                per_line: int = 0) -> None:
        """Options "A. …" laid out by their length: four to a line, two, or one; those in
        `marked` (their places) with their letter and text in `mark`'s style."""
        fragments = []
        for i, text in enumerate(texts):
            style = mark if i in marked else PLAIN_STYLE
            fragments.append(self.writer.fragment(text, text_format, media, style=style))
        per_line = per_line or options_per_line(fragments, self.width_twips)
        letters = [(LETTERS[i].lower() if lower else LETTERS[i]) if i < len(LETTERS) else str(i + 1)
                   for i in range(len(texts))]
        step = self.width_twips // per_line
        tabs = tuple((step * k, "left") for k in range(1, per_line))
        for start in range(0, len(fragments), per_line):
            p = self.paragraph(tabs=tabs, indent_twips=0)
            for k, i in enumerate(range(start, min(start + per_line, len(fragments)))):
                if k:
                    p.append(wml.run("\t"))
                style = letter_style.but(underline=True) if i in marked and mark.underline else letter_style
                p.append(wml.run(f"{letters[i]}{suffix}", style))
                p.append(wml.run(" ", mark if i in marked else PLAIN_STYLE))
                last = self.place(p, fragments[i])
                if last is not p:  # blocks of its own: nothing shares its line
                    break

    def matching(self, question: qi.Question) -> None:
        """A matching question's two columns: its prompts numbered, the answers lettered
        (matching_columns' order)."""
        prompts, answers = matching_columns(question)
        half = self.width_twips // 2
        tbl = wml.table([half, half])
        header = wml.row(tbl, header=True)
        for label in (p_("Column A"), p_("Column B")):
            tc = wml.cell(header, half)
            wml.paragraph(wml.run(label, BOLD), align="center", parent=tc)
        fmt, media = question.text_format, question.media
        for i in range(max(len(prompts), len(answers))):
            tr = wml.row(tbl)
            for texts, mark in ((prompts, str(i + 1)), (answers, LETTERS[i % len(LETTERS)].lower())):
                tc = wml.cell(tr, half)
                if i < len(texts):
                    p = wml.paragraph(wml.run(f"{mark}. ", BOLD), parent=tc)
                    self.place(p, self.writer.fragment(texts[i], fmt, media, width_emu=(half - 200) * wml.EMU_PER_TWIP))
                wml.close_cell(tc)
        self.add(tbl)
        self.paragraph()

    def save(self) -> bytes:
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()


def options_per_line(fragments: list[richtext.Fragment], width_twips: int) -> int:
    """4, 2 or 1 option a line: each must fit in its share of the line with its letter."""
    if not fragments or not all(f.inline for f in fragments):
        return 1
    # about 0.5 em a character: characters a line of the text's width holds
    characters = width_twips / (FONT_SIZE * 20 * 0.5)
    longest = max(f.length for f in fragments)
    if len(fragments) >= 3 and longest <= characters / 4 - 5:
        return 4 if len(fragments) <= 4 or len(fragments) % 4 == 0 else 2
    if longest <= characters / 2 - 5:
        return 2
    return 1


def matching_columns(question: qi.Question) -> tuple[list[str], list[str]]:
    """(the prompts in order, the answers to match them with: each once, the distractors
    among them, in alphabetical order) as a matching question is printed."""
    prompts = [left for left, _right in question.pairs]
    answers = list(dict.fromkeys([right for _left, right in question.pairs] + list(question.distractors)))
    answers.sort(key=lambda text: (unicodedata.normalize("NFD", text).casefold(), text))
    return prompts, answers


def matching_key(question: qi.Question) -> str:
    """"1-b, 2-a…" for the columns matching_columns prints."""
    _prompts, answers = matching_columns(question)
    return ", ".join(f"{i}-{LETTERS[answers.index(right) % len(LETTERS)].lower()}"
                     for i, (_left, right) in enumerate(question.pairs, start=1))
