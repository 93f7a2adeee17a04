"""Blueprints and exams of a bank: saving a blueprint, drawing an exam from the bank's
approved questions (each kept at the version drawn), swapping a question, and the exam's
variants as printed. The rules are the pure ones of repository/questions/exams/."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _
from wagtail.models import Revision

from repository.models import Blueprint, Exam, Question, QuestionBank
from repository.questions import interchange as qi
from repository.questions import services
from repository.questions.exams import blueprint as blueprints
from repository.questions.exams import drawing, variants

MAX_VARIANTS = 99


class NotDrawn(Exception):
    """The bank cannot fill the blueprint: `shortfalls` say which cells and why."""

    def __init__(self, shortfalls):
        super().__init__("; ".join(s.message for s in shortfalls))
        self.shortfalls = shortfalls


def _may_build(user, bank: QuestionBank) -> None:
    if not services.may_add_to(user, bank):
        raise PermissionDenied


def blueprint_save(*, user, bank: QuestionBank, name: str, spec: blueprints.Blueprint,
                   existing: Blueprint | None = None) -> Blueprint:
    """Keep a blueprint whose numbers add up (blueprints.check): ValidationError listing
    what does not otherwise."""
    _may_build(user, bank)
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the blueprint a name.")})
    problems = blueprints.check(spec)
    if problems:
        raise ValidationError([p.message for p in problems])
    row = existing or Blueprint(bank=bank, created_by=user)
    row.name, row.spec = name[:200], blueprints.to_json(spec)
    row.save()
    return row


def candidates(bank: QuestionBank) -> list[drawing.Candidate]:
    """The bank's approved questions, at their published version."""
    rows = Question.objects.filter(bank=bank, live=True).values_list(
        "pk", "topic", "cognitive_level", "kind", "points", "passage_id", "live_revision_id")
    return [drawing.Candidate(id=pk, topic=topic, level=level, kind=kind, points=float(points),
                              group=f"p{passage}" if passage else None, version=revision)
            for pk, topic, level, kind, points, passage, revision in rows]


def exam_create(*, user, blueprint: Blueprint, title: str, minutes: int = 45, variant_count: int = 4,
                seed: str = "", first_code: int = 101) -> Exam:
    """Draw the blueprint's questions from its bank; NotDrawn when cells cannot be filled."""
    bank = blueprint.bank
    _may_build(user, bank)
    if not 1 <= variant_count <= MAX_VARIANTS:
        raise ValidationError({"variant_count": _("Between 1 and %(max)d variants.") % {"max": MAX_VARIANTS}})
    title = " ".join((title or "").split())
    if not title:
        raise ValidationError({"title": _("Give the exam a title.")})
    seed = seed or secrets.token_hex(4)
    spec = blueprints.from_json(blueprint.spec)
    drawn = drawing.draw(spec, candidates(bank), seed)
    if not drawn.ok:
        raise NotDrawn(drawn.shortfalls)
    return Exam.objects.create(bank=bank, blueprint=blueprint, title=title[:255], minutes=minutes,
                               variant_count=variant_count, first_code=first_code, seed=seed,
                               items=_items(drawn), created_by=user)


def _items(drawn: drawing.Draw) -> list[dict]:
    return [{"question": pk, "revision": drawn.versions.get(pk), "cell": list(cell), "points": drawn.points(cell)}
            for cell, ids in drawn.cells.items() for pk in ids]


def _draw_of(exam: Exam) -> drawing.Draw:
    """The exam's questions as the draw that chose them."""
    spec = blueprints.from_json(exam.blueprint.spec)
    cells: dict = {}
    versions, groups = {}, {}
    for item in exam.items:
        cells.setdefault(tuple(item["cell"]), []).append(item["question"])
        versions[item["question"]] = item["revision"]
    for cell in spec.cells:
        cells.setdefault((cell.topic, cell.level, cell.kind), [])
    for candidate in candidates(exam.bank):
        if candidate.group and candidate.id in versions:
            groups.setdefault(candidate.group, []).append(candidate.id)
    return drawing.Draw(spec, exam.seed, cells, [], versions, groups)


def exam_swap(*, user, exam: Exam, out_id: int, in_id: int) -> Exam:
    """Another approved question of the same cell in place of one drawn."""
    _may_build(user, exam.bank)
    if exam.created_by_id != user.pk:
        raise PermissionDenied
    if exam.blueprint is None:
        raise ValidationError(_("This exam's blueprint is gone: its questions cannot be swapped."))
    current = _draw_of(exam)
    cell = next((c for c, ids in current.cells.items() if out_id in ids), None)
    if cell is None:
        raise ValidationError(_("This question is not in the exam."))
    try:
        swapped = drawing.swap(current, cell, out_id, in_id, candidates(exam.bank))
    except drawing.SwapRefused as refused:
        raise ValidationError(str(refused)) from None
    exam.items = _items(swapped)
    exam.save(update_fields=["items"])
    return exam


# --- the exam as printed ----------------------------------------------------------------


def media_of(question, items=None) -> list[qi.Media]:
    """The question's images (`items`: those of one version, else its rows) with their bytes."""
    media = []
    for item in question.media.all() if items is None else items:
        with item.file.open("rb") as f:
            media.append(qi.Media(name=item.name, mime=item.mime, data=f.read(), alt=item.alt))
    return media


def _stored(path: str) -> bytes:
    from django.core.files.storage import default_storage

    with default_storage.open(path, "rb") as f:
        return f.read()


def passage_of(row) -> qi.Passage:
    """A bank's shared passage in the neutral form, its images read from storage."""
    return qi.Passage(key=f"p{row.pk}", text=row.text, text_format=row.text_format, title=row.title,
                      media=[qi.Media(name=m["name"], mime=m["mime"], data=_stored(m["path"]), alt=m.get("alt", ""))
                             for m in row.media])


def drawn_versions(exam: Exam) -> list[tuple[dict, Question]]:
    """(item, the question at the revision drawn) of each item, in the exam's order."""
    revisions = Revision.objects.in_bulk([item["revision"] for item in exam.items if item["revision"]])
    return [(item, revisions[item["revision"]].as_object() if item["revision"] in revisions
             else Question.objects.get(pk=item["question"])) for item in exam.items]


def exam_questions(exam: Exam) -> list[tuple]:
    """(interchange question, points, passage or None, ref) of each item, at the version
    drawn, in the exam's order."""
    entries, passages = [], {}
    for item, question in drawn_versions(exam):
        neutral = question.as_interchange(media=media_of(question))
        passage = None
        if question.passage_id:
            if question.passage_id not in passages:
                passages[question.passage_id] = passage_of(question.passage)
            passage = passages[question.passage_id]
            neutral.group = passage.key
        entries.append((neutral, float(item["points"]), passage, {"question": item["question"],
                                                                    "revision": item["revision"]}))
    return entries


def exam_variants(exam: Exam) -> list[variants.Variant]:
    return variants.make_variants(exam_questions(exam), exam.variant_count, exam.seed, first_code=exam.first_code,
                                  shuffle_questions=exam.shuffle_questions, shuffle_options=exam.shuffle_options)


# --- the exam's PDFs, made in the background (LibreOffice, sandboxed) -----------------


def pdf_start(exam: Exam) -> None:
    from lms.core import background
    from repository.tasks import exam_pdfs

    if (exam.pdf_state or {}).get("status") in ("waiting", "working"):
        return
    exam.pdf_state = {"status": "waiting", "progress": 0, "files": {}, "error": ""}
    exam.save(update_fields=["pdf_state"])
    background.send_after_commit(exam_pdfs, exam.pk)


def pdf_make(exam: Exam) -> None:
    """Each variant's paper as PDF, one conversion each, progress kept on the exam."""
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    from repository.conversion import ConversionError
    from repository.questions import exam_selectors
    from repository.questions.word import exam as word_exam

    header = exam_selectors.header_of(exam)
    papers = exam_variants(exam)
    state = {"status": "working", "progress": 0, "files": {}, "error": ""}
    for n, variant in enumerate(papers, start=1):
        try:
            pdf = word_exam.to_pdf(word_exam.variant_document(header, variant))
        except ConversionError:
            state.update(status="failed", error=_("The PDF could not be made; download the Word files instead."))
            break
        state["files"][variant.code] = default_storage.save(f"repository/exams/{exam.pk}/{variant.code}.pdf",
                                                            ContentFile(pdf))
        state["progress"] = round(100 * n / len(papers))
        Exam.objects.filter(pk=exam.pk).update(pdf_state=state)
    else:
        state["status"] = "done"
    exam.pdf_state = state
    Exam.objects.filter(pk=exam.pk).update(pdf_state=state)


# --- the exam as an online quiz (lms.quiz) ----------------------------------------------------


def exam_publish_quiz(*, user, exam: Exam, classes, time_limit_minutes: int | None = None,
                      attempts_allowed: int | None = 1, show_feedback: bool = True):
    """The exam, at the versions drawn, as a quiz the students of `classes` (the bank's
    school's) take online; the questions' images served to them by the quiz's own
    address (selectors.quiz_media_get: the images of the versions drawn)."""
    from django.urls import reverse

    from lms.organisation.models import SchoolClass
    from lms.quiz import services as quiz_services

    if exam.created_by_id != user.pk or not services.may_add_to(user, exam.bank):
        raise PermissionDenied
    if exam.quiz_id:
        raise ValidationError(_("This exam is already published as a quiz."))
    school = exam.bank.subject_group.school
    chosen = list(SchoolClass.objects.filter(pk__in=[c.pk for c in classes], school=school).values_list("pk", flat=True))
    if not chosen:
        raise ValidationError({"classes": _("Choose the classes that take the quiz.")})
    items = []
    for number, (neutral, points, passage, ref) in enumerate(exam_questions(exam), start=1):
        media = {m.name: reverse("questions:quiz_media", args=[exam.pk, ref["question"], m.name])
                 for m in neutral.media}
        item = {"content": qi.to_content(neutral), "points": points, "label": f"{number}. {neutral.title}"[:255],
                "media": media}
        if passage is not None:
            item.update(group_key=passage.key, passage_title=passage.title, passage=passage.text,
                        passage_format=passage.text_format)
        items.append(item)
    quiz = quiz_services.create_quiz(
        title=exam.title, owner=user, source=exam, source_label=exam.title, items=items,
        time_limit_minutes=time_limit_minutes, attempts_allowed=attempts_allowed, show_feedback=show_feedback,
        shuffle=True)
    exam.quiz_id, exam.quiz_classes = quiz.pk, chosen
    exam.save(update_fields=["quiz_id", "quiz_classes"])
    return quiz


def exam_of_quiz(quiz) -> Exam | None:
    from django.contrib.contenttypes.models import ContentType

    if quiz.source_type_id != ContentType.objects.get_for_model(Exam).pk or not quiz.source_id.isdigit():
        return None
    return Exam.objects.filter(pk=int(quiz.source_id), quiz_id=quiz.pk).first()


def may_take_exam_quiz(user, quiz) -> bool:
    """lms.quiz's take policy for exams: the students of the classes it was given to."""
    exam = exam_of_quiz(quiz)
    if exam is None or not (user.is_authenticated and user.is_active) or not user.school_class_id:
        return False
    return user.school_class_id in exam.quiz_classes


# --- the exam kept in the repository as a test paper -------------------------------------


def exam_save_as_paper(*, user, exam: Exam):
    """The exam's papers (every variant) and its answer key, in Word, as a test paper of
    the repository ("Worksheet or test paper", teachers of the district only), sent to the
    subject group's review like any resource."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from lms.organisation.models import SchoolYear
    from repository import authoring
    from repository.choices import Licence, Visibility
    from repository.models import Resource
    from repository.questions import exam_selectors
    from repository.questions.word import exam as word_exam

    if exam.created_by_id != user.pk or not services.may_add_to(user, exam.bank):
        raise PermissionDenied
    if exam.paper_id:
        raise ValidationError(_("This exam is already kept in the repository."))
    bank = exam.bank
    if bank.grade_id is None:
        raise ValidationError(_("The bank has no grade: a test paper needs one."))
    header = exam_selectors.header_of(exam)
    papers = exam_variants(exam)
    files = [(f"{exam.title} - ma de {v.code}.docx", word_exam.variant_document(header, v)) for v in papers]
    files.append((f"{exam.title} - dap an.docx", word_exam.answer_key(header, papers)))
    documents = [authoring.document_upload(user=user, upload=SimpleUploadedFile(name, data), kind="worksheet")
                 for name, data in files]
    paper = Resource(
        kind="worksheet", title=exam.title, description=_("Test paper with %(count)d variants and the answer key, "
                                                           "drawn from the question bank “%(bank)s”.")
        % {"count": len(papers), "bank": bank.name},
        level=bank.level, grade=bank.grade, subject=bank.subject, textbook_series=bank.textbook_series,
        school_year=SchoolYear.objects.filter(is_current=True).first(), subject_group=bank.subject_group,
        licence=Licence.INTERNAL, visibility=Visibility.TEACHERS,
    )
    paper = authoring.resource_save(user=user, resource=paper, documents=documents, keywords=[], co_authors=[],
                                    submit=True)
    exam.paper = paper
    exam.save(update_fields=["paper"])
    return paper
