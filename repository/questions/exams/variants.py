"""A variant (mã đề) of an exam as it is printed and keyed: what the exam builder makes and
the Word writer (repository/questions/word/) prints.

`make_variants` makes them from the exam's questions in order: the questions are put in
the 2025 exam's parts (PHẦN I choice, PHẦN II true/false statements, PHẦN III short
answer, then essays) and shuffled within each part, the questions of a shared passage
kept together and in their order; the options of choice questions are shuffled except
those marked `fixed` ("Cả A và B đều đúng" keeps its letter); the statements a)–d) of a
true/false group keep their order unless asked. Each variant's key is worked out after
its shuffle. The same questions and seed give the same variants; no two are alike when
the questions allow it.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from django.utils.translation import gettext as _

from repository.questions import interchange
from repository.questions.exams.labels import decimal_comma

# The parts of an exam, in the order the 2025 exam prints them.
CHOICE = "choice"  # PHẦN I: one (or several) of A, B, C, D…; true/false, matching, cloze with it
TRUE_FALSE_GROUP = "true_false_group"  # PHẦN II: statements a)–d), each Đúng or Sai
SHORT_ANSWER = "short_answer"  # PHẦN III: a number or a short text
ESSAY = "essay"  # tự luận
PARTS = (CHOICE, TRUE_FALSE_GROUP, SHORT_ANSWER, ESSAY)
PART_OF_KIND = {
    interchange.SINGLE: CHOICE, interchange.MULTIPLE: CHOICE, interchange.TRUE_FALSE: CHOICE,
    interchange.MATCHING: CHOICE, interchange.CLOZE: CHOICE,
    interchange.TRUE_FALSE_GROUP: TRUE_FALSE_GROUP,
    interchange.SHORT_TEXT: SHORT_ANSWER, interchange.NUMERIC: SHORT_ANSWER,
    interchange.ESSAY: ESSAY,
}
TRUE, FALSE = "Đ", "S"  # as keys print a true/false answer

# Shuffles tried for a variant that comes out like an earlier one before it is kept anyway
# (an exam of two questions has only so many orders).
RETRIES = 20


@dataclass
class VariantItem:
    number: int  # printed number, from 1
    question: interchange.Question  # options (and statements) already in this variant's order
    points: float
    passage: interchange.Passage | None = None  # printed before the first of its questions
    key: str = ""  # the answer as the key table prints it: "B", "AC", "ĐSĐS", "3,14"; "" for an essay
    ref: object = None  # what the question is in the bank (its id and version), for whoever needs it
    part: str = ""  # its part of the exam (PARTS): the Word writer heads each part


@dataclass
class Variant:
    code: str  # "101", "102"…
    items: list[VariantItem] = field(default_factory=list)


def make_variants(questions_in_order, count: int, seed, first_code: int = 101, shuffle_questions: bool = True,
                  shuffle_options: bool = True, shuffle_statements: bool = False,
                  number_by_part: bool = False) -> list[Variant]:
    """`count` variants coded first_code, first_code + 1… of the questions given as
    (interchange.Question, points, passage or None, ref) in the exam's order. The
    questions of a passage (same passage key, or same `Question.group`) stay together,
    in the part of the first of them. Items are numbered from 1 through the exam, or from
    1 in each part with `number_by_part` (as the 2025 exam does)."""
    if not isinstance(count, int) or count < 1:
        raise ValueError(_("The number of variants must be at least 1."))
    entries = [tuple(entry) for entry in questions_in_order]
    by_part = {part: [] for part in PARTS}
    for unit in _units(entries):
        by_part[PART_OF_KIND.get(entries[unit[0]][0].kind, CHOICE)].append(unit)
    variants, seen = [], set()
    for n in range(count):
        code = str(first_code + n)
        rng = random.Random(f"{seed}:{code}")
        for _attempt in range(RETRIES):
            layout = _layout(by_part, entries, rng, shuffle_questions, shuffle_options, shuffle_statements)
            if layout not in seen:
                break
        seen.add(layout)
        variants.append(_variant(code, layout, entries, number_by_part))
    return variants


def _group(entry) -> str:
    question, _points, passage, _ref = entry
    return passage.key if passage is not None else question.group


def _units(entries) -> list[list[int]]:
    """The indexes of what moves as one: a question alone, or a passage's questions in order."""
    units, groups = [], {}
    for i, entry in enumerate(entries):
        group = _group(entry)
        if not group:
            units.append([i])
        elif group in groups:
            groups[group].append(i)
        else:
            groups[group] = [i]
            units.append(groups[group])
    return units


def _layout(by_part, entries, rng, shuffle_questions, shuffle_options, shuffle_statements) -> tuple:
    """One variant's order: (part, entry index, option order, statement order) per item."""
    layout = []
    for part in PARTS:
        units = list(by_part[part])
        if shuffle_questions:
            rng.shuffle(units)
        for unit in units:
            for i in unit:
                question = entries[i][0]
                options = tuple(range(len(question.options)))
                if shuffle_options and question.kind in (interchange.SINGLE, interchange.MULTIPLE):
                    options = _shuffled(question.options, rng)
                statements = tuple(range(len(question.statements)))
                if shuffle_statements and question.kind == interchange.TRUE_FALSE_GROUP:
                    statements = list(statements)
                    rng.shuffle(statements)
                    statements = tuple(statements)
                layout.append((part, i, options, statements))
    return tuple(layout)


def _shuffled(options: list[interchange.Option], rng: random.Random) -> tuple[int, ...]:
    """The options' new order (original indexes): the fixed ones where they were, the
    others shuffled among the remaining places."""
    free = [i for i, option in enumerate(options) if not option.fixed]
    moved = list(free)
    rng.shuffle(moved)
    order = list(range(len(options)))
    for place, source in zip(free, moved):
        order[place] = source
    return tuple(order)


def _variant(code: str, layout: tuple, entries, number_by_part: bool) -> Variant:
    variant = Variant(code=code)
    passages: dict[str, interchange.Passage] = {}
    for entry in entries:
        if entry[2] is not None:
            passages.setdefault(entry[2].key, entry[2])
    numbers = {part: 0 for part in PARTS}
    for part, i, options, statements in layout:
        question, points, passage, ref = entries[i]
        if passage is None and question.group:
            passage = passages.get(question.group)
        shown = replace(question, options=[question.options[k] for k in options],
                        statements=[question.statements[k] for k in statements])
        numbers[part] += 1
        number = numbers[part] if number_by_part else len(variant.items) + 1
        variant.items.append(VariantItem(number=number, question=shown, points=points, passage=passage,
                                         key=answer_key(shown), ref=ref, part=part))
    return variant


def answer_key(question: interchange.Question) -> str:
    """The answer as a key table prints it, for the question as shown: "B", "AC" (choice),
    "Đ" / "S" (true or false), "ĐSĐS" (statements), "3,14" (a number, decimal comma),
    the accepted text, the matches or the blanks' answers in order ("; "), "" for an essay."""
    kind = question.kind
    if kind == interchange.SINGLE:
        best = max((o.fraction for o in question.options), default=0)
        return "".join(_letter(i) for i, o in enumerate(question.options) if o.fraction > 0 and o.fraction == best)
    if kind == interchange.MULTIPLE:
        return "".join(_letter(i) for i, o in enumerate(question.options) if o.correct)
    if kind == interchange.TRUE_FALSE:
        return "" if question.truth is None else (TRUE if question.truth else FALSE)
    if kind == interchange.TRUE_FALSE_GROUP:
        return "".join(TRUE if s.truth else FALSE for s in question.statements)
    if kind == interchange.NUMERIC:
        best = max(question.numeric, key=lambda a: a.fraction, default=None)
        return decimal_comma(best.value) if best is not None else ""
    if kind == interchange.SHORT_TEXT:
        return _best_text(question.options)
    if kind == interchange.MATCHING:
        return "; ".join(match for _prompt, match in question.pairs)
    if kind == interchange.CLOZE:
        return "; ".join(_best_text(options) for options in question.blanks)
    return ""


def _letter(index: int) -> str:
    return chr(ord("A") + index)


def _best_text(options: list[interchange.Option]) -> str:
    best = max(options, key=lambda o: o.fraction, default=None)
    return best.text if best is not None and best.fraction > 0 else ""
