"""The quiz page's form read into responses (the JSON grading.py grades): one field per
question, named `field_name(item)`, or one per part (statement, prompt, blank), named
`part_name(item, n)`. What no form of ours sends (an option that is not there, a text
that is no choice) is read as no answer; an essay or a typed answer longer than the page
allows is refused (Invalid), nothing of the form saved."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from lms.quiz import grading

MAX_TEXT = 500  # a short answer, a number, a blank
MAX_ESSAY = 20_000


class Invalid(Exception):
    def __init__(self, message, params: dict | None = None):
        super().__init__(message, params)
        self.message, self.params = message, params or {}

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


def field_name(item) -> str:
    return f"q{item.pk}"


def part_name(item, n: int) -> str:
    return f"q{item.pk}-{n}"


def matching_choices(item, layout: dict) -> list[str]:
    """A matching question's answers in the order the attempt shows them."""
    choices = (layout or {}).get("choices", {}).get(str(item.pk))
    if choices is None:
        content = item.content or {}
        texts = [p[1] for p in content.get("pairs") or []] + list(content.get("distractors") or [])
        choices = list(dict.fromkeys(t for t in texts if t))
    return choices


def _index(value: str | None, count: int) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    index = int(value)
    return index if index < count else None


def _text(value: str | None, limit: int | None, number: int) -> str | None:
    if value is None:
        return None
    if limit is not None and len(value) > limit:
        raise Invalid(_("The answer to question %(number)d is longer than %(limit)d characters: shorten it, "
                        "then save again."), {"number": number, "limit": limit})
    return value if value.strip() else None


def _truth(value: str | None) -> bool | None:
    return {"true": True, "false": False}.get(value or "")


def read(item, data, layout: dict | None = None, number: int = 0, strict: bool = True):
    """The response to `item` in `data` (a QueryDict), None when nothing was given.
    `strict` False: texts of any length (to show the form again as it was sent)."""
    content = item.content or {}
    text_limit, essay_limit = (MAX_TEXT, MAX_ESSAY) if strict else (None, None)
    kind, name = content.get("kind"), field_name(item)
    if kind == grading.SINGLE:
        return _index(data.get(name), len(content.get("options") or []))
    if kind == grading.MULTIPLE:
        count = len(content.get("options") or [])
        chosen = sorted({i for i in (_index(v, count) for v in data.getlist(name)) if i is not None})
        return chosen or None
    if kind == grading.TRUE_FALSE:
        return _truth(data.get(name))
    if kind == grading.TRUE_FALSE_GROUP:
        judged = [_truth(data.get(part_name(item, i))) for i in range(len(content.get("statements") or []))]
        return judged if any(j is not None for j in judged) else None
    if kind in (grading.SHORT_TEXT, grading.NUMERIC):
        text = _text(data.get(name), text_limit, number)
        return text.strip() if text else None
    if kind == grading.ESSAY:
        return _text(data.get(name), essay_limit, number)
    if kind == grading.MATCHING:
        choices = set(matching_choices(item, layout or {}))
        given = [data.get(part_name(item, i)) for i in range(len(content.get("pairs") or []))]
        given = [g if g in choices else None for g in given]
        return given if any(given) else None
    if kind == grading.CLOZE:
        given = []
        for i, options in enumerate(content.get("blanks") or []):
            value = data.get(part_name(item, i))
            if grading.is_choice(options or []):
                given.append(value if value in {o.get("text") for o in options} else None)
            else:
                text = _text(value, text_limit, number)
                given.append(text.strip() if text else None)
        return given if any(g is not None for g in given) else None
    return _text(data.get(name), essay_limit, number)


def read_all(items, data, layout: dict | None = None, strict: bool = True) -> dict[int, object]:
    """{item id: response} for every item of the attempt, numbered as shown."""
    return {item.pk: read(item, data, layout, number, strict) for number, item in enumerate(items, start=1)}


def answered(response) -> bool:
    if isinstance(response, str):
        return bool(response.strip())
    if isinstance(response, (list, tuple)):
        return any(answered(r) for r in response)
    return response is not None
