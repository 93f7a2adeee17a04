"""Reads of question banks: which banks a user works in, which questions they may read,
an import's preview. Questions are never public: a published question is read by the
district's teachers and officers (they build exams from it); a draft by its authors and,
once submitted, by its group's reviewers and the district's officers (the same rule as
any reviewed content: "resource.view_draft")."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.urls import reverse

from lms.permissions import can, officer_districts
from repository.models import Question, QuestionBank, QuestionImport, QuestionMedia
from repository.permissions import authoring_groups, resources_visible_in_admin, reviewed_groups, teacher_districts
from repository.questions import presentation


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


def banks_of(*, user) -> QuerySet[QuestionBank]:
    """The banks of the user's subject groups (teaching or reviewing), and for an officer
    every bank of the district."""
    if not _active(user):
        return QuestionBank.objects.none()
    banks = QuestionBank.objects.select_related("subject_group__school", "subject", "grade", "level")
    if user.is_superuser:
        return banks
    groups = authoring_groups(user) | reviewed_groups(user)
    return banks.filter(Q(subject_group__in=groups) | Q(subject_group__school__district__in=officer_districts(user)))


def bank_get(*, user, pk: int) -> QuestionBank | None:
    return banks_of(user=user).filter(pk=pk).first()


def may_read_published(user, question) -> bool:
    if not _active(user) or not question.live:
        return False
    return user.is_superuser or question.school.district_id in teacher_districts(user)


def may_read(user, question) -> bool:
    """The published version (district's teachers, officers) or the latest (its readers)."""
    return may_read_published(user, question) or (_active(user) and can(user, "resource.view_draft", question))


def questions_in(*, user, bank: QuestionBank) -> list[Question]:
    """A bank's questions the user may read (`may_read`, as one query: a bank of
    thousands is not checked question by question), newest first."""
    if not _active(user):
        return []
    rows = Question.objects.filter(bank=bank)
    readable = Q(pk__in=resources_visible_in_admin(user, rows).values("pk"))  # "resource.view_draft"
    if user.is_superuser or bank.subject_group.school.district_id in teacher_districts(user):
        readable |= Q(live=True)
    return list(rows.filter(readable).select_related("school", "owner", "latest_revision")
                .prefetch_related("co_authors").order_by("-updated_at", "-pk"))


def question_get(*, user, pk: int) -> Question | None:
    question = Question.objects.filter(pk=pk).select_related("school", "bank", "passage").first()
    return question if question is not None and may_read(user, question) else None


def media_get(*, user, pk: int) -> QuestionMedia | None:
    """An image of a version of a question the user may read, or None (404). Those who
    may read its latest version ("resource.view_draft": its authors; once submitted, its
    group's reviewers and the district's officers) get any image of the question's: the
    published version's and those its pending version adds (a published question's new
    images get their rows at once, editing.question_save). Those who may read only the
    published version (the district's teachers and officers) get an image only if that
    version shows it, as it shows it: a draft's new image is not theirs until approved,
    and one a draft removes stays theirs until then."""
    if not _active(user):
        return None
    item = QuestionMedia.objects.filter(pk=pk).select_related(
        "question__school", "question__live_revision").first()
    if item is None:
        return None
    question = item.question
    if can(user, "resource.view_draft", question):
        return item
    if may_read_published(user, question):
        return published_media(question).get(item.pk)
    return None


def published_media(question) -> dict[int, QuestionMedia]:
    """The images of a live question's published version, by id, as that version holds
    them (its live revision's content). A live question without a live revision is its
    row only when no revision was ever saved (nothing can wait in one); otherwise nothing
    shows it is published, and none is given."""
    if not question.live:
        return {}
    if question.live_revision_id:
        return version_media(question.live_revision.content, question)
    if question.latest_revision_id is None:
        return {m.pk: m for m in question.media.all()}
    return {}


def version_media(content: dict, question) -> dict[int, QuestionMedia]:
    """The images a revision's content holds (its QuestionMedia child rows, serialised),
    by id: unsaved rows naming the files as that version kept them."""
    found = {}
    for row in (content or {}).get("media") or []:
        if isinstance(row, dict) and row.get("pk") and row.get("file"):
            found[row["pk"]] = QuestionMedia(pk=row["pk"], question_id=question.pk, name=row.get("name", ""),
                                             file=row["file"], mime=row.get("mime", ""), alt=row.get("alt", ""))
    return found


def quiz_media_get(*, user, exam_pk: int, question_pk: int, name: str) -> QuestionMedia | None:
    """An image of a question of an exam given as a quiz, for whoever may see the quiz:
    only one of the version the exam drew (its revision's; a question drawn without a
    revision, its published images), never one added to the question since."""
    from lms.quiz import access
    from lms.quiz.models import Quiz
    from repository.models import Exam

    exam = Exam.objects.filter(pk=exam_pk, quiz_id__isnull=False).first()
    quiz = Quiz.objects.filter(pk=exam.quiz_id).first() if exam else None
    if quiz is None or not _active(user) or not access.may_see(user, quiz):
        return None
    drawn = next((item for item in exam.items if item.get("question") == question_pk), None)
    question = Question.objects.filter(pk=question_pk).select_related("live_revision").first()
    if drawn is None or question is None:
        return None
    if drawn.get("revision"):
        revision = question.revisions.filter(pk=drawn["revision"]).first()
        images = version_media(revision.content, question) if revision else {}
    else:
        images = published_media(question)
    item = next((m for m in images.values() if m.name == name), None)
    if item is None or not item.mime.startswith("image/") or item.mime == "image/svg+xml":
        return None
    return item


def media_urls(question) -> dict[str, str]:
    return {m.name: reverse("questions:media", args=[m.pk]) for m in question.media.all() if m.pk}


def shown(question) -> presentation.ShownQuestion:
    passage = None
    if question.passage_id:
        passage = {"text": question.passage.text, "text_format": question.passage.text_format,
                   "media": question.passage.media}
    return presentation.shown(question.content, media_urls(question), passage)


def import_get(*, user, pk: int) -> QuestionImport | None:
    """An import, for the teacher who started it."""
    if not _active(user):
        return None
    return QuestionImport.objects.filter(pk=pk, created_by=user).select_related("bank__subject_group__school").first()


def import_media_url(job: QuestionImport, path: str) -> str:
    return reverse("questions:import_media", args=[job.pk]) + "?" + _query(path)


def _query(path: str) -> str:
    from urllib.parse import urlencode

    return urlencode({"tep": path})


def import_preview(job: QuestionImport) -> dict:
    """The read file as the preview page lists it: each question shown with its key."""
    result = job.result or {}
    passages = result.get("passages", {})
    for passage in passages.values():
        for item in passage.get("media", []):
            item["url"] = import_media_url(job, item["path"])
    rows = []
    for row in result.get("questions", []):
        urls = {m["name"]: import_media_url(job, m["path"]) for m in row.get("media", [])}
        question = presentation.shown(row["content"], urls, passages.get(row.get("group") or ""))
        rows.append({**row, "shown": question, "key": presentation.key_text(question)})
    return {"rows": rows, "problems": result.get("problems", []), "skipped": result.get("skipped", []),
            "passages": passages}


def import_progress(job: QuestionImport) -> int:
    """The share done of reading or saving `job`; while it is saved, as the saving task
    last said it (services._saving_progress: its transaction's writes are not seen yet)."""
    if job.status != QuestionImport.Status.SAVING:
        return job.progress
    from django.core.cache import cache

    from repository.questions.services import saving_progress_key

    return max(job.progress, cache.get(saving_progress_key(job.pk)) or 0)


@dataclass
class ToReview:
    """A question waiting for this reviewer: the version submitted, shown with its key."""

    state_pk: int  # its workflow state (repository selectors.submission_get)
    question: Question  # as submitted
    shown: presentation.ShownQuestion
    key: str
    author: str


def questions_to_review(*, user, imported_in: int | None = None) -> list[ToReview]:
    """The review queue's questions (oldest submission first), as submitted; those saved
    from one import (QuestionImport id) with `imported_in`."""
    from repository.selectors import review_queue

    items = []
    for item in review_queue(user=user):
        if not isinstance(item.resource, Question):
            continue
        if imported_in is not None and item.resource.imported_in_id != imported_in:
            continue
        state = item.task_state
        submitted = state.revision.as_object() if state.revision_id else item.resource
        question = shown(submitted)
        items.append(ToReview(state.workflow_state_id, submitted, question, presentation.key_text(question),
                              item.resource.owner.get_full_name()))
    return items
