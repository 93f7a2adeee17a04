"""A blueprint (ma trận đề / bảng đặc tả): the table an exam is built from.

Rows are topics (chủ đề/bài), columns cognitive levels in the order the blueprint gives
them (["Biết", "Hiểu", "Vận dụng"] or ["Nhận biết", "Thông hiểu", "Vận dụng", "Vận dụng
cao"]: the district's choice, never fixed here) and, optionally, question kinds
(interchange kinds: a cell per topic, level and kind). A cell holds how many questions
and the points of each. The blueprint states the share of the points each level should
have (40/30/30 %) and the total (10): `check` adds the rows and columns up and says,
in the teacher's language, which row or column does not add up.

Pure data and functions: `to_json`/`from_json` give the JSON the bank stores.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from repository.questions import interchange as qi
from repository.questions.exams.labels import cell_label, decimal_comma, key

JSON_VERSION = 1


@dataclass
class Cell:
    topic: str
    level: str
    count: int  # how many questions
    points: float  # the points of each
    kind: str = ""  # an interchange kind when the blueprint has kind columns, else ""

    @property
    def total(self) -> float:
        return self.count * self.points

    @property
    def label(self) -> str:
        return cell_label(self.topic, self.level, self.kind)


@dataclass
class Blueprint:
    levels: list[str]  # the columns, in order
    topics: list[str]  # the rows, in order
    cells: list[Cell] = field(default_factory=list)  # cells left out hold no questions
    shares: dict[str, float] = field(default_factory=dict)  # level -> intended % of the points
    total_points: float = 10.0
    kinds: list[str] = field(default_factory=list)  # optional kind columns (interchange kinds)
    title: str = ""

    def cell(self, topic: str, level: str, kind: str = "") -> Cell | None:
        """The cell of a row, column (and kind), names compared folded."""
        wanted = (key(topic), key(level), kind)
        for cell in self.cells:
            if (key(cell.topic), key(cell.level), cell.kind) == wanted:
                return cell
        return None


@dataclass
class Problem:
    """What does not add up, naming the row (topic) or column (level, kind) it concerns;
    both empty for the blueprint as a whole."""

    message: str
    topic: str = ""
    level: str = ""
    kind: str = ""

    def __post_init__(self):
        self.message = capfirst(self.message)  # a sentence, even when it starts with a cell's name


@dataclass
class Total:
    count: int = 0
    points: float = 0.0

    def add(self, cell: Cell) -> None:
        self.count += cell.count
        self.points = round(self.points + cell.total, 6)


@dataclass
class Totals:
    rows: dict[str, Total]  # by topic
    levels: dict[str, Total]  # by level
    kinds: dict[str, Total]  # by kind (empty without kind columns)
    overall: Total

    def share(self, level: str, total_points: float) -> float:
        """The level's points as a percentage of `total_points`."""
        return self.levels[level].points * 100 / total_points if total_points else 0.0


def totals(blueprint: Blueprint) -> Totals:
    """Questions and points per row, per column and overall. Cells naming a row or
    column the blueprint does not have count only toward the overall total."""
    topics = {key(t): t for t in blueprint.topics}
    levels = {key(lv): lv for lv in blueprint.levels}
    result = Totals(rows={t: Total() for t in blueprint.topics}, levels={lv: Total() for lv in blueprint.levels},
                    kinds={k: Total() for k in blueprint.kinds}, overall=Total())
    for cell in blueprint.cells:
        if not _valid_count(cell.count):
            continue
        result.overall.add(cell)
        if key(cell.topic) in topics:
            result.rows[topics[key(cell.topic)]].add(cell)
        if key(cell.level) in levels:
            result.levels[levels[key(cell.level)]].add(cell)
        if cell.kind in result.kinds:
            result.kinds[cell.kind].add(cell)
    return result


def check(blueprint: Blueprint) -> list[Problem]:
    """Everything that does not add up, in the order a teacher reads the table: its
    rows and columns, its cells, the rows left empty, the levels' shares, the total.
    Points are compared to the hundredth of a point."""
    problems: list[Problem] = []
    problems += _names(blueprint)
    problems += _cells(blueprint)
    sums = totals(blueprint)
    for topic, total in sums.rows.items():
        if total.count == 0:
            problems.append(Problem(_("Topic '%(topic)s' has no questions.") % {"topic": topic}, topic=topic))
    problems += _shares(blueprint, sums)
    if blueprint.total_points <= 0:
        problems.append(Problem(_("The total points must be more than 0, not %(total)s.")
                                % {"total": decimal_comma(blueprint.total_points, 2)}))
    elif _hundredths(sums.overall.points) != _hundredths(blueprint.total_points):
        problems.append(Problem(_("The blueprint adds up to %(points)s points, not %(total)s.")
                                % {"points": decimal_comma(sums.overall.points, 2),
                                   "total": decimal_comma(blueprint.total_points, 2)}))
    return problems


def _names(blueprint: Blueprint) -> list[Problem]:
    problems = []
    if not blueprint.levels:
        problems.append(Problem(_("The blueprint has no cognitive levels (columns).")))
    if not blueprint.topics:
        problems.append(Problem(_("The blueprint has no topics (rows).")))
    for level in _twice(blueprint.levels):
        problems.append(Problem(_("Level '%(level)s' appears twice.") % {"level": level}, level=level))
    for topic in _twice(blueprint.topics):
        problems.append(Problem(_("Topic '%(topic)s' appears twice.") % {"topic": topic}, topic=topic))
    for kind in blueprint.kinds:
        if kind not in qi.KINDS:
            problems.append(Problem(_("'%(kind)s' is not a question type.") % {"kind": kind}, kind=kind))
    for kind in _twice(blueprint.kinds):
        problems.append(Problem(_("The question type '%(kind)s' appears twice.") % {"kind": kind}, kind=kind))
    return problems


def _twice(names: list[str]) -> list[str]:
    seen, twice = set(), []
    for name in names:
        if key(name) in seen and name not in twice:
            twice.append(name)
        seen.add(key(name))
    return twice


def _cells(blueprint: Blueprint) -> list[Problem]:
    problems = []
    topics = {key(t) for t in blueprint.topics}
    levels = {key(lv) for lv in blueprint.levels}
    seen = set()
    for cell in blueprint.cells:
        where = {"topic": cell.topic, "level": cell.level, "kind": cell.kind}
        if key(cell.topic) not in topics:
            problems.append(Problem(_("A cell names the topic '%(topic)s', which is not a row of the blueprint.")
                                    % {"topic": cell.topic}, **where))
        if key(cell.level) not in levels:
            problems.append(Problem(_("A cell names the level '%(level)s', which is not a column of the blueprint.")
                                    % {"level": cell.level}, **where))
        if cell.kind not in (blueprint.kinds or [""]):
            problems.append(Problem(_("%(cell)s: the question type '%(kind)s' is not a column of the blueprint.")
                                    % {"cell": cell_label(cell.topic, cell.level), "kind": cell.kind}, **where))
        if not _valid_count(cell.count):
            problems.append(Problem(_("%(cell)s: the number of questions must be a whole number from 0, not %(count)s.")
                                    % {"cell": cell.label, "count": cell.count}, **where))
        elif cell.count and not (isinstance(cell.points, (int, float)) and cell.points > 0):
            problems.append(Problem(_("%(cell)s: each question must be worth more than 0 points.")
                                    % {"cell": cell.label}, **where))
        identity = (key(cell.topic), key(cell.level), cell.kind)
        if identity in seen:
            problems.append(Problem(_("%(cell)s appears twice in the blueprint.") % {"cell": cell.label}, **where))
        seen.add(identity)
    return problems


def _valid_count(count) -> bool:
    return isinstance(count, int) and not isinstance(count, bool) and count >= 0


def _shares(blueprint: Blueprint, sums: Totals) -> list[Problem]:
    problems = []
    levels = {key(lv) for lv in blueprint.levels}
    for level in blueprint.shares:
        if key(level) not in levels:
            problems.append(Problem(_("The intended shares name the level '%(level)s', which is not a column of "
                                      "the blueprint.") % {"level": level}, level=level))
    shares = {key(lv): share for lv, share in blueprint.shares.items()}
    given = []
    for level in _first_of_each(blueprint.levels):
        share = shares.get(key(level))
        if share is None:
            problems.append(Problem(_("Level '%(level)s' has no intended share of the points.") % {"level": level},
                                    level=level))
            continue
        if not isinstance(share, (int, float)) or isinstance(share, bool) or not 0 <= share <= 100:
            problems.append(Problem(_("Level '%(level)s': the intended share must be from 0 to 100%%, not "
                                      "%(share)s%%.") % {"level": level, "share": share}, level=level))
            continue
        given.append(share)
        if blueprint.total_points <= 0:
            continue
        intended = blueprint.total_points * share / 100
        points = sums.levels[level].points
        if _hundredths(points) != _hundredths(intended):
            problems.append(Problem(
                _("Level '%(level)s': %(points)s points (%(share)s%%), the blueprint intends %(intended)s points "
                  "(%(intended_share)s%%).")
                % {"level": level, "points": decimal_comma(points, 2),
                   "share": decimal_comma(sums.share(level, blueprint.total_points), 2),
                   "intended": decimal_comma(intended, 2), "intended_share": decimal_comma(share, 2)},
                level=level))
    if given and len(given) == len(_first_of_each(blueprint.levels)) and _hundredths(sum(given)) != _hundredths(100):
        problems.append(Problem(_("The intended shares of the levels add up to %(sum)s%%, not 100%%.")
                                % {"sum": decimal_comma(sum(given), 2)}))
    return problems


def _first_of_each(names: list[str]) -> list[str]:
    firsts = {}
    for name in names:
        firsts.setdefault(key(name), name)
    return list(firsts.values())


def _hundredths(value: float) -> Decimal:
    return Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# JSON (what the bank stores)

def to_json(blueprint: Blueprint) -> dict:
    """The blueprint as JSON-ready data (a JSONField's value)."""
    return {
        "version": JSON_VERSION,
        "title": blueprint.title,
        "levels": list(blueprint.levels),
        "topics": list(blueprint.topics),
        "kinds": list(blueprint.kinds),
        "shares": [[level, share] for level, share in blueprint.shares.items()],
        "total_points": blueprint.total_points,
        "cells": [{"topic": c.topic, "level": c.level, "kind": c.kind, "count": c.count, "points": c.points}
                  for c in blueprint.cells],
    }


class Unreadable(ValueError):
    """Stored data that is not a blueprint (the message says which part)."""


def from_json(data: dict | str) -> Blueprint:
    """The blueprint `to_json` gave (data or its text). Raises Unreadable, saying which
    part is wrong, for anything else; what does not add up is `check`'s business."""
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except ValueError:
            raise Unreadable(_("The blueprint cannot be read: it is not JSON.")) from None
    part = "blueprint"
    try:
        if not isinstance(data, dict):
            raise TypeError
        part = "levels"
        levels = _strings(data["levels"])
        part = "topics"
        topics = _strings(data["topics"])
        part = "kinds"
        kinds = _strings(data.get("kinds", []))
        part = "shares"
        shares = {}
        for level, share in data.get("shares", []):
            if not isinstance(level, str) or not isinstance(share, (int, float)):
                raise TypeError
            shares[level] = share
        part = "total_points"
        total_points = data.get("total_points", 10)
        if not isinstance(total_points, (int, float)) or isinstance(total_points, bool):
            raise TypeError
        part = "cells"
        cells = []
        for raw in data.get("cells", []):
            cell = Cell(topic=raw["topic"], level=raw["level"], kind=raw.get("kind", ""), count=raw["count"],
                        points=raw["points"])
            if not all(isinstance(v, str) for v in (cell.topic, cell.level, cell.kind)):
                raise TypeError
            if not isinstance(cell.points, (int, float)) or isinstance(cell.points, bool):
                raise TypeError
            cells.append(cell)
        part = "title"
        title = data.get("title", "")
        if not isinstance(title, str):
            raise TypeError
    except (KeyError, TypeError, ValueError):
        raise Unreadable(_("The blueprint cannot be read: “%(part)s” is missing or wrong.") % {"part": part}) from None
    return Blueprint(levels=levels, topics=topics, cells=cells, shares=shares, total_points=total_points,
                     kinds=kinds, title=title)


def _strings(value) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise TypeError
    return list(value)
