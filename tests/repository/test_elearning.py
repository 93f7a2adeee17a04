"""E-learning lectures in the repository, through the site's pages: the teacher uploads
the package from "Đăng học liệu" (sent in parts, or posted whole without JavaScript),
follows its unpacking, sends it to review once it is ready (refused before, and when the
package was refused); the reviewer previews it in the player (nothing recorded) and
downloads the original zip; who plays a lecture's package and how (tracked, public,
preview, or not at all), who reads its reports; the catalogue and the lecture's page."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from factories import act, admin_edit_form, approve_group_stage, client_for, review_url
from lectures import finished_upload, lecture_form, make_lecture, ready_package
from lms.player import access
from lms.player.models import Attempt, Package
from lms.uploads.models import Upload
from player import packages
from repository.models import Resource, ReviewSettings
from repository.selectors import review_status

pytestmark = pytest.mark.django_db

ADD = "/hoc-lieu/dang/"
MINE = "/hoc-lieu/cua-toi/"
TITLE = "Bài giảng e-learning Toán 6 – Phân số bằng nhau"
NOT_A_ZIP = ("Tệp này không phải gói zip: hãy xuất bài giảng dưới dạng SCORM (tệp .zip) từ công cụ soạn bài giảng "
             "rồi tải tệp đó lên.")


@pytest.fixture(autouse=True)
def _uploads_dir(settings, tmp_path):
    settings.UPLOADS_DIR = tmp_path / "uploads"


def messages_of(response) -> list[str]:
    return re.findall(r'<li class="msg-\w+">(.*?)</li>', response.content.decode(), re.S)


def edit_url(lecture) -> str:
    return f"/hoc-lieu/{lecture.pk}/sua/"


def status_url(lecture) -> str:
    return f"/hoc-lieu/{lecture.pk}/bai-giang/trang-thai/"


def download_url(lecture) -> str:
    return f"/hoc-lieu/{lecture.pk}/bai-giang/tai-ve/"


def play_url(package) -> str:
    return f"/bai-giang/{package.uuid}/"


def package_text(html: str) -> str:
    return re.search(r'data-package-text>([^<]*)<', html).group(1)


# --- the teacher's page --------------------------------------------------------------------


def test_the_page_offers_the_kind_and_a_chunked_upload_for_its_package(demo):
    html = client_for(demo.user("giaovien.toan")).get(ADD).content.decode()
    assert '<option value="elearning" data-max-mb="1024" data-types="" data-package>Bài giảng e-learning</option>' in html
    # The package's area: the chunked input of the lecture's purpose, and a plain one
    # for browsers without JavaScript, which says how large a package it takes.
    assert 'data-chunked-upload="player.package"' in html and 'data-upload-field="package"' in html
    assert '<input type="hidden" name="package" value="" data-upload-id>' in html
    assert '<input type="file" name="package_file" id="id_package_zip"' in html
    assert ("Khi không bật JavaScript, chỉ gửi được gói tối đa 8 MB; gói lớn hơn cần bật JavaScript để gửi theo "
            "từng phần.") in html
    assert 'for="id_package_zip"' in html and 'for="id_package_upload"' in html


def test_a_teacher_uploads_a_lecture_follows_its_unpacking_and_sends_it_once_ready(
    demo, django_capture_on_commit_callbacks
):
    teacher = demo.user("giaovien.toan")
    client = client_for(teacher)
    upload = finished_upload(teacher, packages.scorm12_single())
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(ADD, lecture_form(demo, package=str(upload.pk)))
    lecture = Resource.objects.get(title=TITLE)
    # The edit page follows the unpacking (here already done, once the save committed).
    assert (saved.status_code, saved["Location"]) == (302, edit_url(lecture))
    package = lecture.package
    assert (lecture.kind, lecture.files.count(), review_status(lecture)) == ("elearning", 0, "draft")
    assert (package.owner, package.original_name, package.status, package.standard) == (
        teacher, "Bài giảng phân số.zip", Package.Status.READY, "scorm12")
    assert not Upload.objects.exists()  # the upload became the package

    page = client.get(edit_url(lecture))
    html = page.content.decode()
    assert messages_of(page) == [f"Đã lưu nháp “{TITLE}”. Chỉ bạn và các đồng tác giả thấy bản nháp này."]
    assert package_text(html) == "Sẵn sàng: SCORM 1.2, 1 bài"
    assert f'data-status-url="{status_url(lecture)}"' in html
    status = client.get(status_url(lecture))
    assert set(status["Cache-Control"].split(", ")) == {"private", "no-store"}
    assert status.json() == {"status": "ready", "progress": 100, "text": "Sẵn sàng: SCORM 1.2, 1 bài",
                             "ready": True, "failed": False}

    sent = client.post(edit_url(lecture), lecture_form(demo, action="submit"))
    assert (sent.status_code, sent["Location"]) == (302, MINE)
    lecture.refresh_from_db()
    assert review_status(lecture) == "in_review" and lecture.package == package


def test_sending_is_refused_while_the_package_is_unpacked_and_when_it_was_refused(demo):
    teacher = demo.user("giaovien.toan")
    client = client_for(teacher)
    upload = finished_upload(teacher, packages.scorm12_single())
    # "Gửi duyệt" at once: saved as a draft with its package, which waits to be unpacked.
    answer = client.post(ADD, lecture_form(demo, package=str(upload.pk), action="submit"))
    lecture = Resource.objects.get(title=TITLE)
    assert (answer.status_code, answer["Location"]) == (302, edit_url(lecture))
    assert review_status(lecture) == "draft"
    page = client.get(edit_url(lecture))
    assert messages_of(page) == [f"Đã lưu nháp “{TITLE}” nhưng chưa gửi duyệt: gói bài giảng đang được giải nén. "
                                 "Hãy gửi duyệt khi trang báo “Sẵn sàng”."]
    assert package_text(page.content.decode()) == "Đang chờ giải nén"
    assert client.get(status_url(lecture)).json() == {
        "status": "waiting", "progress": 0, "text": "Đang chờ giải nén", "ready": False, "failed": False}
    Package.objects.filter(pk=lecture.package_id).update(status=Package.Status.PROCESSING, progress=45)
    assert client.get(status_url(lecture)).json()["text"] == "Đang giải nén 45 %"
    again = client.post(edit_url(lecture), lecture_form(demo, action="submit"), follow=True)
    assert messages_of(again) == [f"Đã lưu nháp “{TITLE}” nhưng chưa gửi duyệt: gói bài giảng đang được giải nén. "
                                  "Hãy gửi duyệt khi trang báo “Sẵn sàng”."]
    assert package_text(again.content.decode()) == "Đang giải nén 45 %"
    lecture.refresh_from_db()
    assert review_status(lecture) == "draft"

    reason = "Gói không có tệp imsmanifest.xml."
    Package.objects.filter(pk=lecture.package_id).update(status=Package.Status.FAILED, progress=0, error=reason)
    refused = client.post(edit_url(lecture), lecture_form(demo, action="submit"), follow=True)
    assert messages_of(refused) == [
        f"Đã lưu nháp “{TITLE}” nhưng chưa gửi duyệt: gói bài giảng bị từ chối (Gói không có tệp imsmanifest.xml). "
        "Hãy tải lên tệp khác rồi gửi duyệt."]
    html = refused.content.decode()
    assert package_text(html) == f"Bị từ chối: {reason}"
    assert "Hãy tải lên tệp khác ở dưới." in html and "Tải lên gói khác (.zip)" in html
    assert client.get(status_url(lecture)).json() == {
        "status": "failed", "progress": 0, "text": f"Bị từ chối: {reason}", "ready": False, "failed": True}
    lecture.refresh_from_db()
    assert review_status(lecture) == "draft"

    # No package at all: refused as well.
    bare = client.post(ADD, lecture_form(demo, title="Bài giảng chưa có gói", action="submit"), follow=True)
    assert messages_of(bare) == ["Đã lưu nháp “Bài giảng chưa có gói” nhưng chưa gửi duyệt: bài giảng chưa có gói. "
                                 "Hãy tải lên gói bài giảng (.zip) rồi gửi duyệt."]


def test_a_file_that_is_no_zip_is_refused_at_once_and_nothing_is_kept(demo):
    teacher = demo.user("giaovien.toan")
    upload = finished_upload(teacher, b"%PDF-1.4 not a package\n", name="bai-giang.pdf")
    answer = client_for(teacher).post(ADD, lecture_form(demo, package=str(upload.pk)))
    assert answer.status_code == 400
    html = answer.content.decode()
    assert f'<ul class="errorlist" id="package_errors" role="alert"><li>{NOT_A_ZIP}</li></ul>' in html
    assert not Resource.objects.filter(title=TITLE).exists() and not Package.objects.exists()
    assert not Upload.objects.exists()


def test_someone_elses_or_an_unfinished_upload_is_refused(demo):
    teacher = demo.user("giaovien.toan")
    others = finished_upload(demo.user("giaovien.van"), packages.scorm12_single())
    answer = client_for(teacher).post(ADD, lecture_form(demo, package=str(others.pk)))
    assert answer.status_code == 400
    assert ("Gói bài giảng chưa tải lên xong hoặc đã hết hạn: hãy chọn lại tệp." in answer.content.decode())
    assert not Resource.objects.filter(title=TITLE).exists() and Upload.objects.filter(pk=others.pk).exists()


def test_without_javascript_a_small_package_comes_with_the_form_and_a_refused_form_keeps_it(demo, settings):
    teacher = demo.user("giaovien.toan")
    client = client_for(teacher)
    data = packages.scorm12_single()
    # The title is missing: refused, and the zip is kept as the teacher's upload.
    refused = client.post(ADD, {**lecture_form(demo, title=""),
                                "package_file": SimpleUploadedFile("Phân số.zip", data)})
    assert refused.status_code == 400
    kept = Upload.objects.get(owner=teacher)
    assert (kept.filename, kept.size, kept.purpose) == ("Phân số.zip", len(data), "player.package")
    html = refused.content.decode()
    assert f'<input type="hidden" name="package" value="{kept.pk}" data-upload-id>' in html
    assert "Đã tải lên “Phân số.zip”: tệp sẽ thành gói của bài giảng khi bạn lưu." in html

    saved = client.post(ADD, lecture_form(demo, package=str(kept.pk)))
    lecture = Resource.objects.get(title=TITLE)
    assert (saved.status_code, saved["Location"]) == (302, edit_url(lecture))
    assert (lecture.package.original_name, lecture.package.original_size) == ("Phân số.zip", len(data))
    assert not Upload.objects.exists()

    settings.UPLOADS_CHUNK_MB = 1
    large = client.post(ADD, {**lecture_form(demo, title="Bài giảng lớn"),
                              "package_file": SimpleUploadedFile("lon.zip", data + b"\0" * 1024 * 1024)})
    assert large.status_code == 400
    assert ("Gói này lớn hơn 1 MB: gói lớn hơn cần bật JavaScript để gửi theo từng phần."
            in large.content.decode())
    assert not Upload.objects.exists() and not Resource.objects.filter(title="Bài giảng lớn").exists()


def test_a_sent_back_lecture_gets_a_new_package_and_goes_back_to_review(demo):
    teacher = demo.user("giaovien.toan")
    first = ready_package(teacher)
    lecture = make_lecture(demo, TITLE, first, state="needs_changes")
    client = client_for(teacher)
    upload = finished_upload(teacher, packages.scorm12_single(), name="Bản sửa.zip")
    client.post(edit_url(lecture), lecture_form(demo, package=str(upload.pk)))
    lecture.refresh_from_db()
    second = lecture.package
    assert second != first and second.original_name == "Bản sửa.zip"
    Package.objects.filter(pk=second.pk).update(status=Package.Status.READY, standard="scorm12", progress=100)
    second.refresh_from_db()
    resent = client.post(edit_url(lecture), lecture_form(demo, action="submit"))
    assert (resent.status_code, resent["Location"]) == (302, MINE)
    lecture.refresh_from_db()
    assert review_status(lecture) == "in_review" and lecture.package == second
    # The reviewer reads the new package; the old one plays for nobody but its uploader.
    page = client_for(demo.user("thamdinh.toan")).get(review_url(lecture)).content.decode()
    assert f'href="{download_url(lecture)}" data-package-download>Bản sửa.zip</a>' in page
    assert access.mode_for(demo.user("thamdinh.toan"), first) is None
    assert access.mode_for(demo.user("thamdinh.toan"), second) == access.PREVIEW


def test_a_published_lecture_plays_its_package_while_a_new_one_is_in_review(demo):
    teacher = demo.user("giaovien.toan")
    published = ready_package(teacher)
    lecture = make_lecture(demo, TITLE, published)
    client = client_for(teacher)
    upload = finished_upload(teacher, packages.scorm12_single(), name="Bản mới.zip")
    client.post(edit_url(lecture), lecture_form(demo, package=str(upload.pk), action="submit"))
    lecture.refresh_from_db()
    assert lecture.package == published  # the row keeps the published version
    new = lecture.get_latest_revision_as_object().package
    assert new.original_name == "Bản mới.zip" and review_status(lecture) == "published_with_draft"
    Package.objects.filter(pk=new.pk).update(status=Package.Status.READY, standard="scorm12", progress=100)
    new.refresh_from_db()
    assert client.get(status_url(lecture)).json()["status"] == "ready"  # the latest version's package
    sent = client.post(edit_url(lecture), lecture_form(demo, action="submit"))
    assert (sent.status_code, sent["Location"]) == (302, MINE)
    lecture.refresh_from_db()
    assert review_status(lecture) == "published_changes_in_review"

    page = client_for(demo.user("thamdinh.toan")).get(review_url(lecture)).content.decode()
    row = re.search(r'<tr data-changed="gói bài giảng e-learning">(.*?)</tr>', page, re.S).group(1)
    assert re.search(r"<del>bai-giang\.zip \(\d\d/\d\d/\d{4} \d\d:\d\d\)</del>", row)
    assert re.search(r"<ins>Bản mới\.zip \(\d\d/\d\d/\d{4} \d\d:\d\d\)</ins>", row)
    student, reviewer = demo.user("hocsinh.6a"), demo.user("thamdinh.toan")
    assert (access.mode_for(student, published), access.mode_for(student, new)) == (access.TRACK, None)
    assert access.mode_for(reviewer, new) == access.PREVIEW
    assert client.get(download_url(lecture))["Content-Disposition"] == (
        "attachment; filename*=utf-8''B%E1%BA%A3n%20m%E1%BB%9Bi.zip")


# --- the reviewer's page ---------------------------------------------------------------------


def test_the_reviewer_previews_the_lecture_in_the_player_and_nothing_is_recorded(demo):
    teacher = demo.user("giaovien.toan")
    lecture = make_lecture(demo, TITLE, ready_package(teacher), state="in_review")
    reviewer = client_for(demo.user("thamdinh.toan"))
    page = reviewer.get(review_url(lecture))
    assert page.status_code == 200
    html = page.content.decode()
    src = re.search(r'<iframe class="player-frame" src="(http://localhost/content/launch/[^"]+/)" '
                    rf'title="Xem trước bài giảng {TITLE}"', html).group(1)
    assert "Xem trước: không ghi lại kết quả học." in html
    assert f'<a href="{play_url(lecture.package)}">Mở trình phát trên trang riêng</a>' in html
    assert package_text(html) == "Sẵn sàng: SCORM 1.2, 2 bài"
    assert '<dd data-package-version>SCORM 1.2</dd>' in html and '<dd data-package-scos>2</dd>' in html
    assert "<dd>2,0\xa0KB (8,0\xa0KB khi giải nén, 4 tệp)</dd>" in html
    assert 'data-file=' not in html  # no files' area for a lecture

    launcher = client_for().get(src.removeprefix("http://localhost"), HTTP_HOST="localhost")
    assert launcher.status_code == 200
    config = json.loads(re.search(r'<script id="launch-config" type="application/json">(.*?)</script>',
                                  launcher.content.decode(), re.S).group(1))
    assert config["tracked"] is False
    assert [(item["title"], item["commit"], item["state"]) for item in config["items"] if item["sco"]] == [
        ("Bài 1", "", None), ("Bài 2", "", None)]
    # The player's own page, for the reviewer: the preview as well.
    player = reviewer.get(play_url(lecture.package))
    assert (player.status_code, re.search(r'data-mode="(\w+)"', player.content.decode()).group(1)) == (200, "preview")
    assert not Attempt.objects.exists()


def test_the_original_zip_goes_to_who_reads_the_lecture_in_review_and_nobody_else(demo):
    teacher = demo.user("giaovien.toan")
    lecture = make_lecture(demo, TITLE, ready_package(teacher), state="in_review")
    for username in ("giaovien.toan", "thamdinh.toan", "totruong.toan", "chuyenvien"):
        answer = client_for(demo.user(username)).get(download_url(lecture))
        assert answer.status_code == 200, username
        assert answer["Content-Disposition"] == 'attachment; filename="bai-giang.zip"'
        assert (answer["Content-Type"], b"".join(answer.streaming_content)) == (
            "application/zip", b"PK\x05\x06" + b"\0" * 18)
    # another group's teacher, other schools' teachers, the school's leader, a student: as if
    # it did not exist
    for username in ("giaovien.van", "giaovien.th", "giamkhao", "hieutruong.nt", "hocsinh.6a"):
        assert client_for(demo.user(username)).get(download_url(lecture)).status_code == 404, username
    # another group's reviewer: the reviewer of Tổ Toán – Tin, for a lecture of TH Kim Đồng's Tổ 4–5
    other = make_lecture(demo, "Bài giảng Tiếng Việt 4", ready_package(demo.user("giaovien.th")),
                         author="giaovien.th", school="TH-KD", group="Tổ 4–5", grade=4, subject="tieng-viet",
                         state="in_review")
    assert client_for(demo.user("thamdinh.toan")).get(download_url(other)).status_code == 404
    visitor = client_for().get(download_url(lecture))
    assert visitor.status_code == 302 and visitor["Location"].startswith("/accounts/login/")


def test_with_the_district_stage_on_for_lectures_the_officer_previews_edits_and_approves_last(demo):
    ReviewSettings.objects.update_or_create(district_id=demo.school("THCS-NT").district_id,
                                            defaults={"district_review_kinds": "elearning"})
    lecture = make_lecture(demo, TITLE, ready_package(demo.user("giaovien.toan")), state="in_review")
    approve_group_stage(lecture)
    lecture.refresh_from_db()
    assert not lecture.live  # waiting for the district
    officer = client_for(demo.user("chuyenvien"))
    page = officer.get(review_url(lecture)).content.decode()
    assert re.search(r'<iframe class="player-frame" src="http://localhost/content/launch/', page)
    # The admin's editor keeps the lecture's package and asks for no file.
    edit = officer.post(f"/admin/snippets/repository/resource/edit/{lecture.pk}/",
                        {**admin_edit_form(demo, lecture, title=TITLE + " (sửa)")})
    assert edit.status_code == 302, edit.content.decode()[:3000]
    lecture.refresh_from_db()
    version = lecture.get_latest_revision_as_object()
    assert (version.title, version.package_id, version.files.count()) == (TITLE + " (sửa)", lecture.package_id, 0)
    assert act(officer, lecture, "approve").status_code == 302
    lecture.refresh_from_db()
    assert lecture.live and lecture.title == TITLE + " (sửa)"
    assert access.mode_for(demo.user("hocsinh.6a"), lecture.package) == access.TRACK


# --- who plays a lecture's package, and how -------------------------------------------------


@pytest.fixture
def lectures(demo):
    teacher = demo.user("giaovien.toan")
    return {
        "public": make_lecture(demo, "Bài giảng công khai", ready_package(teacher)),
        "teachers": make_lecture(demo, "Bài giảng nội bộ", ready_package(teacher), visibility="teachers"),
        "draft": make_lecture(demo, "Bài giảng bản nháp", ready_package(teacher), state="draft"),
        "in_review": make_lecture(demo, "Bài giảng chờ duyệt", ready_package(teacher), state="in_review"),
    }


def mode_on_the_page(client, package) -> str:
    """What the player's page answers: its mode, or the status code."""
    answer = client.get(play_url(package))
    if answer.status_code != 200:
        return str(answer.status_code)
    return re.search(r'data-mode="(\w+)"', answer.content.decode()).group(1)


@pytest.mark.parametrize("who, expected", [
    # published and public: tracked for whoever logs in, public for visitors
    ("hocsinh.6a", {"public": "track", "teachers": "404", "draft": "404", "in_review": "404"}),
    # a teacher of another school of the district sees the teachers-only lecture, not the review
    ("giaovien.th", {"public": "track", "teachers": "track", "draft": "404", "in_review": "404"}),
    # another group's teacher (and reviewer of nothing here), the school's leader
    ("giaovien.van", {"public": "track", "teachers": "track", "draft": "404", "in_review": "404"}),
    ("hieutruong.nt", {"public": "track", "teachers": "404", "draft": "404", "in_review": "404"}),
    # the group's reviewers and the district's officer preview what was submitted
    ("thamdinh.toan", {"public": "track", "teachers": "track", "draft": "404", "in_review": "preview"}),
    ("chuyenvien", {"public": "track", "teachers": "track", "draft": "404", "in_review": "preview"}),
    # the author previews the draft and the item in review
    ("giaovien.toan", {"public": "track", "teachers": "track", "draft": "preview", "in_review": "preview"}),
    (None, {"public": "public", "teachers": "404", "draft": "404", "in_review": "404"}),
])
def test_who_plays_a_lecture_and_how(demo, lectures, who, expected):
    client = client_for(demo.user(who) if who else None)
    found = {key: mode_on_the_page(client, lecture.package) for key, lecture in lectures.items()}
    assert found == expected
    learner = demo.user(who) if who else None
    tracked = {key for key, mode in expected.items() if mode == "track"}
    attempts = Attempt.objects.filter(learner=learner) if learner else Attempt.objects.none()
    assert set(attempts.values_list("package__pk", flat=True)) == {lectures[k].package_id for k in tracked}
    assert not Attempt.objects.exclude(learner=learner).exists()


def test_another_groups_reviewer_does_not_preview_and_a_co_author_does(demo):
    teacher = demo.user("giaovien.toan")
    lecture = make_lecture(demo, TITLE, ready_package(teacher), state="in_review")
    # the reviewer of Tổ 4–5 at TH Kim Đồng reviews another group
    other_group = make_lecture(demo, "Bài giảng Tiếng Việt 4", ready_package(demo.user("giaovien.th")),
                               author="giaovien.th", school="TH-KD", group="Tổ 4–5", grade=4,
                               subject="tieng-viet", state="in_review")
    reviewer = demo.user("thamdinh.toan")
    assert access.mode_for(reviewer, lecture.package) == access.PREVIEW
    assert access.mode_for(reviewer, other_group.package) is None
    assert mode_on_the_page(client_for(reviewer), other_group.package) == "404"
    lecture.co_authors.add(demo.user("giaovien.van"))
    lecture.save()
    assert access.mode_for(demo.user("giaovien.van"), lecture.package) == access.PREVIEW


def test_the_reports_are_for_the_authors_and_the_districts_officers(demo, lectures):
    package = lectures["public"].package
    lectures["public"].co_authors.add(demo.user("giaovien.van"))
    lectures["public"].save()
    readers = {username for username in ("giaovien.toan", "giaovien.van", "chuyenvien", "thamdinh.toan",
                                         "totruong.toan", "hieutruong.nt", "giaovien.th", "hocsinh.6a")
               if access.may_read_report(demo.user(username), package)}
    assert readers == {"giaovien.toan", "giaovien.van", "chuyenvien"}
    from django.contrib.auth.models import AnonymousUser

    assert access.may_read_report(AnonymousUser(), package) is False


# --- the catalogue and the lecture's page ------------------------------------------------------


def test_the_catalogue_counts_and_shows_lectures_and_their_page_leads_to_the_player(demo, lectures):
    visitor = client_for()
    html = visitor.get("/hoc-lieu/?kind=elearning").content.decode()
    assert re.findall(r'<p class="kind">([^<]*)</p>', html) == ["Bài giảng e-learning"]
    # The kind facet counts the lectures each sees: the public one; teachers also the teachers-only one.
    assert re.search(r'<input type="radio" name="kind" id="f-kind-\d+" value="elearning" checked>\n'
                     r'<label for="f-kind-\d+" data-value="elearning">Bài giảng e-learning '
                     r'<span class="count" data-count="1">\(1\)</span></label>', html)
    teacher_view = client_for(demo.user("giaovien.th")).get("/hoc-lieu/").content.decode()
    assert re.search(r'data-value="elearning">Bài giảng e-learning <span class="count" data-count="2">\(2\)</span>',
                     teacher_view)

    public = lectures["public"]
    page = visitor.get(f"/hoc-lieu/{public.pk}/").content.decode()
    assert (f'<a class="button play-lecture" href="{play_url(public.package)}">Học bài giảng</a>' in page)
    assert "Hãy đăng nhập để quá trình học được lưu lại." in page
    assert package_text(page) == "Sẵn sàng: SCORM 1.2, 2 bài"
    assert "data-package-download" not in page  # the original zip is for its reviewers

    draft = lectures["draft"]
    own = client_for(demo.user("giaovien.toan")).get(f"/hoc-lieu/{draft.pk}/").content.decode()
    assert 'data-review-state="draft"' in own
    assert f'href="{play_url(draft.package)}">Học bài giảng</a>' in own
    assert "Xem trước: không ghi lại kết quả học." in own
    assert f'href="{download_url(draft)}" data-package-download>bai-giang.zip</a>' in own
