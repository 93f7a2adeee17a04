"""Walking the body's paragraphs and tables in order: parts' headings, questions, their
stems, options (or statements), "Đáp án:" lines and feedback; where the answer key starts."""

from __future__ import annotations

import re

from repository.questions.formats.docx.answers import _AnswerKey
from repository.questions.formats.docx.drafts import _Draft, _Option
from repository.questions.formats.docx.kinds import AUTO, CHOICE, ESSAY, LETTERS, TABLE, TRUE_FALSE_GROUP
from repository.questions.formats.docx.questions import _Questions
from repository.questions.formats.docx.runs import _Line, _Paragraphs, _Styles
from repository.questions.formats.docx.wordml import _BLOCK_CONTAINERS, W_P, W_TBL, W_TC, W_TR, _w
from repository.questions.formats.docx.words import (
    _END, _FEEDBACK, _INLINE_ANSWER, _INLINE_LETTER, _LEVELS, _POINTS, _QUESTION, _fold, _key_heading,
    _option_marker, _pairs, _section_of, _statement_marker,
)


class _Reader(_AnswerKey, _Questions):
    """The body read in order into drafts and the answer key (_AnswerKey), then into questions (_Questions)."""

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
