"""The neutral form of questions between a file and the bank: what every import format
reads into (and export writes from), before anything is saved. Plain dataclasses, no
database: an import is previewed with its per-question errors first."""

from __future__ import annotations

from dataclasses import dataclass, field

# The question types of the bank (issue 16), by code.
SINGLE = "single"  # one correct option
MULTIPLE = "multiple"  # several correct options (partial credit)
TRUE_FALSE = "true_false"  # one statement, true or false
SHORT_TEXT = "short_text"  # typed text, accepted variants
NUMERIC = "numeric"  # a number, with tolerance
MATCHING = "matching"  # pairs
CLOZE = "cloze"  # blanks inside the text
ESSAY = "essay"  # graded by hand
TRUE_FALSE_GROUP = "true_false_group"  # a stem and its statements (usually four, a–d), each true or false
KINDS = (SINGLE, MULTIPLE, TRUE_FALSE, SHORT_TEXT, NUMERIC, MATCHING, CLOZE, ESSAY, TRUE_FALSE_GROUP)

# How the bank will score a TRUE_FALSE_GROUP (the 2025 exam's PHẦN II, "câu trắc nghiệm
# đúng sai"): the share of the question's points by how many of its four statements the
# student judged right — 1 right: 0.1, 2: 0.25, 3: 0.5, all 4: the whole. Data only: the
# scoring is the bank's, later.
TRUE_FALSE_GROUP_SHARES = {0: 0.0, 1: 0.1, 2: 0.25, 3: 0.5, 4: 1.0}


@dataclass
class Option:
    text: str
    fraction: float  # share of the points this option gives: 1 right, 0 wrong, -1…1 partial
    feedback: str = ""

    @property
    def correct(self) -> bool:
        return self.fraction > 0


@dataclass
class Statement:
    """One statement of a TRUE_FALSE_GROUP ("a) …"), true or false."""

    text: str
    truth: bool
    feedback: str = ""


@dataclass
class NumericAnswer:
    value: float
    tolerance: float = 0.0
    fraction: float = 1.0
    feedback: str = ""


@dataclass
class Question:
    kind: str
    stem: str  # the text the student reads (for CLOZE: with "{1}", "{2}"… where blanks are)
    number: int  # its place in the file, from 1
    line: int  # the file's line it starts on, from 1
    title: str = ""
    options: list[Option] = field(default_factory=list)  # SINGLE, MULTIPLE, SHORT_TEXT (accepted texts)
    truth: bool | None = None  # TRUE_FALSE
    numeric: list[NumericAnswer] = field(default_factory=list)  # NUMERIC
    pairs: list[tuple[str, str]] = field(default_factory=list)  # MATCHING: (prompt, its match)
    blanks: list[list[Option]] = field(default_factory=list)  # CLOZE: each blank's options
    statements: list[Statement] = field(default_factory=list)  # TRUE_FALSE_GROUP, in order (a, b, c, d)
    general_feedback: str = ""
    category: str = ""  # the file's own grouping (GIFT $CATEGORY, Moodle categories)
    topic: str = ""  # the lesson or topic (chủ đề/bài), where the file says it
    cognitive_level: str = ""  # as the file names it (Nhận biết… or Biết…): the bank maps it to its level set
    difficulty: str = ""  # Dễ, Trung bình, Khó
    points: float | None = None  # None: the bank's default
    text_format: str = "plain"  # plain, html, markdown, moodle (as the file marked it)
    converted_from: str = ""  # the legacy encoding its text was typed in (TCVN3, VNI), if any


@dataclass
class Problem:
    """Why a question of the file cannot be taken, in the teacher's language."""

    number: int
    line: int
    message: str


@dataclass
class ParseResult:
    questions: list[Question] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)  # types the bank does not have

    @property
    def ok(self) -> bool:
        return not self.problems
