"""The repository's notices on the site (lms/notices): the reviewers of the subject group
hear of a submission, the authors of a decision or a withdrawal. Wagtail's signals and the
withdrawal's log entry drive them, for every reviewable model (repository/review.py);
repository/notifications.py mails on the same events."""

from __future__ import annotations

from django.db.models import CharField
from django.db.models.functions import Cast
from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import ModelLogEntry, TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_cancelled, workflow_rejected

from lms.notices.kinds import register_kind
from lms.notices.models import Notice
from lms.notices.services import notices_settle, notify
from lms.permissions import holders
from repository import review
from repository.permissions import REVIEWING_ROLES

SUBMITTED = register_kind("repository.submitted", _("%(actor)s submitted “%(title)s” for review"))
APPROVED = register_kind("repository.approved", _("“%(title)s” was approved and published"),
                         _("Reviewer's comment"))
SENT_BACK = register_kind("repository.sent_back", _("“%(title)s” was sent back for changes"),
                          _("Reviewer's comment"))
# A batch of new questions (an import) sent to review at once: one notice for the batch.
# its title is the bank's name: the sentence is the reader's language, whoever saved
SUBMITTED_BATCH = register_kind("repository.submitted_batch",
                                _("%(actor)s submitted new questions of the bank “%(title)s” for review"))
WITHDRAWN = register_kind("repository.withdrawn", _("“%(title)s” was withdrawn from the repository"), _("Reason"))


# --- where a notice leads --------------------------------------------------------------


def review_url(workflow_state) -> str:
    return reverse("repository:review", args=[workflow_state.pk])


def published_url(obj) -> str | None:
    """The site's page of a published item, for the models that have one."""
    from repository.models import Resource

    return reverse("repository:resource", args=[obj.pk]) if isinstance(obj, Resource) else None


def revise_url(obj) -> str:
    """Where the authors change an item sent back: its edit page on the site, for the
    models that have one; otherwise their list."""
    from repository.models import Resource

    return reverse("repository:resource_edit", args=[obj.pk]) if isinstance(obj, Resource) else authors_url()


def authors_url() -> str:
    return reverse("repository:my_resources")


def queue_url() -> str:
    return reverse("repository:review_queue")


def batch_review_url(import_id: int | None) -> str:
    """The page where a reviewer decides many questions at once: those saved from one
    import (QuestionImport id), or all waiting."""
    url = reverse("questions:batch_review")
    return f"{url}?nhap={import_id}" if import_id is not None else url


# --- who hears -----------------------------------------------------------------------------


def _people(obj) -> list:
    return [obj.owner, *obj.co_authors.all()]


def _authors(obj, submitted=None) -> list:
    """The owner and co-authors, of the row and of the version submitted (they may differ
    while a revision waits)."""
    people = _people(obj) + (_people(submitted) if submitted is not None and submitted is not obj else [])
    return [user for user in people if user.is_active]


def _submitted(task_state):
    return task_state.revision.as_object() if task_state and task_state.revision_id else None


def _reviewable(workflow_state):
    obj = workflow_state.content_object
    return obj if obj is not None and review.reviewable_model_for(obj) is not None else None


# --- receivers -----------------------------------------------------------------------------


def tell_reviewers_of_submission(sender, instance, user=None, **kwargs):
    """task_submitted: the subject group's reviewers and leader (never its authors, who
    cannot decide) hear that it waits, with a link to the site's review page."""
    from repository.models import SubjectGroupReviewTask

    if not isinstance(instance.task.specific, SubjectGroupReviewTask):
        return
    obj = _reviewable(instance.workflow_state)
    if obj is None:
        return
    submitted = _submitted(instance) or obj
    authors = {u.pk for u in _authors(obj, submitted)}
    reviewers = holders(REVIEWING_ROLES, obj.subject_group).exclude(pk__in=authors).order_by("pk")
    notify(recipients=reviewers, kind=SUBMITTED.key, title=submitted.title or obj.title,
           url=review_url(instance.workflow_state), actor=user or obj.owner)


def tell_reviewers_of_batch(questions, user, batch_title: str, *, task, state_ids) -> None:
    """New questions sent to review at once (an import, repository/questions/bulk.py) on
    `task`, their workflow states `state_ids`: each reviewer of their subject group (never
    their author) hears once of the batch — “N questions of the bank …” — with a link to
    the batch review page filtered to the import; the notice is settled once none of the
    batch waits (settle_batch). A batch of one is told as tell_reviewers_of_submission
    tells it."""
    from repository.models import SubjectGroupReviewTask

    if not questions or not isinstance(task.specific, SubjectGroupReviewTask):
        return
    reviewers, seen = [], set()
    for key in dict.fromkeys((q.subject_group_id, q.owner_id) for q in questions):
        obj = next(q for q in questions if (q.subject_group_id, q.owner_id) == key)
        authors = {u.pk for u in _authors(obj)}
        for reviewer in holders(REVIEWING_ROLES, obj.subject_group).exclude(pk__in=authors).order_by("pk"):
            if reviewer.pk not in seen:
                seen.add(reviewer.pk)
                reviewers.append(reviewer)
    actor = user or questions[0].owner
    if len(questions) == 1:
        notify(recipients=reviewers, kind=SUBMITTED.key, title=questions[0].title,
               url=reverse("repository:review", args=[state_ids[0]]), actor=actor)
        return
    imports = {q.imported_in_id for q in questions}
    notify(recipients=reviewers, kind=SUBMITTED_BATCH.key, title=questions[0].bank.name,
           url=batch_review_url(imports.pop() if len(imports) == 1 else None), actor=actor)


def settle_batch(obj) -> None:
    """A question of an import decided or withdrawn from review: once none of the import's
    questions waits, the reviewers' notice of the batch is settled (read)."""
    from repository.models import Question

    if not isinstance(obj, Question) or obj.imported_in_id is None:
        return
    url = batch_review_url(obj.imported_in_id)
    unread = Notice.objects.filter(kind=SUBMITTED_BATCH.key, url=url, read_at__isnull=True)
    if not unread.exists():
        return
    batch = (Question.objects.filter(imported_in_id=obj.imported_in_id)
             .annotate(key=Cast("pk", output_field=CharField())).values("key"))
    waiting = WorkflowState.objects.filter(base_content_type=Question.get_base_content_type(), object_id__in=batch,
                                           status=WorkflowState.STATUS_IN_PROGRESS)
    if not waiting.exists():
        notices_settle(kind=SUBMITTED_BATCH.key, url=url)


def tell_authors_of_approval(sender, instance, user=None, **kwargs):
    """workflow_approved: the authors hear it is published; the reviewers' notices of the
    submission are settled and lead to the published page."""
    obj = _reviewable(instance)
    if obj is None:
        return
    page = published_url(obj)
    comment = (TaskState.objects.filter(workflow_state=instance, status=TaskState.STATUS_APPROVED)
               .exclude(comment="").order_by("-finished_at", "-pk").values_list("comment", flat=True).first())
    notify(recipients=_authors(obj), kind=APPROVED.key, title=obj.title, url=page or authors_url(), actor=user,
           detail=comment or "")
    notices_settle(kind=SUBMITTED.key, url=review_url(instance), new_url=page or queue_url())
    settle_batch(obj)


def tell_authors_of_send_back(sender, instance, user=None, **kwargs):
    """workflow_rejected: the authors hear it was sent back, with the reviewer's comment;
    the reviewers' notices of the submission are settled."""
    obj = _reviewable(instance)
    if obj is None:
        return
    rejected = instance.current_task_state
    submitted = _submitted(rejected) or obj
    notify(recipients=_authors(obj, submitted), kind=SENT_BACK.key, title=submitted.title or obj.title,
           url=revise_url(obj), actor=user, detail=rejected.comment if rejected else "")
    notices_settle(kind=SUBMITTED.key, url=review_url(instance), new_url=queue_url())
    settle_batch(obj)


def settle_cancelled(sender, instance, user=None, **kwargs):
    """workflow_cancelled: nothing waits for the reviewers any more."""
    obj = _reviewable(instance)
    if obj is not None:
        notices_settle(kind=SUBMITTED.key, url=review_url(instance), new_url=queue_url())
        settle_batch(obj)


def tell_authors_of_withdrawal(sender, instance, created=False, raw=False, **kwargs):
    """The withdrawal's log entry (repository.services.resource_withdraw): the authors
    hear who took it down and why."""
    from repository.services import WITHDRAW_ACTION

    if raw or not created or instance.action != WITHDRAW_ACTION:
        return
    model = instance.content_type.model_class() if instance.content_type_id else None
    if model is None or model not in review.reviewable_models():
        return
    obj = model.objects.filter(pk=instance.object_id).first()
    if obj is None:
        return
    notify(recipients=_authors(obj), kind=WITHDRAWN.key, title=obj.title, url=authors_url(), actor=instance.user,
           detail=(instance.data or {}).get("reason", ""))


def connect() -> None:
    task_submitted.connect(tell_reviewers_of_submission, sender=TaskState, dispatch_uid="repository_notice_submitted")
    workflow_approved.connect(tell_authors_of_approval, sender=WorkflowState, dispatch_uid="repository_notice_approved")
    workflow_rejected.connect(tell_authors_of_send_back, sender=WorkflowState,
                              dispatch_uid="repository_notice_sent_back")
    workflow_cancelled.connect(settle_cancelled, sender=WorkflowState, dispatch_uid="repository_notice_cancelled")
    post_save.connect(tell_authors_of_withdrawal, sender=ModelLogEntry, dispatch_uid="repository_notice_withdrawn")
