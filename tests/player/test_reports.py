"""Reports on e-learning packages (lms/player/reports.py, report_views.py) and a learner's
"Bài giảng của tôi" page (learning_views.py): exact figures on the page and in the XLSX,
a bounded number of queries whatever the number of learners, who may read a report
(deny by default), and a learner seeing only their own lectures."""

import io
import re
from datetime import datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from lms.permissions import is_officer
from lms.player import access, reports
from lms.player.models import Attempt, Interaction, Package, PackageItem
from lms.player.runtime import APPLIED, apply_commit, start_attempt
from tests.factories import client_for

User = get_user_model()

# The demo's people used here.
UPLOADER = "giaovien.toan"
OTHER_TEACHER = "giaovien.van"
OFFICER = "chuyenvien"
STUDENT = "hocsinh.6a"  # Phan Gia Bảo, class 6A of Trường THCS Nguyễn Trãi


def make_package(owner, title="Thủ đô và địa danh", standard=Package.Standard.SCORM2004, parts=("Bài 1", "Bài 2")):
    package = Package.objects.create(owner=owner, status=Package.Status.READY, standard=standard, edition="4th",
                                     original="player/originals/test.zip", title=title)
    for order, part in enumerate(parts):
        PackageItem.objects.create(package=package, sort_order=order + 1, identifier=f"SCO-{order + 1}", title=part,
                                   href=f"sco{order + 1}/index.html", is_sco=True)
    PackageItem.objects.create(package=package, sort_order=0, identifier="ORG-HEADING", title="Mục lục")
    return package


def learner(username, full_name):
    return User.objects.create(username=username, full_name=full_name)


def item_of(package, number):
    return package.items.get(identifier=f"SCO-{number}")


def question(identifier, response, result, description=""):
    data = {"id": identifier, "type": "choice", "learner_response": response, "result": result}
    return {**data, "description": description} if description else data


def play(person, item, launch, *, minutes, interactions=(), **cmi):
    """One session of `person` on the SCO `item`, committed as scorm-again would (SCORM
    2004): the attempt the launcher would start, and its stored values."""
    attempt = start_attempt(person, item)
    cmi = {"session_time": f"PT{minutes}M", "exit": "", **cmi}
    if interactions:
        cmi["interactions"] = {str(n): data for n, data in enumerate(interactions)}
    outcome = apply_commit(attempt, {"cmi": cmi, "commitSequence": 1}, launch=launch, final=True)
    assert outcome.status == APPLIED and not outcome.ignored
    attempt.refresh_from_db()
    return attempt


CAPITAL = "Thủ đô của Việt Nam là thành phố nào?"


@pytest.fixture
def lecture(demo):
    """A two-part SCORM 2004 lecture uploaded by the demo's maths teacher, played by four
    learners:
    - Phan Gia Bảo (the demo's student, 6A): part 1 passed at 95 % in 10 min, two
      questions right; part 2 failed at 45 % in 5 min.
    - Trần Thị Bình: part 1 failed at 50 % in 10 min (question 1: "a", wrong), then a
      second attempt passed at 85 % in 15 min (question 1: "b", right).
    - Lê Văn Cường: part 1 under way for 2 min, no score (question 1: "c", wrong).
    - Nguyễn Minh Dũng: opened part 1 and left before it said anything.
    """
    package = make_package(demo.user(UPLOADER))
    one, two = item_of(package, 1), item_of(package, 2)
    bao = demo.user(STUDENT)
    binh, cuong, dung = learner("hs.binh", "Trần Thị Bình"), learner("hs.cuong", "Lê Văn Cường"), \
        learner("hs.dung", "Nguyễn Minh Dũng")
    play(bao, one, "a1", minutes=10, completion_status="completed", success_status="passed",
         score={"scaled": "0.95"}, interactions=[question("Cau-1", "b", "correct", CAPITAL),
                                                 question("Cau-2", "Hà Nội", "correct")])
    play(bao, two, "a2", minutes=5, completion_status="completed", success_status="failed", score={"scaled": "0.45"})
    play(binh, one, "b1", minutes=10, completion_status="completed", success_status="failed",
         score={"scaled": "0.5"}, interactions=[question("Cau-1", "a", "incorrect", CAPITAL)])
    second = play(binh, one, "b2", minutes=15, completion_status="completed", success_status="passed",
                  score={"scaled": "0.85"}, interactions=[question("Cau-1", "b", "correct", CAPITAL)])
    assert second.number == 2
    play(cuong, one, "c1", minutes=2, completion_status="incomplete", location="slide-3",
         interactions=[question("Cau-1", "c", "incorrect", CAPITAL)])
    start_attempt(dung, one)
    return package


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def figure(html: str, name: str) -> str:
    return text_of(re.search(rf'data-figure="{name}">(.*?)</dd>', html, re.S).group(1))


def rows(html: str, table: str) -> dict[str, list[str]]:
    """A report table's rows: its row header's first word(s) → the cells' texts."""
    body = re.search(rf'data-report="{table}">.*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    out = {}
    for row in re.findall(r"<tr\b([^>]*)>(.*?)</tr>", body, re.S):
        attributes, cells = row
        key = " ".join(re.findall(r'data-(?:learner|item|question|bucket|package)="([^"]*)"', attributes))
        out[key] = [text_of(cell) for cell in re.findall(r"<t[hd]\b[^>]*>(.*?)</t[hd]>", cells, re.S)]
    return out


@pytest.fixture
def officers_read_reports():
    """A policy as the repository registers one: the district's officers read reports."""
    def policy(user, package):
        return is_officer(user)

    access.register_report_policy(policy)
    yield policy
    access.unregister_report_policy(policy)


# --- The figures ------------------------------------------------------------------------------------


def test_the_report_page_shows_the_package_each_part_each_learner_and_each_question(lecture, demo):
    response = client_for(demo.user(UPLOADER)).get(reverse("player:report", args=[lecture.uuid]))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert "<h1>Báo cáo: Thủ đô và địa danh</h1>" in html
    assert f'href="/bai-giang/{lecture.uuid}/bao-cao.xlsx"' in html

    # 4 learners, 5 attempts begun (Dũng's opened part, never begun, is none); only Bảo
    # completed both parts; 2 of the 3 pass/fail results are passes; 10 + 5 + 10 + 15 + 2 + 0
    # minutes, per learner 15, 25, 2, 0 (median 8.5).
    assert [figure(html, name) for name in ("learners", "attempts", "completion", "success", "time", "median")] == [
        "4", "5", "25% (1/4)", "66,7% (2/3)", "0:42:00", "0:08:30"]
    # Best scores per learner and part: 95, 45 and 85 (Bình's second attempt).
    distribution = rows(html, "distribution")
    assert {bucket: cells[1] for bucket, cells in distribution.items()} == {
        "0": "0", "1": "0", "2": "0", "3": "0", "4": "1", "5": "0", "6": "0", "7": "0", "8": "1", "9": "1"}
    assert distribution["9"][0] == "90–100"
    assert '<th scope="col">Điểm (%)</th><th scope="col">Số học sinh</th>' in html

    assert rows(html, "parts") == {
        "SCO-1": ["Bài 1", "4", "4", "50% (2/4)", "100% (2/2)", "0:37:00", "0:06:00"],
        "SCO-2": ["Bài 2", "1", "1", "100% (1/1)", "0% (0/1)", "0:05:00", "0:05:00"],
    }

    learners = rows(html, "learners")
    school = "6A · Trường THCS Nguyễn Trãi"
    assert list(learners) == ["hs.cuong SCO-1", "hs.cuong SCO-2", "hs.dung SCO-1", "hs.dung SCO-2",
                              "hocsinh.6a SCO-1", "hocsinh.6a SCO-2", "hs.binh SCO-1", "hs.binh SCO-2"]
    last = re.search(r'data-learner="hocsinh.6a" data-item="SCO-1">.*?<time datetime="[^"]+">([^<]+)</time>',
                     html, re.S).group(1)
    assert re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", last)
    assert learners["hocsinh.6a SCO-1"] == ["Phan Gia Bảo (hocsinh.6a)", school, "Bài 1", "Đã hoàn thành", "Đạt",
                                            "95%", "0:10:00", "1", last]
    assert learners["hocsinh.6a SCO-2"][2:8] == ["Bài 2", "Đã hoàn thành", "Chưa đạt", "45%", "0:05:00", "1"]
    assert learners["hs.binh SCO-1"][1:8] == ["—", "Bài 1", "Đã hoàn thành", "Đạt", "85%", "0:25:00", "2"]
    assert learners["hs.binh SCO-2"][1:] == ["—", "Bài 2", "Chưa bắt đầu", "—", "—", "—", "—", "—"]
    assert learners["hs.cuong SCO-1"][3:8] == ["Đang học", "—", "—", "0:02:00", "1"]
    assert learners["hs.dung SCO-1"][3:8] == ["Chưa bắt đầu", "—", "—", "0:00:00", "1"]

    questions = rows(html, "questions")
    assert '<th scope="col">Tỉ lệ đúng (%)</th>' in html
    assert list(questions) == ["Cau-1", "Cau-2"]
    assert questions["Cau-1"] == [f"Cau-1 {CAPITAL}", "Bài 1", "3", "4", "50% (2/4)",
                                  "b · 2 lượt trả lời · Đúng a · 1 lượt trả lời · Sai c · 1 lượt trả lời · Sai"]
    assert questions["Cau-2"] == ["Cau-2", "Bài 1", "1", "1", "100% (1/1)", "Hà Nội · 1 lượt trả lời · Đúng"]
    assert '<caption class="visually-hidden">Tiến độ của từng học sinh</caption>' in html
    assert '<th scope="row" data-label="Học sinh">Phan Gia Bảo' in html


def test_the_xlsx_export_holds_the_same_figures(lecture, demo):
    response = client_for(demo.user(UPLOADER)).get(reverse("player:report_xlsx", args=[lecture.uuid]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-thu-do-va-dia-danh.xlsx"'
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Tổng quan", "Học sinh", "Câu hỏi", "Câu trả lời"]

    summary = wb["Tổng quan"]
    labels = {row[0].value: row[1] for row in summary.iter_rows(max_row=13) if row[0].value}
    assert {label: cell.value for label, cell in labels.items()} == {
        "Bài giảng e-learning": "Thủ đô và địa danh",
        "Chuẩn": "SCORM 2004 4th Edition",
        "Ngày xuất": labels["Ngày xuất"].value,
        "Số học sinh": 4,
        "Số lượt học": 5,
        "Số học sinh đã hoàn thành": 1,
        "Tỉ lệ hoàn thành (%)": 25.0,
        "Đạt": 2,
        "Có kết quả đạt/chưa đạt": 3,
        "Tỉ lệ đạt (%)": 66.7,
        "Tổng thời gian học": timedelta(minutes=42),
        "Thời gian trung vị mỗi học sinh": timedelta(minutes=8, seconds=30),
    }
    exported = labels["Ngày xuất"]
    assert isinstance(exported.value, datetime) and exported.number_format == "dd/mm/yyyy hh:mm"
    assert abs(exported.value - timezone.localtime().replace(tzinfo=None)) < timedelta(minutes=5)
    assert labels["Tổng thời gian học"].number_format == "[h]:mm:ss"
    table = [[cell.value for cell in row] for row in summary.iter_rows(min_row=15, max_row=17)]
    assert table == [
        ["Phần", "Số học sinh", "Số lượt học", "Đã hoàn thành", "Tỉ lệ hoàn thành (%)", "Đạt",
         "Có kết quả đạt/chưa đạt", "Tỉ lệ đạt (%)", "Tổng thời gian học", "Thời gian trung vị mỗi học sinh",
         "0–9", "10–19", "20–29", "30–39", "40–49", "50–59", "60–69", "70–79", "80–89", "90–100"],
        ["Bài 1", 4, 4, 2, 50.0, 2, 2, 100.0, timedelta(minutes=37), timedelta(minutes=6), 0, 0, 0, 0, 0, 0, 0, 0, 1, 1],
        ["Bài 2", 1, 1, 1, 100.0, 0, 1, 0.0, timedelta(minutes=5), timedelta(minutes=5), 0, 0, 0, 0, 1, 0, 0, 0, 0, 0],
    ]
    distribution = [[cell.value for cell in row] for row in summary.iter_rows(min_row=19, max_row=29, max_col=2)]
    assert distribution[0] == ["Điểm (%)", "Số học sinh"]
    assert [count for _label, count in distribution[1:]] == [0, 0, 0, 0, 1, 0, 0, 0, 1, 1]

    learners = [[cell.value for cell in row] for row in wb["Học sinh"].iter_rows()]
    assert learners[0] == ["Họ và tên", "Tên đăng nhập", "Lớp", "Trường", "Phần", "Hoàn thành", "Kết quả",
                           "Điểm (%)", "Thời gian học", "Lần học", "Bắt đầu", "Hoạt động gần nhất"]
    assert [row[:10] for row in learners[1:]] == [
        ["Lê Văn Cường", "hs.cuong", None, None, "Bài 1", "Đang học", None, None, timedelta(minutes=2), 1],
        ["Nguyễn Minh Dũng", "hs.dung", None, None, "Bài 1", "Chưa bắt đầu", None, None, timedelta(0), 1],
        ["Phan Gia Bảo", "hocsinh.6a", "6A", "Trường THCS Nguyễn Trãi", "Bài 1", "Đã hoàn thành", "Đạt", 95.0,
         timedelta(minutes=10), 1],
        ["Phan Gia Bảo", "hocsinh.6a", "6A", "Trường THCS Nguyễn Trãi", "Bài 2", "Đã hoàn thành", "Chưa đạt", 45.0,
         timedelta(minutes=5), 1],
        ["Trần Thị Bình", "hs.binh", None, None, "Bài 1", "Đã hoàn thành", "Đạt", 85.0, timedelta(minutes=25), 2],
    ]
    sheet = wb["Học sinh"]
    assert sheet["K2"].number_format == sheet["L2"].number_format == "dd/mm/yyyy hh:mm"
    assert sheet["I2"].number_format == "[h]:mm:ss"
    cuong = Attempt.objects.get(learner__username="hs.cuong")
    # Excel keeps milliseconds: the stored moment, in Vietnam's time, to the millisecond.
    for cell, moment in ((sheet["K2"], cuong.started_at), (sheet["L2"], cuong.last_commit_at)):
        local = timezone.localtime(moment).replace(tzinfo=None)
        assert abs(cell.value - local) < timedelta(milliseconds=1)

    questions = [[cell.value for cell in row] for row in wb["Câu hỏi"].iter_rows()]
    assert questions == [
        ["Phần", "Câu hỏi", "Mô tả", "Loại", "Số học sinh trả lời", "Số lượt trả lời", "Đúng", "Tỉ lệ đúng (%)",
         "Câu trả lời 1", "Câu trả lời 2", "Câu trả lời 3", "Câu trả lời 4", "Câu trả lời 5"],
        ["Bài 1", "Cau-1", CAPITAL, "choice", 3, 4, 2, 50.0, "b (2, Đúng)", "a (1, Sai)", "c (1, Sai)", None, None],
        ["Bài 1", "Cau-2", None, "choice", 1, 1, 1, 100.0, "Hà Nội (1, Đúng)", None, None, None, None],
    ]

    answers = [[cell.value for cell in row][:8] for row in wb["Câu trả lời"].iter_rows()]
    assert answers == [
        ["Họ và tên", "Tên đăng nhập", "Lớp", "Phần", "Lần học", "Câu hỏi", "Câu trả lời", "Kết quả"],
        ["Lê Văn Cường", "hs.cuong", None, "Bài 1", 1, "Cau-1", "c", "Sai"],
        ["Phan Gia Bảo", "hocsinh.6a", "6A", "Bài 1", 1, "Cau-1", "b", "Đúng"],
        ["Phan Gia Bảo", "hocsinh.6a", "6A", "Bài 1", 1, "Cau-2", "Hà Nội", "Đúng"],
        ["Trần Thị Bình", "hs.binh", None, "Bài 1", 1, "Cau-1", "a", "Sai"],
        ["Trần Thị Bình", "hs.binh", None, "Bài 1", 2, "Cau-1", "b", "Đúng"],
    ]


def test_text_a_learner_typed_stays_text_in_the_workbook(demo):
    package = make_package(demo.user(UPLOADER), parts=("Bài 1",))
    play(demo.user(STUDENT), item_of(package, 1), "x1", minutes=1,
         interactions=[question("Cau-1", '=HYPERLINK("http://example.com","x")', "incorrect")])
    wb = load_workbook(io.BytesIO(reports.workbook(package)))
    cell = wb["Câu trả lời"]["G2"]
    assert (cell.value, cell.data_type, cell.quotePrefix) == ('=HYPERLINK("http://example.com","x")', "s", True)


@pytest.mark.parametrize("score, percent", [
    ({"scaled": "0.875"}, 87.5),                 # SCORM 2004: scaled × 100 first
    ({"scaled": "0.6", "raw": "3", "max": "10"}, 60.0),
    ({"raw": "8", "min": "0", "max": "10"}, 80.0),  # raw on its range
    ({"raw": "12", "min": "10", "max": "20"}, 20.0),
    ({"raw": "73"}, 73.0),                       # no range: 0–100
    ({"scaled": "-0.5"}, 0.0),                   # kept within 0–100
    ({"raw": "130", "max": "100"}, 100.0),
    ({}, None),
])
def test_scores_are_percentages(demo, score, percent):
    package = make_package(demo.user(UPLOADER), parts=("Bài 1",))
    play(demo.user(STUDENT), item_of(package, 1), "s1", minutes=1, score=score)
    [entry] = reports.learning_of(demo.user(STUDENT))
    assert entry.score == percent
    expected = [0] * 10
    if percent is not None:
        expected[reports.bucket(percent)] = 1
    assert reports.summary(package).overall.distribution == expected


def test_durations_are_written_h_mm_ss():
    assert [reports.format_duration(s) for s in (0, 59.6, 3723.4, 36000 + 61, None)] == [
        "0:00:00", "0:01:00", "1:02:03", "10:01:01", ""]


# --- Queries ---------------------------------------------------------------------------------------


def crowd(package, count, prefix):
    """`count` learners, each with two attempts at part 1 (scored, with three answers) and
    one at part 2: rows made directly, as many commits would have left them."""
    people = User.objects.bulk_create([User(username=f"{prefix}{n:03d}", full_name=f"Học sinh {n:03d}")
                                       for n in range(count)])
    one, two = item_of(package, 1), item_of(package, 2)
    now = timezone.now()
    attempts = []
    for n, person in enumerate(people):
        attempts += [
            Attempt(learner=person, package=package, item=one, number=1, completion_status="completed",
                    success_status="failed", score_scaled=(n % 10) / 20, total_seconds=300, last_commit_at=now),
            Attempt(learner=person, package=package, item=one, number=2, completion_status="completed",
                    success_status="passed", score_scaled=0.5 + (n % 10) / 20, total_seconds=400, last_commit_at=now),
            Attempt(learner=person, package=package, item=two, number=1, completion_status="incomplete",
                    total_seconds=60 * (n + 1), last_commit_at=now),
        ]
    attempts = Attempt.objects.bulk_create(attempts)
    Interaction.objects.bulk_create([
        Interaction(attempt=attempt, index=index, identifier=f"Cau-{index + 1}", type="choice",
                    learner_response="abcd"[(attempt.learner_id + index) % 4],
                    result="correct" if (attempt.learner_id + index) % 4 == 0 else "incorrect")
        for attempt in attempts if attempt.item_id == one.pk for index in range(3)
    ])
    return people


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


def test_the_report_costs_the_same_few_queries_for_3_or_30_learners(demo, django_assert_max_num_queries):
    small, large = make_package(demo.user(UPLOADER), "Ít"), make_package(demo.user(UPLOADER), "Nhiều")
    crowd(small, 3, "it")
    client = client_for(demo.user(UPLOADER))
    page, xlsx = (reverse("player:report", args=[small.uuid]), reverse("player:report_xlsx", args=[small.uuid]))
    few = (queries_of(client, page), queries_of(client, xlsx))
    crowd(large, 30, "nhieu")
    page, xlsx = (reverse("player:report", args=[large.uuid]), reverse("player:report_xlsx", args=[large.uuid]))
    assert (queries_of(client, page), queries_of(client, xlsx)) == few
    with django_assert_max_num_queries(20):  # 10 for the report, the rest the site's header
        html = client.get(page).content.decode()
    assert [figure(html, name) for name in ("learners", "attempts", "completion", "success")] == [
        "30", "90", "0% (0/30)", "100% (30/30)"]
    assert len(rows(html, "learners")) == 60  # 30 learners × 2 parts: one page
    with django_assert_max_num_queries(10):
        wb = load_workbook(io.BytesIO(client.get(xlsx).content))
    assert wb["Học sinh"].max_row == 1 + 60 and wb["Câu trả lời"].max_row == 1 + 30 * 2 * 3


def test_the_learner_list_is_paged_by_50(demo):
    package = make_package(demo.user(UPLOADER), parts=("Bài 1",))
    people = User.objects.bulk_create([User(username=f"p{n:03d}", full_name=f"Học sinh {n:03d}") for n in range(53)])
    Attempt.objects.bulk_create([Attempt(learner=person, package=package, item=item_of(package, 1))
                                 for person in people])
    client = client_for(demo.user(UPLOADER))
    url = reverse("player:report", args=[package.uuid])
    first, last = client.get(url).content.decode(), client.get(url + "?page=2").content.decode()
    assert list(rows(first, "learners"))[:2] == ["p000", "p001"] and len(rows(first, "learners")) == 50
    assert list(rows(last, "learners")) == ["p050", "p051", "p052"]
    assert "<span>Trang 1/2</span>" in first and "<span>Trang 2/2</span>" in last
    assert '<a href="?page=2#hoc-sinh" rel="next">' in first
    assert figure(first, "learners") == figure(last, "learners") == "53"


# --- Who may read a report ------------------------------------------------------------------------------

# Who opens what: url name → {role: status}. A report is its uploader's and whoever a
# registered policy names (here the district's officer); anyone else — another teacher, a
# student, a visitor — is told it does not exist. "login": sent to log in.
ACCESS = {
    ("player:report", "GET"): {"uploader": 200, "officer": 200, "teacher": 404, "student": 404, "visitor": 404},
    ("player:report_xlsx", "GET"): {"uploader": 200, "officer": 200, "teacher": 404, "student": 404, "visitor": 404},
    ("player:report", "POST"): {"uploader": 405, "officer": 405, "teacher": 405, "student": 405, "visitor": 405},
    ("player:report_xlsx", "POST"): {"uploader": 405, "officer": 405, "teacher": 405, "student": 405, "visitor": 405},
    ("player:my_learning", "GET"): {"uploader": 200, "officer": 200, "teacher": 200, "student": 200,
                                    "visitor": "login"},
    ("player:my_learning", "POST"): {"uploader": 405, "officer": 405, "teacher": 405, "student": 405,
                                     "visitor": "login"},
}
PEOPLE = {"uploader": UPLOADER, "officer": OFFICER, "teacher": OTHER_TEACHER, "student": STUDENT, "visitor": None}


@pytest.mark.parametrize("role", list(PEOPLE))
def test_each_url_answers_each_role_as_the_table_says(lecture, demo, officers_read_reports, role):
    username = PEOPLE[role]
    client = client_for(demo.user(username) if username else None)
    found = {}
    for (name, method), expected in ACCESS.items():
        args = [] if name == "player:my_learning" else [lecture.uuid]
        url = reverse(name, args=args)
        response = client.get(url) if method == "GET" else client.post(url)
        if response.status_code == 302 and response["Location"].startswith("/accounts/login/"):
            found[(name, method)] = "login"
        else:
            found[(name, method)] = response.status_code
    assert found == {key: expected[role] for key, expected in ACCESS.items()}


def test_without_a_policy_the_officer_is_refused_too(lecture, demo):
    assert client_for(demo.user(OFFICER)).get(reverse("player:report", args=[lecture.uuid])).status_code == 404
    assert client_for(demo.user(UPLOADER)).get(reverse("player:report", args=[lecture.uuid])).status_code == 200


def test_an_unknown_package_is_not_found(demo):
    assert client_for(demo.user(UPLOADER)).get("/bai-giang/3f2a9c4e-1b7d-4e0a-9c1f-2b3c4d5e6f70/bao-cao/") \
        .status_code == 404


# --- A learner's own lectures ------------------------------------------------------------------------------


@pytest.fixture
def students_play(demo):
    """A policy as the repository's: students play the packages it names, tracked."""
    playable = set()

    def policy(user, package):
        return access.TRACK if package.pk in playable and user.is_authenticated else None

    access.register(policy)
    yield playable
    access.unregister(policy)


def test_my_learning_lists_only_my_lectures_that_i_may_still_play_newest_first(lecture, demo, students_play):
    me = demo.user(STUDENT)
    older = make_package(demo.user(UPLOADER), "Phân số", standard=Package.Standard.SCORM12, parts=("Phân số",))
    attempt = start_attempt(me, item_of(older, 1))
    apply_commit(attempt, {"cmi": {"core": {"lesson_status": "incomplete", "session_time": "00:07:00",
                                            "score": {"raw": "30"}}}, "commitSequence": 1}, launch="o1")
    Attempt.objects.filter(pk=attempt.pk).update(last_commit_at=timezone.now() - timedelta(days=3))
    gone = make_package(demo.user(UPLOADER), "Bài đã gỡ", parts=("Bài 1",))  # no longer handed out
    play(me, item_of(gone, 1), "g1", minutes=1)
    others = make_package(demo.user(UPLOADER), "Bài của bạn khác", parts=("Bài 1",))  # someone else's attempts
    play(learner("hs.khac", "Đinh Văn Khác"), item_of(others, 1), "k1", minutes=3)
    students_play.update({lecture.pk, older.pk, others.pk})

    response = client_for(me).get("/bai-giang/cua-toi/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Bài giảng của tôi</h1>" in html
    assert list(rows(html, "my-learning")) == [str(lecture.uuid), str(older.uuid)]
    mine = rows(html, "my-learning")
    assert mine[str(lecture.uuid)][:5] == [
        "Thủ đô và địa danh Xem lại", "Đã hoàn thành 2 / 2 phần đã hoàn thành", "Chưa đạt", "70%", "0:15:00"]
    assert mine[str(older.uuid)][:5] == ["Phân số Tiếp tục học", "Đang học", "—", "30%", "0:07:00"]
    assert f'<a href="/bai-giang/{older.uuid}/" aria-label="Tiếp tục học: Phân số">Tiếp tục học</a>' in html
    assert "Bài đã gỡ" not in html and "Bài của bạn khác" not in html


def test_my_learning_is_empty_for_someone_who_never_played(demo):
    html = client_for(demo.user(OTHER_TEACHER)).get("/bai-giang/cua-toi/").content.decode()
    assert text_of(re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)) == \
        "Bạn chưa mở bài giảng e-learning nào."


def test_the_menu_offers_my_lectures_to_students_and_to_whoever_played_one(demo):
    def menu(username):
        return re.findall(r'data-nav="(\w+)"', client_for(demo.user(username)).get("/me/").content.decode())

    assert "my_learning" in menu(STUDENT)
    assert 'href="/bai-giang/cua-toi/" data-nav="my_learning">Bài giảng của tôi</a>' in \
        client_for(demo.user(STUDENT)).get("/me/").content.decode()
    assert "my_learning" not in menu(OTHER_TEACHER)
    package = make_package(demo.user(UPLOADER), parts=("Bài 1",))
    start_attempt(demo.user(OTHER_TEACHER), item_of(package, 1))
    assert "my_learning" in menu(OTHER_TEACHER)
