"""Reads of the exam builder: the district's level set for a bank, the topics its
approved questions are about, how many approved questions each cell could draw from, a
blueprint's table with totals, an exam's page and its documents."""

from __future__ import annotations

from collections import Counter

from repository.models import Blueprint, Exam, Question, QuestionBank
from repository.models.questions import QuestionSettings
from repository.questions import exam_services, presentation, selectors, services
from repository.questions.blueprint_editor import kind_name
from repository.questions.exams import blueprint as blueprints
from repository.questions.exams import drawing
from repository.questions.levels import LEVEL_SETS


def levels_of(bank: QuestionBank) -> list[str]:
    return list(LEVEL_SETS[QuestionSettings.level_set_for(bank.subject_group.school.district_id)])


def topics_of(bank: QuestionBank) -> list[str]:
    """The topics of the bank's approved questions, as the most of them write it."""
    counts = Counter(t for t in Question.objects.filter(bank=bank, live=True).values_list("topic", flat=True) if t)
    return sorted(counts, key=lambda t: (-counts[t], t))[:30]


def available(bank: QuestionBank, levels: list[str], kinds: list[str] = ()) -> dict[tuple[str, str, str], int]:
    """How many approved questions each (topic, level, kind) of the editor could draw
    from: kind "" without question types, the question's type with them."""
    topics = topics_of(bank)
    spec = blueprints.Blueprint(levels=levels, topics=topics, kinds=list(kinds),
                                cells=[blueprints.Cell(t, level, 1, 1.0, kind=kind) for t in topics for level in levels
                                       for kind in kinds or [""]])
    found = Counter()
    for candidate in exam_services.candidates(bank):
        cell = drawing.cell_of(spec, candidate) if topics else None
        if cell is not None:
            found[cell] += 1
    return dict(found)


def blueprint_get(*, user, pk: int) -> Blueprint | None:
    row = Blueprint.objects.filter(pk=pk).select_related("bank__subject_group__school").first()
    if row is None or not services.may_add_to(user, row.bank):
        return None
    return row


def blueprint_table(spec: blueprints.Blueprint) -> dict:
    """The blueprint as its page shows it: a column per level, or per question type ×
    level with a header per type; each row's, column's, type's and level's totals; the
    levels' points against their intended shares; what does not add up."""
    sums = blueprints.totals(spec)
    columns = [{"level": level, "kind": kind, "total": blueprints.Total(), "start": bool(kind) and not c,
                "label": f"{kind_name(kind)} · {level}" if kind else level}
               for kind in spec.kinds or [""] for c, level in enumerate(spec.levels)]
    rows = []
    for topic in spec.topics:
        cells = [spec.cell(topic, column["level"], column["kind"]) for column in columns]
        for column, cell in zip(columns, cells):
            if cell is not None and isinstance(cell.count, int) and cell.count >= 0:
                column["total"].add(cell)
        rows.append({"topic": topic, "cells": [{"cell": cell, "label": column["label"], "start": column["start"]}
                                               for cell, column in zip(cells, columns)],
                     "total": sums.rows.get(topic)})
    levels = [{"level": level, "total": sums.levels.get(level), "share": spec.shares.get(level, 0),
               "actual": sums.share(level, spec.total_points) if level in sums.levels else 0}
              for level in spec.levels]
    kinds = [{"kind": kind, "name": kind_name(kind), "span": len(spec.levels), "total": sums.kinds.get(kind)}
             for kind in spec.kinds]
    return {"rows": rows, "columns": columns, "levels": levels, "kinds": kinds, "overall": sums.overall,
            "problems": [p.message for p in blueprints.check(spec)]}


def exam_get(*, user, pk: int) -> Exam | None:
    """An exam, for the teacher who drew it (an exam stays secret until it is given)."""
    if not (user.is_authenticated and user.is_active):
        return None
    exam = Exam.objects.filter(pk=pk, created_by=user).select_related("bank__subject_group__school", "blueprint").first()
    if exam is None or not services.may_add_to(user, exam.bank):
        return None
    return exam


def exam_page(exam: Exam) -> dict:
    """The exam's questions as drawn (each shown with its key, its cell: topic, the
    question type when the blueprint is split by type, level; and the others of its cell
    it could be swapped for), its variant codes. Shown from the revisions' content,
    without reading their images (the page links to them)."""
    drawn = {item["question"] for item in exam.items}
    spec = blueprints.from_json(exam.blueprint.spec) if exam.blueprint else None
    spares: dict[tuple, list[int]] = {}  # cell -> approved questions not drawn, outside passages
    if spec is not None:
        for candidate in exam_services.candidates(exam.bank):
            if candidate.id not in drawn and not candidate.group:
                spares.setdefault(drawing.cell_of(spec, candidate), []).append(candidate.id)
    titles = Question.objects.only("pk", "title").in_bulk([pk for ids in spares.values() for pk in ids])
    items = []
    for item, question in exam_services.drawn_versions(exam):
        shown = presentation.shown(question.content, selectors.media_urls(question))
        cell = tuple(item["cell"])
        items.append({"item": item, "shown": shown, "key": presentation.key_text(shown),
                      "points": float(item["points"]), "cell": cell,
                      "kind": kind_name(cell[2]) if len(cell) > 2 and cell[2] else "",
                      "others": [titles[pk] for pk in spares.get(cell, [])]})
    codes = [str(exam.first_code + n) for n in range(exam.variant_count)]
    return {"items": items, "codes": codes, "total": sum(i["points"] for i in items), "classes": classes_for(exam)}


def header_of(exam: Exam):
    from repository.questions.word.exam import Header

    school = exam.bank.subject_group.school
    year = exam.bank.questions.filter(pk__in=[i["question"] for i in exam.items]).values_list(
        "school_year__start_year", flat=True).first()
    return Header(district=school.district.name, school=school.name, title=exam.title, subject=exam.bank.subject.name,
                  grade=str(exam.bank.grade.number) if exam.bank.grade_id else "", minutes=exam.minutes,
                  school_year=f"{year}–{year + 1}" if year else "")


def variant_document(exam: Exam, code: str) -> bytes | None:
    from repository.questions.word import exam as word_exam

    variant = next((v for v in exam_services.exam_variants(exam) if v.code == code), None)
    return word_exam.variant_document(header_of(exam), variant) if variant else None


def key_document(exam: Exam) -> bytes:
    from repository.questions.word import exam as word_exam

    return word_exam.answer_key(header_of(exam), exam_services.exam_variants(exam))


def sheet_document(exam: Exam) -> bytes:
    from repository.questions.word import exam as word_exam

    return word_exam.answer_sheet(header_of(exam), len(exam.items))


def classes_for(exam: Exam):
    """The classes of the bank's school this school year, of the bank's grade if it has one."""
    from lms.organisation.models import SchoolClass

    classes = SchoolClass.objects.filter(school=exam.bank.subject_group.school, school_year__is_current=True)
    if exam.bank.grade_id:
        classes = classes.filter(grade=exam.bank.grade.number)
    return classes.order_by("name")


def quizzes_for_student(user) -> list[dict]:
    """The quizzes given to the user's class, newest first, with their attempts."""
    from lms.quiz.models import Attempt, Quiz

    if not (user.is_authenticated and user.is_active and user.school_class_id):
        return []
    exams = [e for e in Exam.objects.filter(quiz_id__isnull=False).order_by("-created_at")
             if user.school_class_id in e.quiz_classes]
    quizzes = Quiz.objects.in_bulk([e.quiz_id for e in exams])
    rows = []
    for exam in exams:
        quiz = quizzes.get(exam.quiz_id)
        if quiz is None:
            continue
        attempts = list(Attempt.objects.filter(quiz=quiz, user=user).order_by("-started"))
        rows.append({"quiz": quiz, "exam": exam, "attempts": attempts})
    return rows
