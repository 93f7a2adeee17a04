"""Interchange questions into Moodle GIFT (https://docs.moodle.org/en/GIFT_format): the
other way of gift.py, which reads what is written here back to the same questions.

Each question is one block (blank lines between them), a `$CATEGORY:` line before it when
its category changes. GIFT's special characters (`~ = # { } :` and the backslash) are
escaped in every text, a new line written `\\n`, so LaTeX such as `\\(\\frac{a}{b}\\)` comes
back verbatim. Weights are written only where they differ from what the marker says
(`=` 100%, `~` 0%), except in multiple-answer questions, where every option has its own.

Texts are written as the reader gives them back: NFC, line breaks as "\\n", without
surrounding white space. A cloze's blank is "[[1]]" in its stem (interchange.blank). A
question GIFT cannot hold (a cloze with several blanks, an answer with "->", which GIFT
takes for a matching pair, a group of true/false statements, images, case-sensitive
answers, matching distractors, an essay's model answer or rubric, options kept in place…)
is not written but returned as an interchange.Problem with the reason in the teacher's
language; every written question is read back here first, so that what is written reads
back the same.
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from decimal import Decimal, localcontext

from django.utils.translation import gettext as _

from lms.core import legacy_vietnamese
from repository.questions import interchange as qi
from repository.questions.formats.refusal import Refused
from repository.questions.formats import gift
from repository.questions.formats.export import ExportResult

_ESCAPES = {"\\": "\\\\", "~": "\\~", "=": "\\=", "#": "\\#", "{": "\\{", "}": "\\}", ":": "\\:", "\n": "\\n"}
_TEXT_FORMATS = ("plain", "html", "markdown", "moodle")
_TAG_LIKE = re.compile(r"^\[(\w+)\]")  # what the reader takes for a format tag
_WEIGHT_LIKE = re.compile(r"^%-?\d+(?:\.\d+)?%")  # what the reader takes for a weight
_BLANK = qi.blank(1)


def write(questions: list[qi.Question], passages: dict[str, qi.Passage] | None = None) -> ExportResult:
    """(the GIFT text of the questions it can hold, a Problem for each one it cannot,
    numbered by the question's own `number`, line 0). GIFT has no shared passages:
    `passages` is taken like the other writers' and not written."""
    blocks: list[str] = []
    problems: list[qi.Problem] = []
    category = ""
    for question in questions:
        try:
            clean = _clean(question)
            block = _block(clean)
            _read_back(clean, block)
        except Refused as refused:
            problems.append(qi.Problem(question.number, 0, _("question %(number)s: %(reason)s")
                                       % {"number": question.number, "reason": refused}))
            continue
        if clean.category != category:
            category = clean.category
            blocks.append(f"$CATEGORY: {category}".rstrip())
        blocks.append(block)
    return ExportResult(("\n\n".join(blocks) + "\n" if blocks else ""), problems)


# --- the question as the reader will give it back ---------------------------------------------

def _text(value: str) -> str:
    """NFC, every kind of line break a "\\n", no white space around: what reading gives."""
    return unicodedata.normalize("NFC", "\n".join((value or "").splitlines())).strip()


def _clean(question: qi.Question) -> qi.Question:
    """A copy with its texts as the reader returns them and only the fields of its kind."""
    if question.kind not in qi.KINDS:
        raise Refused(_("the kind “%(kind)s” cannot be written in GIFT.") % {"kind": question.kind})
    if question.kind == qi.TRUE_FALSE_GROUP:
        raise Refused(_("GIFT has no question of several true/false statements (the 2025 exam's "
                        "“đúng sai” part): it cannot be written in GIFT."))
    if question.text_format not in _TEXT_FORMATS:
        raise Refused(_("the text format “%(format)s” cannot be written in GIFT.")
                      % {"format": question.text_format})
    _holds_nothing_more(question)
    category = _text(question.category)
    if "\n" in category:
        raise Refused(_("GIFT cannot hold a category name of several lines."))
    clean = qi.Question(kind=question.kind, stem=_text(question.stem), number=question.number, line=0,
                        title=_text(question.title), general_feedback=_text(question.general_feedback),
                        category=category, text_format=question.text_format)
    if question.kind in (qi.SINGLE, qi.MULTIPLE, qi.SHORT_TEXT):
        clean.options = _clean_options(question.options)
    elif question.kind == qi.TRUE_FALSE:
        clean.truth = question.truth
    elif question.kind == qi.NUMERIC:
        clean.numeric = [qi.NumericAnswer(float(a.value), float(a.tolerance), float(a.fraction), _text(a.feedback))
                         for a in question.numeric]
    elif question.kind == qi.MATCHING:
        clean.pairs = [(_text(left), _text(right)) for left, right in question.pairs]
    elif question.kind == qi.CLOZE:
        clean.blanks = [_clean_options(blank) for blank in question.blanks]
    return clean


def _holds_nothing_more(question: qi.Question) -> None:
    """Refuses what the question holds beyond what GIFT can: images, case-sensitive
    answers, matching distractors, an essay's model answer or rubric, options kept in place."""
    if question.media:
        raise Refused(_("GIFT cannot hold images: the question shows %(names)s.")
                      % {"names": ", ".join(media.name for media in question.media)})
    if question.kind == qi.SHORT_TEXT and question.case_sensitive:
        raise Refused(_("GIFT cannot hold answers checked with upper and lower case."))
    if question.kind == qi.MATCHING and question.distractors:
        raise Refused(_("GIFT cannot hold matching answers that match no prompt (distractors)."))
    if question.kind == qi.ESSAY and (question.model_answer or question.rubric):
        raise Refused(_("GIFT cannot hold an essay's model answer or its grading guide."))
    options = [*question.options, *(option for blank in question.blanks for option in blank)]
    if any(option.fixed for option in options):
        raise Refused(_("GIFT cannot keep options in their place when they are shuffled."))


def _clean_options(options: list[qi.Option]) -> list[qi.Option]:
    return [qi.Option(_text(o.text), float(o.fraction), _text(o.feedback)) for o in options]


# --- writing ----------------------------------------------------------------------------------

def _escape(text: str) -> str:
    return "".join(_ESCAPES.get(ch, ch) for ch in text)


def _block(question: qi.Question) -> str:
    if question.kind == qi.CLOZE:
        body = _cloze(question)
    else:
        if not question.stem:
            raise Refused(_("the question has no text."))
        body = f"{_escape(question.stem)} {_answers(question)}"
    head = ""
    if question.title:
        # "::" closes the title wherever it is first found: a title ending with ":" ("\:")
        # would be cut one character early without the space.
        head = "::" + _escape(question.title) + (" " if question.title.endswith(":") else "") + ":: "
    tag = _TAG_LIKE.match(body)
    if question.text_format != "plain":
        head += f"[{question.text_format}]"
    elif (tag and tag.group(1).lower() in _TEXT_FORMATS) or (not question.title and body.startswith("//")):
        head += "[plain]"  # the text itself starts like a format tag or a comment
    return head + body


def _cloze(question: qi.Question) -> str:
    if len(question.blanks) != 1:
        raise Refused(_("GIFT holds one blank in a question only, this one has %(count)s.")
                      % {"count": len(question.blanks)})
    if re.findall(qi.BLANK_PATTERN, question.stem) != ["1"]:
        raise Refused(_("the text must mark its blank with “%(mark)s” once.") % {"mark": _BLANK})
    before, after = question.stem.split(_BLANK)
    if not after.strip():
        raise Refused(_("GIFT holds a blank inside the text only, not at its end."))
    blank = question.blanks[0]
    _texts(blank)
    if not any(option.fraction > 0 for option in blank):
        raise Refused(_("a choice question needs a correct answer (“=” or a positive weight)."))
    items = [_option("=" if o.fraction == 1 else "~", o) for o in blank]
    return f"{_escape(before)}{_braces(items, question.general_feedback, inline=True)}{_escape(after)}"


def _answers(question: qi.Question) -> str:
    kind, general = question.kind, question.general_feedback
    if kind == qi.ESSAY:
        return _braces([], general, inline=True)
    if kind == qi.TRUE_FALSE:
        if question.truth is None:
            raise Refused(_("a true/false question needs its answer, true or false."))
        return _braces(["TRUE" if question.truth else "FALSE"], general, inline=True)
    if kind == qi.NUMERIC:
        return _numeric(question.numeric, general)
    if kind == qi.MATCHING:
        return _braces(_pairs(question.pairs), general)
    options = question.options
    _texts(options)
    positive = [o for o in options if o.fraction > 0]
    if kind == qi.SHORT_TEXT:
        if not options:
            raise Refused(_("a short-answer question needs an accepted answer."))
        return _braces([_option("=", o) for o in options], general)
    if kind == qi.SINGLE:
        if len(positive) != 1 or positive[0].fraction != 1:
            raise Refused(_("a single-answer question needs exactly one answer with full credit and no "
                            "other answer with credit."))
        # A lone right answer written "=" would read back as a short answer.
        right = "=" if len(options) > 1 else "~"
        return _braces([_option(right if o.fraction == 1 else "~", o) for o in options], general)
    if not positive:
        raise Refused(_("a choice question needs a correct answer (“=” or a positive weight)."))
    if len(positive) == 1 and positive[0].fraction == 1:
        raise Refused(_("a multiple-answer question whose only answer with credit has full credit "
                        "would be read back as a single-answer one."))
    return _braces([_option("~", o, weighed=True) for o in options], general)


def _braces(items: list[str], general: str, *, inline: bool = False, opening: str = "") -> str:
    """The answer part: on one line, or an answer a line (`opening` right after the "{")."""
    if general:
        items = [*items, "####" + _escape(general)]
    if inline:
        return "{" + " ".join(items) + "}"
    return "{" + opening + "\n" + "\n".join(items) + "\n}"


def _texts(options: list[qi.Option]) -> None:
    """Refuses the options the reader would refuse or read as something else."""
    for option in options:
        if not option.text:
            raise Refused(_("an answer is empty."))
        if not -1 <= option.fraction <= 1:
            raise Refused(_("a weight must be between -100%% and 100%%: “%(text)s”.") % {"text": option.text[:40]})
        if "->" in option.text or "->" in option.feedback:
            raise Refused(_("an answer or its feedback holding “->” would be read as a matching pair."))


def _option(marker: str, option: qi.Option, *, weighed: bool = False) -> str:
    weight = ""
    # A text that itself starts like "%50%" keeps its own by a weight written before it.
    if weighed or option.fraction != (1 if marker == "=" else 0) or _WEIGHT_LIKE.match(option.text):
        weight = f"%{_percent(option.fraction)}%"
    feedback = "#" + _escape(option.feedback) if option.feedback else ""
    return f"{marker}{weight}{_escape(option.text)}{feedback}"


def _percent(fraction: float) -> str:
    """The shortest decimal percentage the reader turns back into `fraction` (it divides by
    100); where none does exactly (1/3 is one), the nearest, one unit in the last place off."""
    best, best_error = "", math.inf
    with localcontext() as context:
        context.prec = 80
        exact = Decimal(fraction) * 100
        for places in range(0, 25):
            written = format(round(exact, places), "f")
            if "." in written:
                written = written.rstrip("0").rstrip(".")
            error = abs(float(written) / 100 - fraction)
            if error < best_error:
                best, best_error = written, error
            if error == 0:
                break
    return best


def _pairs(pairs: list[tuple[str, str]]) -> list[str]:
    if len(pairs) < 2 or any(not right for _left, right in pairs):
        raise Refused(_("a matching question needs at least two pairs “question -> answer”."))
    if any("->" in left for left, _right in pairs):
        raise Refused(_("the left side of a matching pair cannot hold “->”."))
    return [f"={_escape(left)} -> {_escape(right)}" for left, right in pairs]


def _number(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def _numeric(answers: list[qi.NumericAnswer], general: str) -> str:
    if not answers:
        raise Refused(_("a numeric question needs a number."))
    items = []
    for answer in answers:
        if not all(math.isfinite(n) for n in (answer.value, answer.tolerance, answer.fraction)):
            raise Refused(_("a numeric answer must be a finite number."))
        item = _number(answer.value) + (f":{_number(answer.tolerance)}" if answer.tolerance else "")
        if answer.feedback:
            item += "#" + _escape(answer.feedback)
        items.append(item)
    if len(answers) == 1 and answers[0].fraction == 1:
        return _braces(["#" + items[0]], general, inline=True)
    weights = ["" if a.fraction == 1 else f"%{_percent(a.fraction)}%" for a in answers]
    return _braces([f"={weight}{item}" for weight, item in zip(weights, items)], general, opening="#")


# --- reading it back ----------------------------------------------------------------------------

def _read_back(question: qi.Question, block: str) -> None:
    """Refuses a question whose block the reader would not give back the same."""
    text = (f"$CATEGORY: {question.category}\n\n" if question.category else "") + block + "\n"
    result = gift.read(text)
    if result.problems or result.skipped or len(result.questions) != 1:
        raise Refused(_("GIFT cannot hold this question as it is: it would not read back the same."))
    back = result.questions[0]
    if back.converted_from or (question.category and legacy_vietnamese.detect(f"$CATEGORY: {question.category}")):
        raise Refused(_("its text would be taken for a legacy Vietnamese font (TCVN3, VNI) when read back."))
    if _key(back) != _key(question):
        raise Refused(_("GIFT cannot hold this question as it is: it would not read back the same."))


def _key(question: qi.Question):
    """What must read back the same (not number, line, converted_from); weights to 12 places,
    the nearest a decimal percentage gives for some (see _percent)."""
    def weigh(answer):
        return dataclasses.replace(answer, fraction=round(answer.fraction, 12))

    return dataclasses.replace(question, number=0, line=0, converted_from="",
                               options=[weigh(o) for o in question.options],
                               numeric=[weigh(a) for a in question.numeric],
                               pairs=[tuple(pair) for pair in question.pairs],
                               blanks=[[weigh(o) for o in blank] for blank in question.blanks])
