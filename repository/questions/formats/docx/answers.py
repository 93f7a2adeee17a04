"""The answer key: answer lines and answer tables after "ĐÁP ÁN" (or labelled "Câu" and
"Đáp án"), and the answers the key gives a question."""

from __future__ import annotations

import re

from repository.questions.formats.docx.drafts import _Draft
from repository.questions.formats.docx.kinds import TRUE_FALSE_GROUP
from repository.questions.formats.docx.words import (
    _GROUP_KEY_ALONE, _INLINE_ANSWER, _KEY_NUMBER, _Q_LABELS, _STATEMENT_LABEL, _TRUTH_CELL, _by_letter, _fold,
    _group_answer, _group_pairs, _pairs, _section_of, _words,
)


class _AnswerKey:
    """The _Reader's answer key (self.key, self.key_part, self.key_number)."""

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
            skip = 1 if row and not re.fullmatch(r"\d{1,4}", row[0].strip()) else 0
            numbers = [(j, cell.strip()) for j, cell in enumerate(row) if j >= skip and cell.strip()]
            if numbers and all(re.fullmatch(r"\d{1,4}", cell) for _j, cell in numbers):
                below = rows[i + 1]
                for j, cell in numbers:
                    value = below[j].strip() if j < len(below) else ""
                    if value:
                        found.append((int(cell), value))
                i += 2
                continue
            i += 1
        return found

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
