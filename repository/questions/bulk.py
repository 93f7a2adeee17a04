"""Many new questions saved at once, as saving each one would save it.

`save_new(questions, …)` stores what `question.save()` then
`question.save_revision(user=user, log_action="wagtail.create")` store for each of them,
and `send_new_to_review(questions, user)` what `review.send_to_review(question, user)`
stores, in a few statements per kind of row instead of about ninety queries a question
(10,000 questions of an import saved in about 4 s instead of about 9 minutes; how the
rows are written: lms/core/bulk_insert.py):

- the rows (validated as `save_revision` validates them), their images (QuestionMedia)
  and tags (taggit's tags, created as `keywords.set` creates them, and the through rows);
- a first revision each, whose content is the question's `serializable_data()` as
  `save_revision` takes it (images and tags with their ids, not yet `latest_revision`),
  then `latest_revision` and `has_unpublished_changes` set as `_update_from_revision`
  sets them; the history's "wagtail.create" entry (the revision, content changed, the
  request's log uuid);
- the search index's entries (each search backend's `add_bulk`, as `update_index` does,
  through lms/core/bulk_index.py; inline, where the one-by-one save enqueued a
  django_tasks task per save);
- in review: a workflow state in progress, requested by the user, on the workflow's
  first task with that task's state in progress on the latest revision, and the
  history's "wagtail.workflow.start" entry with the same data as `Workflow.start`.

What differs on purpose: no signal is sent per question (post_save, Wagtail's
workflow_submitted and task_submitted), so the receivers' work is done here in bulk —
the search index above — or once for the batch: the reviewers get one site notice
(repository.notices.tell_reviewers_of_batch) and one e-mail (repository.notifications)
for all the questions, not one a question; Wagtail's own e-mail to superusers on each
submission is not sent. Where the
workflow's first task does more than start (a task that skips itself, a task state of
its own class) or there is none, the questions are sent to review one by one
(review.send_to_review), which stays exact.

The questions must be new (never saved) and alike but for their own row's fields
(`_ROW_FIELDS`) and shared passage — one bank, subject group, author, grade, school
year… —, without co-authors: what an import makes.
"""

from __future__ import annotations

import logging

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db.models import Field
from django.utils import timezone
from django.utils.translation import gettext as _
from modelcluster.models import get_serializable_data_for_fields
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_registry
from wagtail.models import Revision, Task, TaskState, WorkflowState
from wagtail.search.backends import get_search_backends_with_name

from lms.core import bulk_index, collector
from lms.core.bulk_insert import (
    allocate_ids, checked_when_written, insert_instances, insert_rows, instance_rows, pipelined, update_rows,
)
from repository import review
from repository.models import Question, QuestionMedia
from repository.models.questions import QuestionTag

logger = logging.getLogger(__name__)

# The fields a question of an import takes from its own row; every other field holds the
# same value for every question of the batch, so the first one's full validation stands
# for all of them (a shared passage is one the import has just created).
SLICE = 1000  # questions built and written at a time (see save_new)
_ROW_FIELDS = ("kind", "content", "title", "topic", "cognitive_level", "difficulty", "source", "points",
               "fingerprint")
def _validate(questions: list[Question]) -> None:
    """What `save_revision` checks (`full_clean`): everything on the first question, the
    fields of its own row on each other one."""
    first, *others = questions
    first.full_clean()
    shared = [f.name for f in Question._meta.fields if f.name not in _ROW_FIELDS]  # + the passage
    for question in others:
        question.clean_fields(exclude=shared)


def _tags(questions: list[Question], tag_names: list[list[str]]) -> list[list]:
    """Each question's tag instances, in order and without repeats, as
    `keywords.set(names)` finds or creates them (one lookup for all the names)."""
    every = list(dict.fromkeys(name for names in tag_names for name in names))
    if not every:
        return [[] for _ in questions]
    found = questions[0].keywords._to_tag_model_instances(every, {})
    by_name = dict(zip(every, found)) if len(found) == len(every) else None
    result = []
    for question, names in zip(questions, tag_names):
        tags = ([by_name[name] for name in names] if by_name is not None
                else question.keywords._to_tag_model_instances(names, {}))
        result.append(list(dict.fromkeys(tags)))
    return result


@collector.pausing
def save_new(questions: list[Question], *, user, media: list[list[QuestionMedia]], tag_names: list[list[str]],
             log_action: str = "wagtail.create") -> None:
    """Save new `questions` with their `media` and tags (lists in the same order) and a
    first revision each by `user`, as `save()` and `save_revision(user=user,
    log_action=log_action)` would; each question gets its pk and `latest_revision`."""
    if not questions:
        return
    _validate(questions)
    tags = _tags(questions, tag_names)
    # Where the ids can be taken first (PostgreSQL), every row is written once (the
    # questions with their latest revision), as it is made, in the pipeline (bulk_insert.
    # pipelined); else (SQLite) the ids come back from the INSERTs and the questions'
    # latest revisions are set after.
    ids = allocate_ids(Question, len(questions))
    given = ids is not None
    if given:
        for question, pk in zip(questions, ids):
            question.pk = pk
        question_rows = instance_rows(questions)  # the times set, as a save sets them before the revision
    else:
        insert_instances(questions)
    for question, items_of in zip(questions, media):
        for item in items_of:
            item.question = question
    items = [item for items_of in media for item in items_of]
    tagged = [[QuestionTag(tag=tag, content_object=question) for tag in question_tags]
              for question, question_tags in zip(questions, tags)]
    tag_rows = [row for rows_of in tagged for row in rows_of]
    if given:
        for model, objs in ((QuestionMedia, items), (QuestionTag, tag_rows)):
            for obj, pk in zip(objs, allocate_ids(model, len(objs))):
                obj.pk = pk
    content_type = Question.get_content_type().pk
    base_content_type = Question.get_base_content_type().pk
    revision_ids = allocate_ids(Revision, len(questions))
    context = get_active_log_context()
    entry_model = log_registry.get_log_model_for_model(Question)
    # With the ids given, each row is written after those it names, its foreign keys
    # checked as it is written (on the server, while the next rows are built) rather than
    # all at commit; without, the images and tags first, their ids in the revisions.
    # The work goes in slices, each written as soon as it is built: on PostgreSQL the server
    # writes (and checks) one slice while this process builds the next.
    with pipelined(Question), checked_when_written(Question):
        if not given:
            insert_instances(items)
            insert_instances(tag_rows)
        now = timezone.now()
        serialise = _serialiser(questions[0])
        actor = user or context.user
        for start in range(0, len(questions), SLICE):
            part = slice(start, start + SLICE)
            some = questions[part]
            revisions = []
            for question, items_of, rows_of in zip(some, media[part], tagged[part]):
                # The children as the revision reads them once saved; no co-authors (new).
                question.media, question.tagged_items, question.co_authors = items_of, rows_of, []
                revisions.append({"content_type_id": content_type, "base_content_type_id": base_content_type,
                                  "object_id": str(question.pk), "user_id": user.pk if user else None,
                                  "created_at": now, "content": serialise(question),
                                  "object_str": str(question)})
                for relation in ("media", "tagged_items", "co_authors"):  # back to the database's, as a save leaves them
                    question._cluster_related_objects.pop(relation, None)
            some_revision_ids = insert_rows(Revision, revisions, ids=revision_ids[part] if given else None)
            for question, revision_id in zip(some, some_revision_ids):
                question.latest_revision_id, question.has_unpublished_changes = revision_id, True
            if given:
                rows = question_rows[part]
                for row, revision_id in zip(rows, some_revision_ids):
                    row["latest_revision_id"], row["has_unpublished_changes"] = revision_id, True
                insert_instances(some, rows)  # then the rows naming them
                insert_instances([item for items_of in media[part] for item in items_of])
                insert_instances([row for rows_of in tagged[part] for row in rows_of])
            else:
                update_rows(Question, ["latest_revision_id", "has_unpublished_changes"],
                            [(question.pk, revision_id, True) for question, revision_id in zip(some, some_revision_ids)])
            if log_action and entry_model is not None:
                insert_rows(entry_model, [
                    {"content_type_id": content_type, "label": entry_model.objects.get_instance_title(q),
                     "action": log_action, "timestamp": now, "data": {}, "user_id": actor.pk if actor else None,
                     "uuid": context.uuid, "revision_id": q.latest_revision_id, "content_changed": True,
                     "object_id": str(q.pk)}
                    for q in some], returning=False)
            _index(some, refresh=False)
        _index([], refresh=True)


def _serialiser(first: Question):
    """`serializable_data()` for questions of one batch: the first's whole, then for each
    other only what differs between them (the fields of its own row, its passage, its
    key, times, and its children: images, tags, co-authors), the rest copied from the
    first's (the same values serialised the same way). modelcluster serialises every
    field anew for each, the larger part of building 10,000 revisions."""
    from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations, get_field_value

    base = {}  # the first's, once its children are set (it comes first)
    own = set(_ROW_FIELDS) | {"passage"}
    fields = [f for f in Question._meta.fields
              if f.serialize and (f.name in own or type(f).pre_save is not Field.pre_save)]
    pk_field = Question._meta.pk
    children = [rel.get_accessor_name() for rel in get_all_child_relations(first)]
    m2m = [field.name for field in get_all_child_m2m_relations(first) if field.serialize]

    def serialise(question: Question) -> dict:
        if question is first:
            base.update(first.serializable_data())
            return base
        data = dict(base)
        data["pk"] = get_field_value(pk_field, question)
        for field in fields:
            data[field.name] = get_field_value(field, question)
        for name in children:  # as modelcluster's serializable_data writes them
            data[name] = [child.serializable_data() if hasattr(child, "serializable_data")
                          else get_serializable_data_for_fields(child) for child in getattr(question, name).all()]
        for name in m2m:
            data[name] = [child.pk for child in getattr(question, name).all()]
        return data

    return serialise




def _index(questions: list[Question], *, refresh: bool = True) -> None:
    """The search index's entries, as the post_save handler's task makes them (`refresh`:
    the index's figures for all entries worked out again, once after the last slice)."""
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            bulk_index.add_bulk(backend, Question, questions, refresh=refresh)
        except Exception:
            logger.exception("Exception raised while adding %d questions into the '%s' search backend",
                             len(questions), name)
            if not backend.catch_indexing_errors:
                raise


def _first_task(workflow):
    """The task a new workflow state starts on, when starting it only starts it: a task
    state of the base class in progress (Task.start) — else None."""
    task = (Task.objects.filter(workflow_tasks__workflow=workflow, active=True)
            .order_by("workflow_tasks__sort_order").first())
    if task is None:
        return None
    specific = task.specific
    if type(specific).start is not Task.start or specific.get_task_state_class() is not TaskState:
        return None
    return specific


@collector.pausing
def send_new_to_review(questions: list[Question], user, *, batch_title: str) -> None:
    """Start the review of new, saved `questions` (latest revisions set) as
    `review.send_to_review` starts each one's; the reviewers are told once (see the
    module's docstring), the e-mail naming the batch `batch_title`."""
    from repository import notifications, notices

    if not questions:
        return
    workflow = questions[0].get_workflow()
    if workflow is None:
        raise ValidationError(_("No review is set up for resources: ask the district's officer."))
    task = _first_task(workflow)
    if task is None:
        for question in questions:
            review.send_to_review(question, user)
        return
    content_type = Question.get_content_type().pk
    base_content_type = Question.get_base_content_type().pk
    now = timezone.now()
    task_state_type = ContentType.objects.get_for_model(TaskState).pk
    context = get_active_log_context()
    entry_model = log_registry.get_log_model_for_model(Question)
    actor = user or context.user
    # As in save_new: the ids taken first where they can be (each workflow state written
    # with its current task state), else returned by the INSERTs.
    state_ids = allocate_ids(WorkflowState, len(questions))
    task_state_ids = allocate_ids(TaskState, len(questions))
    given = state_ids is not None
    # a workflow state and its current task state name each other: that key alone is
    # checked at commit
    with pipelined(Question), checked_when_written(Question, deferred=[(WorkflowState, "current_task_state")]):
        states = [{"content_type_id": content_type, "base_content_type_id": base_content_type,
                   "object_id": str(q.pk), "workflow_id": workflow.pk, "status": WorkflowState.STATUS_IN_PROGRESS,
                   "created_at": now, "requested_by_id": user.pk if user else None} for q in questions]
        if given:
            for row, task_state_id in zip(states, task_state_ids):
                row["current_task_state_id"] = task_state_id
        state_ids = insert_rows(WorkflowState, states, ids=state_ids)
        task_states = [{"workflow_state_id": state_id, "revision_id": q.latest_revision_id, "task_id": task.pk,
                        "status": TaskState.STATUS_IN_PROGRESS, "started_at": now, "content_type_id": task_state_type}
                       for state_id, q in zip(state_ids, questions)]
        task_state_ids = insert_rows(TaskState, task_states, ids=task_state_ids)
        if not given:
            update_rows(WorkflowState, ["current_task_state_id"], list(zip(state_ids, task_state_ids)))
        if entry_model is not None:
            now = timezone.now()
            insert_rows(entry_model, [
                {"content_type_id": content_type, "label": entry_model.objects.get_instance_title(q),
                 "action": "wagtail.workflow.start", "timestamp": now, "user_id": actor.pk if actor else None,
                 "uuid": context.uuid, "revision_id": q.latest_revision_id, "object_id": str(q.pk),
                 "data": {"workflow": {"id": workflow.id, "title": workflow.name,
                                       "status": WorkflowState.STATUS_IN_PROGRESS,
                                       "next": {"id": task.id, "title": task.name},
                                       "task_state_id": task_state_id}}}
                for q, task_state_id in zip(questions, task_state_ids)], returning=False)
    notices.tell_reviewers_of_batch(questions, user, batch_title, task=task, state_ids=state_ids)
    notifications.tell_reviewers_of_batch(questions, batch_title)
