"""Grading one question's response: pure functions, no database.

A question is the JSON content a question bank stores (a plain dict; lms.quiz never
imports the bank). The keys read here, per kind ("kind"):

- every kind: "kind", "text_format" ("plain" or "html": accepted texts written in html
  are compared by their text, tags left out), "general_feedback";
- "single", "multiple": "options", a list of {"text", "fraction", "feedback"}: an option's
  share of the points (1 right, 0 wrong, -1…1 partial; "fixed" is read by the pages);
- "true_false": "truth" (true or false);
- "true_false_group": "statements", a list of {"text", "truth", "feedback"};
- "short_text": "options" (the accepted texts, each with its fraction and feedback) and
  "case_sensitive";
- "numeric": "numeric", a list of {"value", "tolerance", "fraction", "feedback"};
- "matching": "pairs", a list of [prompt, match] ("distractors" are read by the pages);
- "cloze": "stem" with "[[1]]", "[[2]]"… and "blanks", one list of options per blank: a
  blank whose options are all right (fraction > 0) is typed (its options are the accepted
  texts), one with a wrong option is a choice among its options' texts; "case_sensitive";
- "essay": nothing: graded by hand ("model_answer" and "rubric" are for the grader).

A response is the JSON the quiz page's form gives (responses.py reads it):

- single: the option's index (from 0); multiple: a list of indexes;
- true_false: true or false; true_false_group: a list of true, false or null, per statement;
- short_text, numeric, essay: the text typed (numeric: "3,14" or "3.14", "1/2", "-2");
- matching: a list, per prompt, of the match chosen (its text) or null;
- cloze: a list, per blank, of the text typed or chosen, or null.

A response of the wrong shape (what a form cannot send) is graded as no answer; grade()
never raises on a response. Content of a kind it does not know is left to a teacher
(needs_hand).
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass, field
from fractions import Fraction

SINGLE = "single"
MULTIPLE = "multiple"
TRUE_FALSE = "true_false"
TRUE_FALSE_GROUP = "true_false_group"
SHORT_TEXT = "short_text"
NUMERIC = "numeric"
MATCHING = "matching"
CLOZE = "cloze"
ESSAY = "essay"
KINDS = (SINGLE, MULTIPLE, TRUE_FALSE, TRUE_FALSE_GROUP, SHORT_TEXT, NUMERIC, MATCHING, CLOZE, ESSAY)
OBJECTIVE = tuple(kind for kind in KINDS if kind != ESSAY)

# The 2025 exam's true/false question (PHẦN II): its share of the points by how many of its
# four statements were judged right. With another number of statements: the share right.
FOUR_STATEMENT_SHARES = {0: 0.0, 1: 0.1, 2: 0.25, 3: 0.5, 4: 1.0}

BLANK = re.compile(r"\[\[(\d+)\]\]")
_TAG = re.compile(r"<[^>]*>")
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(e[+-]?\d+)?$")


@dataclass(frozen=True)
class Mark:
    """One part of a response as graded: an option (single, multiple), a statement, a
    prompt (matching) or a blank (cloze), `part` from 0.

    `given`: what the student gave for it (options: chosen or not; statements: true,
    false or None; prompts and blanks: the text, or None); `expected`: the right one
    (options: whether it is a right option; statements: the truth; prompts: the match;
    blanks: the first best accepted text); `right`: whether the part earned its share
    (an option not chosen is right when it is a wrong option)."""

    part: int
    given: object
    expected: object
    right: bool
    feedback: str = ""


@dataclass(frozen=True)
class Graded:
    fraction: float  # of the question's points, 0…1 (0 while it waits for a teacher)
    needs_hand: bool = False  # an essay (or content this module cannot grade): a teacher decides
    answered: bool = False  # the student gave something
    marks: tuple[Mark, ...] = ()
    feedback: tuple[str, ...] = field(default=())  # the matched answer's feedback, then the general one

    @property
    def right(self) -> bool:
        return not self.needs_hand and self.fraction >= 1 - 1e-9

    @property
    def wrong(self) -> bool:
        return not self.needs_hand and self.fraction <= 1e-9


# --- texts and numbers --------------------------------------------------------------------


def plain(text, text_format: str = "plain") -> str:
    """The text of an answer as compared: html tags left out and entities read (when the
    question is html), NFC, runs of white space as one space, trimmed."""
    text = "" if text is None else str(text)
    if text_format == "html":
        text = html.unescape(_TAG.sub(" ", text))
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def same_text(typed, accepted, case_sensitive: bool = False, text_format: str = "plain") -> bool:
    a, b = plain(typed), plain(accepted, text_format)
    if not case_sensitive:
        a, b = a.casefold(), b.casefold()
    return a == b


def parse_number(text) -> float | None:
    """A number as a Vietnamese student types it: "3,14" (decimal comma) or "3.14",
    "1.234,5" or "1,234.5" (the last mark is the decimal one), "1 234" (spaces), "−2"
    (the minus sign), "1/2", "2,5e3". None when it is no number."""
    if isinstance(text, bool):
        return None
    if isinstance(text, (int, float)):
        return float(text) if math.isfinite(text) else None
    if not isinstance(text, str):
        return None
    value = unicodedata.normalize("NFKC", text).replace("\u2212", "-").replace("\u2013", "-")
    value = _SPACES.sub("", value).lower()
    if not value:
        return None
    if "/" in value:
        top, _, bottom = value.partition("/")
        numerator, denominator = parse_number(top), parse_number(bottom)
        if numerator is None or not denominator:
            return None
        return float(Fraction(numerator) / Fraction(denominator))
    if "," in value and "." in value:  # 1.234,5 or 1,234.5: the last mark is the decimal one
        decimal = "," if value.rfind(",") > value.rfind(".") else "."
        integer, _, rest = value.rpartition(decimal)
        integer = _ungrouped(integer, "." if decimal == "," else ",")
        value = None if integer is None else f"{integer}.{rest}"
    elif value.count(",") == 1:
        value = value.replace(",", ".")
    elif value.count(",") > 1 or value.count(".") > 1:  # 1,234,567 or 1.234.567
        value = _ungrouped(value, "," if "," in value else ".")
    if value is None or not _NUMBER.match(value):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _ungrouped(integer: str, separator: str) -> str | None:
    """"1.234.567" without its thousands separator; None unless the groups are of three."""
    if separator not in integer:
        return integer
    if re.fullmatch(rf"[+-]?\d{{1,3}}(\{separator}\d{{3}})+", integer):
        return integer.replace(separator, "")
    return None


def _index(value, count: int) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    return value if isinstance(value, int) and 0 <= value < count else None


def _truth(value) -> bool | None:
    if isinstance(value, bool):
        return value
    if value in ("true", "1", 1):
        return True
    if value in ("false", "0", 0):
        return False
    return None


def _listed(response, count: int) -> list:
    """A per-part response as a list of `count` values (missing parts None)."""
    values = list(response) if isinstance(response, (list, tuple)) else []
    return (values + [None] * count)[:count]


def _clamp(value: float) -> float:
    return min(1.0, max(0.0, round(value, 6)))


def _fraction(option: dict) -> float:
    try:
        return float(option.get("fraction", 0) or 0)
    except (TypeError, ValueError):
        return 0.0


def _with_general(content: dict, *feedback: str) -> tuple[str, ...]:
    return tuple(f for f in (*feedback, content.get("general_feedback") or "") if f)


# --- by kind --------------------------------------------------------------------------------


def _single(content, response) -> Graded:
    options = content.get("options") or []
    chosen = _index(response, len(options))
    marks = tuple(
        Mark(i, i == chosen, _fraction(o) > 0, (i == chosen) == (_fraction(o) > 0),
             o.get("feedback", "") if i == chosen else "")
        for i, o in enumerate(options)
    )
    fraction = _clamp(_fraction(options[chosen])) if chosen is not None else 0.0
    return Graded(fraction, answered=chosen is not None, marks=marks, feedback=_with_general(content))


def _multiple(content, response) -> Graded:
    options = content.get("options") or []
    values = response if isinstance(response, (list, tuple)) else ([response] if response is not None else [])
    chosen = {i for i in (_index(v, len(options)) for v in values) if i is not None}
    marks = tuple(
        Mark(i, i in chosen, _fraction(o) > 0, (i in chosen) == (_fraction(o) > 0),
             o.get("feedback", "") if i in chosen else "")
        for i, o in enumerate(options)
    )
    fraction = _clamp(sum(_fraction(options[i]) for i in chosen))
    return Graded(fraction, answered=bool(chosen), marks=marks, feedback=_with_general(content))


def _true_false(content, response) -> Graded:
    given = _truth(response)
    truth = bool(content.get("truth"))
    fraction = 1.0 if given is not None and given == truth else 0.0
    return Graded(fraction, answered=given is not None, feedback=_with_general(content))


def group_share(right: int, count: int) -> float:
    """The share of a true/false group's points for `right` statements judged right of `count`."""
    if count <= 0:
        return 0.0
    if count == 4:
        return FOUR_STATEMENT_SHARES[right]
    return _clamp(right / count)


def _true_false_group(content, response) -> Graded:
    statements = content.get("statements") or []
    given = [_truth(v) for v in _listed(response, len(statements))]
    marks = tuple(
        Mark(i, g, bool(s.get("truth")), g is not None and g == bool(s.get("truth")),
             s.get("feedback", "") if g is not None else "")
        for i, (s, g) in enumerate(zip(statements, given))
    )
    right = sum(1 for m in marks if m.right)
    return Graded(group_share(right, len(statements)), answered=any(g is not None for g in given), marks=marks,
                  feedback=_with_general(content))


def _best(options, typed, case_sensitive, text_format) -> dict | None:
    """The accepted option `typed` matches with the largest fraction, or None."""
    matching = [o for o in options if same_text(typed, o.get("text", ""), case_sensitive, text_format)]
    return max(matching, key=_fraction, default=None)


def _short_text(content, response) -> Graded:
    typed = response if isinstance(response, str) else ""
    if not plain(typed):
        return Graded(0.0, feedback=_with_general(content))
    option = _best(content.get("options") or [], typed, bool(content.get("case_sensitive")),
                   content.get("text_format", "plain"))
    fraction = _clamp(_fraction(option)) if option else 0.0
    return Graded(fraction, answered=True, feedback=_with_general(content, option.get("feedback", "") if option else ""))


def _numeric(content, response) -> Graded:
    number = parse_number(response)
    answered = bool(plain(response)) if isinstance(response, str) else number is not None
    best = None
    if number is not None:
        for answer in content.get("numeric") or []:
            try:
                value, tolerance = float(answer.get("value")), abs(float(answer.get("tolerance") or 0))
            except (TypeError, ValueError):
                continue
            slack = 1e-9 * max(1.0, abs(value))  # 0.1 + 0.2 is 0.3
            if abs(number - value) <= tolerance + slack and (best is None or _fraction(answer) > _fraction(best)):
                best = answer
    fraction = _clamp(_fraction(best)) if best else 0.0
    return Graded(fraction, answered=answered, feedback=_with_general(content, best.get("feedback", "") if best else ""))


def _matching(content, response) -> Graded:
    pairs = [p for p in content.get("pairs") or [] if isinstance(p, (list, tuple)) and len(p) == 2]
    given = [v if isinstance(v, str) and plain(v) else None for v in _listed(response, len(pairs))]
    text_format = content.get("text_format", "plain")
    marks = tuple(
        Mark(i, g, match, g is not None and plain(g, text_format) == plain(match, text_format))
        for i, ((_prompt, match), g) in enumerate(zip(pairs, given))
    )
    fraction = _clamp(sum(1 for m in marks if m.right) / len(pairs)) if pairs else 0.0
    return Graded(fraction, answered=any(g is not None for g in given), marks=marks, feedback=_with_general(content))


def is_choice(blank_options: list) -> bool:
    """A cloze blank is a choice among its options when one of them is wrong; otherwise it
    is typed, its options the accepted texts."""
    return any(_fraction(o) <= 0 for o in blank_options)


def _cloze(content, response) -> Graded:
    blanks = content.get("blanks") or []
    given = [v if isinstance(v, str) and plain(v) else None for v in _listed(response, len(blanks))]
    case_sensitive, text_format = bool(content.get("case_sensitive")), content.get("text_format", "plain")
    marks, total = [], 0.0
    for i, (options, typed) in enumerate(zip(blanks, given)):
        options = options or []
        if typed is None:
            option = None
        elif is_choice(options):  # chosen: the option's own text (or, from elsewhere, the same text)
            option = next((o for o in options if o.get("text") == typed), None) or _best(
                options, typed, True, text_format)
        else:
            option = _best(options, typed, case_sensitive, text_format)
        share = _clamp(_fraction(option)) if option else 0.0
        total += share
        expected = max(options, key=_fraction, default={}).get("text", "")
        marks.append(Mark(i, typed, expected, share >= 1 - 1e-9, option.get("feedback", "") if option else ""))
    fraction = _clamp(total / len(blanks)) if blanks else 0.0
    return Graded(fraction, answered=any(g is not None for g in given), marks=tuple(marks),
                  feedback=_with_general(content))


def _essay(content, response) -> Graded:
    answered = isinstance(response, str) and bool(response.strip())
    # An essay left empty earns nothing and waits for no one.
    return Graded(0.0, needs_hand=answered, answered=answered)


_GRADERS = {
    SINGLE: _single, MULTIPLE: _multiple, TRUE_FALSE: _true_false, TRUE_FALSE_GROUP: _true_false_group,
    SHORT_TEXT: _short_text, NUMERIC: _numeric, MATCHING: _matching, CLOZE: _cloze, ESSAY: _essay,
}


def grade(content: dict, response) -> Graded:
    """Grade `response` (JSON, None when nothing was given) against `content`."""
    grader = _GRADERS.get((content or {}).get("kind"))
    if grader is None:
        return Graded(0.0, needs_hand=True, answered=response not in (None, "", [], {}))
    return grader(content, response)


def blank_numbers(stem: str) -> list[int]:
    """The numbers of the blanks a cloze stem names, in the order they stand."""
    return [int(n) for n in BLANK.findall(stem or "")]
