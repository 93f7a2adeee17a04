"""Notices on the site (/thong-bao/): the subject group's reviewers hear of a submission,
the authors of a decision or a withdrawal; the header counts the unread ones; opening
the list or following one marks it read; nobody opens another's notice."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.models import WorkflowState

from factories import client_for, make_resource
from lms.notices.models import Notice
from repository.models import Resource
from repository.notices import APPROVED, SENT_BACK, SUBMITTED, WITHDRAWN

TITLE = "Kế hoạch bài dạy Toán 6 – Số nguyên tố"
GROUP_REVIEWERS = {"thamdinh.toan", "totruong.toan"}


def nav_count(client, key="notices") -> int:
    page = client.get("/me/").content.decode()
    found = re.search(rf'data-nav="{key}"[^>]*>[^<]*<span class="nav-count" data-count="(\d+)"', page)
    return int(found.group(1)) if found else 0


def notices_about(title, kind):
    return Notice.objects.filter(title=title, kind=kind).select_related("recipient")


def review_url(obj) -> str:
    state = WorkflowState.objects.get(base_content_type__model=obj._meta.model_name, object_id=str(obj.pk),
                                      status=WorkflowState.STATUS_IN_PROGRESS)
    return f"/hoc-lieu/cho-duyet/{state.pk}/"


def items(html) -> list[tuple[str, str, str]]:
    """(notice id, unread "1"/"0", link text) of each notice on the list."""
    return re.findall(r'<li class="resource-card notice-item[^"]*" data-notice="(\d+)" data-kind="[^"]*" '
                      r'data-unread="([01])">.*?<a href="/thong-bao/\d+/">(.*?)</a>', html, re.S)


def read_all(client):
    assert client.post("/thong-bao/").status_code == 302


@pytest.fixture
def waiting(demo_content):
    """Giaovien.toan's lesson plan, just submitted to Tổ Toán – Tin."""
    from lms.accounts.models import Role
    from lms.accounts.services import role_grant

    # a reviewer of another group, who must hear nothing of it
    role_grant(user=demo_content.user("giaovien.van"), role=Role.REVIEWER,
               unit=demo_content.group("THCS-NT", "Tổ Ngữ văn – Lịch sử – Địa lý"))
    return make_resource(demo_content, TITLE, state="in_review")


def test_the_seeded_demo_leaves_a_notice_for_each_side(demo_content):
    waiting = Notice.objects.get(recipient__username="thamdinh.toan", kind=SUBMITTED.key,
                                 title="Kế hoạch bài dạy Toán 7 – Biểu thức đại số")
    assert waiting.read_at is None
    leader = Notice.objects.get(recipient__username="totruong.toan", kind=SUBMITTED.key, title=waiting.title)
    assert leader.read_at is None and leader.url == waiting.url
    assert waiting.url == review_url(Resource.objects.get(title=waiting.title))
    sent_back = Notice.objects.get(recipient__username="giaovien.toan", kind=SENT_BACK.key)
    revise = f"/hoc-lieu/{Resource.objects.get(title='Phiếu học tập Toán 6 – Phân số').pk}/sua/"
    assert (sent_back.title, sent_back.read_at, sent_back.url) == ("Phiếu học tập Toán 6 – Phân số", None, revise)
    assert sent_back.detail == "Bổ sung đáp án và thang điểm cho phần luyện tập."
    assert sent_back.actor.username == "thamdinh.toan"
    # what the reviewers decided already waits for nobody
    assert not Notice.objects.filter(recipient__username="thamdinh.toan", kind=SUBMITTED.key,
                                     read_at__isnull=True).exclude(title=waiting.title).exists()


def test_a_submission_tells_its_groups_reviewers_not_its_author_nor_another_group(demo_content, waiting):
    told = notices_about(TITLE, SUBMITTED.key)
    assert {n.recipient.username for n in told} == GROUP_REVIEWERS
    assert {(n.url, n.actor.username, n.read_at) for n in told} == {(review_url(waiting), "giaovien.toan", None)}
    assert not Notice.objects.filter(title=TITLE, recipient__username__in=["giaovien.toan", "giaovien.van"]).exists()

    reviewer = client_for(demo_content.user("thamdinh.toan"))
    html = reviewer.get("/thong-bao/").content.decode()
    notice = told.get(recipient__username="thamdinh.toan")
    assert items(html)[0] == (str(notice.pk), "1", f'<span class="visually-hidden">Chưa đọc: </span>'
                                                   f"Hoàng Minh Đức đã gửi “{TITLE}” chờ duyệt")
    followed = reviewer.get(f"/thong-bao/{notice.pk}/")
    assert (followed.status_code, followed["Location"]) == (302, review_url(waiting))
    assert reviewer.get(followed["Location"]).status_code == 200  # the review page is hers to open


def test_sent_back_the_author_reads_the_comment_and_the_count_goes(demo_content, waiting):
    author = client_for(demo_content.user("giaovien.toan"))
    read_all(author)
    assert nav_count(author) == 0
    reviewer = client_for(demo_content.user("thamdinh.toan"))
    done = reviewer.post(review_url(waiting), {"action": "reject", "comment": "Thêm bài tập vận dụng."})
    assert done.status_code == 302

    notice = Notice.objects.get(recipient__username="giaovien.toan", title=TITLE)
    revise = f"/hoc-lieu/{Resource.objects.get(title=TITLE).pk}/sua/"  # its edit page
    assert (notice.kind, notice.detail, notice.url) == (SENT_BACK.key, "Thêm bài tập vận dụng.", revise)
    page = author.get("/me/").content.decode()
    assert ('data-nav="notices">Thông báo <span class="nav-count" data-count="1">1'
            '<span class="visually-hidden"> mục đang chờ bạn</span></span></a>') in page

    html = author.get("/thong-bao/").content.decode()
    assert items(html)[0] == (str(notice.pk), "1", '<span class="visually-hidden">Chưa đọc: </span>'
                                                   f"“{TITLE}” đã bị trả lại để sửa")
    assert "Nhận xét của người thẩm định: Thêm bài tập vận dụng." in html
    assert 'data-nav="notices" aria-current="page">Thông báo</a>' in html  # read once shown: no count left
    assert nav_count(author) == 0
    assert items(author.get("/thong-bao/").content.decode())[0][1] == "0"
    # the reviewers' notice of the submission waits no more, and leads to the queue
    assert set(notices_about(TITLE, SUBMITTED.key).values_list("url", flat=True)) == {"/hoc-lieu/cho-duyet/"}
    assert not notices_about(TITLE, SUBMITTED.key).filter(read_at__isnull=True).exists()


def test_approved_the_authors_are_told_and_the_notice_leads_to_the_resource(demo_content):
    resource = make_resource(demo_content, TITLE, state="in_review", co_authors=["thamdinh.toan"])
    reviewer = client_for(demo_content.user("totruong.toan"))
    assert reviewer.post(review_url(resource), {"action": "approve", "comment": ""}).status_code == 302

    told = notices_about(TITLE, APPROVED.key)
    assert {n.recipient.username for n in told} == {"giaovien.toan", "thamdinh.toan"}  # owner and co-author
    notice = told.get(recipient__username="giaovien.toan")
    assert (notice.url, notice.actor.username, notice.read_at) == (f"/hoc-lieu/{resource.pk}/", "totruong.toan", None)
    author = client_for(demo_content.user("giaovien.toan"))
    followed = author.get(f"/thong-bao/{notice.pk}/")
    assert (followed.status_code, followed["Location"]) == (302, f"/hoc-lieu/{resource.pk}/")
    notice.refresh_from_db()
    assert notice.read_at is not None
    assert f"“{TITLE}” đã được duyệt và xuất bản" in author.get("/thong-bao/").content.decode()


def test_withdrawn_the_author_hears_the_reason(demo_content):
    published = Resource.objects.filter(owner__username="giaovien.toan", live=True).first()
    officer = client_for(demo_content.user("chuyenvien"))
    reason = "Nội dung chưa đúng chương trình."
    assert officer.post(f"/hoc-lieu/{published.pk}/go-xuong/", {"reason": reason}).status_code == 302
    notice = Notice.objects.get(kind=WITHDRAWN.key)
    assert (notice.recipient.username, notice.title, notice.detail, notice.actor.username) == (
        "giaovien.toan", published.title, reason, "chuyenvien")
    html = client_for(demo_content.user("giaovien.toan")).get("/thong-bao/").content.decode()
    assert f"“{published.title}” đã bị gỡ khỏi kho học liệu" in html and f"Lý do: {reason}" in html


@pytest.mark.parametrize("who", ["thamdinh.toan", "giaovien.van", "admin"])
def test_another_users_notice_is_not_found(demo_content, who):
    notice = Notice.objects.get(recipient__username="giaovien.toan", kind=SENT_BACK.key)
    response = client_for(demo_content.user(who)).get(f"/thong-bao/{notice.pk}/")
    assert response.status_code == 404
    notice.refresh_from_db()
    assert notice.read_at is None


@pytest.mark.parametrize("url", ["/thong-bao/", "/thong-bao/1/"])
def test_a_visitor_is_sent_to_log_in(demo, url):
    response = Client().get(url)
    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")


def test_the_sentence_follows_the_readers_language(demo_content):
    client = client_for(demo_content.user("giaovien.toan"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = client.get("/thong-bao/").content.decode()
    assert "“Phiếu học tập Toán 6 – Phân số” was sent back for changes" in html
    assert "Reviewer&#x27;s comment: Bổ sung đáp án" in html


def test_the_header_counts_with_one_query(demo_content):
    client = client_for(demo_content.user("thamdinh.toan"))
    client.get("/me/")  # the session and the user are read once anyway
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/me/").content.decode()
    on_notices = [q["sql"] for q in queries if "notices_notice" in q["sql"]]
    assert len(on_notices) == 1 and "COUNT(" in on_notices[0]
    unread = Notice.objects.filter(recipient__username="thamdinh.toan", read_at__isnull=True).count()
    assert f'data-nav="notices">Thông báo <span class="nav-count" data-count="{unread}">' in page


def test_a_lesson_note_is_told_like_a_resource(demo_content):
    from lms.organisation.models import SchoolYear
    from repository.models import Grade, Subject
    from tests.reviewable.models import LessonNote

    author, group, grade = demo_content.user("giaovien.toan"), demo_content.group("THCS-NT", "Tổ Toán – Tin"), \
        Grade.objects.get(number=7)
    note = LessonNote.objects.create(
        title="Ghi chú bài dạy: Biểu đồ đoạn thẳng", body="Mục tiêu.", level=grade.level, grade=grade,
        subject=Subject.objects.get(code="toan"), school_year=SchoolYear.objects.get(is_current=True),
        owner=author, school=group.school, subject_group=group, live=False,
    )
    note.save_revision(user=author)
    note.get_workflow().start(note, author)
    assert {n.recipient.username for n in notices_about(note.title, SUBMITTED.key)} == GROUP_REVIEWERS
    reviewer = client_for(demo_content.user("thamdinh.toan"))
    reviewer.post(review_url(note), {"action": "reject", "comment": "Thêm ví dụ."})
    notice = Notice.objects.get(title=note.title, kind=SENT_BACK.key)
    assert (notice.recipient.username, notice.detail, notice.url) == ("giaovien.toan", "Thêm ví dụ.", "/hoc-lieu/cua-toi/")
