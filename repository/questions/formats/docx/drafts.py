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

    def take(self, line: _Line) -> None:
        self.holds |= line.holds
        self.legacy += line.legacy

