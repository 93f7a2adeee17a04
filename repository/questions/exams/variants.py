"""A variant (mã đề) of an exam as it is printed and keyed: what the exam builder makes and
the Word writer (repository/questions/word/) prints."""

from __future__ import annotations

from dataclasses import dataclass, field

from repository.questions import interchange


@dataclass
class VariantItem:
    number: int  # printed number, from 1
    question: interchange.Question  # options (and statements) already in this variant's order
    points: float
    passage: interchange.Passage | None = None  # printed before the first of its questions
    key: str = ""  # the answer as the key table prints it: "B", "AC", "ĐSĐS", "3,14"; "" for an essay
    ref: object = None  # what the question is in the bank (its id and version), for whoever needs it


@dataclass
class Variant:
    code: str  # "101", "102"…
    items: list[VariantItem] = field(default_factory=list)
