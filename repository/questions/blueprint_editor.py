"""The blueprint editor's form (/ngan-hang/<id>/ma-tran/): the table as the teacher posts
it, read into a blueprint (exams/blueprint.py), and the table shown again with its totals.

Rows are topics; columns are the district's levels or, when the teacher chooses question
types, each type × each level (as the 2025 blueprints draw them: "Phần I – trắc nghiệm",
"Phần II – đúng/sai", "Phần III – trả lời ngắn", "tự luận", each × Biết/Hiểu/Vận dụng).

Fields: `topic-R`; `count-R-C` and `points-R-C` (C the level's index) without types,
`count-R-C-KIND` and `points-R-C-KIND` with them; `share-C` per level; `total_points`;
`kinds` (the types ticked) and `table_kinds` (the types of the columns the table was shown
with: its cells are read with those). When the two differ the table is shown again with
the columns ticked, the numbers typed carried over, nothing saved (`rearranged`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from repository.questions import interchange as qi
from repository.questions.exams import blueprint as blueprints
from repository.questions.exams.labels import kind_label

# The types a blueprint may split its levels by, in the order the 2025 exam prints its
# parts: PHẦN I (choice), PHẦN II (true/false statements), PHẦN III (short answers), essays.
KINDS = (qi.SINGLE, qi.MULTIPLE, qi.TRUE_FALSE, qi.MATCHING, qi.CLOZE, qi.TRUE_FALSE_GROUP, qi.SHORT_TEXT,
         qi.NUMERIC, qi.ESSAY)
MAX_ROWS = 60
EXTRA_ROWS = 3  # empty topic rows offered under the others

CellKey = tuple[int, int, str]  # (row, level index, kind; "" without types)


def kind_name(kind: str) -> str:
    """A type as a column of the blueprint is headed ("Trắc nghiệm", "Tự luận")."""
    return capfirst(kind_label(kind))


def kind_choices() -> list[tuple[str, str]]:
    return [(kind, kind_name(kind)) for kind in KINDS]


def suffix(r: int, c: int, kind: str) -> str:
    """The end of a cell's field names: "0-2" or "0-2-essay"."""
    return f"{r}-{c}-{kind}" if kind else f"{r}-{c}"


def _number(value, default=None):
    """A number as typed ("2,5" too); `default` when empty, None when not a number."""
    text = str(value).strip()
    if not text:
        return default
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        return None
    return number if number == number and abs(number) != float("inf") else None


@dataclass
class Posted:
    """The editor's form as typed (strings), whatever they hold."""

    name: str = ""
    topics: list[str] = field(default_factory=list)  # per row, "" for an empty row
    values: dict[CellKey, tuple[str, str]] = field(default_factory=dict)  # cell -> (count, points)
    shares: dict[int, str] = field(default_factory=dict)  # level index -> share
    total_points: str = "10"
    table_kinds: list[str] = field(default_factory=list)  # the columns' types as the table was shown
    kinds: list[str] = field(default_factory=list)  # the types ticked

    @property
    def columns_changed(self) -> bool:
        return self.kinds != self.table_kinds


def _kinds(post, name: str) -> list[str]:
    wanted = set(post.getlist(name))
    return [kind for kind in KINDS if kind in wanted]


def read(post, levels: list[str]) -> Posted:
    rows = int(post.get("rows", "0")) if post.get("rows", "").isdigit() else 0
    posted = Posted(name=post.get("name", ""), total_points=post.get("total_points", ""),
                    table_kinds=_kinds(post, "table_kinds"), kinds=_kinds(post, "kinds"))
    for r in range(min(rows, MAX_ROWS)):
        posted.topics.append(" ".join(post.get(f"topic-{r}", "").split()))
        for kind in posted.table_kinds or [""]:
            for c in range(len(levels)):
                end = suffix(r, c, kind)
                count, points = post.get(f"count-{end}", "").strip(), post.get(f"points-{end}", "").strip()
                if count or points:
                    posted.values[(r, c, kind)] = (count, points)
    for c in range(len(levels)):
        posted.shares[c] = post.get(f"share-{c}", "")
    return posted


def empty(topics: list[str]) -> Posted:
    """A new blueprint: the bank's topics as its rows, no types."""
    return Posted(topics=list(topics[:MAX_ROWS - EXTRA_ROWS]))


def rearranged(posted: Posted) -> tuple[Posted, list[str]]:
    """The form with the columns of the types ticked: each number typed kept in its cell
    where the cell is still there; a table without types put under the first type chosen;
    a typed table going back to no types keeps a cell's numbers where only one type had
    them. Also the names of the types whose numbers could not be kept."""
    new = posted.kinds
    values, dropped = {}, []
    alone: dict[tuple[int, int], list[CellKey]] = {}
    for (r, c, kind) in posted.values:
        alone.setdefault((r, c), []).append((r, c, kind))
    for (r, c, kind), typed in posted.values.items():
        if kind in new or (not kind and not new):
            values[(r, c, kind)] = typed
        elif not kind:
            values[(r, c, new[0])] = typed
        elif not new and len(alone[(r, c)]) == 1:
            values[(r, c, "")] = typed
        elif kind not in dropped:
            dropped.append(kind)
    result = Posted(name=posted.name, topics=list(posted.topics), values=values, shares=dict(posted.shares),
                    total_points=posted.total_points, table_kinds=list(new), kinds=list(new))
    return result, [kind_name(kind) for kind in posted.table_kinds if kind in dropped]


def spec_of(posted: Posted, levels: list[str]) -> tuple[blueprints.Blueprint | None, list[str]]:
    """The blueprint the form describes, or the reasons it cannot be read (what does not
    add up is blueprints.check's business)."""
    errors, topics, cells = [], [], []
    kinds = posted.table_kinds
    for r, topic in enumerate(posted.topics):
        if not topic:
            continue
        topics.append(topic)
        for kind in kinds or [""]:
            for c, level in enumerate(levels):
                count_text, points_text = posted.values.get((r, c, kind), ("", ""))
                count, points = _number(count_text, 0), _number(points_text, 0)
                if count is None or points is None or count != int(count) or count < 0 or points < 0:
                    if kind:
                        message = _("“%(topic)s”, %(kind)s, “%(level)s”: the count must be a whole number and the "
                                    "points a number.")
                    else:
                        message = _("“%(topic)s”, “%(level)s”: the count must be a whole number and the points a "
                                    "number.")
                    errors.append(message % {"topic": topic, "level": level, "kind": kind_label(kind)})
                    continue
                if count:
                    cells.append(blueprints.Cell(topic, level, int(count), points, kind=kind))
    shares = {}
    for c, level in enumerate(levels):
        share = _number(posted.shares.get(c, ""), 0)
        if share is None:
            errors.append(_("The share of “%(level)s” must be a number.") % {"level": level})
        else:
            shares[level] = share
    total = _number(posted.total_points, 10)
    if total is None:
        errors.append(_("The total points must be a number."))
    if not topics:
        errors.append(_("Write at least one topic."))
    if errors:
        return None, errors
    return blueprints.Blueprint(levels=list(levels), topics=topics, cells=cells, shares=shares, total_points=total,
                                kinds=list(kinds)), []


# --- the table shown ----------------------------------------------------------------------


@dataclass
class Sum:
    """Questions and points added up from what is typed (what cannot be read counts 0)."""

    count: int = 0
    points: float = 0.0

    def add(self, count: int, points: float) -> None:
        self.count += count
        self.points = round(self.points + count * points, 6)


def _readable(typed: tuple[str, str]) -> tuple[int, float] | None:
    """The count and points typed, or None when either cannot be read."""
    count, points = _number(typed[0], 0), _number(typed[1], 0)
    if count is None or points is None or count != int(count) or count < 0 or points < 0:
        return None
    return int(count), points


def table(posted: Posted, levels: list[str], available: dict | None = None, bank_topics=()) -> dict:
    """The editor's table: a header per type (with types), a column per type × level, a
    row per topic (and empty rows to write more) with its total, each column's, each
    type's and each level's totals, the levels' intended shares. `available`: how many
    approved questions each (topic, level, kind) of the bank's topics could draw from."""
    kinds = posted.table_kinds
    columns = [{"c": c, "level": level, "kind": kind, "total": Sum(),
                "label": f"{kind_name(kind)} · {level}" if kind else level}
               for kind in kinds or [""] for c, level in enumerate(levels)]
    by_kind = {kind: Sum() for kind in kinds}
    by_level = [Sum() for _level in levels]
    overall = Sum()
    topics = list(posted.topics)
    if topics.count("") == 0 or len(topics) < EXTRA_ROWS:
        topics += [""] * min(EXTRA_ROWS, MAX_ROWS - len(topics))
    rows = []
    for r, topic in enumerate(topics):
        total, cells = Sum(), []
        for column in columns:
            c, kind = column["c"], column["kind"]
            typed = posted.values.get((r, c, kind), ("", ""))
            readable = _readable(typed)
            count, points = readable or (0, 0.0)
            for each in (total, column["total"], by_level[c], overall) + ((by_kind[kind],) if kind else ()):
                each.add(count, points)
            cells.append({"c": c, "level": column["level"], "kind": kind, "label": column["label"],
                          "suffix": suffix(r, c, kind), "count": typed[0], "points": typed[1],
                          "invalid": readable is None,
                          "available": (available or {}).get((topic, column["level"], kind), 0)
                          if topic and topic in bank_topics else None})
        rows.append({"r": r, "topic": topic, "cells": cells, "total": total})
    total_points = _number(posted.total_points, 10)
    level_rows = [{"c": c, "level": level, "share": posted.shares.get(c, ""), "total": by_level[c],
                   "actual": by_level[c].points * 100 / total_points if total_points else 0.0}
                  for c, level in enumerate(levels)]
    return {"kinds": [{"kind": kind, "name": kind_name(kind), "span": len(levels), "total": by_kind[kind]}
                      for kind in kinds],
            "columns": columns, "rows": rows, "levels": level_rows, "overall": overall,
            "choices": [{"kind": kind, "name": name, "checked": kind in kinds} for kind, name in kind_choices()]}
