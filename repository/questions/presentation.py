"""A question as a page shows it — its text rendered (lms/core/rich_text: formulas left
for KaTeX, images at the addresses given), options lettered — with its key for those who
may read it (the author, the reviewer, the import's preview)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lms.core import rich_text
from repository.questions import interchange as qi

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STATEMENT_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@dataclass
class ShownOption:
    letter: str
    html: SafeString
    correct: bool
    fraction: float = 0.0
    feedback: str = ""
    fixed: bool = False


@dataclass
class ShownQuestion:
    kind: str
    kind_label: str
    stem: SafeString
    options: list[ShownOption] = field(default_factory=list)
    statements: list[ShownOption] = field(default_factory=list)  # correct = true
    pairs: list[tuple[SafeString, SafeString]] = field(default_factory=list)
    distractors: list[SafeString] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)  # short text, numeric, cloze: the key in words
    truth: bool | None = None
    general_feedback: SafeString = mark_safe("")
    model_answer: SafeString = mark_safe("")
    rubric: SafeString = mark_safe("")
    passage: SafeString | None = None


def _number(value: float) -> str:
    return (f"{value:g}").replace(".", ",")


def _blanks(stem: str, blanks: list) -> str:
    """Each "[[n]]" shown as a numbered gap."""
    return re.sub(qi.BLANK_PATTERN, lambda m: f"(…{m.group(1)}…)", stem)


def shown(content: dict, media_urls: dict[str, str] | None = None, passage: dict | None = None) -> ShownQuestion:
    from repository.models.questions import QUESTION_KIND_CHOICES

    fmt = content.get("text_format", qi.PLAIN)
    kind = content.get("kind", "")

    def html(text: str) -> SafeString:
        return rich_text.render(text, fmt, media_urls) if text and text.strip() else mark_safe("")

    stem = content.get("stem", "")
    if kind == qi.CLOZE:
        stem = _blanks(stem, content.get("blanks", []))
    question = ShownQuestion(kind, str(dict(QUESTION_KIND_CHOICES).get(kind, kind)), html(stem))
    options = content.get("options", [])
    if kind in (qi.SINGLE, qi.MULTIPLE):
        question.options = [ShownOption(LETTERS[i % 26], html(o["text"]), o["fraction"] > 0, o["fraction"],
                                        o.get("feedback", ""), o.get("fixed", False)) for i, o in enumerate(options)]
    elif kind == qi.SHORT_TEXT:
        question.answers = [o["text"] for o in options if o["fraction"] > 0]
    elif kind == qi.NUMERIC:
        question.answers = [_number(n["value"]) + (f" ± {_number(n['tolerance'])}" if n.get("tolerance") else "")
                            for n in content.get("numeric", [])]
    elif kind == qi.TRUE_FALSE:
        question.truth = content.get("truth")
    elif kind == qi.TRUE_FALSE_GROUP:
        question.statements = [ShownOption(STATEMENT_LETTERS[i % 26], html(s["text"]), bool(s["truth"]),
                                           feedback=s.get("feedback", ""))
                               for i, s in enumerate(content.get("statements", []))]
    elif kind == qi.MATCHING:
        question.pairs = [(html(a), html(b)) for a, b in content.get("pairs", [])]
        question.distractors = [html(d) for d in content.get("distractors", [])]
    elif kind == qi.CLOZE:
        question.answers = [f"({n}) " + " / ".join(o["text"] for o in blank if o["fraction"] > 0)
                            for n, blank in enumerate(content.get("blanks", []), start=1)]
    question.general_feedback = html(content.get("general_feedback", ""))
    question.model_answer = html(content.get("model_answer", ""))
    question.rubric = html(content.get("rubric", ""))
    if passage:
        question.passage = rich_text.render(passage.get("text", ""), passage.get("text_format", qi.PLAIN),
                                            {m["name"]: m.get("url", "") for m in passage.get("media", [])})
    return question


def key_text(question: ShownQuestion) -> str:
    """The key in a few words ("B", "A, C", "Đ S Đ S", "3,14"), for lists and tables."""
    if question.options:
        return ", ".join(o.letter for o in question.options if o.correct)
    if question.statements:
        return " ".join(_("T") if s.correct else _("F") for s in question.statements)
    if question.truth is not None:
        return pgettext("true/false question", "True") if question.truth else pgettext("true/false question", "False")
    return "; ".join(escape(a) for a in question.answers)
