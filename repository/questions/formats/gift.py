"""Moodle GIFT (https://docs.moodle.org/en/GIFT_format) into interchange questions.

A file is questions separated by blank lines; `//` lines are comments; `$CATEGORY: a/b`
sets the category of the questions after it. A question is an optional `::title::`, an
optional format tag (`[html]`, `[markdown]`, `[moodle]`, `[plain]`), its text and an
answer part in braces:

    {=right ~wrong ~wrong}            one correct option (weights: ~%50%half)
    {~%50%a ~%50%b ~%-100%c}          several correct options
    {T} {TRUE} {F} {FALSE}            true or false
    {=text =other text}               short answer, its accepted variants
    {=a -> 1 =b -> 2}                 matching
    {#3.14:0.01} {#1..5} {#=5:0 =%50%4:1}   a number (tolerance, range, several)
    {}                                essay
    text {=x ~y} more text            a blank in the text (missing word): "[[1]]" in the stem

In `[html]` text an image written into it (`<img src="data:image/png;base64,…">`) becomes
the question's media (src "media:NAME"); any other image is refused (a GIFT file holds
no files). `#feedback` follows an answer, `####feedback` ends the braces (general feedback);
`\\~ \\= \\# \\{ \\} \\:` are the characters themselves, `\\n` a new line. A question
typed in a legacy Vietnamese font (TCVN3, VNI) is converted to Unicode.

Reading never raises on what the file holds: each question is taken or refused with its
number and line (interchange.Problem), a text without braces (GIFT's "description") is
listed as skipped.
"""

from __future__ import annotations

import re
import unicodedata

from django.utils.translation import gettext as _

from lms.core import legacy_vietnamese
from repository.questions import interchange as qi
from repository.questions.formats import images, refusal
from repository.questions.formats.refusal import Refused

_FORMATS = ("html", "markdown", "moodle", "plain")
_ESCAPED = {"~": "~", "=": "=", "#": "#", "{": "{", "}": "}", ":": ":", "n": "\n", "\\": "\\"}
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")
_TRUE, _FALSE = {"t", "true"}, {"f", "false"}


def read(text: str) -> qi.ParseResult:
    """The questions of a GIFT file's text (str: the caller decodes; a BOM is dropped)."""
    result = qi.ParseResult()
    category = ""
    number = 0
    for line_no, block in _blocks(unicodedata.normalize("NFC", text.lstrip("\ufeff"))):
        block, legacy = legacy_vietnamese.to_unicode(block)  # each question apart: files mix them
        if block.startswith("$CATEGORY:"):
            category = block[len("$CATEGORY:"):].strip()
            continue
        number += 1
        try:
            question = _question(block, number, line_no)
        except Refused as refused:
            result.problems.append(qi.Problem(number, line_no, str(refused)))
            continue
        if question is None:
            result.skipped.append(qi.Problem(number, line_no, _("a text without answers (a description), not a question")))
            continue
        question.category, question.converted_from = category, legacy or ""
        result.questions.append(question)
    return result


def _blocks(text: str):
    """(first line number, text) of each question: lines up to a blank one, comments out."""
    lines, start = [], 0
    for i, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if lines:
                yield start, "\n".join(lines).strip()
                lines = []
            continue
        if not lines:
            start = i
        lines.append(raw)
    if lines:
        yield start, "\n".join(lines).strip()


_NEEDLES: dict[str, re.Pattern] = {}
_ESCAPE = re.compile(r"\\([~=#{}:n\\])")
_ANSWER_START = re.compile(r"(?<!\\)[=~]")  # an "=" or "~" not escaped


def _find(text: str, needle: str, start: int = 0) -> int:
    """The index of the first `needle` not escaped by a backslash, from `start`, or -1
    (a backslash and the character after it are skipped together)."""
    pattern = _NEEDLES.get(needle)
    if pattern is None:
        pattern = _NEEDLES[needle] = re.compile(r"\\.|" + re.escape(needle), re.S)
    while True:
        found = pattern.search(text, start)
        if found is None:
            return -1
        if text[found.start()] != "\\":
            return found.start()
        start = found.end()


def _unescape(text: str) -> str:
    return _ESCAPE.sub(lambda m: _ESCAPED[m.group(1)], text) if "\\" in text else text


def _split_feedback(text: str) -> tuple[str, str]:
    at = _find(text, "#")
    if at < 0:
        return text.strip(), ""
    return text[:at].strip(), _unescape(text[at + 1:]).strip()


def _question(block: str, number: int, line: int) -> qi.Question | None:
    title = ""
    if block.startswith("::"):
        end = block.find("::", 2)
        if end < 0:
            raise Refused(_("the title is not closed with “::”."))
        title, block = _unescape(block[2:end]).strip(), block[end + 2:].lstrip()
    text_format = "plain"
    tag = re.match(r"^\[(\w+)\]", block)
    if tag and tag.group(1).lower() in _FORMATS:
        text_format, block = tag.group(1).lower(), block[tag.end():]
    opening = _find(block, "{")
    if opening < 0:
        return None
    closing = _find(block, "}", opening + 1)
    if closing < 0:
        raise Refused(_("the answers are not closed with “}”."))
    head, answers, tail = block[:opening], block[opening + 1:closing], block[closing + 1:]
    if _find(tail, "{") >= 0:
        raise Refused(_("a question may hold one answer part in braces only."))
    head, tail = _unescape(head), _unescape(tail)
    question = qi.Question(kind=qi.ESSAY, stem=head.strip(), number=number, line=line, title=title,
                           text_format=text_format)
    general = _find(answers, "####")
    if general >= 0:
        question.general_feedback = _unescape(answers[general + 4:]).strip()
        answers = answers[:general]
    _answers(question, answers.strip())
    if tail.strip():  # a blank inside the text (GIFT's missing word)
        if question.kind not in (qi.SINGLE, qi.MULTIPLE, qi.SHORT_TEXT):
            raise Refused(_("a blank inside the text takes options (“=” and “~”), not this kind of answer."))
        question.blanks = [question.options]
        question.options = []
        question.kind = qi.CLOZE
        mark = re.search(qi.BLANK_PATTERN, head + tail)
        if mark:
            raise Refused(_("the text holds “%(mark)s”, the mark of a blank in the bank: write it otherwise.")
                          % {"mark": mark.group(0)})
        question.stem = f"{head}{qi.blank(1)}{tail}".strip()
    if not question.stem:
        raise Refused(_("the question has no text."))
    if text_format == qi.HTML:
        _images(question)
    return question


def _images(question: qi.Question) -> None:
    """An html question's images: one written into the text (`data:`) becomes its media,
    any other (a file beside the GIFT file, the web) is refused: a GIFT file holds no files."""
    found = images.Images()

    def resolve(src: str, alt: str) -> str | None:
        if not src.strip():
            return None
        if src.strip().lower().startswith("data:"):
            return found.add_data_address(src, alt)
        raise Refused(_("the image “%(src)s” is outside the file: the bank keeps only the images a file holds.")
                      % {"src": src[:80]})

    def point(text: str) -> str:
        return images.point_images(text, resolve) if "<img" in text.lower() else text

    question.stem, question.general_feedback = point(question.stem), point(question.general_feedback)
    for option in [*question.options, *(option for blank in question.blanks for option in blank)]:
        option.text, option.feedback = point(option.text), point(option.feedback)
    question.pairs = [(point(left), point(right)) for left, right in question.pairs]
    question.media = found.media


def _answers(question: qi.Question, answers: str) -> None:
    if not answers:
        question.kind = qi.ESSAY
        return
    if answers.startswith("#"):
        question.kind = qi.NUMERIC
        question.numeric = _numeric(answers[1:])
        return
    word, feedback = _split_feedback(answers)
    if word.lower() in _TRUE | _FALSE:
        question.kind, question.truth = qi.TRUE_FALSE, word.lower() in _TRUE
        question.general_feedback = question.general_feedback or feedback
        return
    items = _items(answers)
    if any("->" in text for _marker, text in items):
        question.kind = qi.MATCHING
        question.pairs = _pairs(items)
        return
    options = [_option(marker, text) for marker, text in items]
    if all(marker == "=" for marker, _text in items):
        question.kind, question.options = qi.SHORT_TEXT, options
        return
    right = [option for option in options if option.correct]
    if not right:
        raise Refused(_("a choice question needs a correct answer (“=” or a positive weight)."))
    question.kind = qi.SINGLE if len(right) == 1 and right[0].fraction == 1 else qi.MULTIPLE
    question.options = options


def _items(answers: str) -> list[tuple[str, str]]:
    """The answers' (marker, raw text), each starting at an unescaped "=" or "~"."""
    # An "=" or "~" inside an answer's text is escaped ("\\="), as GIFT asks.
    starts = [found.start() for found in _ANSWER_START.finditer(answers)]
    if not starts or answers[:starts[0]].strip():
        raise Refused(_("the answers must start with “=” (right) or “~” (wrong): “%(text)s”.")
                      % {"text": answers[:40]})
    bounds = [*starts, len(answers)]
    return [(answers[a], answers[a + 1:b]) for a, b in zip(bounds, bounds[1:])]


def _option(marker: str, raw: str) -> qi.Option:
    text, feedback = _split_feedback(raw)
    fraction = 1.0 if marker == "=" else 0.0
    weight = _WEIGHT.match(text)
    if weight:
        fraction = float(weight.group(1)) / 100
        if not -1 <= fraction <= 1:
            raise Refused(_("a weight must be between -100%% and 100%%: “%(text)s”.") % {"text": text[:40]})
        text = text[weight.end():]
    text = _unescape(text).strip()
    if not text:
        raise Refused(_("an answer is empty."))
    return qi.Option(text=text, fraction=fraction, feedback=feedback)


def _pairs(items) -> list[tuple[str, str]]:
    pairs = []
    for marker, raw in items:
        text, _feedback = _split_feedback(raw)
        if marker != "=" or "->" not in text:
            raise Refused(_("every answer of a matching question is “=question -> answer”."))
        left, right = text.split("->", 1)
        pairs.append((_unescape(left).strip(), _unescape(right).strip()))
    if len(pairs) < 2 or any(not right for _left, right in pairs):
        raise Refused(_("a matching question needs at least two pairs “question -> answer”."))
    return pairs


def _numeric(spec: str) -> list[qi.NumericAnswer]:
    spec = spec.strip()
    raw_items = _items(spec) if spec.startswith("=") else [("=", spec)]
    found = []
    for _marker, raw in raw_items:
        text, feedback = _split_feedback(raw)
        fraction = 1.0
        weight = _WEIGHT.match(text)
        if weight:
            fraction, text = float(weight.group(1)) / 100, text[weight.end():]
        if ".." in text:
            low, high = (refusal.number(part) for part in text.split("..", 1))
            found.append(qi.NumericAnswer((low + high) / 2, abs(high - low) / 2, fraction, feedback))
        else:
            value, _sep, tolerance = text.partition(":")
            found.append(qi.NumericAnswer(refusal.number(value), refusal.number(tolerance) if tolerance.strip() else 0.0,
                                          fraction, feedback))
    if not found:
        raise Refused(_("a number is expected after “#”."))
    return found
