"""The teacher's own pages on the site: "Đăng học liệu" (metadata, files sent one by one,
co-authors by name, Lưu nháp / Gửi duyệt), editing and resubmitting from "Học liệu của
tôi", withdrawing a submission; and who may not."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import WorkflowState

import samples
from factories import client_for, in_progress, make_document, make_resource, send_back
from lms.organisation.models import SchoolYear
from repository.models import Grade, Resource, ResourceDocument, Subject

ADD = "/hoc-lieu/dang/"
UPLOAD = "/hoc-lieu/dang/tep/"
PEOPLE = "/hoc-lieu/dang/dong-tac-gia/"
MINE = "/hoc-lieu/cua-toi/"

pytestmark = pytest.mark.django_db


def _send_file(client, name, data, kind="lesson_plan"):
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), "kind": kind})


def _form(demo, documents, **overrides):
    data = {
        "kind": "lesson_plan", "title": "Kế hoạch bài dạy Toán 6 – Phân số", "description": "Bài 23",
        "level": demo.school("THCS-NT").levels.get().pk, "grade": Grade.objects.get(number=6).pk,
        "subject": Subject.objects.get(code="toan").pk, "textbook_series": "", "topic": "Phân số",
        "school_year": SchoolYear.objects.get(is_current=True).pk,
        "subject_group": demo.group("THCS-NT", "Tổ Toán – Tin").pk,
        "keywords_text": "phân số, so sánh", "licence": "cc-by-4.0", "visibility": "public",
        "documents": [d.pk for d in documents], "action": "submit",
    }
    data.update(overrides)
    return data


def _selected(html, name):
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S).group(1)
    return re.findall(r'<option value="(\d+)"[^>]*selected', select)


def test_the_page_offers_what_the_teacher_may_choose_with_the_single_choices_made(demo):
    teacher = demo.user("giaovien.toan")
    response = client_for(teacher).get(ADD)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    assert "<h1>Đăng học liệu</h1>" in html
    # One school level, one subject group, the current school year: chosen already.
    assert _selected(html, "level") == [str(demo.school("THCS-NT").levels.get().pk)]
    assert _selected(html, "subject_group") == [str(demo.group("THCS-NT", "Tổ Toán – Tin").pk)]
    assert _selected(html, "school_year") == [str(SchoolYear.objects.get(is_current=True).pk)]
    # Grades carry their level, for the page to keep those of the chosen level.
    grade6 = Grade.objects.get(number=6)
    assert f'<option value="{grade6.pk}" data-level="{grade6.level_id}">' in html
    # Two visible buttons, the draft first (Enter in a field saves, never submits).
    buttons = re.findall(r'<button type="submit" name="action" value="(\w+)"[^>]*>([^<]+)<', html)
    assert buttons == [("save", "Lưu nháp"), ("submit", "Gửi duyệt")]
    # Every input has its label.
    for field_id in ("id_title", "id_description", "id_level", "id_grade", "id_subject", "id_topic",
                     "id_school_year", "id_subject_group", "id_keywords_text", "id_new_files"):
        assert f'for="{field_id}"' in html, field_id


def test_a_file_sent_alone_is_stored_as_the_teachers_and_a_refused_one_says_why(demo):
    teacher = demo.user("giaovien.toan")
    client = client_for(teacher)
    response = _send_file(client, "Giáo án phân số.docx", samples.docx("Phân số"))
    assert response.status_code == 201
    data = response.json()
    document = ResourceDocument.objects.get(pk=data["id"])
    assert (data["name"], data["type"]) == ("Giáo án phân số.docx", "Word (.docx)")
    assert document.uploaded_by_user == teacher and document.original_name == "Giáo án phân số.docx"

    before = ResourceDocument.objects.count()
    renamed = _send_file(client, "bai-tap.pdf", samples.exe())
    assert renamed.status_code == 400
    assert renamed.json()["error"].startswith("Nội dung tệp này không phải loại mà kho học liệu nhận, dù tên tệp là gì.")
    wrong_kind = _send_file(client, "Ảnh.png", samples.png(), kind="lesson_plan")
    assert wrong_kind.status_code == 400
    assert wrong_kind.json()["error"].startswith("“Ảnh.png” là tệp PNG; loại học liệu “kế hoạch bài dạy” chỉ nhận")
    empty = _send_file(client, "rong.pdf", b"")
    assert empty.status_code == 400
    nothing = client.post(UPLOAD, {"kind": "lesson_plan"})
    assert nothing.status_code == 400 and nothing.json()["error"] == "Không nhận được tệp nào; hãy chọn lại."
    assert ResourceDocument.objects.count() == before


@pytest.mark.parametrize("username", ["hocsinh.6a", "hieutruong.nt", "chuyenvien"])
def test_who_does_not_teach_can_neither_open_the_page_nor_upload(demo, username):
    client = client_for(demo.user(username))
    assert client.get(ADD).status_code == 403
    assert _send_file(client, "a.pdf", samples.pdf()).status_code == 403
    assert client.get(PEOPLE, {"q": "hung"}).status_code == 403
    assert not ResourceDocument.objects.filter(uploaded_by_user=demo.user(username)).exists()


def test_a_visitor_is_sent_to_log_in(demo):
    for url in (ADD, PEOPLE):
        response = client_for().get(url)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert client_for().post(UPLOAD, {}).status_code == 302


def test_submitting_files_the_resource_with_its_files_keywords_co_authors_and_starts_review(demo):
    teacher = demo.user("giaovien.toan")
    client = client_for(teacher)
    plan = ResourceDocument.objects.get(pk=_send_file(client, "Kế hoạch.docx", samples.docx()).json()["id"])
    slides = ResourceDocument.objects.get(pk=_send_file(client, "Trình chiếu.pdf", samples.pdf()).json()["id"])
    colleague = demo.user("giaovien.th")  # another school of the district
    response = client.post(ADD, _form(demo, [slides, plan], co_authors=[colleague.pk]))
    assert response.status_code == 302 and response["Location"] == MINE
    resource = Resource.objects.get(title="Kế hoạch bài dạy Toán 6 – Phân số")
    assert (resource.owner, resource.school, resource.live) == (teacher, demo.school("THCS-NT"), False)
    assert [f.document for f in resource.files.order_by("sort_order")] == [slides, plan]
    assert sorted(t.name for t in resource.keywords.all()) == ["phân số", "so sánh"]
    assert list(resource.co_authors.all()) == [colleague]
    assert in_progress(resource).revision == resource.latest_revision
    page = client.get(MINE).content.decode()
    assert "“Kế hoạch bài dạy Toán 6 – Phân số” đã được gửi tới tổ chuyên môn để thẩm định." in page
    assert 'data-status="in_review"' in page
    queue = client_for(demo.user("thamdinh.toan")).get("/hoc-lieu/cho-duyet/").content.decode()
    assert "Kế hoạch bài dạy Toán 6 – Phân số" in queue


def test_a_draft_is_saved_without_review_even_without_files(demo):
    client = client_for(demo.user("giaovien.toan"))
    response = client.post(ADD, _form(demo, [], action="save"))
    assert response.status_code == 302
    resource = Resource.objects.get(title="Kế hoạch bài dạy Toán 6 – Phân số")
    assert not resource.live and not WorkflowState.objects.for_instance(resource).exists()
    assert 'data-status="draft"' in client.get(MINE).content.decode()


def test_sending_to_review_without_a_file_says_so_and_saves_nothing(demo):
    client = client_for(demo.user("giaovien.toan"))
    response = client.post(ADD, _form(demo, []))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Hãy thêm ít nhất một tệp trước khi gửi duyệt." in html
    assert 'aria-describedby="documents_errors"' in html
    assert not Resource.objects.filter(title="Kế hoạch bài dạy Toán 6 – Phân số").exists()


def test_errors_are_tied_to_their_fields_and_the_uploaded_files_stay_on_the_form(demo):
    client = client_for(demo.user("giaovien.toan"))
    plan = make_document(demo.user("giaovien.toan"), "Kế hoạch.pdf")
    primary = Grade.objects.get(number=3)  # a primary grade: not THCS's level
    response = client.post(ADD, _form(demo, [plan], title="", grade=primary.pk))
    assert response.status_code == 400
    html = response.content.decode()
    assert re.search(r'<input type="text" name="title"[^>]*aria-invalid="true"[^>]*aria-describedby="id_title_errors"', html)
    assert "Trường này là bắt buộc." in html
    assert ('<ul class="errorlist" id="id_grade_errors"><li>Hãy chọn cấp học của trường mình, '
            'rồi khối lớp và môn học của cấp học đó.</li></ul>') in html
    assert f'<input type="checkbox" name="documents" value="{plan.pk}" checked>' in html
    assert not Resource.objects.filter(description="Bài 23").exists()


def test_another_teachers_file_cannot_be_attached_by_its_id(demo):
    others = make_document(demo.user("giaovien.van"), "Của người khác.pdf")
    response = client_for(demo.user("giaovien.toan")).post(ADD, _form(demo, [others]))
    assert response.status_code == 400
    assert "Một trong các tệp không phải của bạn để đính kèm; hãy tải lên lại." in response.content.decode()
    assert not Resource.objects.filter(description="Bài 23").exists()


def test_a_file_of_another_type_than_the_kind_takes_is_refused_on_saving(demo):
    teacher = demo.user("giaovien.toan")
    image = make_document(teacher, "Ảnh.png", samples.png())
    response = client_for(teacher).post(ADD, _form(demo, [image]))
    assert response.status_code == 400
    assert "“Ảnh.png” là tệp PNG; loại học liệu “kế hoạch bài dạy” chỉ nhận" in response.content.decode()


def test_a_sent_back_resource_is_revised_and_resubmitted_from_my_resources(demo_content):
    demo = demo_content
    teacher = demo.user("giaovien.toan")
    resource = make_resource(demo, "Phiếu bài tập Phân số", state="needs_changes")
    client = client_for(teacher)
    mine = client.get(MINE).content.decode()
    assert (f'href="/hoc-lieu/{resource.pk}/sua/" aria-label="Sửa và gửi lại: Phiếu bài tập Phân số">'
            'Sửa và gửi lại</a>') in mine
    page = client.get(f"/hoc-lieu/{resource.pk}/sua/").content.decode()
    assert "Bổ sung mục tiêu." in page  # the reviewer's comment, above the form
    assert 'value="submit" class="button">Gửi duyệt lại<' in page
    files = [f.document for f in resource.files.all()]
    response = client.post(f"/hoc-lieu/{resource.pk}/sua/", _form(
        demo, files, title="Phiếu bài tập Phân số (bản sửa)", grade=resource.grade_id,
    ))
    assert response.status_code == 302
    resource.refresh_from_db()
    state = in_progress(resource)
    assert state.revision == resource.latest_revision
    assert state.revision.as_object().title == "Phiếu bài tập Phân số (bản sửa)"
    assert state.workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_changes_to_a_published_resource_wait_for_review_and_the_published_version_stays(demo_content):
    demo = demo_content
    teacher = demo.user("giaovien.toan")
    resource = make_resource(demo, "Đề kiểm tra giữa kỳ Toán 6", kind="worksheet")
    file_row = resource.files.get()
    client = client_for(teacher)
    response = client.post(f"/hoc-lieu/{resource.pk}/sua/", _form(
        demo, [file_row.document], kind="worksheet", title="Đề kiểm tra giữa kỳ Toán 6 (có đáp án)", action="save",
    ))
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.live and resource.title == "Đề kiểm tra giữa kỳ Toán 6" and resource.has_unpublished_changes
    assert resource.latest_revision.as_object().title == "Đề kiểm tra giữa kỳ Toán 6 (có đáp án)"
    # The edit page opens the changes, not the published version.
    assert 'value="Đề kiểm tra giữa kỳ Toán 6 (có đáp án)"' in client.get(f"/hoc-lieu/{resource.pk}/sua/").content.decode()
    public = client_for().get(f"/hoc-lieu/{resource.pk}/").content.decode()
    assert "(có đáp án)" not in public
    client.post(f"/hoc-lieu/{resource.pk}/sua/", _form(
        demo, [file_row.document], kind="worksheet", title="Đề kiểm tra giữa kỳ Toán 6 (có đáp án)",
    ))
    resource.refresh_from_db()
    assert in_progress(resource).revision.as_object().title == "Đề kiểm tra giữa kỳ Toán 6 (có đáp án)"
    # The published file keeps its row, so its address on the public page stays.
    assert resource.files.get().pk == file_row.pk


def test_an_item_in_review_is_withdrawn_by_its_author_before_changing_it(demo_content):
    demo = demo_content
    resource = make_resource(demo, "Bài giảng Hình học", state="in_review")
    client = client_for(demo.user("giaovien.toan"))
    page = client.get(f"/hoc-lieu/{resource.pk}/sua/")
    assert page.status_code == 200
    assert "Học liệu này đang chờ tổ chuyên môn thẩm định" in page.content.decode()
    refused = client.post(f"/hoc-lieu/{resource.pk}/sua/", _form(demo, [], title="Đổi tên"))
    assert refused.status_code == 409
    resource.refresh_from_db()
    assert resource.latest_revision.as_object().title == "Bài giảng Hình học"
    response = client.post(f"/hoc-lieu/{resource.pk}/rut-lai/")
    assert response.status_code == 302 and response["Location"] == f"/hoc-lieu/{resource.pk}/sua/"
    assert WorkflowState.objects.for_instance(resource).get().status == WorkflowState.STATUS_CANCELLED
    assert 'data-status="draft"' in client.get(MINE).content.decode()


@pytest.mark.parametrize("username", ["thamdinh.toan", "giaovien.van", "giaovien.th", "hocsinh.6a"])
def test_only_the_authors_edit_or_withdraw(demo_content, username):
    demo = demo_content
    resource = make_resource(demo, "Bài giảng Hình học", state="in_review")
    client = client_for(demo.user(username))
    assert client.get(f"/hoc-lieu/{resource.pk}/sua/").status_code == 404
    assert client.post(f"/hoc-lieu/{resource.pk}/rut-lai/").status_code == 404
    assert in_progress(resource).workflow_state.status == WorkflowState.STATUS_IN_PROGRESS


def test_a_co_author_edits_too(demo_content):
    demo = demo_content
    resource = make_resource(demo, "Phiếu học tập", co_authors=["giaovien.van"], state="draft")
    assert client_for(demo.user("giaovien.van")).get(f"/hoc-lieu/{resource.pk}/sua/").status_code == 200


def test_co_authors_are_found_by_typing_a_name_without_accents_in_any_school(demo):
    client = client_for(demo.user("giaovien.toan"))
    found = client.get(PEOPLE, {"q": "hung"}).json()["results"]
    assert {"id": demo.user("totruong.toan").pk, "name": "Nguyễn Văn Hùng",
            "schools": "Trường THCS Nguyễn Trãi"} in found
    me = client.get(PEOPLE, {"q": "Hoàng Minh"}).json()["results"]
    assert demo.user("giaovien.toan").pk not in [p["id"] for p in me]
    assert client.get(PEOPLE, {"q": "h"}).json() == {"results": []}
    students = client.get(PEOPLE, {"q": demo.user("hocsinh.6a").full_name}).json()["results"]
    assert students == []


def test_without_javascript_the_files_come_with_the_form_and_stay_on_it_when_one_is_refused(demo):
    teacher = demo.user("giaovien.toan")
    client = client_for(teacher)
    data = _form(demo, [])
    data["new_files"] = [SimpleUploadedFile("Giáo án.pdf", samples.pdf()), SimpleUploadedFile("virus.pdf", samples.exe())]
    response = client.post(ADD, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Chưa thêm được “virus.pdf”: Nội dung tệp này không phải loại mà kho học liệu nhận" in html
    kept = ResourceDocument.objects.get(uploaded_by_user=teacher, original_name="Giáo án.pdf")
    assert f'<input type="checkbox" name="documents" value="{kept.pk}" checked>' in html
    assert not Resource.objects.filter(description="Bài 23").exists()

    again = client.post(ADD, {**_form(demo, [kept]), "new_files": [SimpleUploadedFile("Phiếu.docx", samples.docx())]})
    assert again.status_code == 302
    resource = Resource.objects.get(description="Bài 23")
    assert [f.document.original_name for f in resource.files.order_by("sort_order")] == ["Giáo án.pdf", "Phiếu.docx"]


def test_a_co_author_who_left_stays_on_the_resource_and_is_no_longer_offered(demo_content):
    demo = demo_content
    resource = make_resource(demo, "Phiếu học tập", co_authors=["giaovien.van"], state="draft")
    left = demo.user("giaovien.van")
    left.is_active = False
    left.save(update_fields=["is_active"])
    client = client_for(demo.user("giaovien.toan"))
    response = client.post(f"/hoc-lieu/{resource.pk}/sua/", _form(
        demo, list(ResourceDocument.objects.filter(resource_files__resource=resource)),
        title="Phiếu học tập (sửa)", co_authors=[left.pk], action="save",
    ))
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.title == "Phiếu học tập (sửa)" and list(resource.co_authors.all()) == [left]
    assert client.get(PEOPLE, {"q": left.full_name}).json() == {"results": []}
