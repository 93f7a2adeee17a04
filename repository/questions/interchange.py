"""The neutral form of questions between a file and the bank: what every import format
reads into (and export writes from), before anything is saved. Plain dataclasses, no
database: an import is previewed with its per-question errors first.

Text (stems, options, feedback, passages) is either "plain" (shown as typed, line breaks
kept) or "html" (a small subset: p, br, b/strong, i/em, u, sub, sup, ul/ol/li, table
rows and cells, img), as `Question.text_format` says. Formulas are LaTeX between
"\\(" and "\\)" (inline) or "\\[" and "\\]" / "$$" (display), in either format, and
rendered by the bundled KaTeX. An image is `<img src="media:NAME" alt="…">` in html text,
NAME one of the question's `media` (its bytes travel with it); a reader that meets an
image in plain text turns that text into html. CLOZE blanks stand in the stem as
"[[1]]", "[[2]]"…, which no LaTeX or html writes.
"""

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

PLAIN = "plain"
HTML = "html"
MEDIA_PREFIX = "media:"  # <img src="media:NAME">


def blank(n: int) -> str:
    """The mark of CLOZE blank `n` (from 1) in a stem."""
    return f"[[{n}]]"


BLANK_PATTERN = r"\[\[(\d+)\]\]"  # a regular expression finding the blanks' numbers

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
    fixed: bool = False  # kept in its place when options are shuffled ("Cả A và B đều đúng")

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
class Media:
    """A file a question shows (an image; a MathType equation kept as its preview image),
    named in its html text as `media:NAME`."""

    name: str  # unique within the question, e.g. "image1.png"
    mime: str  # image/png, image/jpeg, image/gif, image/svg+xml…
    data: bytes
    alt: str = ""  # what the image shows, for those who cannot see it


@dataclass
class Passage:
    """The text or figure several questions share ("Đọc đoạn văn sau và trả lời câu 3–5"):
    the questions whose `group` is its key are kept together and in order in exams."""

    key: str
    text: str
    text_format: str = PLAIN
    media: list[Media] = field(default_factory=list)
    title: str = ""


@dataclass
class Question:
    kind: str
    stem: str  # the text the student reads (for CLOZE: with "[[1]]", "[[2]]"… where blanks are)
    number: int  # its place in the file, from 1
    line: int  # the file's line it starts on, from 1
    title: str = ""
    options: list[Option] = field(default_factory=list)  # SINGLE, MULTIPLE, SHORT_TEXT (accepted texts)
    truth: bool | None = None  # TRUE_FALSE
    numeric: list[NumericAnswer] = field(default_factory=list)  # NUMERIC
    pairs: list[tuple[str, str]] = field(default_factory=list)  # MATCHING: (prompt, its match)
    distractors: list[str] = field(default_factory=list)  # MATCHING: answers that match no prompt
    case_sensitive: bool = False  # SHORT_TEXT: "Hà Nội" is not "hà nội"
    blanks: list[list[Option]] = field(default_factory=list)  # CLOZE: each blank's options
    statements: list[Statement] = field(default_factory=list)  # TRUE_FALSE_GROUP, in order (a, b, c, d)
    general_feedback: str = ""
    model_answer: str = ""  # ESSAY: the expected answer (đáp án), for whoever grades it
    rubric: str = ""  # ESSAY: how points are given (hướng dẫn chấm)
    media: list[Media] = field(default_factory=list)  # the files its html text names
    group: str = ""  # the key of the Passage it shares with others, if any
    tags: list[str] = field(default_factory=list)
    source: str = ""  # where it comes from (a book, an exam: "Đề thi thử THPT 2025")
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
    passages: dict[str, Passage] = field(default_factory=dict)  # by key

    @property
    def ok(self) -> bool:
        return not self.problems


# What a question's answer is made of, as stored with it (Question.content in the bank) and
# as the quiz engine (lms.quiz) grades it: JSON, the same keys as the dataclass fields.
CONTENT_FIELDS = ("kind", "stem", "text_format", "options", "truth", "numeric", "pairs", "distractors",
                  "case_sensitive", "blanks", "statements", "general_feedback", "model_answer", "rubric")


def to_content(question: Question) -> dict:
    """The JSON a bank question stores of `question` (no media bytes, no metadata)."""
    return {
        "kind": question.kind,
        "stem": question.stem,
        "text_format": question.text_format if question.text_format == HTML else PLAIN,
        "options": [vars(o).copy() for o in question.options],
        "truth": question.truth,
        "numeric": [vars(n).copy() for n in question.numeric],
        "pairs": [list(p) for p in question.pairs],
        "distractors": list(question.distractors),
        "case_sensitive": question.case_sensitive,
        "blanks": [[vars(o).copy() for o in blank_options] for blank_options in question.blanks],
        "statements": [vars(s).copy() for s in question.statements],
        "general_feedback": question.general_feedback,
        "model_answer": question.model_answer,
        "rubric": question.rubric,
    }


def from_content(content: dict, **metadata) -> Question:
    """A neutral question from stored content; `metadata` sets the other fields (title,
    topic, points, media…). Unknown keys are ignored: older content stays readable."""
    question = Question(kind=content["kind"], stem=content.get("stem", ""), number=metadata.pop("number", 1),
                        line=metadata.pop("line", 0))
    question.text_format = content.get("text_format", PLAIN)
    question.options = [Option(**o) for o in content.get("options", [])]
    question.truth = content.get("truth")
    question.numeric = [NumericAnswer(**n) for n in content.get("numeric", [])]
    question.pairs = [tuple(p) for p in content.get("pairs", [])]
    question.distractors = list(content.get("distractors", []))
    question.case_sensitive = bool(content.get("case_sensitive", False))
    question.blanks = [[Option(**o) for o in b] for b in content.get("blanks", [])]
    question.statements = [Statement(**s) for s in content.get("statements", [])]
    for name in ("general_feedback", "model_answer", "rubric"):
        setattr(question, name, content.get(name, ""))
    for name, value in metadata.items():
        setattr(question, name, value)
    return question
