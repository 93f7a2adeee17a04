"""What the quiz pages show of each question: the attempt's order, its texts rendered
(rendering.py), the form's field names (responses.py), and on the result page what was
given, what was right and the feedback. Reads only."""

from __future__ import annotations

import string
from dataclasses import dataclass, field

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from lms.quiz import grading, responses
from lms.quiz.grading import Graded
from lms.quiz.rendering import bare, rich

KIND_LABELS = {
    grading.SINGLE: _("One answer"),
    grading.MULTIPLE: _("Several answers"),
    grading.TRUE_FALSE: _("True or false"),
    grading.TRUE_FALSE_GROUP: _("True or false, several statements"),
    grading.SHORT_TEXT: _("Short answer"),
    grading.NUMERIC: _("Numeric answer"),
    grading.MATCHING: _("Matching"),
    grading.CLOZE: _("Fill in the blanks"),
    grading.ESSAY: _("Essay"),
}
TRUTH_LABELS = {True: pgettext_lazy("true/false question", "True"), False: pgettext_lazy("true/false question", "False")}


def letter(position: int) -> str:
    """A, B, C… (then AA, AB… for a question with more than 26 options)."""
    letters = string.ascii_uppercase
    return letters[position] if position < 26 else letters[position // 26 - 1] + letters[position % 26]


def statement_letter(position: int) -> str:
    return string.ascii_lowercase[position % 26]


@dataclass
class OptionView:
    index: int  # the content's own index (the form's value)
    letter: str
    html: SafeString
    chosen: bool = False
    correct: bool = False
    feedback: SafeString | str = ""


@dataclass
class PartView:
    """A statement (true/false group), a prompt (matching) or a blank (cloze)."""

    index: int
    label: str
    html: SafeString
    name: str
    given: object = None
    given_label: str = ""
    expected_label: str = ""
    right: bool | None = None
    feedback: SafeString | str = ""


@dataclass
class ItemView:
    item: object
    number: int
    kind: str
    kind_label: str
    name: str
    stem: SafeString
    options: list[OptionView] = field(default_factory=list)
    parts: list[PartView] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)  # matching: (value, label)
    text: str = ""  # short text, numeric, essay: what was typed
    truth: bool | None = None  # true/false: what was given
    passage: SafeString | None = None  # shown above the first item of its group
    passage_title: str = ""
    answered: bool = False
    # the result page's
    graded: Graded | None = None
    answer: object = None
    points: float | None = None  # earned
    state: str = ""  # right, partial, wrong, pending, unanswered
    feedback: list[SafeString] = field(default_factory=list)
    expected: str = ""  # true/false: the truth; short text, numeric: an accepted answer
    model_answer: SafeString | None = None
    rubric: SafeString | None = None

    @property
    def hand_graded(self) -> bool:
        return self.kind == grading.ESSAY or bool(self.answer and self.answer.graded_by_id)


def ordered_items(attempt, items) -> list:
    """The attempt's items in the order it shows them."""
    by_pk = {item.pk: item for item in items}
    order = [pk for pk in (attempt.layout or {}).get("items", []) if pk in by_pk]
    return [by_pk[pk] for pk in order] + [item for item in items if item.pk not in set(order)]


def _option_order(attempt, item, count: int) -> list[int]:
    order = (attempt.layout or {}).get("options", {}).get(str(item.pk)) if attempt else None
    return order if order and sorted(order) == list(range(count)) else list(range(count))


def _blank_input(item, n: int, options: list, given, text_format: str) -> SafeString:
    name = responses.part_name(item, n)
    label = pgettext_lazy("quiz", "Blank %(number)d") % {"number": n + 1}
    if grading.is_choice(options):
        choices = [format_html('<option value="">{}</option>', pgettext_lazy("quiz", "— choose —"))] + [
            format_html('<option value="{}"{}>{}</option>', o.get("text", ""),
                        mark_safe(" selected") if given == o.get("text") else "", bare(o.get("text", ""), text_format))
            for o in options]
        return format_html('<select class="blank" name="{}" id="{}" aria-label="{}">{}</select>',
                           name, name, label, mark_safe("".join(choices)))
    return format_html('<input class="blank" type="text" name="{}" id="{}" aria-label="{}" value="{}" maxlength="{}" '
                       'autocomplete="off" spellcheck="false">', name, name, label, given or "", responses.MAX_TEXT)


def _blank_result(n: int, mark, show_key: bool, text_format: str) -> SafeString:
    label = pgettext_lazy("quiz", "Blank %(number)d") % {"number": n + 1}
    state = "right" if mark and mark.right else "wrong"
    given = bare(mark.given, text_format) if mark and mark.given is not None else "…"
    key = format_html(' <span class="blank-key">({}: {})</span>', pgettext_lazy("quiz", "answer"),
                      bare(mark.expected, text_format)) if show_key and mark and not mark.right else ""
    return format_html('<span class="blank blank-{}" aria-label="{}"><span class="visually-hidden">{}: </span>{}</span>{}',
                       state, label, label, given, key)


def _cloze_stem(item, content, response, media, graded: Graded | None, show_key: bool) -> SafeString:
    html = str(rich(content.get("stem", ""), content.get("text_format", "plain"), media))
    blanks = content.get("blanks") or []
    given = response if isinstance(response, list) else []

    def replace(match):
        n = int(match.group(1)) - 1
        if not 0 <= n < len(blanks):
            return "____"
        if graded is None:
            value = given[n] if n < len(given) else None
            return str(_blank_input(item, n, blanks[n] or [], value, content.get("text_format", "plain")))
        mark = graded.marks[n] if n < len(graded.marks) else None
        return str(_blank_result(n, mark, show_key, content.get("text_format", "plain")))

    return mark_safe(grading.BLANK.sub(replace, html))


def _state(graded: Graded, answer) -> str:
    if answer is not None and answer.needs_hand:
        return "pending"
    fraction = answer.fraction if answer is not None and answer.fraction is not None else graded.fraction
    if not graded.answered and not (answer is not None and answer.graded_by_id):
        return "unanswered"
    if fraction >= 1 - 1e-9:
        return "right"
    return "wrong" if fraction <= 1e-9 else "partial"


def item_view(item, number: int, attempt=None, response=None, answer=None, result: bool = False,
              show_key: bool = False) -> ItemView:
    """One item as the quiz page (`result` False) or the result page shows it. `show_key`:
    the right answers and the feedback (the quiz shows them, or a teacher reads)."""
    content = item.content or {}
    kind, fmt, media = content.get("kind", ""), content.get("text_format", "plain"), item.media or {}
    graded = grading.grade(content, response) if result else None
    view = ItemView(item=item, number=number, kind=kind, kind_label=KIND_LABELS.get(kind, kind),
                    name=responses.field_name(item), stem=rich(content.get("stem", ""), fmt, media),
                    answered=responses.answered(response), graded=graded, answer=answer)
    if kind in (grading.SINGLE, grading.MULTIPLE):
        options = content.get("options") or []
        chosen = set(response if isinstance(response, list) else [response])
        for position, i in enumerate(_option_order(attempt, item, len(options))):
            option = options[i]
            view.options.append(OptionView(
                index=i, letter=letter(position), html=rich(option.get("text", ""), fmt, media), chosen=i in chosen,
                correct=float(option.get("fraction") or 0) > 0,
                feedback=rich(option.get("feedback", ""), fmt, media) if result and show_key and i in chosen else ""))
    elif kind == grading.TRUE_FALSE:
        view.truth = response if isinstance(response, bool) else None
        view.expected = TRUTH_LABELS[bool(content.get("truth"))]
    elif kind == grading.TRUE_FALSE_GROUP:
        given = response if isinstance(response, list) else []
        for i, statement in enumerate(content.get("statements") or []):
            value = given[i] if i < len(given) and isinstance(given[i], bool) else None
            mark = graded.marks[i] if graded and i < len(graded.marks) else None
            view.parts.append(PartView(
                index=i, label=statement_letter(i), html=rich(statement.get("text", ""), fmt, media),
                name=responses.part_name(item, i), given=value,
                given_label=TRUTH_LABELS[value] if value is not None else "",
                expected_label=TRUTH_LABELS[bool(statement.get("truth"))], right=mark.right if mark else None,
                feedback=rich(mark.feedback, fmt, media) if mark and show_key and mark.feedback else ""))
    elif kind == grading.MATCHING:
        given = response if isinstance(response, list) else []
        view.choices = [(text, bare(text, fmt)) for text in responses.matching_choices(item, attempt.layout if attempt else {})]
        for i, pair in enumerate(content.get("pairs") or []):
            value = given[i] if i < len(given) else None
            mark = graded.marks[i] if graded and i < len(graded.marks) else None
            view.parts.append(PartView(
                index=i, label=str(i + 1), html=rich(pair[0], fmt, media), name=responses.part_name(item, i),
                given=value, given_label=bare(value, fmt) if value else "", expected_label=bare(pair[1], fmt),
                right=mark.right if mark else None))
    elif kind == grading.CLOZE:
        view.stem = _cloze_stem(item, content, response, media, graded, show_key)
    elif kind in (grading.SHORT_TEXT, grading.NUMERIC, grading.ESSAY):
        view.text = response if isinstance(response, str) else ""
        if kind == grading.SHORT_TEXT:
            best = max(content.get("options") or [], key=lambda o: float(o.get("fraction") or 0), default=None)
            view.expected = bare(best.get("text", ""), fmt) if best else ""
        elif kind == grading.NUMERIC:
            best = max(content.get("numeric") or [], key=lambda n: float(n.get("fraction") or 0), default=None)
            view.expected = _number(best) if best else ""
    if result:
        view.points = answer.points if answer is not None and answer.points is not None else None
        view.state = _state(graded, answer)
        if show_key:
            view.feedback = [rich(text, fmt, media) for text in graded.feedback]
            if kind == grading.ESSAY:
                view.model_answer = rich(content.get("model_answer", ""), fmt, media) if content.get("model_answer") else None
                view.rubric = rich(content.get("rubric", ""), fmt, media) if content.get("rubric") else None
    return view


def _number(answer: dict) -> str:
    value = number_format(answer.get("value"), use_l10n=True)
    tolerance = answer.get("tolerance") or 0
    return f"{value} ± {number_format(tolerance, use_l10n=True)}" if tolerance else str(value)


def attempt_views(attempt, items, answers: dict, result: bool = False, show_key: bool = False,
                  given: dict | None = None) -> list[ItemView]:
    """Every item of the attempt in its order, with its passage above the first of a group.
    `given`: responses by item id to show instead of the saved ones (a form sent back)."""
    views, seen_groups = [], set()
    for number, item in enumerate(ordered_items(attempt, items), start=1):
        answer = answers.get(item.pk)
        response = given[item.pk] if given is not None else (answer.response if answer else None)
        view = item_view(item, number, attempt, response, answer, result, show_key)
        key = item.group_key
        if item.passage and (not key or key not in seen_groups):
            view.passage = rich(item.passage, item.passage_format, item.media or {})
            view.passage_title = item.passage_title
        if key:
            seen_groups.add(key)
        views.append(view)
    return views
