"""Questions saved in bulk (repository/questions/bulk.py, what import_save uses) are stored
as saving each one would store it — `save()`, `save_revision(log_action="wagtail.create")`,
`review.send_to_review` —: the row, its images and tags, its first revision's content,
latest_revision, the workflow state in progress on its first task with that task's state,
the history's entries and the search index's entry; the reviewers get one site notice
and one e-mail for the batch, not one a question; and a bulk-saved question can be
approved, sent back and sent again like any other."""

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import translation
from wagtail.log_actions import registry as log_registry
from wagtail.models import TaskState, WorkflowState

import samples
from lms.notices.models import Notice
from lms.organisation.models import SchoolYear
from repository import review
from repository.models import Question, QuestionMedia
from repository.notices import review_url
from repository.questions import bulk, services

CONTENT = {"kind": "single", "stem": '<p>Hình nào là hình vuông?</p><p><img src="media:hinh.png" alt="Hình 1"></p>',
           "text_format": "html",
           "options": [{"text": t, "fraction": 1.0 if i == 0 else 0.0, "feedback": "", "fixed": False}
                       for i, t in enumerate(["A", "B", "C", "D"])]}
PLAIN = {"kind": "true_false", "stem": "Số 7 là số nguyên tố.", "text_format": "plain", "answer": True}
TAGS = ["hình học", "lớp 6", "hình học"]  # repeated: kept once, as keywords.set keeps it


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield



def new_question(bank, content, stem_title):
    return Question(
        bank=bank, kind=content["kind"], content=content, title=stem_title, level=bank.level, subject=bank.subject,
        grade=bank.grade, textbook_series=bank.textbook_series, topic="Hình học", school=bank.subject_group.school,
        school_year=SchoolYear.objects.get(is_current=True), subject_group=bank.subject_group,
        owner=bank.created_by, cognitive_level="Biết", difficulty="easy", source="Sách giáo khoa",
        fingerprint=services.fingerprint(content), live=False)


@pytest.fixture
def image():
    """An image an import keeps in storage (services._store_media)."""
    return default_storage.save("repository/question-imports/test/1/hinh.png", ContentFile(samples.png()))


def media_rows(path):
    return [QuestionMedia(name="hinh.png", file=path, mime="image/png", alt="Hình 1")]


def one_by_one(question, media, tags, user):
    """What import_save did for each question before it saved in bulk."""
    question.media = media
    question.keywords.set(tags)
    question.save()
    question.save_revision(user=user, log_action="wagtail.create")
    review.send_to_review(question, user)
    return question


def without(data, *keys):
    return {k: v for k, v in data.items() if k not in keys}


def revision_content(question):
    """The first revision's content, without what differs between any two saves (ids, times)."""
    content = question.latest_revision.content
    media = [without(m, "pk", "id", "question") for m in content["media"]]
    tags = [without(t, "pk", "id", "content_object") for t in content["tagged_items"]]
    return {**without(content, "pk", "id", "created_at", "updated_at"), "media": media, "tagged_items": tags}


def stored(question):
    """Everything saving stored for `question`, ids and times left out."""
    question = Question.objects.get(pk=question.pk)
    revisions = list(question.revisions.all())
    state = WorkflowState.objects.for_instance(question).get()
    task_state = state.current_task_state
    history = [(e.action, e.label, e.user_id, e.revision_id == question.latest_revision_id, e.content_changed,
                e.data.get("workflow", {}).get("task_state_id") == task_state.pk,
                without(e.data.get("workflow", {}), "task_state_id"))
               for e in log_registry.get_logs_for_instance(question)]
    from wagtail.search.models import IndexEntry
    index = list(IndexEntry.objects.filter(content_type=Question.get_content_type(), object_id=str(question.pk))
                 .values_list("title", "body", "autocomplete",
                              *[f.name for f in IndexEntry._meta.fields if f.name in ("title_text", "body_text")]))
    fields = {f.attname: getattr(question, f.attname) for f in Question._meta.concrete_fields
              if f.attname not in ("id", "created_at", "updated_at", "latest_revision_id")}
    return {
        "fields": fields,
        "revisions": [(r.user_id, r.object_str, r.content_type_id, r.base_content_type_id) for r in revisions],
        "latest_is_the_revision": [r.pk for r in revisions] == [question.latest_revision_id],
        "revision_content": revision_content(question),
        "revision_media_are_the_rows": [m["pk"] for m in question.latest_revision.content["media"]]
        == [m.pk for m in question.media.all()],
        "media": [(m.name, m.file.name, m.mime, m.alt, m.sort_order) for m in question.media.all()],
        "tags": sorted(question.keywords.names()),
        "state": (state.status, state.workflow_id, state.requested_by_id, state.content_type_id,
                  state.base_content_type_id),
        "task_state": (task_state.status, task_state.task_id, task_state.revision_id == question.latest_revision_id,
                       task_state.content_type_id, task_state.workflow_state_id == state.pk),
        "history": history,
        "index": index,
        "notices": sorted((n.recipient_id, n.kind, n.title, n.actor_id, n.detail)
                          for n in Notice.objects.filter(url=review_url(state))),
    }


def test_a_bulk_saved_question_is_stored_as_one_saved_by_itself(bank, image, demo):
    author, reviewer = bank.created_by, demo.user("thamdinh.toan")
    reviewer.email = "thamdinh.toan@example.edu.vn"
    reviewer.save(update_fields=["email"])
    reference = one_by_one(new_question(bank, CONTENT, "Hình nào là hình vuông?"), media_rows(image), TAGS, author)
    expected = stored(reference)
    mail.outbox.clear()

    first = new_question(bank, CONTENT, "Hình nào là hình vuông?")
    second = new_question(bank, PLAIN, "Số 7 là số nguyên tố.")
    # the question with images and tags second: the batch's first is serialised whole for
    # its revision, the others from it (bulk._serialiser)
    bulk.save_new([second, first], user=author, media=[[], media_rows(image)], tag_names=[[], TAGS])
    bulk.send_new_to_review([first, second], author, batch_title="2 câu hỏi của ngân hàng “Toán 6”")

    found = stored(first)
    assert found["revision_content"] == expected["revision_content"]
    # On purpose: no notice a question; one for the batch (below).
    assert found["notices"] == [] and without(found, "notices") == without(expected, "notices")
    assert expected["media"] and expected["tags"] == ["hình học", "lớp 6"]
    assert [entry[0] for entry in expected["history"]] == ["wagtail.workflow.start", "wagtail.create"]
    plain = stored(second)
    assert plain["media"] == [] and plain["tags"] == [] and plain["state"] == expected["state"]
    assert plain["notices"] == []
    # The reviewers who heard of the one question hear once of the batch, on the batch
    # review page (not filtered: these questions come from no import).
    assert sorted((n.recipient_id, n.kind, n.title, n.url, n.actor_id, n.detail)
                  for n in Notice.objects.filter(kind="repository.submitted_batch")) == [
        (recipient, "repository.submitted_batch", first.bank.name, "/ngan-hang/duyet/",
         actor, "")
        for recipient, _kind, _title, actor, _detail in expected["notices"]]
    assert len(expected["notices"]) == 2
    # The reviewers hear once of the batch, by e-mail, not once a question.
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([reviewer.email], "Cần thẩm định: 2 câu hỏi của ngân hàng “Toán 6”")]


def test_a_bulk_saved_question_is_approved_sent_back_and_sent_again(bank, demo, image):
    author, reviewer = bank.created_by, demo.user("thamdinh.toan")
    questions = [new_question(bank, PLAIN, "Số 7 là số nguyên tố."), new_question(bank, CONTENT, "Hình vuông")]
    bulk.save_new(questions, user=author, media=[[], media_rows(image)], tag_names=[[], []])
    bulk.send_new_to_review(questions, author, batch_title="2 câu hỏi")
    approved, sent_back = questions

    state = WorkflowState.objects.for_instance(approved).get()
    state.current_task_state.task.specific.on_action(state.current_task_state, reviewer, "approve")
    approved.refresh_from_db()
    assert approved.live and approved.live_revision_id == approved.latest_revision_id
    assert WorkflowState.objects.for_instance(approved).get().status == WorkflowState.STATUS_APPROVED

    state = WorkflowState.objects.for_instance(sent_back).get()
    state.current_task_state.task.specific.on_action(state.current_task_state, reviewer, "reject",
                                                     comment="Thiếu hình.")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Thiếu hình."
    sent_back.refresh_from_db()
    review.send_to_review(sent_back, author)  # the author sends it again: the same state resumes
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS
    assert not sent_back.live


def test_a_batch_of_one_is_told_as_one_submission(bank, demo):
    question = new_question(bank, PLAIN, "Số 7 là số nguyên tố.")
    bulk.save_new([question], user=bank.created_by, media=[[]], tag_names=[[]])
    bulk.send_new_to_review([question], bank.created_by, batch_title="1 câu hỏi")
    state = WorkflowState.objects.for_instance(question).get()
    assert sorted((n.recipient.username, n.kind, n.title, n.url) for n in Notice.objects.all()) == [
        (name, "repository.submitted", "Số 7 là số nguyên tố.", review_url(state))
        for name in ("thamdinh.toan", "totruong.toan")]


def test_a_large_batch_in_several_slices_keeps_each_question_with_its_own_rows(bank, demo, monkeypatch):
    """Past one statement's rows (100) and one slice (here 100 questions): every question
    gets its own revision, history, search entry and review, none another's."""
    from wagtail.search.models import IndexEntry

    monkeypatch.setattr(bulk, "SLICE", 100)
    author = bank.created_by
    questions = [new_question(bank, {**PLAIN, "stem": f"Số {n} là số nguyên tố."}, f"Câu số {n}")
                 for n in range(230)]
    bulk.save_new(questions, user=author, media=[[] for _ in questions], tag_names=[[f"t{n % 3}"] for n in range(230)])
    bulk.send_new_to_review(questions, author, batch_title="230 câu hỏi")

    saved = {q.pk: q for q in Question.objects.filter(bank=bank).select_related("latest_revision")}
    assert len(saved) == 230
    for question in questions:
        row = saved[question.pk]
        assert row.title == question.title
        assert row.latest_revision.object_id == str(row.pk)
        assert row.latest_revision.content["title"] == question.title
        assert row.latest_revision.content["content"]["stem"] == question.content["stem"]
        assert [t["tag"] for t in row.latest_revision.content["tagged_items"]] == [
            row.keywords.get().pk]
        state = WorkflowState.objects.for_instance(row).get()
        assert state.current_task_state.revision_id == row.latest_revision_id
        assert state.current_task_state.workflow_state_id == state.pk
        history = sorted(e.action for e in log_registry.get_logs_for_instance(row))
        assert history == ["wagtail.create", "wagtail.workflow.start"]
    entries = IndexEntry.objects.filter(content_type=Question.get_content_type(), object_id__in=[str(pk) for pk in saved])
    assert entries.count() == 230
