"""The review is not bound to Resource: a second reviewable model (tests/reviewable, a
test-only app) goes through submit → send back → resubmit → approve with the same
tasks, appears in the reviewer's queue, counts in the menus and mails its reviewers."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from wagtail.models import TaskState, WorkflowState

from factories import client_for
from lms.organisation.models import SchoolYear
from repository import review
from repository.models import Grade, Subject, SubjectGroupReviewTask
from tests.reviewable.models import LessonNote


def nav_count(client, key) -> int:
    page = client.get("/me/").content.decode()
    found = re.search(rf'data-nav="{key}"[^>]*>[^<]*<span class="nav-count" data-count="(\d+)"', page)
    return int(found.group(1)) if found else 0


@pytest.fixture
def note(demo):
    author = demo.user("giaovien.toan")
    group = demo.group("THCS-NT", "Tổ Toán – Tin")
    grade = Grade.objects.get(number=7)
    note = LessonNote.objects.create(
        title="Ghi chú bài dạy: Biểu đồ đoạn thẳng", body="Mục tiêu, tiến trình.", level=grade.level,
        grade=grade, subject=Subject.objects.get(code="toan"), school_year=SchoolYear.objects.get(is_current=True),
        owner=author, school=group.school, subject_group=group, live=False,
    )
    note.save_revision(user=author)
    return note


def current_state(note) -> TaskState:
    return TaskState.objects.get(workflow_state__object_id=str(note.pk), status=TaskState.STATUS_IN_PROGRESS,
                                 workflow_state__base_content_type__model="lessonnote")


def test_the_second_model_is_registered_and_gets_the_review_workflow(db):
    assert LessonNote in review.reviewable_models()
    workflow = LessonNote().get_workflow()
    assert workflow is not None and workflow.name == review.REVIEW_WORKFLOW_NAME
    with pytest.raises(review.AlreadyReviewable):
        review.register_reviewable(LessonNote)


def test_a_lesson_note_goes_through_the_whole_review(demo, note):
    author, reviewer = demo.user("giaovien.toan"), demo.user("thamdinh.toan")
    reviewer.email = "ha.ttt@example.edu.vn"
    reviewer.save()
    reviewer_client, author_client = client_for(reviewer), client_for(author)
    mail.outbox.clear()

    state = note.get_workflow().start(note, author)
    assert [m.to for m in mail.outbox] == [["ha.ttt@example.edu.vn"]]
    assert note.title in mail.outbox[0].subject
    queue = reviewer_client.get("/hoc-lieu/cho-duyet/").content.decode()
    assert note.title in queue
    assert nav_count(reviewer_client, "review_queue") == 1
    task_state = current_state(note)
    assert isinstance(task_state.task.specific, SubjectGroupReviewTask)
    with pytest.raises(PermissionDenied):  # the author never decides
        task_state.task.specific.on_action(task_state, author, "approve")

    task_state.task.specific.on_action(task_state, reviewer, "reject", comment="Thêm ví dụ.")
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert nav_count(author_client, "my_resources") == 1  # sent back: waits for the author
    assert nav_count(reviewer_client, "review_queue") == 0

    note.body = "Mục tiêu, tiến trình, ví dụ."
    note.save_revision(user=author)
    state.resume(user=author)
    task_state = current_state(note)
    assert task_state.revision_id == note.latest_revision_id  # the version just saved
    assert nav_count(reviewer_client, "review_queue") == 1

    task_state.task.specific.on_action(task_state, reviewer, "approve")
    state.refresh_from_db()
    while state.status == WorkflowState.STATUS_IN_PROGRESS:  # the district stage skips itself
        state.current_task_state.approve(user=reviewer)
        state.refresh_from_db()
    note.refresh_from_db()
    assert state.status == WorkflowState.STATUS_APPROVED
    assert note.live is True and note.first_published_at is not None
    assert note.body == "Mục tiêu, tiến trình, ví dụ."
    assert nav_count(reviewer_client, "review_queue") == 0


def test_the_note_waits_for_its_own_groups_reviewers_only(demo, note):
    from lms.accounts.models import Role
    from lms.accounts.services import role_grant
    from repository.selectors import review_queue

    note.get_workflow().start(note, demo.user("giaovien.toan"))
    other_reviewer = demo.user("giaovien.van")
    role_grant(user=other_reviewer, role=Role.REVIEWER, unit=demo.group("THCS-NT", "Tổ Ngữ văn – Lịch sử – Địa lý"))
    assert [item.resource for item in review_queue(user=demo.user("totruong.toan"))] == [note]
    assert review_queue(user=other_reviewer) == []
    assert note.title not in client_for(other_reviewer).get("/hoc-lieu/cho-duyet/").content.decode()
