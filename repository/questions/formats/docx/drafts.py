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
