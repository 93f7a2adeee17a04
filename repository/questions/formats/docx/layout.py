"""Walking the body's paragraphs and tables in order: parts' headings, shared passages,
questions, their stems (tables in them kept), options (or statements), "Đáp án:" lines and
feedback; where the answer key starts."""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from repository.questions import interchange as qi
from repository.questions.formats.docx.answers import _AnswerKey
from repository.questions.formats.docx.drafts import _Draft, _Option, _Passage
from repository.questions.formats.docx.inline import Cell, Inlines, Table
from repository.questions.formats.docx.objects import _Objects
from repository.questions.formats.docx.kinds import AUTO, CHOICE, ESSAY, LETTERS, TABLE, TOO_MANY, TRUE_FALSE_GROUP
from repository.questions.formats.docx.questions import _Questions
from repository.questions.formats.docx.runs import _Line, _Paragraphs, _Styles
from repository.questions.formats.docx.wordml import _BLOCK_CONTAINERS, W_P, W_TBL, W_TC, W_TR, _w
from repository.questions.formats.docx.words import (
    _END, _FEEDBACK, _INLINE_ANSWER, _INLINE_LETTER, _LEVELS, _POINTS, _QUESTION, _fold, _key_heading,
    _option_marker, _pairs, _passage_of, _section_of, _statement_marker,
)


class _Reader(_AnswerKey, _Questions):
    """The body read in order into drafts and the answer key (_AnswerKey), then into questions (_Questions)."""

    def __init__(self, document):
        self.styles = _Styles(document)
        self.inlines = Inlines()
        self.paragraphs = _Paragraphs(self.styles, self.inlines, _Objects(document.part, self.inlines))
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
        self.passage: _Passage | None = None  # the shared passage being read, or whose questions are coming
        self.passages_read: list[_Passage] = []
        self.passage_problems: list[qi.Problem] = []
        self.passage_count = 0

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

    # shared passages

    def start_passage(self, line: _Line, numbers: list[int], end: int) -> None:
        self.close()
        self.end_passage()
        self.passage_count += 1
        text = line.text
        self.passage = _Passage(key=f"p{self.passage_count}", line=line.index, title=" ".join(text.split()),
                                part=self.part, named=numbers)
        rest = text[end:].lstrip()
        if rest.startswith(":") and rest[1:].strip():  # "…câu 3–5: the passage's first words"
            self.passage.title = " ".join(text[:len(text) - len(rest)].split())
            self.passage.take(line.tail(len(text) - len(rest) + 1))

    def passage_question(self, draft: _Draft) -> None:
        """A question starts: the passage's if it names it, else the passage is over."""
        passage = self.passage
        if passage.collecting:
            passage.collecting = False
            if not passage.lines:
                self.passage_problems.append(qi.Problem(0, passage.line, _(
                    "the shared passage “%(title)s” has no text before its first question.")
                    % {"title": passage.title}))
                self.passage = None
                return
        if draft.printed in passage.remaining:
            passage.grouped.append(draft.printed)
            draft.group = passage.key
            if not passage.remaining:
                self.end_passage()
        else:
            self.end_passage()

    def end_passage(self) -> None:
        passage, self.passage = self.passage, None
        if passage is None:
            return
        if passage.remaining:
            self.passage_problems.append(qi.Problem(0, passage.line, _(
                "the shared passage “%(title)s” names questions that do not follow it: %(numbers)s.")
                % {"title": passage.title, "numbers": ", ".join(map(str, passage.remaining))}))
        if passage.grouped:
            self.passages_read.append(passage)

    def line(self, line: _Line) -> None:
        text = line.text
        if self.in_key:
            self.key_line(text)
            return
        folded = _fold(text)
        draft = self.draft
        if not text.strip():
            if draft is not None:
                draft.take(line)
            elif self.passage is not None and self.passage.collecting:
                self.passage.take(line)
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
            self.end_passage()
            self.in_key = True
            return
        section = _section_of(text)
        if section:
            self.close()
            self.end_passage()
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
            if self.passage is not None:
                self.passage_question(draft)
            draft.take(line)
            rest = line.tail(rest_at)
            if rest.text.strip():
                self.body_line(draft, rest)
            return
        passage = _passage_of(text)
        if passage:
            self.start_passage(line, *passage)
            return
        if draft is not None:
            draft.take(line)
            self.body_line(draft, line)
        elif self.passage is not None and self.passage.collecting:
            self.passage.take(line)

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
        read = {}  # each paragraph read once (lxml keeps an element's proxy while it is held)

        def lines_of(paragraph):
            found = read.get(paragraph)
            if found is None:
                found = read[paragraph] = self.paragraphs.lines(paragraph, self.index.get(paragraph, 0))
            return found

        grid = [[self.cell_lines(cell, lines_of) for cell in row.iter(W_TC) if self.own(cell, table)]
                for row in table.iter(W_TR) if self.own(row, table)]
        cells = [[" ".join(line.text for line in lines).strip() for lines in row] for row in grid]
        if self.in_key:
            self.key_table(cells)
            return
        if any(_QUESTION.match(_fold(line.text)) for paragraph in table.iter(W_P)
               for line in lines_of(paragraph)):  # questions laid out in cells
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
            if self.passage is not None and self.passage.collecting:
                for line in self.kept_table(table, self.passage.hold):
                    self.passage.take(line)
            return
        lines = [line for row in grid for lines in row for line in lines if line.text.strip()]
        if (draft.section in (AUTO, CHOICE, TRUE_FALSE_GROUP) and draft.state in ("stem", "options") and lines
                and self.options(draft, lines[0])):
            draft.take(lines[0])
            for line in lines[1:]:
                draft.take(line)
                self.body_line(draft, line)
            return
        if draft.state == "options":
            draft.holds.add(TABLE)
            return
        for line in self.kept_table(table, draft.take):  # a table of the stem (or of the feedback)
            if line.text.strip():
                self.body_line(draft, line)

    def kept_table(self, table, take) -> list[_Line]:
        """The lines a table of a text stands as: one holding it (a placeholder), or its
        text when it is one cell (a frame around text); `take` is given every line read."""
        rows = [row for row in table.iter(W_TR) if self.own(row, table)]
        cells = [[cell for cell in row.iter(W_TC) if self.own(cell, table)] for row in rows]
        if len(cells) == 1 and len(cells[0]) == 1:
            return self.cell_content(cells[0][0], take)
        return [self.table_line(table, take)]

    def cell_content(self, cell, take) -> list[_Line]:
        lines = []
        for child in cell:
            if child.tag == W_P:
                for line in self.paragraphs.lines(child, self.index.get(child, 0)):
                    take(line)
                    lines.append(line)
            elif child.tag == W_TBL:
                lines.append(self.table_line(child, take))
            elif child.tag in _BLOCK_CONTAINERS:
                lines += self.cell_content(child, take)
        return lines

    def table_line(self, table, take) -> _Line:
        """A line holding the table (rows, cells, their spans), its cells' lines given to `take`."""
        kept, started = Table(), {}  # the cells merged down from, by their column
        for row in table.iter(W_TR):
            if not self.own(row, table):
                continue
            cells, column = [], _number(row, "trPr", "gridBefore")
            for cell in row.iter(W_TC):
                if not self.own(cell, table):
                    continue
                span = max(1, _number(cell, "tcPr", "gridSpan"))
                merge = cell.find(f"{_w('tcPr')}/{_w('vMerge')}")
                if merge is not None and merge.get(_w("val"), "continue") != "restart" and column in started:
                    started[column].rowspan += 1
                    self.cell_content(cell, take)
                    column += span
                    continue
                kept_cell = Cell([" ".join(line.text.split()) for line in self.cell_content(cell, take)
                                  if line.text.strip()], colspan=span)
                if merge is not None:
                    started[column] = kept_cell
                else:
                    started.pop(column, None)
                cells.append(kept_cell)
                column += span
            kept.rows.append(cells)
        first = next(table.iter(W_P), None)
        line = _Line(self.index.get(first, 0))
        placeholder = self.inlines.add(kept)
        if placeholder:
            line.place(placeholder, frozenset())
        else:
            line.holds.add(TOO_MANY)
        return line

    @staticmethod
    def own(element, table) -> bool:
        """The element belongs to this table, not to one nested in it."""
        return next(element.iterancestors(W_TBL), None) is table

    @staticmethod
    def cell_lines(cell, lines_of) -> list[_Line]:
        lines = []
        for paragraph in cell.iter(W_P):
            if next(paragraph.iterancestors(W_TC), None) is cell:
                lines += lines_of(paragraph)
        return lines


def _number(element, properties: str, name: str) -> int:
    """A w:val number of the element's properties (gridSpan, gridBefore), 0 when absent or unreadable."""
    found = element.find(f"{_w(properties)}/{_w(name)}")
    try:
        return int(found.get(_w("val"), "0")) if found is not None else 0
    except ValueError:
        return 0
