"""A question as it is read, before it is checked: its stem, options (or statements),
answers, feedback and what it holds."""

from __future__ import annotations

from dataclasses import dataclass, field

from repository.questions.formats.docx.runs import _Line


@dataclass
class _Option:
    letter: str
    letter_marks: frozenset
    chars: list[str] = field(default_factory=list)
    marks: list[frozenset] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(" ".join(line.split()) for line in "".join(self.chars).split("\n")).strip()

    # (how many characters it had, the marks all of them carry) when last worked out
    _whole: tuple[int, frozenset] = field(default=(-1, frozenset()), repr=False, compare=False)

    def text_marked(self, mark: str) -> bool:
        """The whole text (its letters and digits, else whatever is not a space) carries the mark."""
        if self._whole[0] != len(self.chars):
            self._whole = (len(self.chars), _common_marks(self.chars, self.marks))
        return mark in self._whole[1]


def _common_marks(chars: list[str], marks: list[frozenset]) -> frozenset:
    """The marks every letter or digit carries (every character but spaces where there is
    none); nothing for an empty text. Neighbouring characters mostly share one set."""
    for wanted in (str.isalnum, lambda ch: not ch.isspace()):
        common, last = None, None
        for ch, these in zip(chars, marks):
            if these is last or not wanted(ch):
                continue
            last = these
            common = these if common is None else common & these
        if common is not None:
            return common
    return frozenset()


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
    group: str = ""  # the key of the passage it shares

    def take(self, line: _Line) -> None:
        self.holds |= line.holds
        self.legacy += line.legacy



@dataclass
class _Passage:
    """A shared passage ("Đọc đoạn văn sau và trả lời các câu từ 3 đến 5"): its text up to
    its first question, and the questions it names that are still to come."""

    key: str
    line: int
    title: str
    part: int | None
    named: list[int]
    lines: list[str] = field(default_factory=list)
    holds: set[str] = field(default_factory=set)
    collecting: bool = True  # its text goes on until its first question
    grouped: list[int] = field(default_factory=list)  # the printed numbers of its questions found

    @property
    def remaining(self) -> list[int]:
        return [number for number in self.named if number not in self.grouped]

    def hold(self, line: _Line) -> None:
        """What a line read for the passage holds (a table's cell: its text is in the table)."""
        self.holds |= line.holds

    def take(self, line: _Line) -> None:
        self.hold(line)
        text = " ".join(line.text.split())
        if text:
            self.lines.append(text)
