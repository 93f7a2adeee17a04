"""The reviewer's page on the site (/hoc-lieu/cho-duyet/<id>/): what was submitted, what
changed since the published version, the files, the history; "Duyệt" and "Trả lại"
(a comment required), a plain result and the next item. Only who decides opens it."""

import re

import pytest
from django.test import Client
from wagtail.models import WorkflowState

from factories import client_for, make_resource
from repository.models import Resource
from repository.selectors import review_status
from tests.reviewable.models import LessonNote


def review_url(obj) -> str:
    state = WorkflowState.objects.get(base_content_type__model=obj._meta.model_name, object_id=str(obj.pk),
                                      status=WorkflowState.STATUS_IN_PROGRESS)
    return f"/hoc-lieu/cho-duyet/{state.pk}/"


def messages_of(response) -> list[str]:
    return re.findall(r'<li class="msg-\w+">(.*?)</li>', response.content.decode(), re.S)


@pytest.fixture
def waiting(demo):
    return make_resource(demo, "Kế hoạch bài dạy Toán 6 – Tập hợp", state="in_review", topic="Tập hợp")


def test_the_reviewer_opens_the_submission_from_the_queue_and_sends_it_back_with_a_comment(demo, waiting):
    reviewer = client_for(demo.user("thamdinh.toan"))
    queue = reviewer.get("/hoc-lieu/cho-duyet/").content.decode()
    url = review_url(waiting)
    assert f'<a href="{url}">{waiting.title}</a>' in queue
    assert f'data-next="{url.split("/")[-2]}"' in queue  # "review the next one"

    page = reviewer.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert f"<h1>{waiting.title}</h1>" in html
    assert 'data-preview="pdf"' in html and f"{waiting.title}.pdf" in html
    assert "Tập hợp" in html and "Hoàng Minh Đức" in html  # topic, author
    assert 'data-history="submitted"' in html
    assert set(page["Cache-Control"].split(", ")) == {"private", "no-store"}

    # sending back without a comment: refused in words, tied to the field; nothing changes
    refused = reviewer.post(url, {"action": "reject", "comment": "  "})
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Hãy nói tác giả cần sửa gì: gửi trả lại phải có nhận xét." in text
    assert 'aria-invalid="true"' in text and 'aria-describedby="review-comment-help review-error"' in text
    waiting.refresh_from_db()
    assert review_status(waiting) == "in_review"

    done = reviewer.post(url, {"action": "reject", "comment": "Bổ sung mục tiêu bài học."}, follow=True)
    assert done.redirect_chain == [("/hoc-lieu/cho-duyet/", 302)]
    assert messages_of(done) == ["Đã trả lại cho tác giả."]
    assert "Không có học liệu nào đang chờ bạn thẩm định." in done.content.decode()
    waiting = Resource.objects.get(pk=waiting.pk)
    assert review_status(waiting) == "needs_changes"
    mine = client_for(demo.user("giaovien.toan")).get("/hoc-lieu/cua-toi/").content.decode()
    assert "Bổ sung mục tiêu bài học." in mine
    assert reviewer.get(url).status_code == 404  # decided: no longer waiting on her


def test_approving_publishes_and_says_so(demo, waiting):
    reviewer = client_for(demo.user("thamdinh.toan"))
    done = reviewer.post(review_url(waiting), {"action": "approve", "comment": ""}, follow=True)
    assert messages_of(done) == ["Đã duyệt và xuất bản."]
    waiting.refresh_from_db()
    assert waiting.live is True
    assert Client().get(f"/hoc-lieu/{waiting.pk}/").status_code == 200


def test_an_unknown_decision_is_refused(demo, waiting):
    refused = client_for(demo.user("thamdinh.toan")).post(review_url(waiting), {"action": "cancel"})
    assert refused.status_code == 400
    assert "Hãy chọn “Duyệt” hoặc “Trả lại”." in refused.content.decode()
    waiting.refresh_from_db()
    assert review_status(waiting) == "in_review"


def test_changes_to_a_published_resource_are_shown_against_the_published_version(demo):
    resource = make_resource(demo, "Phiếu học tập Toán 6 – Phân số", state="published_changes_in_review")
    page = client_for(demo.user("thamdinh.toan")).get(review_url(resource)).content.decode()
    assert "Những gì thay đổi so với bản đã xuất bản" in page
    changed = re.findall(r'<tr data-changed="([^"]+)"><th scope="row">[^<]*</th><td[^>]*><del>([^<]*)</del></td>'
                         r'<td[^>]*><ins>([^<]*)</ins>', page)
    assert changed == [("mô tả", "—", "Bản sửa đang chờ duyệt")]


@pytest.mark.parametrize("who", ["giaovien.toan", "giaovien.van", "giaovien.th", "hocsinh.6a", "hieutruong.nt"])
def test_nobody_but_who_decides_opens_or_decides(demo, waiting, who):
    client = client_for(demo.user(who))
    url = review_url(waiting)
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "approve"}).status_code == 404
    waiting.refresh_from_db()
    assert review_status(waiting) == "in_review"


def test_a_visitor_is_sent_to_log_in(demo, waiting):
    url = review_url(waiting)
    response = Client().get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_page_serves_any_reviewable_model(demo):
    from lms.organisation.models import SchoolYear
    from repository.models import Grade, Subject

    author, group, grade = demo.user("giaovien.toan"), demo.group("THCS-NT", "Tổ Toán – Tin"), Grade.objects.get(number=7)
    note = LessonNote.objects.create(
        title="Ghi chú bài dạy: Biểu đồ đoạn thẳng", body="Mục tiêu.", level=grade.level, grade=grade,
        subject=Subject.objects.get(code="toan"), school_year=SchoolYear.objects.get(is_current=True),
        owner=author, school=group.school, subject_group=group, live=False,
    )
    note.save_revision(user=author)
    note.get_workflow().start(note, author)
    reviewer = client_for(demo.user("thamdinh.toan"))
    url = review_url(note)
    assert url in reviewer.get("/hoc-lieu/cho-duyet/").content.decode()
    assert "Ghi chú bài dạy: Biểu đồ đoạn thẳng" in reviewer.get(url).content.decode()
    done = reviewer.post(url, {"action": "reject", "comment": "Thêm ví dụ."}, follow=True)
    assert messages_of(done) == ["Đã trả lại cho tác giả."]
