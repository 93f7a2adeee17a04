"""Item statistics of a quiz from a set of attempts: pure functions, no database.

- difficulty index (độ khó, p): the mean fraction of the item's points the attempts
  earned, 0…1 (higher is easier); answers still waiting for a teacher are left out;
- discrimination index (độ phân biệt, D): the attempts sorted by total score, the upper
  27 % minus the lower 27 % (each at least one attempt, the two groups never sharing
  one): the mean fraction of the upper group minus that of the lower, −1…1; None with
  fewer than two attempts or when a group has no graded answer to the item;
- option distribution: how many attempts chose each option (single, multiple), judged
  the statement true or false (true_false, and per statement of a true_false_group), or
  chose each text (matching per prompt, cloze per blank chosen from options).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Hashable, Mapping, Sequence

from lms.quiz import grading

GROUP_SHARE = 0.27


@dataclass(frozen=True)
class Scored:
    """One attempt: its total score, and per item its fraction (None: not graded yet)
    and response (JSON)."""

    total: float
    fractions: Mapping[Hashable, float | None]
    responses: Mapping[Hashable, object] = field(default_factory=dict)


@dataclass(frozen=True)
class Choice:
    """One row of an item's distribution: `part` (a statement, prompt or blank, from 0;
    None for the question's own options), `value` (an option's index, true/false, or a
    text chosen), how many attempts chose it, and whether it is right."""

    part: int | None
    value: object
    count: int
    correct: bool


@dataclass(frozen=True)
class ItemStatistics:
    key: Hashable
    attempts: int  # attempts with a graded answer to it
    answered: int  # of them, those that gave something
    difficulty: float | None
    discrimination: float | None
    distribution: tuple[Choice, ...] = ()


def _mean(values) -> float | None:
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def groups(scored: Sequence[Scored]) -> tuple[list[Scored], list[Scored]]:
    """The upper and lower 27 % of the attempts by total score (stable: ties keep the
    order given)."""
    count = len(scored)
    if count < 2:
        return [], []
    size = min(count // 2, max(1, round(GROUP_SHARE * count)))
    ordered = sorted(scored, key=lambda s: -s.total)
    return ordered[:size], ordered[-size:]


def _answered(response) -> bool:
    if isinstance(response, str):
        return bool(response.strip())
    if isinstance(response, (list, tuple)):
        return any(_answered(v) for v in response)
    return response is not None


def distribution(content: dict, responses: Sequence[object]) -> tuple[Choice, ...]:
    """How the responses spread over the item's options (see the module's docstring)."""
    kind = (content or {}).get("kind")
    rows: list[Choice] = []
    if kind in (grading.SINGLE, grading.MULTIPLE):
        options = content.get("options") or []
        counts = Counter()
        for response in responses:
            values = response if isinstance(response, (list, tuple)) else [response]
            chosen = {v for v in values if isinstance(v, int) and not isinstance(v, bool) and 0 <= v < len(options)}
            counts.update(chosen)
        rows = [Choice(None, i, counts[i], float(o.get("fraction") or 0) > 0) for i, o in enumerate(options)]
    elif kind == grading.TRUE_FALSE:
        counts = Counter(r for r in responses if isinstance(r, bool))
        truth = bool(content.get("truth"))
        rows = [Choice(None, value, counts[value], value == truth) for value in (True, False)]
    elif kind == grading.TRUE_FALSE_GROUP:
        for i, statement in enumerate(content.get("statements") or []):
            counts = Counter(r[i] for r in responses if isinstance(r, (list, tuple)) and len(r) > i
                             and isinstance(r[i], bool))
            truth = bool(statement.get("truth"))
            rows += [Choice(i, value, counts[value], value == truth) for value in (True, False)]
    elif kind == grading.MATCHING:
        for i, pair in enumerate(content.get("pairs") or []):
            counts = Counter(r[i] for r in responses if isinstance(r, (list, tuple)) and len(r) > i
                             and isinstance(r[i], str) and r[i])
            rows += [Choice(i, text, n, grading.plain(text) == grading.plain(pair[1]))
                     for text, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    elif kind == grading.CLOZE:
        for i, options in enumerate(content.get("blanks") or []):
            if not grading.is_choice(options or []):
                continue
            counts = Counter(r[i] for r in responses if isinstance(r, (list, tuple)) and len(r) > i
                             and isinstance(r[i], str))
            rows += [Choice(i, o.get("text", ""), counts[o.get("text", "")], float(o.get("fraction") or 0) > 0)
                     for o in options]
    return tuple(rows)


def item_statistics(scored: Sequence[Scored], contents: Mapping[Hashable, dict]) -> list[ItemStatistics]:
    """The statistics of each item of `contents` (in its order) over the attempts `scored`."""
    upper, lower = groups(scored)
    result = []
    for key, content in contents.items():
        graded = [s for s in scored if s.fractions.get(key) is not None]
        high = _mean(s.fractions.get(key) for s in upper)
        low = _mean(s.fractions.get(key) for s in lower)
        result.append(ItemStatistics(
            key=key,
            attempts=len(graded),
            answered=sum(1 for s in graded if _answered(s.responses.get(key))),
            difficulty=_mean(s.fractions[key] for s in graded),
            discrimination=None if high is None or low is None else round(high - low, 6),
            distribution=distribution(content, [s.responses.get(key) for s in scored]),
        ))
    return result
