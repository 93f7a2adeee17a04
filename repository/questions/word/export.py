"""Questions into a Word document in the common Vietnamese layout, the one the Word reader
(repository/questions/formats/docx/) reads back:

    PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn
    Câu 1: Kết quả của phép tính 2 + 3 là          ("Câu 1 (0,5 điểm):" with points,
    A. 4      B. 5      C. 6      D. 7              "Câu 1 (NB):" with a level)
    Lời giải: …                                     (general feedback)
    PHẦN II. Câu trắc nghiệm đúng sai
    Câu 2: … a) … b) … c) … d) …   Đáp án: ĐSĐS
    PHẦN III. Câu trắc nghiệm trả lời ngắn
    Câu 3: …   Đáp án: 3,14
    PHẦN IV. TỰ LUẬN
    Câu 4: …
    HƯỚNG DẪN CHẤM   essays' model answers and rubrics, other accepted answers, tolerances

Questions are grouped by part in their order (I: single and multiple choice, true/false as
"A. Đúng B. Sai", matching as two columns; II: true/false groups; III: short answers,
numbers, cloze; IV: essays), numbered on from 1 across the parts; the questions of a
shared passage are kept together, the passage printed before the first of them as "Đọc
đoạn văn sau và trả lời câu 3–5:". Options stand four, two or one to a line by their
length.

The answers (`answers`): LINES (the default) underlines the correct option, letter and
text, and writes "Đáp án: …" under the others; TABLE marks nothing in the questions and
gives a "BẢNG ĐÁP ÁN" at the end, a table per part ("Câu" over the numbers, "Đáp án"
over the answers, ten to a row).

Formulas are native Word equations and images drawings (richtext.py), in stems, options,
statements, feedback and passages.

What the reader reads back: single choice, true/false groups, short answers (a number as
NUMERIC), essays' stems, points, levels NB/TH/VD/VDC, general feedback, images (with
their description), formulas (as LaTeX: the same formula, written its own way, e.g.
"x^{2}" for "x^2") and passages with their questions (the line naming the questions
taken for the title, the title for the text's first line). What it does not (written all
the same for people to read): several correct options, true/false questions (read as a
choice of "Đúng"/"Sai"), matching, cloze, other accepted answers and tolerances, essays'
model answers and rubrics; titles, tags, topics and sources are not written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from django.utils import translation

from repository.questions import interchange as qi
from repository.questions.word import wml
from repository.questions.word.layout import (
    BOLD, ESSAY, LETTERS, ROMAN, SECTION_OF, SECTIONS, Sheet, decimal, matching_columns, matching_key, p_,
    passage_intro, question_label, section_heading,
)
from repository.questions.word.wml import Style

__all__ = ["LINES", "TABLE", "write", "key_text", "matching_columns", "matching_key", "blanks_shown"]

LINES, TABLE = "lines", "table"
_LEVELS = {"nhận biết": "NB", "thông hiểu": "TH", "vận dụng": "VD", "vận dụng cao": "VDC"}
_KEY_COLUMNS = 10


def write(questions: list[qi.Question], passages: Mapping[str, qi.Passage] | Iterable[qi.Passage] = (),
          *, answers: str = LINES, title: str = "") -> bytes:
    """The .docx of `questions` (see the module's docstring); `passages` by key or a list."""
    if isinstance(passages, Mapping):
        by_key = dict(passages)
    else:
        by_key = {passage.key: passage for passage in passages}
    with translation.override("vi"):
        return _Export(list(questions), by_key, answers == TABLE, title).write()


def blanks_shown(stem: str) -> str:
    """A cloze stem with its blanks as a reader fills them: "……(1)……"."""
    return re.sub(qi.BLANK_PATTERN, lambda m: f"……({m.group(1)})……", stem)


def key_text(question: qi.Question) -> str:
    """The answer as an answer table prints it: "B", "AC", "ĐSĐS", "3,14"; "" for an essay."""
    kind = question.kind
    if kind in (qi.SINGLE, qi.MULTIPLE):
        return "".join(LETTERS[i] for i, option in enumerate(question.options) if option.correct)
    if kind == qi.TRUE_FALSE:
        return "A" if question.truth else "B"
    if kind == qi.TRUE_FALSE_GROUP:
        return "".join(p_("T") if statement.truth else p_("F") for statement in question.statements)
    if kind == qi.SHORT_TEXT:
        accepted = _accepted(question.options)
        return accepted[0].text if accepted else ""
    if kind == qi.NUMERIC:
        best = _best_numeric(question.numeric)
        return decimal(best.value) if best is not None else ""
    if kind == qi.MATCHING:
        return matching_key(question)
    if kind == qi.CLOZE:
        return "; ".join(f"({n}) {accepted[0].text}" for n, blank in enumerate(question.blanks, start=1)
                         if (accepted := _accepted(blank)))
    return ""


def _accepted(options: list[qi.Option]) -> list[qi.Option]:
    return sorted((o for o in options if o.fraction > 0), key=lambda o: -o.fraction)


def _best_numeric(answers: list[qi.NumericAnswer]) -> qi.NumericAnswer | None:
    return max(answers, key=lambda a: a.fraction, default=None)


def level_label(level: str) -> str:
    return _LEVELS.get(" ".join(level.split()).casefold(), "")


class _Export:
    def __init__(self, questions: list[qi.Question], passages: dict[str, qi.Passage], table: bool, title: str):
        self.questions = questions
        self.passages = passages
        self.table = table
        self.title = title
        self.sheet = Sheet()

    def parts(self) -> list[tuple[str, list[qi.Question]]]:
        """The parts present, each with its questions in order, a passage's kept together."""
        parts = []
        for section in SECTIONS:
            members = [q for q in self.questions if SECTION_OF.get(q.kind, ESSAY) == section]
            ordered, seen = [], set()
            for question in members:
                if question.group:
                    if question.group in seen:
                        continue
                    seen.add(question.group)
                    ordered += [q for q in members if q.group == question.group]
                else:
                    ordered.append(question)
            if ordered:
                parts.append((section, ordered))
        return parts

    def write(self) -> bytes:
        sheet = self.sheet
        if self.title:
            sheet.line(self.title, BOLD, align="center", space_after=120)
        parts = self.parts()
        numbers: dict[int, int] = {}
        for _section, questions in parts:
            for question in questions:
                numbers[id(question)] = len(numbers) + 1
        group_numbers: dict[str, list[int]] = {}
        for _section, questions in parts:
            for question in questions:
                if question.group:
                    group_numbers.setdefault(question.group, []).append(numbers[id(question)])
        printed: set[str] = set()
        keys: list[tuple[str, list[tuple[int, qi.Question]]]] = []
        for place, (section, questions) in enumerate(parts):
            numeral = ROMAN[place] if place < len(ROMAN) else str(place + 1)
            sheet.line(section_heading(section, numeral), BOLD, keep_next=True, space_before=120)
            for question in questions:
                if question.group and question.group not in printed and question.group in self.passages:
                    printed.add(question.group)
                    self.passage(self.passages[question.group], group_numbers[question.group])
                self.question(numbers[id(question)], question, section)
            keys.append((numeral, [(numbers[id(q)], q) for q in questions if section != ESSAY]))
        if self.table:
            self.answer_table(keys)
        self.guide([(numbers[id(q)], q) for _s, questions in parts for q in questions])
        return sheet.save()

    def passage(self, passage: qi.Passage, numbers: list[int]) -> None:
        sheet = self.sheet
        sheet.line(passage_intro(numbers), Style(bold=True, italic=True), keep_next=True)
        if passage.title:
            sheet.line(passage.title, BOLD, align="center", keep_next=True)
        sheet.text(sheet.paragraph(), passage.text, passage.text_format, passage.media)

    def question(self, number: int, question: qi.Question, section: str) -> None:
        sheet, kind = self.sheet, question.kind
        fmt, media = question.text_format, question.media
        level = level_label(question.cognitive_level) if question.points is None else ""
        stem = blanks_shown(question.stem) if kind == qi.CLOZE else question.stem
        sheet.labelled(question_label(number, question.points, level), stem, fmt, media, keep_next=True)
        marks = not self.table
        if kind in (qi.SINGLE, qi.MULTIPLE):
            marked = {i for i, option in enumerate(question.options) if option.correct} if marks else set()
            sheet.options([o.text for o in question.options], fmt, media, marked=marked)
            if marks and kind == qi.MULTIPLE:
                self.answer_line(", ".join(LETTERS[i] for i in sorted(marked)))
        elif kind == qi.TRUE_FALSE:
            marked = ({0 if question.truth else 1} if marks and question.truth is not None else set())
            sheet.options([p_("True"), p_("False")], qi.PLAIN, (), marked=marked)
        elif kind == qi.TRUE_FALSE_GROUP:
            sheet.options([s.text for s in question.statements], fmt, media, lower=True, suffix=")", per_line=1)
            if marks:
                self.answer_line(key_text(question))
        elif kind == qi.MATCHING:
            sheet.matching(question)
            if marks:
                self.answer_line(matching_key(question))
        elif kind == qi.CLOZE:
            for n, blank in enumerate(question.blanks, start=1):
                if any(option.fraction <= 0 for option in blank):  # a choice in the blank
                    p = sheet.paragraph(wml.run(f"({n}) "))
                    for i, option in enumerate(blank):
                        p.append(wml.run(("\t" if i else "") + f"{LETTERS[i]}. ", BOLD))
                        sheet.text(p, option.text, fmt, media)
            if marks:
                self.answer_line(key_text(question))
        elif kind in (qi.SHORT_TEXT, qi.NUMERIC) and marks:
            self.answer_line(key_text(question), fmt if kind == qi.SHORT_TEXT else qi.PLAIN, media)
        if question.general_feedback and section != ESSAY:
            sheet.labelled(p_("Solution: "), question.general_feedback, fmt, media)

    def answer_line(self, text: str, fmt: str = qi.PLAIN, media=()) -> None:
        self.sheet.labelled(p_("Answer: "), text, fmt, media)

    def answer_table(self, keys: list[tuple[str, list[tuple[int, qi.Question]]]]) -> None:
        sheet = self.sheet
        sheet.line(p_("ANSWER KEY"), BOLD, align="center", keep_next=True, space_before=240)
        for numeral, numbered in keys:
            if not numbered:
                continue
            sheet.line(p_("PART %(numeral)s") % {"numeral": numeral}, BOLD, keep_next=True)
            label_width = 1300
            width = (sheet.width_twips - label_width) // _KEY_COLUMNS
            tbl = wml.table([label_width] + [width] * _KEY_COLUMNS)
            for start in range(0, len(numbered), _KEY_COLUMNS):
                chunk = numbered[start:start + _KEY_COLUMNS]
                for label, values in ((p_("Question"), [(str(n), None) for n, _q in chunk]),
                                      (p_("Answer"), [(key_text(q), q) for _n, q in chunk])):
                    tr = wml.row(tbl)
                    tc = wml.cell(tr, label_width)
                    wml.paragraph(wml.run(label, BOLD), parent=tc)
                    for value, question in values + [("", None)] * (_KEY_COLUMNS - len(values)):
                        tc = wml.cell(tr, width)
                        p = wml.paragraph(align="center", parent=tc)
                        if question is not None and question.kind == qi.SHORT_TEXT:
                            sheet.writer.into_paragraph(p, sheet.writer.fragment(
                                value, question.text_format, question.media, width_emu=(width - 200) * wml.EMU_PER_TWIP))
                        elif value:
                            p.append(wml.run(value, BOLD if question is None else Style()))
            sheet.add(tbl)
            sheet.paragraph()

    def guide(self, numbered: list[tuple[int, qi.Question]]) -> None:
        """Essays' model answers and rubrics, other accepted answers and tolerances."""
        sheet = self.sheet
        heading = False
        for number, question in numbered:
            lines = self.guide_lines(question)
            if not lines:
                continue
            if not heading:
                sheet.line(p_("GRADING GUIDE"), BOLD, align="center", keep_next=True, space_before=240)
                heading = True
            sheet.line(p_("Question %(number)s") % {"number": number} + ":", BOLD, keep_next=True)
            for label, text, fmt in lines:
                sheet.labelled(label, text, fmt, question.media, label_style=Style(italic=True))

    @staticmethod
    def guide_lines(question: qi.Question) -> list[tuple[str, str, str]]:
        fmt, kind = question.text_format, question.kind
        lines = []
        if kind == qi.ESSAY:
            if question.model_answer:
                lines.append((p_("Model answer: "), question.model_answer, fmt))
            if question.rubric:
                lines.append((p_("Marking: "), question.rubric, fmt))
            if question.general_feedback:
                lines.append((p_("Solution: "), question.general_feedback, fmt))
        elif kind == qi.SHORT_TEXT:
            others = _accepted(question.options)[1:]
            if others:
                lines.append((p_("Also accepted: "), "; ".join(_credited(o.text, o.fraction) for o in others), fmt))
            if question.case_sensitive:
                lines.append((p_("Note: "), p_("letter case counts."), qi.PLAIN))
        elif kind == qi.NUMERIC:
            best = _best_numeric(question.numeric)
            if best is not None and best.tolerance:
                lines.append((p_("Accepted error: "), "±" + decimal(best.tolerance), qi.PLAIN))
            others = [a for a in question.numeric if a is not best and a.fraction > 0]
            if others:
                lines.append((p_("Also accepted: "), "; ".join(
                    _credited(decimal(a.value) + (f" ± {decimal(a.tolerance)}" if a.tolerance else ""), a.fraction)
                    for a in others), qi.PLAIN))
        elif kind == qi.MULTIPLE:
            if any(0 < o.fraction < 1 for o in question.options):
                lines.append((p_("Points for each option: "), "; ".join(
                    f"{LETTERS[i]} {decimal(round(o.fraction * 100, 2))}%" for i, o in enumerate(question.options)
                    if i < len(LETTERS)), qi.PLAIN))
        elif kind == qi.CLOZE:
            for n, blank in enumerate(question.blanks, start=1):
                others = _accepted(blank)[1:]
                if others:
                    lines.append((p_("Also accepted in (%(number)s): ") % {"number": n},
                                  "; ".join(_credited(o.text, o.fraction) for o in others), fmt))
        return lines


def _credited(text: str, fraction: float) -> str:
    return text if fraction >= 1 else f"{text} ({decimal(round(fraction * 100, 2))}%)"
