"""The reproductions of issue 13 as regression tests: nothing is published, withdrawn or
read past the review. Each failed on the code before the fix.

Teachers and reviewers no longer reach the admin at all: each old bypass is now a 403 at
its URL with nothing changed. Officers keep the admin, and its guards stay tested for
them: only the workflow publishes, and they read a draft only once it was submitted."""

import pytest
from django.test import Client
from wagtail.models import WorkflowState

import samples
from factories import (
    ADD, ADMIN_ADD, admin_denied, admin_edit_form, admin_refused, approve_group_stage, client_for, make_resource,
    resource_form, uploaded,
)
from repository.models import Resource, ResourceDocument, ReviewSettings

SNIPPETS = "/admin/snippets/repository/resource"


def _published_by_giaovien_toan():
    return Resource.objects.filter(owner__username="giaovien.toan", live=True).first()


def _waiting_for_review():
    return next(r for r in Resource.objects.filter(owner__username="giaovien.toan", live=False)
                if r.workflow_in_progress)


def _stored(resource):
    resource.refresh_from_db()
    return (resource.live, resource.first_published_at, resource.latest_revision_id, resource.title)


@pytest.mark.parametrize("username", ["giaovien.toan", "thamdinh.toan", "totruong.toan"])
def test_action_publish_on_the_admins_add_form_is_refused_and_stores_nothing(demo, username):
    client = client_for(demo.user(username))
    doc = uploaded(client, "Phiếu học tập.pdf", samples.pdf())
    data = {**admin_edit_form(demo, make_resource(demo, "Mẫu", author=username, state="draft")),
            "title": "Phiếu học tập", "kind": "worksheet", "files-INITIAL_FORMS": "0", "files-0-id": "",
            "files-0-document": doc.pk, "action-publish": "publish"}
    before = Resource.objects.count()
    assert admin_refused(client.post(ADMIN_ADD, data))
    assert Resource.objects.count() == before and not Resource.objects.filter(kind="worksheet").exists()
    # on the site the same person saves a draft, which nobody else sees
    response = client.post(ADD, {**resource_form(demo, [doc], kind="worksheet"), "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    resource = Resource.objects.get(kind="worksheet")
    assert resource.live is False and resource.first_published_at is None
    assert not WorkflowState.objects.for_instance(resource).exists()  # nor sent anywhere
    assert Client().get(f"/hoc-lieu/{resource.pk}/").status_code == 404  # visitors see nothing


def test_a_reviewer_cannot_publish_her_own_draft_by_editing_it_in_the_admin(demo):
    draft = make_resource(demo, "Đề cương của cô Hà", author="thamdinh.toan", state="draft")
    before = _stored(draft)
    reviewer = client_for(demo.user("thamdinh.toan"))
    response = reviewer.post(f"{SNIPPETS}/edit/{draft.pk}/", {**admin_edit_form(demo, draft, title="Đã sửa"),
                                                               "action-publish": "publish"})
    assert admin_refused(response)
    assert _stored(draft) == before
    assert draft.live is False and draft.first_published_at is None


def test_an_officer_deciding_at_the_district_stage_cannot_publish_from_the_editor(demo):
    ReviewSettings.objects.update_or_create(district_id=demo.school("THCS-NT").district_id,
                                            defaults={"district_review_kinds": "lesson_plan"})
    resource = make_resource(demo, "Giáo án chờ Phòng duyệt", state="in_review")
    approve_group_stage(resource)
    officer = client_for(demo.user("chuyenvien"))
    edit_url = f"{SNIPPETS}/edit/{resource.pk}/"
    editor = officer.get(edit_url)
    assert editor.status_code == 200  # the district's decision is hers now
    assert 'name="action-cancel-workflow"' not in editor.content.decode()  # not hers to cancel
    response = officer.post(edit_url, {**admin_edit_form(demo, resource), "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:2000]  # saved as an edit
    resource.refresh_from_db()
    assert resource.live is False and resource.first_published_at is None  # only the workflow publishes
    response = officer.post(edit_url, {**admin_edit_form(demo, resource), "action-cancel-workflow": "1"})
    assert response.status_code == 302
    assert Resource.objects.get(pk=resource.pk).workflow_in_progress  # nothing cancelled


@pytest.mark.parametrize("username", ["thamdinh.toan", "totruong.toan", "chuyenvien", "giaovien.toan"])
def test_nobody_but_a_superuser_unpublishes_through_the_admin(demo_content, username):
    published = _published_by_giaovien_toan()
    client = client_for(demo_content.user(username))
    response = client.post(f"{SNIPPETS}/unpublish/{published.pk}/")
    assert admin_denied(response)
    if username != "chuyenvien":
        assert admin_refused(response)
    published.refresh_from_db()
    assert published.live is True
    assert Client().get(f"/hoc-lieu/{published.pk}/").status_code == 200


def test_the_unpublish_page_does_not_show_a_drafts_title(demo_content):
    waiting = _waiting_for_review()
    for username in ("thamdinh.toan", "chuyenvien"):
        response = client_for(demo_content.user(username)).get(f"{SNIPPETS}/unpublish/{waiting.pk}/")
        assert admin_denied(response), username
        assert waiting.title not in response.content.decode()


def _review_urls(resource):
    revision = resource.latest_revision_id
    state = WorkflowState.objects.for_instance(resource).order_by("pk").last()
    urls = [
        f"{SNIPPETS}/history/{resource.pk}/revisions/{revision}/view/",
        f"{SNIPPETS}/history/{resource.pk}/revisions/compare/earliest...latest/",
        f"{SNIPPETS}/workflow_history/{resource.pk}/",
    ]
    if state is not None:
        urls.append(f"{SNIPPETS}/workflow_history/{resource.pk}/detail/{state.pk}/")
    return urls + [
        f"/admin/snippets/choose/repository/resource/chosen/{resource.pk}/",
        f"/admin/snippets/choose/repository/resource/results/?q={resource.title}",
        f"/admin/bulk/repository/resource/delete/?id={resource.pk}",
        f"/admin/bulk/repository/resourcedocument/delete/?id={resource.files.first().document_id}",
    ]


@pytest.mark.parametrize("username", ["giaovien.van", "giamkhao", "giaovien.tin", "thamdinh.toan", "giaovien.toan"])
def test_items_in_review_and_reviewers_comments_never_leak_through_the_admin(demo_content, username):
    """Other teachers, and now the group's reviewer and the author too: 403 everywhere."""
    waiting = _waiting_for_review()
    sent_back = Resource.objects.get(title__contains="Phân số", owner__username="giaovien.toan", live=False)
    comment = "Bổ sung đáp án và thang điểm"
    client = client_for(demo_content.user(username))
    for resource in (waiting, sent_back):
        for url in _review_urls(resource):
            response = client.get(url)
            assert admin_refused(response), url
            body = response.content.decode()
            assert resource.title not in body, url
            assert comment not in body, url


def test_the_officer_reads_the_history_of_a_submitted_item_but_not_of_a_draft(demo_content):
    officer = client_for(demo_content.user("chuyenvien"))
    waiting = _waiting_for_review()
    for url in _review_urls(waiting)[:4]:
        response = officer.get(url)
        assert response.status_code == 200, url
        assert waiting.title in response.content.decode(), url
    draft = make_resource(demo_content, "Bản nháp chưa gửi của thầy Đức", state="draft")
    draft.save_revision(user=draft.owner)  # as the site saves a draft
    for url in _review_urls(draft):
        response = officer.get(url)
        assert admin_denied(response), url
        assert draft.title not in response.content.decode(), url
    # the reviewer reads the submission on the site's review page instead
    assert client_for(demo_content.user("thamdinh.toan")).get(
        f"/hoc-lieu/cho-duyet/{waiting.current_workflow_state.pk}/").status_code == 200


def test_a_reviewer_cannot_choose_or_attach_a_file_of_a_submission_in_her_queue(demo_content):
    waiting = _waiting_for_review()
    document = waiting.files.first().document
    reviewer = client_for(demo_content.user("thamdinh.toan"))
    results = reviewer.get("/admin/documents/chooser/results/", {"q": document.title})
    assert admin_refused(results)
    assert document.title not in results.content.decode()
    response = reviewer.post(ADD, resource_form(demo_content, [document], title="Bài của cô Hà"))
    assert response.status_code == 400  # the site's form again, with the error on the file
    assert not Resource.objects.filter(title="Bài của cô Hà").exists()
    assert ResourceDocument.objects.get(pk=document.pk).uploaded_by_user.username == "giaovien.toan"


@pytest.mark.parametrize("username", ["thamdinh.toan", "totruong.toan"])
def test_a_reviewer_cannot_cancel_the_authors_submission(demo_content, username):
    """Wagtail lets whoever may approve cancel the workflow, from the editor's menu right
    above "Duyệt"; here only the authors withdraw their submission, and reviewers no
    longer reach the editor."""
    resource = _waiting_for_review()
    state = resource.current_workflow_state
    reviewer = client_for(demo_content.user(username))
    edit_url = f"/admin/snippets/repository/resource/edit/{resource.pk}/"
    assert admin_refused(reviewer.get(edit_url))
    response = reviewer.post(edit_url, {**admin_edit_form(demo_content, resource), "action-cancel-workflow": "1"})
    assert admin_refused(response)
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert Resource.objects.get(pk=resource.pk).workflow_in_progress
    # nor on the site: withdrawing is the authors'
    assert reviewer.post(f"/hoc-lieu/{resource.pk}/rut-lai/").status_code == 404
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_the_author_still_withdraws_her_submission(demo_content):
    resource = _waiting_for_review()
    state = resource.current_workflow_state
    author = client_for(resource.owner)
    response = author.post(f"/hoc-lieu/{resource.pk}/rut-lai/")
    assert response.status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert Resource.objects.get(pk=resource.pk).workflow_in_progress is False
