"""Moodle's Aiken format (https://docs.moodle.org/en/Aiken_format) into interchange questions.

One-correct-answer choice questions only:

    Thủ đô của Việt Nam là thành phố nào?
    A. Huế
    B) Hà Nội
    C. Đà Nẵng
    ANSWER: B

The question text (one line, or several lines with no blank line between them), then its
options one a line ("A." or "A)" and a space, letters A–Z, blank lines allowed between),
then "ANSWER: <letter>", which ends the question. The text is plain and taken verbatim
(LaTeX such as \\(x^2\\) included); Windows and old Mac line endings are read too. A
question typed in a legacy Vietnamese font (TCVN3, VNI) is converted to Unicode.

Reading never raises on what the file holds: each question is taken or refused with its
number and the line it starts on (interchange.Problem): no options, a single option, an
ANSWER letter that is no option, a missing ANSWER line, options before any question text.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from lms.core import legacy_vietnamese
from repository.questions import interchange as qi
from repository.questions.formats.refusal import Refused

_OPTION = re.compile(r"^([A-Z])[.)](?:[ \t]+(.*))?$")
_ANSWER = re.compile(r"^ANSWER\s*:(.*)$", re.IGNORECASE)


@dataclass
class _Draft:
    number: int
    line: int
    stem: list[str]
    options: list[tuple[str, str]] = field(default_factory=list)  # (letter, text)


def read(text: str) -> qi.ParseResult:
    """The questions of an Aiken file's text (str: the caller decodes; a BOM is dropped)."""
    result = qi.ParseResult()
    number = 0
    draft: _Draft | None = None
    gap = False  # a blank line since the last line of text
    orphan = False  # inside option lines that follow no question text (already reported)

    def refuse(message: str, at: _Draft | None = None) -> None:
        at = at or draft
        result.problems.append(qi.Problem(at.number, at.line, message))

    lines = unicodedata.normalize("NFC", text.lstrip("\ufeff")).splitlines()
    for line_no, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            gap = True
            continue
        option, answer = _OPTION.match(line), _ANSWER.match(line)
        if option or answer:
            if draft is None:
                if not orphan:
                    number += 1
                    message = (_("an option line comes before any question text.") if option
                               else _("an ANSWER line comes before any question text."))
                    result.problems.append(qi.Problem(number, line_no, message))
                orphan = not answer  # an ANSWER line ends the stray part
            elif option:
                draft.options.append((option.group(1), (option.group(2) or "").strip()))
            else:
                try:
                    result.questions.append(_question(draft, answer.group(1).strip()))
                except Refused as refused:
                    refuse(str(refused))
                draft = None
            gap = False
            continue
        orphan = False
        if draft is not None and (draft.options or gap):
            refuse(_("the ANSWER line is missing after the options.") if draft.options
                   else _("the question has no options (“A.”, “B.”…)."))
            draft = None
        if draft is None:
            number += 1
            draft = _Draft(number, line_no, [line])
        else:
            draft.stem.append(line)  # the question text goes on over several lines
        gap = False
    if draft is not None:
        refuse(_("the ANSWER line is missing after the options.") if draft.options
               else _("the question has no options (“A.”, “B.”…)."))
    return result


def _question(draft: _Draft, answer: str) -> qi.Question:
    if not draft.options:
        raise Refused(_("the question has no options (“A.”, “B.”…)."))
    if len(draft.options) < 2:
        raise Refused(_("a question needs at least two options."))
    letters = [letter for letter, _text in draft.options]
    for letter in letters:
        if letters.count(letter) > 1:
            raise Refused(_("two options use the letter “%(letter)s”.") % {"letter": letter})
    if any(not text for _letter, text in draft.options):
        raise Refused(_("an answer is empty."))
    if not re.fullmatch(r"[A-Za-z]", answer):
        raise Refused(_("the ANSWER line names no option letter: “%(text)s”.") % {"text": answer[:40]})
    right = answer.upper()
    if right not in letters:
        raise Refused(_("the answer “%(letter)s” is not one of the options.") % {"letter": right})
    # The question's text and options are converted together: a file may mix fonts, a question not.
    joined, legacy = legacy_vietnamese.to_unicode("\n".join([*draft.stem, *(t for _l, t in draft.options)]))
    texts = joined.split("\n")
    stem, option_texts = texts[:len(draft.stem)], texts[len(draft.stem):]
    return qi.Question(
        kind=qi.SINGLE,
        stem="\n".join(stem),
        number=draft.number,
        line=draft.line,
        options=[qi.Option(text=text, fraction=1.0 if letter == right else 0.0)
                 for (letter, _old), text in zip(draft.options, option_texts)],
        converted_from=legacy or "",
    )
