"""Interchange questions into the bank's Excel template (xlsx.py `template_workbook`): the
other way of xlsx.py, which reads what is written here back to the same questions.

The workbook is the template itself (its header row, column widths, lists to choose from
and the "Hướng dẫn" sheet) with one row a question on its first sheet, each column by
the key xlsx.COLUMNS gives it (so a column added there is written here when the question
has its value):

    Loại câu hỏi       the template's word for the kind
    Phương án A…F      the options of a choice question (six at most); the statements of a
                       true/false group (four at most)
    Đáp án đúng        "B" / "A,C"; "Đúng" / "Sai"; "Đ,S,Đ,S"; accepted texts "a|b"; a number
                       with a decimal comma and its tolerance, "3,14 ±0,005"
    Giữ vị trí, Phân biệt hoa thường, Đáp án mẫu, Hướng dẫn chấm, Giải thích, Chủ đề,
    Mức độ nhận thức, Độ khó, Điểm, Thẻ, Nguồn    as the question has them
    Nhóm, Đoạn văn     the group of a question whose passage `passages` gives, the
                       passage's text on the group's first row

The template holds plain text: an html question is written as its text when its html is
paragraphs and line breaks only (a line each), and refused otherwise (formatting, tables,
images would be lost). Within a line, runs of spaces read back as one. The template has no
matching or cloze questions, no feedback on an option, no weights but its own (a single
answer's right option full marks; several right options sharing the marks, each wrong
one taking as much back), one number a numeric question, one text a question's title or
category: a question needing more is not written but returned as a Problem. A cognitive
level or difficulty the template does not spell is left out, like the title and category.
Every question written is read back with xlsx.read, and one that would not come back the
same is left out the same way.
"""

from __future__ import annotations

import dataclasses
import io
from decimal import Decimal

import lxml.html
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from lms.core import tabular
from lms.core.spreadsheets import append_row
from repository.questions import interchange as qi
from repository.questions.formats import export, xlsx
from repository.questions.formats.export import ExportResult
from repository.questions.formats.refusal import Refused

FORMAT = "Excel"
MAX_CELL = 32767  # characters an Excel cell holds
COMPARED = ("kind", "stem", "text_format", "options", "truth", "numeric", "statements", "case_sensitive",
            "general_feedback", "model_answer", "rubric", "topic", "cognitive_level", "difficulty", "points",
            "tags", "source", "group", "media")
_KINDS = {kind: words[0] for kind, words in xlsx.KIND_WORDS.items()}
_LEVELS = {tabular.folded_header(word): word for word in xlsx.LEVELS}
_DIFFICULTIES = {tabular.folded_header(word): word for word in xlsx.DIFFICULTIES}


@dataclasses.dataclass(eq=False)
class _Entry:
    position: int
    question: qi.Question
    expected: qi.Question
    row: dict  # column key -> value
    passage: str = ""  # the group's passage text, plain


def write(questions: list[qi.Question], passages: dict[str, qi.Passage] | None = None) -> ExportResult:
    """(the .xlsx workbook of the questions it can hold; a Problem for each other)."""
    passages = passages or {}
    entries: list[_Entry] = []
    problems: dict[int, qi.Problem] = {}
    for position, question in enumerate(questions):
        try:
            passage = _passage(passages.get(question.group)) if question.group in passages else None
            expected = _expected(question, passage is not None)
            row = _row(expected)
        except Refused as refusal:
            problems[position] = export.refused(question, str(refusal))
            continue
        entries.append(_Entry(position, question, expected, row, passage or ""))
    failures = _read_back(entries)
    for entry, reason in failures.items():
        problems[entry.position] = export.refused(entry.question, reason)
    entries = [entry for entry in entries if entry not in failures]
    return ExportResult(_workbook(entries), [problems[i] for i in sorted(problems)])


# --- plain text ------------------------------------------------------------------------------------

def _lines(value: str) -> str:
    """A cell's text as xlsx.read gives it back: each line's spaces folded, no empty
    lines at either end."""
    lines = export.text(value).split("\n")
    return "\n".join(" ".join(line.split()) for line in lines).strip("\n")


def plain(value: str, text_format: str) -> str:
    """A text as the template holds it; Refused for html beyond paragraphs and line breaks."""
    if text_format != qi.HTML:
        return _lines(value)
    value = export.text(value)
    if not value:
        return ""
    root = lxml.html.fragment_fromstring(value, create_parent="div")
    other = sorted({child.tag for child in root.iter() if child is not root and child.tag not in ("p", "br")
                    and isinstance(child.tag, str)})
    if other:
        raise Refused(_("the Excel template holds plain text only: the formatting of this question (%(tags)s) "
                        "would be lost.") % {"tags": ", ".join(f"<{tag}>" for tag in other)})
    lines, current = [], []

    def flush():
        lines.append(" ".join("".join(current).split()))
        current.clear()

    def walk(element):
        if element is not root and element.tag == "p":
            flush()
        current.append(element.text or "")
        for child in element:
            if isinstance(child.tag, str):
                walk(child)
                if child.tag == "br":
                    flush()
            current.append(child.tail or "")
        if element is not root and element.tag == "p":
            flush()

    walk(root)
    flush()
    return "\n".join(line for line in lines if line) if any(lines) else ""


def _one_line(value: str) -> str:
    return " ".join(export.text(value).split())


# --- the question as the reader will give it back ------------------------------------------------

def _passage(passage: qi.Passage) -> str:
    return plain(passage.text, passage.text_format)


def _expected(question: qi.Question, has_passage: bool) -> qi.Question:
    """The question as xlsx.read will give it back; Refused with the reason when the
    template cannot hold it."""
    kind, fmt = question.kind, question.text_format
    if kind not in _KINDS:
        raise Refused(_("the Excel template has no questions of the kind “%(kind)s”.")
                      % {"kind": _kind_name(kind)})
    export.refuse_unwritable_characters(question, FORMAT)
    export.refuse_unwritable_numbers(question)
    if fmt == qi.HTML and export.shown_media(question, [question.stem, question.general_feedback,
                                                        question.model_answer, question.rubric,
                                                        *(o.text for o in question.options),
                                                        *(s.text for s in question.statements)]):
        raise Refused(_("the Excel template cannot hold images: the question shows %(names)s.")
                      % {"names": ", ".join(m.name for m in question.media)})

    def p(value: str) -> str:
        return plain(value, fmt)

    level = _LEVELS.get(tabular.folded_header(question.cognitive_level or ""), "")
    difficulty = _DIFFICULTIES.get(tabular.folded_header(question.difficulty or ""), "")
    points = float(question.points) if question.points is not None and question.points > 0 else None
    clean = qi.Question(kind=kind, stem=p(question.stem), number=question.number, line=0, text_format=qi.PLAIN,
                        general_feedback=p(question.general_feedback), topic=_one_line(question.topic),
                        cognitive_level=level, difficulty=difficulty, points=points,
                        tags=list(dict.fromkeys(_one_line(tag) for tag in question.tags if _one_line(tag))),
                        source=_one_line(question.source), group=_one_line(question.group) if has_passage else "")
    if kind in (qi.SINGLE, qi.MULTIPLE):
        options = question.options
        if len(options) > len(xlsx.LETTERS):
            raise Refused(_("the Excel template holds at most %(count)d options (A to %(last)s).")
                          % {"count": len(xlsx.LETTERS), "last": xlsx.LETTERS[-1]})
        if any(export.text(o.feedback) for o in options):
            raise Refused(_("the Excel template has no place for the feedback of an option."))
        clean.options = [qi.Option(p(o.text), _template_fraction(kind, options, o), fixed=bool(o.fixed))
                         for o in options]
        if any(abs(c.fraction - float(o.fraction)) > 1e-9 for c, o in zip(clean.options, options)):
            raise Refused(_("the Excel template gives a right option its share of the marks and takes as much "
                            "back for a wrong one: the weights of this question's options would be lost."))
    elif kind == qi.TRUE_FALSE:
        if question.truth is None:
            raise Refused(_("a true/false question needs its answer, true or false."))
        clean.truth = bool(question.truth)
    elif kind == qi.TRUE_FALSE_GROUP:
        if len(question.statements) > xlsx.MAX_STATEMENTS:
            raise Refused(_("the Excel template holds at most %(count)d statements of a true/false group.")
                          % {"count": xlsx.MAX_STATEMENTS})
        if any(export.text(s.feedback) for s in question.statements):
            raise Refused(_("the Excel template has no place for the feedback of a statement."))
        clean.statements = [qi.Statement(p(s.text), bool(s.truth)) for s in question.statements]
    elif kind == qi.SHORT_TEXT:
        options = question.options
        if any(o.fraction != 1 for o in options):
            raise Refused(_("the Excel template gives every accepted answer full marks: partly right answers "
                            "would be lost."))
        if any(export.text(o.feedback) for o in options):
            raise Refused(_("the Excel template has no place for the feedback of an option."))
        if any("|" in o.text for o in options):
            raise Refused(_("an accepted answer holding “|” would be read as two in the Excel template."))
        clean.options = [qi.Option(_one_line(o.text), 1.0) for o in options]
        clean.case_sensitive = bool(question.case_sensitive)
    elif kind == qi.NUMERIC:
        if len(question.numeric) != 1 or question.numeric[0].fraction != 1:
            raise Refused(_("the Excel template holds one number with full marks for a numeric question."))
        answer = question.numeric[0]
        if export.text(answer.feedback):
            raise Refused(_("the Excel template has no place for the feedback of a number."))
        clean.numeric = [qi.NumericAnswer(float(answer.value), float(answer.tolerance), 1.0)]
    elif kind == qi.ESSAY:
        clean.model_answer, clean.rubric = p(question.model_answer), p(question.rubric)
    return clean


def _kind_name(kind: str) -> str:
    return {qi.MATCHING: _("matching"), qi.CLOZE: _("cloze (fill in the blanks)")}.get(kind, kind)


def _template_fraction(kind: str, options: list[qi.Option], option: qi.Option) -> float:
    """The weight xlsx.read gives an option of the template: one right (1) or several
    sharing the marks, each wrong one taking as much back."""
    right = sum(1 for o in options if o.fraction > 0)
    wrong = len(options) - right
    if kind == qi.SINGLE:
        return 1.0 if option.fraction > 0 else 0.0
    return 1 / right if option.fraction > 0 else -1 / wrong


# --- writing ---------------------------------------------------------------------------------------

def _decimal(value: float) -> str:
    """A number as the template writes it: a decimal comma, no exponent."""
    written = format(Decimal(repr(float(value))), "f")
    if "." in written:
        written = written.rstrip("0").rstrip(".")
    return written.replace(".", ",")


def _row(question: qi.Question) -> dict:
    kind = question.kind
    row = {"kind": _KINDS[kind], "stem": question.stem, "topic": question.topic, "level": question.cognitive_level,
           "difficulty": question.difficulty, "feedback": question.general_feedback,
           "tags": ", ".join(question.tags), "source": question.source, "group": question.group}
    if question.points is not None:
        points = float(question.points)
        row["points"] = points if "e" not in repr(points) else _decimal(points)
    letters = xlsx.LETTERS
    if kind in (qi.SINGLE, qi.MULTIPLE):
        for letter, option in zip(letters, question.options):
            row[f"option_{letter}"] = option.text
        row["answer"] = ",".join(letter for letter, o in zip(letters, question.options) if o.fraction > 0)
        row["fixed"] = ",".join(letter for letter, o in zip(letters, question.options) if o.fixed)
    elif kind == qi.TRUE_FALSE:
        row["answer"] = "Đúng" if question.truth else "Sai"
    elif kind == qi.TRUE_FALSE_GROUP:
        for letter, statement in zip(letters, question.statements):
            row[f"option_{letter}"] = statement.text
        row["answer"] = ",".join("Đ" if s.truth else "S" for s in question.statements)
    elif kind == qi.SHORT_TEXT:
        row["answer"] = "|".join(o.text for o in question.options)
        row["case_sensitive"] = "Có" if question.case_sensitive else ""
    elif kind == qi.NUMERIC:
        answer = question.numeric[0]
        row["answer"] = _decimal(answer.value) + (f" ±{_decimal(answer.tolerance)}" if answer.tolerance else "")
    elif kind == qi.ESSAY:
        row["model_answer"], row["rubric"] = question.model_answer, question.rubric
    for key, value in row.items():
        if isinstance(value, str) and len(value) > MAX_CELL:
            raise Refused(_("a text is longer than an Excel cell holds (%(count)s characters).")
                          % {"count": f"{MAX_CELL:,}".replace(",", ".")})
    return row


def _workbook(entries: list[_Entry]) -> bytes:
    """The template with a row a question; a group's passage on its first row."""
    wb = load_workbook(io.BytesIO(xlsx.template_workbook()))
    ws = wb.worksheets[0]
    keys = [key for key, *_names in xlsx.COLUMNS]
    given = set()
    for entry in entries:
        row = dict(entry.row)
        group = row.get("group")
        if group and group not in given:
            given.add(group)
            row["passage"] = entry.passage
        append_row(ws, [row.get(key) if row.get(key) not in ("", None) else None for key in keys])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


# --- reading it back -------------------------------------------------------------------------------

def _read_back(entries: list[_Entry]) -> dict[_Entry, str]:
    if not entries:
        return {}

    def compare(entry: _Entry, back: qi.Question, result: qi.ParseResult) -> str | None:
        field = export.differing(entry.expected, back, COMPARED)
        if field is None and back.group:
            passage = result.passages.get(back.group)
            if passage is None or passage.text != _group_passage(entries, back.group):
                field = "group"
        return field

    return export.read_back_failures(xlsx.read(_workbook(entries)), entries, FORMAT, compare)


def _group_passage(entries: list[_Entry], group: str) -> str:
    return next((entry.passage for entry in entries if entry.expected.group == group), "")
