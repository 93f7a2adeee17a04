"""Printed exams: a variant's paper (mã đề), the answer key of all variants, the students'
answer sheet, as Word documents; their PDF through the sandboxed LibreOffice conversion.

The paper (`variant_document`):

    PHÒNG GD&ĐT MÊ LINH          │  ĐỀ KIỂM TRA GIỮA HỌC KÌ I          (a borderless
    TRƯỜNG THCS TIỀN PHONG       │  NĂM HỌC 2025–2026                   two-column table)
                                 │  Môn: Toán – Lớp 9
                                 │  Thời gian làm bài: 45 phút (không kể thời gian phát đề)
    Họ và tên thí sinh: ……………………                          Mã đề: 101
    Số báo danh: ……………
    PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn       (parts only when the paper has
    Thí sinh trả lời từ câu 1 đến câu 12. …                 several kinds, in their order)
    Câu 1: …                                   ("Câu 1 (0,5 điểm):" where points differ)
    A. …      B. …      C. …      D. …         (4, 2 or 1 option a line by their length)
    — HẾT —                                     footer: "Mã đề 101 – Trang 1/2"

A shared passage is printed before the first of its questions ("Đọc đoạn văn sau và trả
lời câu 3–5:"). Nothing on the paper says which answer is right.

`answer_key`: one table, a row per question number and a column per variant code, each
cell the VariantItem's `key` (ten variants to a table when there are more), then the
essays' model answers and rubrics, each once with its number in every variant.
`answer_sheet`: name, class and candidate number lines, the variant code's digits to fill
in, and a bubble for each of A B C D by each question number, ten numbers to a column.

Speed: a text (a stem, an option) becomes Word XML once per process (richtext's cache) and
is copied into each paper; a paper is assembled from those copies.
"""

from __future__ import annotations

import os
import tempfile
import unicodedata
from dataclasses import dataclass

from django.utils import translation

from repository.questions import interchange as qi
from repository.questions.exams import variants as exam_variants
from repository.questions.exams.variants import Variant, VariantItem
from repository.questions.word import wml
from repository.questions.word.export import blanks_shown
from repository.questions.word.layout import (
    BOLD, CHOICE, ESSAY, GROUP, ROMAN, SECTION_OF, SHORT, Sheet, p_, passage_intro, points_text, question_label,
    section_heading,
)
from repository.questions.word.wml import Style

ITALIC = Style(italic=True)
# The exam builder's parts (VariantItem.part) as the sections printed here.
_SECTION_OF_PART = {exam_variants.CHOICE: CHOICE, exam_variants.TRUE_FALSE_GROUP: GROUP,
                    exam_variants.SHORT_ANSWER: SHORT, exam_variants.ESSAY: ESSAY}
_VARIANTS_PER_TABLE = 10
_NUMBERS_PER_COLUMN = 10
_COLUMNS_OF_NUMBERS = 4
_BUBBLE = "○"  # in Times New Roman (and every font Word or LibreOffice falls back to)


@dataclass
class Header:
    """What the top of every printed page of an exam says."""

    district: str  # "Mê Linh" (printed "PHÒNG GD&ĐT MÊ LINH"), or the office's whole name
    school: str  # "THCS Tiền Phong" (printed "TRƯỜNG THCS TIỀN PHONG"), or with "Trường"
    title: str  # "Đề kiểm tra giữa học kì I"
    subject: str  # "Toán"
    grade: str  # "9"
    minutes: int  # 45
    school_year: str  # "2025–2026"


def section_of(item: VariantItem) -> str:
    """The part an item is printed in: the one the exam builder gave it, else its kind's."""
    return _SECTION_OF_PART.get(item.part) or SECTION_OF.get(item.question.kind, ESSAY)


def _folded(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(ch))


def _office(header: Header) -> str:
    name = " ".join(header.district.split())
    if _folded(name).startswith(("phong", "so gd")):
        return name.upper()
    return (p_("DISTRICT OFFICE OF EDUCATION %(district)s") % {"district": name}).upper()


def _school(header: Header) -> str:
    name = " ".join(header.school.split())
    if _folded(name).startswith("truong"):
        return name.upper()
    return (p_("SCHOOL %(school)s") % {"school": name}).upper()


def _header(sheet: Sheet, header: Header, heading: str = "") -> None:
    """The two-column header: office and school left; title, year, subject, time right."""
    left = sheet.width_twips * 9 // 20
    right = sheet.width_twips - left
    tbl = wml.table([left, right], borders=False)
    tr = wml.row(tbl)
    cell = wml.cell(tr, left)
    wml.paragraph(wml.run(_office(header)), align="center", parent=cell)
    wml.paragraph(wml.run(_school(header), BOLD), align="center", parent=cell)
    wml.paragraph(wml.run("———"), align="center", parent=cell)
    cell = wml.cell(tr, right)
    wml.paragraph(wml.run(header.title.upper(), BOLD), align="center", parent=cell)
    if header.school_year:
        wml.paragraph(wml.run(p_("SCHOOL YEAR %(year)s") % {"year": header.school_year}, BOLD), align="center",
                      parent=cell)
    wml.paragraph(wml.run(p_("Subject: %(subject)s – Grade %(grade)s") % {"subject": header.subject,
                                                                          "grade": header.grade}, BOLD),
                  align="center", parent=cell)
    if header.minutes:
        wml.paragraph(wml.run(p_("Time allowed: %(minutes)s minutes") % {"minutes": header.minutes}
                              + " " + p_("(not counting the time to hand out the paper)"), ITALIC),
                      align="center", parent=cell)
    if heading:
        wml.paragraph(wml.run(heading, BOLD), align="center", parent=cell)
    sheet.add(tbl)


def _footer(sheet: Sheet, text: str) -> None:
    """The footer of every page: `text` – Trang n/m."""
    footer = sheet.document.sections[0].footer
    p = footer.paragraphs[0]._p
    ppr = wml.el("pPr", p)
    wml.el("jc", ppr, val="center")
    p.append(wml.run(text + " – " + p_("Page") + " ", ITALIC))
    for instruction, separator in (("PAGE", "/"), ("NUMPAGES", "")):
        field = wml.el("fldSimple", p, instr=f" {instruction} ")
        field.append(wml.run("1", ITALIC))
        if separator:
            p.append(wml.run(separator, ITALIC))


def variant_document(header: Header, variant: Variant) -> bytes:
    """The printed paper of one variant (see the module's docstring)."""
    with translation.override("vi"):
        return _Paper(header, variant).write()


class _Paper:
    def __init__(self, header: Header, variant: Variant):
        self.header = header
        self.variant = variant
        self.sheet = Sheet()

    def write(self) -> bytes:
        sheet, items = self.sheet, self.variant.items
        _header(sheet, self.header)
        code = p_("Variant code: %(code)s") % {"code": self.variant.code}
        tabs = ((sheet.width_twips, "right"),)
        sheet.paragraph(wml.run(p_("Candidate's name: ") + "…" * 22), wml.run("\t"), wml.run(code, BOLD),
                        tabs=tabs, space_before=120)
        sheet.line(p_("Candidate number: ") + "…" * 12, space_after=120)
        _footer(sheet, code)
        uniform = len({item.points for item in items}) <= 1
        sections = [section_of(item) for item in items]
        parted = len(set(sections)) > 1
        passages: dict[str, list[int]] = {}
        for item in items:
            if item.passage is not None:
                passages.setdefault(item.passage.key, []).append(item.number)
        printed: set[str] = set()
        part = 0
        for i, item in enumerate(items):
            section = sections[i]
            if parted and (i == 0 or sections[i - 1] != section):
                last = i
                while last + 1 < len(items) and sections[last + 1] == section:
                    last += 1
                self.part(section, ROMAN[part] if part < len(ROMAN) else str(part + 1),
                          item.number, items[last].number)
                part += 1
            if item.passage is not None and item.passage.key not in printed:
                printed.add(item.passage.key)
                passage = item.passage
                sheet.line(passage_intro(passages[passage.key]), Style(bold=True, italic=True), keep_next=True)
                if passage.title:
                    sheet.line(passage.title, BOLD, align="center", keep_next=True)
                sheet.text(sheet.paragraph(), passage.text, passage.text_format, passage.media)
            self.question(item, uniform)
        sheet.line(p_("— END —"), BOLD, align="center", space_before=240)
        return sheet.save()

    def part(self, section: str, numeral: str, first: int, last: int) -> None:
        sheet = self.sheet
        sheet.line(section_heading(section, numeral), BOLD, keep_next=True, space_before=120)
        notes = {CHOICE: p_("Each question has one right answer."),
                 GROUP: p_("In each statement a), b), c), d) of each question, choose true or false."),
                 SHORT: "", ESSAY: ""}
        if first == last:
            instruction = p_("Answer question %(number)s.") % {"number": first}
        else:
            instruction = p_("Answer questions %(first)s to %(last)s.") % {"first": first, "last": last}
        sheet.line(" ".join(filter(None, (instruction, notes[section]))), ITALIC, keep_next=True)

    def question(self, item: VariantItem, uniform: bool) -> None:
        sheet, question = self.sheet, item.question
        fmt, media, kind = question.text_format, question.media, question.kind
        stem = blanks_shown(question.stem) if kind == qi.CLOZE else question.stem
        label = question_label(item.number, None if uniform else item.points)
        followed = kind in (qi.SINGLE, qi.MULTIPLE, qi.TRUE_FALSE, qi.TRUE_FALSE_GROUP, qi.MATCHING) or (
            kind == qi.CLOZE and any(o.fraction <= 0 for blank in question.blanks for o in blank))
        sheet.labelled(label, stem, fmt, media, keep_next=followed)
        if kind in (qi.SINGLE, qi.MULTIPLE):
            sheet.options([o.text for o in question.options], fmt, media)
        elif kind == qi.TRUE_FALSE:  # keyed Đ or S: a circle to fill by each word
            sheet.paragraph(wml.run(f"{_BUBBLE} {p_('True')}\t{_BUBBLE} {p_('False')}"),
                            tabs=((sheet.width_twips // 4, "left"),))
        elif kind == qi.TRUE_FALSE_GROUP:
            sheet.options([s.text for s in question.statements], fmt, media, lower=True, suffix=")", per_line=1)
        elif kind == qi.MATCHING:
            sheet.matching(question)
        elif kind == qi.CLOZE:
            for n, blank in enumerate(question.blanks, start=1):
                if any(option.fraction <= 0 for option in blank):
                    p = sheet.paragraph(wml.run(f"({n}) "))
                    for i, option in enumerate(blank):
                        p.append(wml.run(("\t" if i else "") + f"{chr(65 + i)}. ", BOLD))
                        sheet.text(p, option.text, fmt, media)


def answer_key(header: Header, variants: list[Variant]) -> bytes:
    """The key of every variant in one table, then the essays' grading guide."""
    with translation.override("vi"):
        sheet = Sheet()
        _header(sheet, header)
        sheet.line(p_("ANSWER KEY AND GRADING GUIDE"), BOLD, align="center", space_before=120, space_after=120)
        _footer(sheet, p_("Answer key"))
        parted = _numbered_by_part(variants)
        rows = _key_rows(variants, parted)
        by_place = [{_place(item, parted): item for item in variant.items} for variant in variants]
        for start in range(0, len(variants), _VARIANTS_PER_TABLE):
            chunk = list(range(start, min(start + _VARIANTS_PER_TABLE, len(variants))))
            if not rows:
                break
            label = 1400
            width = min((sheet.width_twips - label) // len(chunk), 1600)
            tbl = wml.table([label] + [width] * len(chunk), align="center")
            tr = wml.row(tbl, header=True)
            _cell_text(tr, label, p_("Question") + " \\ " + p_("Code"), BOLD, shade="E7E6E6")
            for v in chunk:
                _cell_text(tr, width, variants[v].code, BOLD, shade="E7E6E6")
            sections = list(dict.fromkeys(section for section, _number in rows))
            for section, number in rows:
                if parted and (section, number) == next(row for row in rows if row[0] == section):
                    place = sections.index(section)
                    numeral = ROMAN[place] if place < len(ROMAN) else str(place + 1)
                    tc = wml.cell(wml.row(tbl), label + width * len(chunk), span=len(chunk) + 1, shade="F2F2F2")
                    wml.paragraph(wml.run(p_("PART %(numeral)s") % {"numeral": numeral}, BOLD), parent=tc)
                tr = wml.row(tbl)
                _cell_text(tr, label, str(number), BOLD)
                for v in chunk:
                    item = by_place[v].get((section, number))
                    tc = wml.cell(tr, width, valign="center")
                    p = wml.paragraph(align="center", parent=tc)
                    if item is not None:  # a key may hold a formula (a short answer's LaTeX)
                        sheet.place(p, sheet.writer.fragment(item.key or "—", width_emu=(width - 200) * wml.EMU_PER_TWIP))
            sheet.add(tbl)
            sheet.paragraph()
        _essays(sheet, variants)
        return sheet.save()


def _numbered_by_part(variants: list[Variant]) -> bool:
    """The exam numbers its questions from 1 in each part (as the 2025 exam does)."""
    parts: dict[int, set[str]] = {}
    for variant in variants:
        for item in variant.items:
            parts.setdefault(item.number, set()).add(section_of(item))
    return any(len(sections) > 1 for sections in parts.values())


def _place(item: VariantItem, by_part: bool) -> tuple[str, int]:
    return (section_of(item) if by_part else "", item.number)


def _key_rows(variants: list[Variant], by_part: bool) -> list[tuple[str, int]]:
    """(part, number) of every row of the key, the numbers that have a key in some
    variant; part by part when the numbers restart in each part (the part "" otherwise)."""
    keyed = {_place(item, by_part) for variant in variants for item in variant.items if item.key}
    order = {section: place for place, section in enumerate(("", CHOICE, GROUP, SHORT, ESSAY))}
    return sorted(keyed, key=lambda row: (order.get(row[0], len(order)), row[1]))


def _cell_text(tr, width: int, text: str, style: Style = Style(), shade: str = "") -> None:
    tc = wml.cell(tr, width, shade=shade, valign="center")
    wml.paragraph(wml.run(text, style), align="center", parent=tc)


def _essays(sheet: Sheet, variants: list[Variant]) -> None:
    """Each essay once: its numbers in the variants, points, model answer, rubric, solution."""
    found: dict[object, list[tuple[str, VariantItem]]] = {}
    for variant in variants:
        for item in variant.items:
            question = item.question
            if question.kind != qi.ESSAY:
                continue
            identity = item.ref if item.ref is not None else (question.stem, question.text_format)
            found.setdefault(identity, []).append((variant.code, item))
    if not found:
        return
    sheet.line(p_("ESSAY QUESTIONS"), BOLD, keep_next=True, space_before=120)
    for placed in found.values():
        numbers = {item.number for _code, item in placed}
        first = placed[0][1]
        if len(numbers) == 1:
            label = p_("Question %(number)s") % {"number": first.number}
        else:
            label = "; ".join(p_("question %(number)s (code %(code)s)") % {"number": item.number, "code": code}
                              for code, item in placed)
            label = label[:1].upper() + label[1:]
        label += " (" + points_text(first.points) + "):"
        sheet.line(label, BOLD, keep_next=True)
        question = first.question
        for caption, text in ((p_("Model answer: "), question.model_answer), (p_("Marking: "), question.rubric),
                              (p_("Solution: "), question.general_feedback)):
            if text:
                sheet.labelled(caption, text, question.text_format, question.media, label_style=ITALIC)


def answer_sheet(header: Header, questions_count: int) -> bytes:
    """The students' answer sheet: who they are, their variant code, a bubble per option."""
    with translation.override("vi"):
        sheet = Sheet()
        _header(sheet, header)
        sheet.line(p_("MULTIPLE-CHOICE ANSWER SHEET"), BOLD, align="center", space_before=120, space_after=120)
        sheet.line(p_("Candidate's name: ") + "…" * 28)
        tabs = ((sheet.width_twips // 2, "left"),)
        sheet.paragraph(wml.run(p_("Class: ") + "…" * 12), wml.run("\t"),
                        wml.run(p_("Candidate number: ") + "…" * 12), tabs=tabs, space_after=120)
        _code_boxes(sheet)
        sheet.line(p_("Fill in one circle for each question with a dark pen."), ITALIC, space_before=120)
        _bubbles(sheet, questions_count)
        return sheet.save()


def _code_boxes(sheet: Sheet) -> None:
    """The variant code: three boxes to write its digits in, over a bubble for each digit
    0–9 in each place."""
    digits, width = 3, 500
    tbl = wml.table([width * 2] + [width] * digits)
    tr = wml.row(tbl)
    _cell_text(tr, width * 2, p_("Code"), BOLD)
    for _digit in range(digits):
        _cell_text(tr, width, "")
    for value in range(10):
        tr = wml.row(tbl)
        _cell_text(tr, width * 2, str(value), BOLD)
        for _digit in range(digits):
            _cell_text(tr, width, _BUBBLE)
    sheet.add(tbl)


def _bubbles(sheet: Sheet, count: int) -> None:
    per_table = _NUMBERS_PER_COLUMN * _COLUMNS_OF_NUMBERS
    number_width, letters = 760, "ABCD"
    bubble = (sheet.width_twips // _COLUMNS_OF_NUMBERS - number_width) // len(letters)
    widths = ([number_width] + [bubble] * len(letters)) * _COLUMNS_OF_NUMBERS
    for start in range(1, count + 1, per_table):
        tbl = wml.table(widths)
        tr = wml.row(tbl, header=True)
        for _column in range(_COLUMNS_OF_NUMBERS):
            _cell_text(tr, number_width, p_("Q."), BOLD, shade="E7E6E6")
            for letter in letters:
                _cell_text(tr, bubble, letter, BOLD, shade="E7E6E6")
        for row in range(_NUMBERS_PER_COLUMN):
            if start + row > count:
                break
            tr = wml.row(tbl)
            for column in range(_COLUMNS_OF_NUMBERS):
                number = start + column * _NUMBERS_PER_COLUMN + row
                if number <= min(count, start + per_table - 1):
                    _cell_text(tr, number_width, str(number), BOLD)
                    for _letter in letters:
                        _cell_text(tr, bubble, _BUBBLE)
                else:
                    _cell_text(tr, number_width, "")
                    for _letter in letters:
                        _cell_text(tr, bubble, "")
        sheet.add(tbl)
        sheet.paragraph()


def to_pdf(docx_bytes: bytes) -> bytes:
    """The PDF of a document written here, by the sandboxed LibreOffice conversion
    (repository.conversion; ConversionError when none comes out)."""
    from repository import conversion, filetypes

    with tempfile.TemporaryDirectory(prefix="lms-exam-") as work:
        path = os.path.join(work, "exam.docx")
        with open(path, "wb") as out:
            out.write(docx_bytes)
        return conversion.to_pdf(path, filetypes.DOCX)
