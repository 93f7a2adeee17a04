"""Teachers upload resources on the site's "Đăng học liệu"; their subject group reviews
them on the site's review page. The Wagtail admin is not theirs."""

import io
import re

import pytest

import samples
from factories import (
    ADD, act, admin_refused, client_for, resource_form, resubmit, review_url, task_state, upload,
    uploaded,
)
from lms.accounts.models import User
from repository.models import Resource, ResourceDocument

@pytest.fixture
def teacher(demo):
    return demo.user("giaovien.toan")


@pytest.fixture
def submitted(demo, teacher):
    """A lesson plan with a docx and a pdf, submitted to Tổ Toán – Tin."""
    client = client_for(teacher)
    docs = [uploaded(client, "Giáo án Toán 6.docx", samples.docx()), uploaded(client, "Giáo án Toán 6.pdf", samples.pdf())]
    response = client.post(ADD, resource_form(demo, docs, action="submit"))
    assert response.status_code == 302, response.content.decode()[:5000]
    return Resource.objects.get(title="Kế hoạch bài dạy Toán 6 – Tập hợp")


# --- uploads -----------------------------------------------------------------------


def test_upload_keeps_the_vietnamese_name_under_a_generated_storage_name(demo, teacher):
    doc = uploaded(client_for(teacher), "Giáo án Toán 6.docx", samples.docx())
    assert doc.mime_type.endswith("wordprocessingml.document")
    assert len(doc.sha256) == 64
    assert "Giáo án" not in doc.file.name and doc.file.name.startswith("repository/")
    assert doc.filename == "Giáo án Toán 6.docx"


@pytest.mark.parametrize("name, data, message", [
    ("bai-giang.pdf", samples.exe(), "không phải loại"),
    ("rong.pdf", b"", "Tệp trống"),
    ("ghi-chu.docx", b"chi la van ban thuong\n" * 20, "không phải loại"),
], ids=["renamed-exe", "empty", "text-as-docx"])
def test_bad_uploads_are_refused_with_a_message(demo, teacher, name, data, message):
    response = upload(client_for(teacher), name, data)
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not ResourceDocument.objects.exists()


def test_oversized_upload_is_refused(demo, teacher, settings):
    settings.REPOSITORY_MAX_UPLOAD_MB = {code: 0 for code in ("lesson_plan", "slides", "worksheet", "video", "image", "audio", "document")}
    response = upload(client_for(teacher), "Giáo án.pdf", samples.pdf())
    assert response.status_code == 400
    assert "lớn hơn" in response.json()["error"]
    assert not ResourceDocument.objects.exists()


def test_a_file_of_the_wrong_kind_is_refused_on_the_resource(demo, teacher):
    client = client_for(teacher)
    picture = uploaded(client, "Ảnh lớp học.png", samples.png())
    response = client.post(ADD, resource_form(demo, [picture]))
    assert response.status_code == 400  # the form again, with the reason
    assert "PNG" in response.content.decode()
    assert not Resource.objects.exists()


# --- review ------------------------------------------------------------------------


def test_submit_send_back_revise_resubmit_approve(demo, teacher, submitted):
    resource = submitted
    assert not resource.live
    assert resource.owner == teacher and resource.school.code == "THCS-NT"
    assert resource.files.count() == 2

    reviewer = client_for(demo.user("thamdinh.toan"))
    queue = reviewer.get("/hoc-lieu/cho-duyet/").content.decode()
    assert "Kế hoạch bài dạy Toán 6" in queue  # awaiting their review
    # the group's reviewers open the submission while it is in review
    assert reviewer.get(review_url(resource)).status_code == 200

    response = act(reviewer, resource, "reject", comment="Bổ sung mục tiêu bài học.")
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.current_workflow_state.status == "needs_changes"
    assert not resource.live

    resubmit(client_for(teacher), demo, resource, description="Bài 1 – có mục tiêu bài học")
    page = reviewer.get(review_url(resource)).content.decode()
    assert "Bổ sung mục tiêu bài học." in page  # the history, with the earlier comment

    response = act(reviewer, resource, "approve")
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.live
    assert resource.description == "Bài 1 – có mục tiêu bài học"
    mine = client_for(teacher).get("/hoc-lieu/cua-toi/").content.decode()
    assert f'<tr data-resource="{resource.pk}" data-status="published">' in mine


def test_the_author_cannot_approve_even_as_a_reviewer(demo, submitted):
    # totruong.toan reviews Tổ Toán – Tin and is made a co-author here
    leader = demo.user("totruong.toan")
    submitted.co_authors.add(leader)
    submitted.save()  # parental many-to-many: stored on save
    response = act(client_for(leader), submitted, "approve")
    assert response.status_code == 404  # not a submission waiting for him
    submitted.refresh_from_db()
    assert not submitted.live
    assert task_state(submitted)  # still waiting


def test_a_reviewer_of_another_group_cannot_act(demo, submitted):
    from lms.accounts.models import Role
    from lms.accounts.services import role_grant

    outsider = demo.user("giaovien.van")
    role_grant(user=outsider, role=Role.REVIEWER, unit=demo.group("THCS-NT", "Tổ Ngữ văn – Lịch sử – Địa lý"))
    client = client_for(outsider)
    response = act(client, submitted, "approve")
    assert response.status_code == 404
    submitted.refresh_from_db()
    assert not submitted.live
    assert "Kế hoạch bài dạy Toán 6" not in client.get("/hoc-lieu/cho-duyet/").content.decode()
    assert client.get(review_url(submitted)).status_code == 404
    assert admin_refused(client.get(f"/admin/snippets/repository/resource/edit/{submitted.pk}/"))


def test_teacher_files_only_under_own_groups(demo, teacher):
    client = client_for(teacher)
    doc = uploaded(client, "Giáo án.pdf", samples.pdf())
    other_group = demo.group("THCS-NT", "Tổ Ngữ văn – Lịch sử – Địa lý")
    response = client.post(ADD, resource_form(demo, [doc], subject_group=other_group.pk))
    assert response.status_code == 400
    assert not Resource.objects.exists()


def test_add_form_offers_only_the_teachers_own_groups_in_plain_selects(demo, teacher):
    page = client_for(teacher).get(ADD).content.decode()
    select = re.search(r'<select name="subject_group".*?</select>', page, re.S)
    assert select, "the subject group is a plain <select>, not a chooser across pages"
    assert demo.group("THCS-NT", "Tổ Toán – Tin").name in select.group(0)
    assert "Ngữ văn" not in select.group(0)
    for field in ("level", "grade", "subject", "school_year"):
        assert f'<select name="{field}"' in page


def test_students_cannot_add_resources(demo):
    client = client_for(demo.user("hocsinh.6a"))
    assert client.get(ADD).status_code == 403
    assert admin_refused(client.get("/admin/documents/add/"))  # the admin is not for students
    assert admin_refused(client.post("/admin/documents/add/", {"title": "x"}))
    assert not ResourceDocument.objects.exists()


def test_document_edit_page_shows_processing_status(demo, teacher, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        doc = uploaded(client_for(teacher), "Giáo án.pdf", samples.corrupt_pdf())
    doc.refresh_from_db()
    assert doc.processing == "failed"
    # the admin's document page, for the platform's administrator
    page = client_for(demo.user("admin")).get(f"/admin/documents/edit/{doc.pk}/").content.decode()
    assert 'data-processing="failed"' in page
    assert doc.processing_error in page
    assert "Giáo án.pdf" in page


def test_uploading_a_file_already_in_the_repository_warns_and_links_it(demo, teacher, submitted):
    # `submitted` was published once approved; the same PDF uploaded again by a colleague
    act(client_for(demo.user("thamdinh.toan")), submitted, "approve")
    colleague = demo.user("thamdinh.toan")
    client = client_for(colleague)
    doc = uploaded(client, "Bản sao giáo án.pdf", samples.pdf())
    response = client.post(ADD, resource_form(demo, [doc], title="Giáo án Toán 6 (bản của tôi)"), follow=True)
    text = response.content.decode()
    assert "đã có trong kho" in text
    assert f'href="/hoc-lieu/{submitted.pk}/"' in text
    assert Resource.objects.filter(title="Giáo án Toán 6 (bản của tôi)").exists()  # a warning, not a refusal


def test_author_sees_the_reviewers_comment_on_my_resources(demo, teacher, submitted):
    act(client_for(demo.user("thamdinh.toan")), submitted, "reject", comment="Bổ sung mục tiêu bài học.")
    page = client_for(teacher).get("/hoc-lieu/cua-toi/").content.decode()
    assert 'data-status="needs_changes"' in page
    assert "Bổ sung mục tiêu bài học." in page
    assert "Trần Thị Thu Hà" in page


def nav_count(client, key) -> int:
    """The number beside a menu entry of the site's header (0: none shown)."""
    found = re.search(rf'data-nav="{key}"[^>]*>[^<]*<span class="nav-count" data-count="(\d+)"',
                      client.get("/me/").content.decode())
    return int(found.group(1)) if found else 0


def test_the_menu_tells_reviewers_and_authors_what_waits_for_them(demo, teacher, submitted):
    reviewer, author = client_for(demo.user("thamdinh.toan")), client_for(teacher)
    queue, sent_back = nav_count(reviewer, "review_queue"), nav_count(author, "my_resources")
    assert (queue, sent_back) == (1, 0)
    assert nav_count(client_for(demo.user("totruong.toan")), "review_queue") == 1  # the group's leader too
    assert nav_count(client_for(demo.user("giaovien.van")), "review_queue") == 0  # not a reviewer

    act(reviewer, submitted, "reject", comment="Bổ sung mục tiêu bài học.")
    assert nav_count(author, "my_resources") == sent_back + 1
    assert "mục đang chờ bạn" in author.get("/me/").content.decode()  # said to screen readers
    assert nav_count(reviewer, "review_queue") == queue - 1

    submitted.refresh_from_db()
    submitted.save_revision(user=teacher)
    submitted.current_workflow_state.resume(teacher)  # resubmitted
    assert nav_count(author, "my_resources") == sent_back
    assert nav_count(reviewer, "review_queue") == queue


def test_the_demo_leaves_work_waiting_in_review(db):
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # again: nothing doubled
    reviewer, author = client_for(User.objects.get(username="thamdinh.toan")), \
        client_for(User.objects.get(username="giaovien.toan"))
    assert nav_count(reviewer, "review_queue") == 1
    assert "Kế hoạch bài dạy Toán 7 – Biểu thức đại số" in reviewer.get("/hoc-lieu/cho-duyet/").content.decode()
    assert nav_count(author, "my_resources") == 1
    assert "Bổ sung đáp án và thang điểm" in author.get("/hoc-lieu/cua-toi/").content.decode()
    # Ten resources with files and two e-learning lectures; the two in review are drafts.
    assert Resource.objects.filter(live=True).count() == 12
    assert Resource.objects.filter(live=True, first_published_at__isnull=False).count() == 12


def test_author_with_an_email_address_is_mailed_the_decision_in_the_sites_words(demo, teacher, submitted, settings):
    from django.core import mail

    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8123"
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True  # the HTML part is ours too
    reviewer = client_for(demo.user("thamdinh.toan"))
    mail.outbox.clear()
    assert act(reviewer, submitted, "reject", comment="Bổ sung mục tiêu bài học.").status_code == 302
    [sent_back] = [m for m in mail.outbox if m.to == [teacher.email]]
    assert sent_back.subject == "Trả lại để chỉnh sửa: Kế hoạch bài dạy Toán 6 – Tập hợp"
    assert "đã được Trần Thị Thu Hà trả lại để bạn chỉnh sửa" in sent_back.body
    assert "Nhận xét của người thẩm định: “Bổ sung mục tiêu bài học.”" in sent_back.body
    assert "http://127.0.0.1:8123/hoc-lieu/cua-toi/" in sent_back.body  # the site's page, the configured address
    html = sent_back.alternatives[0][0]
    assert 'href="http://127.0.0.1:8123/hoc-lieu/cua-toi/"' in html
    for text in (sent_back.subject, sent_back.body, html):
        assert "từ chối" not in text and "/admin/" not in text

    resubmit(client_for(teacher), demo, submitted)
    mail.outbox.clear()
    assert act(reviewer, submitted, "approve", comment="").status_code == 302
    [approved] = [m for m in mail.outbox if m.to == [teacher.email]]
    assert approved.subject == "Đã duyệt và xuất bản: Kế hoạch bài dạy Toán 6 – Tập hợp"
    assert "đã được duyệt và xuất bản" in approved.body and "/admin/" not in approved.body


def test_reviewers_with_an_email_address_are_told_of_a_submission(demo, teacher, django_capture_on_commit_callbacks):
    from django.core import mail

    reviewer = demo.user("thamdinh.toan")
    reviewer.email = "ha.ttt@example.edu.vn"
    reviewer.save()
    mail.outbox.clear()
    client = client_for(teacher)
    doc = uploaded(client, "Giáo án.pdf", samples.pdf())
    assert client.post(ADD, resource_form(demo, [doc], action="submit")).status_code == 302
    to_reviewer = [m for m in mail.outbox if "ha.ttt@example.edu.vn" in m.to]
    assert len(to_reviewer) == 1
    assert "Kế hoạch bài dạy Toán 6" in to_reviewer[0].subject
    assert "/hoc-lieu/cho-duyet/" in to_reviewer[0].body
