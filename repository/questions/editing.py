"""A teacher writes or edits one question of a bank on the site (issue 16: "editing a
published question makes a new version; exams and attempts keep the version they
used"). The same rules as a resource's authoring (repository/authoring.py): a new or
unpublished question is saved as it is; a published one keeps its published version,
the changes waiting in a new revision until the group's review approves them (exams
keep the revision they drew, so they never change)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lms.organisation.models import SchoolYear
from repository import review
from repository.authoring import editable_version
from repository.models import Question, QuestionBank, QuestionMedia
from repository.models.curriculum import Grade
from repository.permissions import is_author
from repository.questions.services import fingerprint, may_add_to, title_of

MAX_TAG_CHARS = 100


@dataclass
class Metadata:
    """What the form says about a question besides its content."""

    topic: str = ""
    cognitive_level: str = ""
    difficulty: str = ""
    points: Decimal = Decimal(1)
    source: str = ""
    tags: list[str] = field(default_factory=list)
    grade: Grade | None = None  # None: the bank's (or the question's own, when editing)


def new_question(bank: QuestionBank) -> Question:
    """An unsaved question of `bank`, for the form."""
    return Question(bank=bank, kind="", content={}, level=bank.level, subject=bank.subject,
                    grade=bank.grade, textbook_series=bank.textbook_series, subject_group=bank.subject_group,
                    school=bank.subject_group.school)


def may_edit(user, question: Question) -> bool:
    """Its authors, while it does not wait for a review decision (a question sent back
    is theirs to change)."""
    return bool(user.is_authenticated and user.is_active and is_author(user, question)) \
        and not question.workflow_in_progress


def editable(question: Question) -> Question:
    """What the authors edit: the latest version (a published question's changes live in
    its latest revision)."""
    return editable_version(question)


def question_save(*, user, question: Question, content: dict, metadata: Metadata, submit: bool,
                  media: list[QuestionMedia] | None = None) -> Question:
    """Save the author's version of `question` (new: unsaved, of its bank; else the
    editable version) with `content` (interchange.to_content) and `metadata`: a new one
    is saved as the user's draft with its first revision; an unpublished one saved as it
    is; a published one only gets a new revision (the row, which exams and quizzes read
    at their own revisions anyway, keeps the published version until review approves).
    Title and fingerprint follow the content. With `submit`, the version goes to the
    group's review (one sent back resumes its review). `media`, when given, are the
    version's images (QuestionMedia, kept or new; the others are no longer part of it): a
    published question's new images get their rows at once, so that its authors and
    reviewers see them before the version is approved (the approved version's text does
    not name them). ValidationError for what the author must change, PermissionDenied
    for others."""
    creating = question.pk is None
    bank = question.bank
    if creating:
        if not may_add_to(user, bank):
            raise PermissionDenied
        question.owner = user
        question.live = False  # published only by review
        question.school_year = SchoolYear.objects.filter(is_current=True).first()
        if question.school_year is None:
            raise ValidationError(_("No current school year is set: ask the district's officer."))
    elif not (user.is_authenticated and is_author(user, question)):
        raise PermissionDenied
    if not creating and question.workflow_in_progress:
        raise ValidationError(_("This question is waiting for review: withdraw it from review to change it."))
    if question.locked and question.locked_by_id != user.pk:
        raise ValidationError(_("This question is locked by %(name)s.") % {"name": question.locked_by.get_full_name()})
    question.subject_group = bank.subject_group
    question.school = bank.subject_group.school
    question.level, question.subject = bank.level, bank.subject
    grade = metadata.grade or (question.grade if question.grade_id else None) or bank.grade
    if grade is None:
        raise ValidationError({"grade": _("Choose the grade of this question.")})
    question.grade = grade
    question.kind = content["kind"]
    question.content = content
    question.title = title_of(content)[:255]
    question.fingerprint = fingerprint(content)
    question.topic = metadata.topic[:255]
    question.cognitive_level = metadata.cognitive_level[:40]
    question.difficulty = metadata.difficulty
    question.points = metadata.points
    question.source = metadata.source[:255]
    question.keywords.set([tag[:MAX_TAG_CHARS] for tag in metadata.tags])
    with transaction.atomic():
        if media is not None:
            if question.live:
                for item in media:
                    if item.pk is None:
                        item.question_id = question.pk
                        item.save()
            question.media = media
        if not question.live:
            question.save()
        revision = question.save_revision(user=user, log_action="wagtail.create" if creating else True)
        if submit:
            review.send_to_review(question, user)
    question.latest_revision = revision
    return question


def withdraw_from_review(*, user, question: Question) -> None:
    """The authors take their submission back, to change it (the review is cancelled and
    logged; the question stays as it was saved)."""
    from repository.authoring import resource_withdraw_from_review

    resource_withdraw_from_review(user=user, resource=question)
