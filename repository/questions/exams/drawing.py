"""Drawing approved questions to fill a blueprint, and swapping one for another.

The caller gives the approved questions that may be drawn as `Candidate` records (no
database here). A candidate fills the cell of its topic, level (and kind, when the
blueprint has kind columns); names are compared folded ("Hàm số" is "Ham so") and the
two level sets' names are mapped onto the blueprint's ("Nhận biết" fills "Biết", "Vận
dụng cao" fills "Vận dụng" in a three-level blueprint, "NB"/"TH"/"VD"/"VDC" too).

Questions sharing a passage (the same `group`) are drawn together or not at all, each
counting toward its own cell. What cannot be filled is listed as `Shortfall`s saying
exactly which cell and why. The same blueprint, candidates and seed give the same draw.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from django.utils.text import capfirst
from django.utils.translation import gettext as _

from repository.questions import levels as level_sets
from repository.questions.exams.blueprint import Blueprint
from repository.questions.exams.labels import cell_label, key

# A cell as the blueprint names it: (topic, level, kind), kind "" without kind columns.
CellKey = tuple[str, str, str]

# How many orders are tried when passages keep some cells from filling (groups first in
# every other one); the first order that fills every cell wins, else the one that fills most.
ATTEMPTS = 24


@dataclass(frozen=True)
class Candidate:
    """An approved question that may be drawn."""

    id: object
    topic: str
    level: str  # as the bank names it (either level set, or "NB", "VDC"…)
    kind: str  # interchange kind
    points: float | None = None  # the bank's points for it; the exam gives the cell's
    group: str | None = None  # its shared passage's key, if any
    version: object = None  # the version drawn (exams keep the version they used)


@dataclass
class Shortfall:
    """A cell the draw could not fill: how many it needs, how many were drawn, how many
    approved questions the bank has for it, how many of those were left out on request
    (or share a passage with one left out)."""

    cell: CellKey
    needed: int
    chosen: int
    approved: int
    excluded: int = 0

    @property
    def missing(self) -> int:
        return self.needed - self.chosen

    @property
    def message(self) -> str:
        """Why, in the language active when it is read."""
        values = {"cell": cell_label(*self.cell), "needed": self.needed, "approved": self.approved,
                  "excluded": self.excluded, "chosen": self.chosen,
                  "rest": self.approved - self.excluded - self.chosen}
        if self.approved == 0:
            text = _("%(cell)s: needs %(needed)s questions, the bank has no approved question.")
        elif self.approved < self.needed:
            text = _("%(cell)s: needs %(needed)s questions, the bank has %(approved)s approved.")
        elif self.approved - self.excluded < self.needed:
            text = _("%(cell)s: needs %(needed)s questions, the bank has %(approved)s approved but "
                     "%(excluded)s of them are left out.")
        else:
            text = _("%(cell)s: needs %(needed)s questions, only %(chosen)s could be drawn: the other %(rest)s "
                     "approved share a passage with questions that cannot be drawn with them (a passage's "
                     "questions are drawn together or not at all).")
        return capfirst(text % values)


@dataclass
class Draw:
    blueprint: Blueprint
    seed: object
    cells: dict[CellKey, list] = field(default_factory=dict)  # every cell to fill -> the ids drawn
    shortfalls: list[Shortfall] = field(default_factory=list)
    versions: dict = field(default_factory=dict)  # id -> the version drawn
    groups: dict[str, list] = field(default_factory=dict)  # passage key -> its ids drawn, in order

    @property
    def ok(self) -> bool:
        return not self.shortfalls

    def ids(self) -> list:
        """Every id drawn, cell by cell in the blueprint's order."""
        return [i for ids in self.cells.values() for i in ids]

    def points(self, cell: CellKey) -> float:
        """The points each question of `cell` is worth in this exam (the blueprint's)."""
        found = self.blueprint.cell(*cell)
        return found.points if found else 0.0


class SwapRefused(ValueError):
    """Why a question cannot be swapped for another (the message, in the teacher's language)."""


def cell_of(blueprint: Blueprint, candidate: Candidate) -> CellKey | None:
    """The cell of `blueprint` the candidate would fill (one holding questions), or None."""
    return _Cells(blueprint).of(candidate)


class _Cells:
    """Finds candidates' cells: the names of a blueprint folded once, each level written
    in the bank looked up once."""

    def __init__(self, blueprint: Blueprint):
        self.topics = {}
        for topic in blueprint.topics:
            self.topics.setdefault(key(topic), topic)
        self.levels = {}
        for level in blueprint.levels:
            self.levels.setdefault(key(level), level)
        self.kinds = blueprint.kinds
        self.needs = _needs(blueprint)
        # the level set the blueprint uses first: "VDC" is "Vận dụng cao" where it has it
        self.sets = sorted(level_sets.LEVEL_SETS, key=lambda name: -len(
            self.levels.keys() & {key(lv) for lv in level_sets.LEVEL_SETS[name]}))
        self._level_cache: dict[str, str | None] = {}

    def of(self, candidate: Candidate) -> CellKey | None:
        topic = self.topics.get(key(candidate.topic))
        level = self.level(candidate.level)
        if topic is None or level is None:
            return None
        if self.kinds:
            if candidate.kind not in self.kinds:
                return None
            cell = (topic, level, candidate.kind)
        else:
            cell = (topic, level, "")
        return cell if cell in self.needs else None

    def level(self, written: str) -> str | None:
        if written not in self._level_cache:
            found = self.levels.get(key(written))
            for level_set in self.sets:
                if found is not None:
                    break
                mapped = level_sets.level_in_set(written, level_set)
                if mapped:
                    found = self.levels.get(key(mapped))
            self._level_cache[written] = found
        return self._level_cache[written]


def draw(blueprint: Blueprint, candidates: list[Candidate], seed, exclude=()) -> Draw:
    """Fill every cell of `blueprint` holding questions with candidates drawn at random
    from `seed`, never one whose id is in `exclude` (nor a passage with one of those)."""
    cells = _Cells(blueprint)
    needs = cells.needs
    excluded = set(exclude)
    once: dict = {}
    for c in candidates:  # each id once, the first kept
        once.setdefault(c.id, c)
    candidates = list(once.values())
    placed = {c.id: cells.of(c) for c in candidates}
    units = _units(candidates)
    for unit in units:  # a passage with a question left out is left out whole
        if any(c.id in excluded for c in unit):
            excluded.update(c.id for c in unit)
    usable = [u for u in units
              if all(placed[c.id] is not None and c.id not in excluded for c in u)]
    usable.sort(key=lambda u: repr(u[0].id))  # the same draw whatever order the bank listed them in
    rng = random.Random(seed)
    best = None
    has_groups = any(len(u) > 1 for u in usable)
    for attempt in range(ATTEMPTS if has_groups else 1):
        order = list(usable)
        rng.shuffle(order)
        if attempt % 2:
            order.sort(key=lambda u: len(u) == 1)  # passages first, in the shuffled order
        filled = _fill(order, needs, placed)
        missing = sum(needs[cell] - len(filled[cell]) for cell in needs)
        if best is None or missing < best[0]:
            best = (missing, filled)
        if missing == 0:
            break
    filled = best[1]
    result = Draw(blueprint=blueprint, seed=seed, cells={cell: [c.id for c in filled[cell]] for cell in needs})
    by_id = {c.id: c for c in candidates}
    for cell_ids in result.cells.values():
        for i in cell_ids:
            result.versions[i] = by_id[i].version
    for c in candidates:  # passages in the bank's order of their questions
        if c.group and c.id in result.versions:
            result.groups.setdefault(c.group, []).append(c.id)
    for cell, need in needs.items():
        if len(filled[cell]) < need:
            matching = [c for c in candidates if placed[c.id] == cell]
            result.shortfalls.append(Shortfall(cell=cell, needed=need, chosen=len(filled[cell]),
                                               approved=len(matching),
                                               excluded=sum(1 for c in matching if c.id in excluded)))
    return result


def _needs(blueprint: Blueprint) -> dict[CellKey, int]:
    """Each cell to fill (named as the blueprint's rows and columns) and how many
    questions, in the blueprint's order."""
    topics = {key(t): t for t in reversed(blueprint.topics)}
    levels = {key(lv): lv for lv in reversed(blueprint.levels)}
    needs: dict[CellKey, int] = {}
    for cell in blueprint.cells:
        if not isinstance(cell.count, int) or isinstance(cell.count, bool) or cell.count <= 0:
            continue
        name = (topics.get(key(cell.topic), cell.topic), levels.get(key(cell.level), cell.level),
                cell.kind if blueprint.kinds else "")
        needs.setdefault(name, cell.count)
    return needs


def _units(candidates: list[Candidate]) -> list[list[Candidate]]:
    """What is drawn as one: a question alone, or all the questions of a passage."""
    units, groups = [], {}
    for c in candidates:
        if not c.group:
            units.append([c])
        elif c.group in groups:
            groups[c.group].append(c)
        else:
            groups[c.group] = [c]
            units.append(groups[c.group])
    return units


def _fill(order, needs, placed) -> dict[CellKey, list[Candidate]]:
    filled = {cell: [] for cell in needs}
    for unit in order:
        demand: dict[CellKey, int] = {}
        for c in unit:
            demand[placed[c.id]] = demand.get(placed[c.id], 0) + 1
        if all(len(filled[cell]) + n <= needs[cell] for cell, n in demand.items()):
            for c in unit:
                filled[placed[c.id]].append(c)
    return filled


def swap(draw: Draw, cell: CellKey, out_id, in_id, candidates: list[Candidate]) -> Draw:
    """The draw with question `out_id` of `cell` replaced by `in_id`, an approved
    question of the same cell not yet in the exam. A question sharing a passage is
    swapped with its whole passage, for another passage with as many questions in each
    cell. Raises SwapRefused saying why otherwise; `draw` itself is left as it was."""
    cell = tuple(cell)
    if cell not in draw.cells:
        raise SwapRefused(_("The blueprint has no questions in the cell %(cell)s.") % {"cell": cell_label(*cell)})
    if out_id not in draw.cells[cell]:
        raise SwapRefused(_("Question %(id)s is not one of the exam's questions in the cell %(cell)s.")
                          % {"id": out_id, "cell": cell_label(*cell)})
    by_id = {c.id: c for c in candidates}
    incoming = by_id.get(in_id)
    if incoming is None:
        raise SwapRefused(_("Question %(id)s is not among the approved questions of the bank.") % {"id": in_id})
    if in_id in draw.versions:
        raise SwapRefused(_("Question %(id)s is already in the exam.") % {"id": in_id})
    its_cell = cell_of(draw.blueprint, incoming)
    if its_cell != cell:
        its = cell_label(*(its_cell or (incoming.topic, incoming.level, incoming.kind if draw.blueprint.kinds else "")))
        raise SwapRefused(_("Question %(id)s belongs to the cell %(its)s, not to %(cell)s.")
                          % {"id": in_id, "its": its, "cell": cell_label(*cell)})
    out_group = next((g for g, ids in draw.groups.items() if out_id in ids), None)
    if out_group is None and not incoming.group:
        return _replaced(draw, {out_id: incoming}, {})
    if out_group is None:
        members = [c.id for c in candidates if c.group == incoming.group]
        raise SwapRefused(_("Question %(id)s shares a passage with questions %(others)s: a passage's questions are "
                            "drawn together or not at all.")
                          % {"id": in_id, "others": _ids([i for i in members if i != in_id])})
    outgoing = draw.groups[out_group]
    if not incoming.group:
        raise SwapRefused(_("Question %(id)s shares a passage with questions %(others)s: swap it for a question of "
                            "another passage.") % {"id": out_id, "others": _ids([i for i in outgoing if i != out_id])})
    members = [c for c in candidates if c.group == incoming.group]
    for c in members:
        if c.id in draw.versions:
            raise SwapRefused(_("Question %(id)s is already in the exam.") % {"id": c.id})
    out_cells = [cell_of(draw.blueprint, by_id[i]) if i in by_id else _cell_holding(draw, i) for i in outgoing]
    in_cells = [cell_of(draw.blueprint, c) for c in members]
    if None in in_cells or sorted(out_cells) != sorted(in_cells):
        raise SwapRefused(_("The passage of question %(in)s does not have as many questions in each cell as the "
                            "passage of question %(out)s.") % {"in": in_id, "out": out_id})
    pairs, waiting = {}, list(zip(in_cells, members))
    for i, where in zip(outgoing, out_cells):
        match = next(p for p in waiting if p[0] == where)
        waiting.remove(match)
        pairs[i] = match[1]
    return _replaced(draw, pairs, {out_group: None, incoming.group: [c.id for c in members]})


def _cell_holding(draw: Draw, question_id) -> CellKey | None:
    return next((cell for cell, ids in draw.cells.items() if question_id in ids), None)


def _replaced(draw: Draw, pairs: dict, groups: dict) -> Draw:
    """A copy of `draw` with each id of `pairs` replaced, in place, by its candidate."""
    cells = {cell: [pairs[i].id if i in pairs else i for i in ids] for cell, ids in draw.cells.items()}
    versions = {}
    for ids in cells.values():
        for i in ids:
            versions[i] = draw.versions[i] if i in draw.versions else None
    for c in pairs.values():
        versions[c.id] = c.version
    new_groups = {g: list(ids) for g, ids in draw.groups.items()}
    for g, ids in groups.items():
        if ids is None:
            new_groups.pop(g, None)
        else:
            new_groups[g] = ids
    return replace(draw, cells=cells, versions=versions, groups=new_groups,
                   shortfalls=list(draw.shortfalls))


def _ids(ids: list) -> str:
    return ", ".join(str(i) for i in ids)
