"""The demo district's e-learning lectures (repository/demo.py): two packages the project
builds (lms/player/samples.py), unpacked by the player's services and published through
review, and a demo student half-way through one of them, which "Bài giảng của tôi" and
the lecture's report show."""

import json
import re

import pytest
from django.contrib.contenttypes.models import ContentType
from wagtail.models import TaskState

from factories import client_for
from lms.player import runtime
from lms.player.models import Attempt, AttemptSession, Package
from repository.demo import DEMO_LECTURES, seed_demo_content
from repository.models import Resource

pytestmark = pytest.mark.django_db

FRACTIONS = "Bài giảng e-learning Toán 6 – Phân số bằng nhau"
SOLAR = "Bài giảng e-learning Khoa học 5 – Năng lượng mặt trời"


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def rows(html: str, table: str) -> dict[str, list[str]]:
    """A report table's rows: the row's data-learner / data-package → its cells' texts."""
    body = re.search(rf'data-report="{table}">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return {
        " ".join(re.findall(r'data-(?:learner|package)="([^"]*)"', attributes)):
            [text_of(cell) for cell in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", cells, re.S)]
        for attributes, cells in re.findall(r"<tr\b([^>]*)>(.*?)</tr>", body, re.S)
    }


def lecture(title: str) -> Resource:
    return Resource.objects.select_related("package").get(title=title)


def test_the_demo_publishes_two_lectures_whose_packages_are_ready(demo_content):
    lectures = Resource.objects.filter(kind="elearning").select_related("package", "owner", "subject_group")
    assert sorted(
        (r.title, r.live, r.has_unpublished_changes, r.visibility, r.owner.username, r.subject_group.name,
         r.subject.code, r.grade.number, r.package.status, r.package.standard, r.package.edition,
         r.package.title, r.package.original_name, r.package.items.filter(is_sco=True).count())
        for r in lectures
    ) == [
        (SOLAR, True, False, "public", "giaovien.th", "Tổ 4–5", "khoa-hoc", 5, Package.Status.READY,
         Package.Standard.SCORM2004, "4th", "Bài giảng: Năng lượng mặt trời", "nang-luong-mat-troi.zip", 3),
        (FRACTIONS, True, False, "public", "giaovien.toan", "Tổ Toán – Tin", "toan", 6, Package.Status.READY,
         Package.Standard.SCORM12, "", "Bài giảng: Phân số bằng nhau", "phan-so-bang-nhau.zip", 1),
    ]
    # Approved through the review workflow, by the group's reviewer where it has one.
    approvals = TaskState.objects.filter(workflow_state__object_id__in=[str(r.pk) for r in lectures],
                                         workflow_state__base_content_type=ContentType.objects.get_for_model(Resource),
                                         status=TaskState.STATUS_APPROVED)
    assert sorted((int(s.workflow_state.object_id) == lecture(FRACTIONS).pk, s.finished_by.username)
                  for s in approvals) == [(False, "admin"), (True, "thamdinh.toan")]
    # The quiz lecture: three pages, then three questions; mastery score 80.
    [item] = lecture(FRACTIONS).package.items.filter(is_sco=True)
    assert (item.title, item.href, item.mastery_score) == ("Phân số bằng nhau", "index.html", 80.0)
    # The SCORM 2004 lecture keeps its sequencing: choice and flow.
    solar = lecture(SOLAR).package
    assert list(solar.items.values_list("identifier", "title")) == [
        ("BAI-1", "Bài 1: Mặt Trời"), ("BAI-2", "Bài 2: Pin mặt trời"), ("KIEM-TRA", "Bài kiểm tra")]
    assert (solar.sequencing["choice"], solar.sequencing["flow"]) == (True, True)


def test_a_visitor_finds_the_lectures_and_may_play_them(demo_content):
    visitor = client_for()
    html = visitor.get("/hoc-lieu/?kind=elearning").content.decode()
    assert re.findall(r'<p class="kind">([^<]*)</p>', html) == ["Bài giảng e-learning"] * 2
    assert FRACTIONS in html and SOLAR in html
    for title, facts in ((FRACTIONS, "Sẵn sàng: SCORM 1.2, 1 bài"), (SOLAR, "Sẵn sàng: SCORM 2004 4th Edition, 3 bài")):
        resource = lecture(title)
        page = visitor.get(f"/hoc-lieu/{resource.pk}/").content.decode()
        assert re.search(r"data-package-text>([^<]*)<", page).group(1) == facts
        assert f'<a class="button play-lecture" href="/bai-giang/{resource.package.uuid}/">Học bài giảng</a>' in page
        response = visitor.get(f"/bai-giang/{resource.package.uuid}/")
        assert response.status_code == 200
        assert f"<h1>{resource.package.title}</h1>" in response.content.decode()


def test_the_demo_student_is_half_way_through_the_quiz_lecture(demo_content):
    student = demo_content.user("hocsinh.6a")
    [attempt] = Attempt.objects.filter(learner=student)
    assert attempt.package == lecture(FRACTIONS).package
    assert (attempt.number, attempt.location, attempt.exit, attempt.completion_status, attempt.success_status,
            attempt.score_raw, attempt.total_seconds) == (1, "2", "suspend", "incomplete", "unknown", None, 276.8)
    assert json.loads(attempt.suspend_data) == {"page": 2, "answers": {}}
    [session] = AttemptSession.objects.filter(attempt=attempt)
    assert (session.last_sequence, session.ended, session.session_seconds) == (3, True, 276.8)
    # The next launch resumes on page 2.
    core = runtime.launch_state(attempt)["core"]
    assert (core["entry"], core["lesson_location"], core["lesson_status"], core["total_time"]) == (
        "resume", "2", "incomplete", "0000:04:36.80")

    html = client_for(student).get("/bai-giang/cua-toi/").content.decode()
    package = attempt.package
    assert rows(html, "my-learning")[str(package.uuid)][:5] == [
        "Bài giảng: Phân số bằng nhau Tiếp tục học", "Đang học", "—", "—", "0:04:37"]


def test_the_lecture_report_lists_the_student(demo_content):
    package = lecture(FRACTIONS).package
    response = client_for(demo_content.user("giaovien.toan")).get(f"/bai-giang/{package.uuid}/bao-cao/")
    assert response.status_code == 200
    learners = rows(response.content.decode(), "learners")
    assert list(learners) == ["hocsinh.6a"]
    assert learners["hocsinh.6a"][:7] == ["Phan Gia Bảo (hocsinh.6a)", "6A · Trường THCS Nguyễn Trãi", "Đang học",
                                          "—", "—", "0:04:37", "1"]


def test_seeding_again_makes_nothing_twice(demo_content):
    counts = (Resource.objects.count(), Package.objects.count(), Attempt.objects.count(),
              AttemptSession.objects.count())
    assert seed_demo_content() == 0
    assert (Resource.objects.count(), Package.objects.count(), Attempt.objects.count(),
            AttemptSession.objects.count()) == counts
    assert len(DEMO_LECTURES) == 2
