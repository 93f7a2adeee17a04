"""What the writers of question files share (moodlexml_export, qti_export, xlsx_export; the
shape gift_export returns too): the result of a write, the Problem of a question not
written, texts as readers give them back, weights as percentages, images named in html
text, and the check that a written question reads back the same.

A writer is `write(questions, passages={}) -> ExportResult`: the file (bytes, or str for a
text format) holding every question the format can hold as it is, and a Problem for each
one it cannot (its own `number`, line 0, the reason in the teacher's language). A question
is written only when reading the file back with the format's reader gives the same
question (see `differing`): never a question changed on the way.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from decimal import Decimal, localcontext
from typing import Callable, NamedTuple, TypeVar

from django.utils.translation import gettext as _

from lms.core import legacy_vietnamese
from repository.questions import interchange as qi
from repository.questions.formats.refusal import Refused


class ExportResult(NamedTuple):
    """A file written from questions: `data` (bytes, or str for a text format) and a
    Problem for each question it does not hold. A tuple, so `data, problems = write(…)`."""

    data: bytes | str
    problems: list[qi.Problem]


def refused(question: qi.Question, reason: str) -> qi.Problem:
    """The Problem of a question not written, numbered by the question's own number."""
    return qi.Problem(question.number, 0, _("question %(number)s: %(reason)s")
                      % {"number": question.number, "reason": reason})


# --- texts ---------------------------------------------------------------------------------------

def text(value: str | None) -> str:
    """NFC, a line break "\\n" (not "\\r\\n" or "\\r"), no white space around: a text as the
    readers give it back."""
    value = (value or "").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", value).strip()


# What XML 1.0 cannot hold at all (U+0000–U+001F but tab and line breaks, U+FFFE, U+FFFF).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def refuse_unwritable_characters(question: qi.Question, format_name: str) -> None:
    """Refused when one of the question's texts holds a control character XML cannot hold."""
    texts = [question.title, question.stem, question.general_feedback, question.model_answer, question.rubric,
             question.category, *question.tags,
             *(part for o in question.options for part in (o.text, o.feedback)),
             *(part for blank in question.blanks for o in blank for part in (o.text, o.feedback)),
             *(part for pair in question.pairs for part in pair), *question.distractors,
             *(part for s in question.statements for part in (s.text, s.feedback)),
             *(a.feedback for a in question.numeric), *(m.name for m in question.media)]
    if any(_NOT_XML.search(value or "") for value in texts):
        raise Refused(_("a text of the question holds an invisible control character, which %(format)s cannot "
                        "hold: type the text again without it.") % {"format": format_name})


def looks_legacy(question: qi.Question) -> bool:
    """Whether the reader would take the question's text for a legacy Vietnamese font
    (TCVN3, VNI) and convert it: such a question would not read back the same."""
    parts = [question.stem, question.title, question.general_feedback,
             *(o.text for o in question.options), *(o.text for b in question.blanks for o in b),
             *(part for pair in question.pairs for part in pair), *(s.text for s in question.statements)]
    return legacy_vietnamese.detect("\n".join(p for p in parts if p)) is not None


# --- images --------------------------------------------------------------------------------------

# <img … src="media:NAME" …>: group 1 what precedes the address, 2 the quote, 3 NAME.
MEDIA_SRC = re.compile(r"(<img\b[^>]*?\bsrc\s*=\s*)([\"'])" + re.escape(qi.MEDIA_PREFIX) + r"([^\"']*)\2",
                       re.IGNORECASE)


def media_names(html_text: str) -> list[str]:
    """The names of the question's media an html text shows, in order, once each."""
    return list(dict.fromkeys(match.group(3) for match in MEDIA_SRC.finditer(html_text or "")))


def point_media(html_text: str, address) -> str:
    """The text with each `media:NAME` image pointed at `address(NAME)`."""
    return MEDIA_SRC.sub(lambda m: f"{m.group(1)}{m.group(2)}{address(m.group(3))}{m.group(2)}", html_text or "")


def shown_media(question: qi.Question, texts: list[str]) -> list[qi.Media]:
    """The question's media that one of `texts` shows (readers keep no other)."""
    names = {name for value in texts for name in media_names(value)}
    return [media for media in question.media if media.name in names]


def refuse_missing_media(question: qi.Question, texts: list[str]) -> None:
    """Refused when a text shows an image the question does not carry."""
    names = {media.name for media in question.media}
    for value in texts:
        for name in media_names(value):
            if name not in names:
                raise Refused(_("the text shows the image “%(name)s”, which the question does not carry.")
                              % {"name": name})


# --- numbers -------------------------------------------------------------------------------------

def percent(fraction: float) -> str:
    """The shortest decimal percentage a reader turns back into `fraction` (dividing by
    100); where none does exactly (1/3 is one), the nearest, one unit in the last place off."""
    best, best_error = "", math.inf
    with localcontext() as context:
        context.prec = 80
        exact = Decimal(fraction) * 100
        for places in range(0, 25):
            written = format(round(exact, places), "f")
            if "." in written:
                written = written.rstrip("0").rstrip(".")
            if written == "-0":
                written = "0"
            error = abs(float(written) / 100 - fraction)
            if error < best_error:
                best, best_error = written, error
            if error == 0:
                break
    return best


def number(value: float) -> str:
    """A number as files write it, read back exactly: "3", "3.14", "1e-05"."""
    value = float(value)
    if value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


def refuse_unwritable_numbers(question: qi.Question) -> None:
    for answer in question.numeric:
        if not all(math.isfinite(float(n)) for n in (answer.value, answer.tolerance, answer.fraction)):
            raise Refused(_("a numeric answer must be a finite number."))
    fractions = [o.fraction for o in question.options] + [o.fraction for b in question.blanks for o in b] + \
        [a.fraction for a in question.numeric]
    for fraction in fractions:
        if not (math.isfinite(float(fraction)) and -1 <= fraction <= 1):
            raise Refused(_("a weight must be between -100%% and 100%%: “%(text)s”.") % {"text": number(fraction)})


# --- reading back --------------------------------------------------------------------------------

# The parts of a question compared when it is read back, and how a teacher calls them.
def _part_names() -> dict[str, str]:
    return {
        "kind": _("its type"), "stem": _("its text"), "text_format": _("its text format"),
        "title": _("its title"), "category": _("its category"), "options": _("its options"),
        "truth": _("its answer"), "numeric": _("its numeric answers"), "pairs": _("its pairs"),
        "distractors": _("its distractors"), "case_sensitive": _("whether upper and lower case count"),
        "blanks": _("its blanks"), "statements": _("its statements"),
        "general_feedback": _("its general feedback"), "model_answer": _("its model answer"),
        "rubric": _("its grading guide"), "media": _("its images"), "group": _("its passage"),
        "tags": _("its tags"), "source": _("its source"), "topic": _("its topic"),
        "cognitive_level": _("its cognitive level"), "difficulty": _("its difficulty"), "points": _("its points"),
    }


def part_name(field: str) -> str:
    return _part_names().get(field, field)


def _digests(question: qi.Question) -> dict[str, str]:
    return {media.name: hashlib.sha256(bytes(media.data)).hexdigest() for media in question.media}


def _comparable(field: str, value, digests: dict[str, str]):
    """A field's value as compared: weights to 12 places (the nearest a decimal percentage
    gives for some, see `percent`), images by their bytes (a reader may rename an image
    and the texts showing it, or keep the same bytes named twice once)."""
    def t(value: str) -> str:
        return MEDIA_SRC.sub(lambda m: f"{m.group(1)}{m.group(2)}{qi.MEDIA_PREFIX}"
                                       f"{digests.get(m.group(3), '?' + m.group(3))}{m.group(2)}", value or "")

    def option(o: qi.Option):
        return (t(o.text), round(float(o.fraction), 12), t(o.feedback), o.fixed)

    if field == "options":
        return [option(o) for o in value]
    if field == "blanks":
        return [[option(o) for o in blank] for blank in value]
    if field == "numeric":
        return [(float(a.value), float(a.tolerance), round(float(a.fraction), 12), t(a.feedback)) for a in value]
    if field == "pairs":
        return [(t(left), t(right)) for left, right in value]
    if field == "distractors":
        return [t(d) for d in value]
    if field == "statements":
        return [(t(s.text), bool(s.truth), t(s.feedback)) for s in value]
    if field == "media":
        return sorted(set(digests.values()))
    if field == "points":
        return None if value is None else round(float(value), 12)
    if field in ("stem", "general_feedback", "model_answer", "rubric"):
        return t(value)
    return value


def differing(expected: qi.Question, back: qi.Question, fields) -> str | None:
    """The first of `fields` in which the question read back differs from the one expected."""
    mine, theirs = _digests(expected), _digests(back)
    for field in fields:
        if _comparable(field, getattr(expected, field), mine) != _comparable(field, getattr(back, field), theirs):
            return field
    return None


def differing_from_each(expected: list[qi.Question], back: qi.Question, fields) -> str | None:
    """None when the question read back is one of those `expected` (a reader may give one of
    several), else the first field in which it differs from the first of them."""
    differences = [differing(question, back, fields) for question in expected]
    return None if None in differences else differences[0]


def not_the_same(format_name: str, field: str) -> Refused:
    return Refused(_("%(format)s cannot hold this question as it is: %(part)s would not read back the same.")
                   % {"format": format_name, "part": part_name(field)})


Entry = TypeVar("Entry")


def read_back_failures(result: qi.ParseResult, entries: list[Entry], format_name: str,
                       compare: Callable[[Entry, qi.Question, qi.ParseResult], str | None],
                       skip: Callable[[Entry], bool] = lambda entry: False) -> dict[Entry, str]:
    """The entries whose question would not read back the same, with the reason: `result`
    is the reader's on the file written from `entries`, the n-th entry (from 1) giving
    question n; `compare(entry, back, result)` the field in which the question read back
    differs, or None; an entry `skip` tells (not a question) is not checked."""
    numbered = [(number, entry) for number, entry in enumerate(entries, start=1) if not skip(entry)]
    if any(problem.number == 0 for problem in result.problems):  # the file as a whole: never expected
        reason = result.problems[0].message
        return {entry: reason for _number, entry in numbered}
    by_number = {q.number: q for q in result.questions}
    refusals = {p.number: p.message for p in [*result.problems, *result.skipped]}
    failures: dict[Entry, str] = {}
    for number, entry in numbered:
        if number in refusals:
            failures[entry] = refusals[number]
            continue
        back = by_number.get(number)
        if back is None:
            failures[entry] = str(not_the_same(format_name, "kind"))
            continue
        if back.converted_from:
            failures[entry] = _("its text would be taken for a legacy Vietnamese font (TCVN3, VNI) when read back.")
            continue
        field = compare(entry, back, result)
        if field is not None:
            failures[entry] = str(not_the_same(format_name, field))
    return failures
