"""The reproductions of issue 13 as regression tests: nothing is published, withdrawn or
read past the review. Each failed on the code before the fix."""

import pytest
from django.test import Client
from wagtail.models import WorkflowState

import samples
from factories import ADD, admin_denied, client_for, edit_form, resource_form, uploaded
from repository.models import Resource, ResourceDocument

SNIPPETS = "/admin/snippets/repository/resource"


def _published_by_giaovien_toan():
    return Resource.objects.filter(owner__username="giaovien.toan", live=True).first()


def _waiting_for_review():
    return next(r for r in Resource.objects.filter(owner__username="giaovien.toan", live=False)
                if r.workflow_in_progress)


@pytest.mark.parametrize("username", ["giaovien.toan", "thamdinh.toan", "totruong.toan"])
def test_action_publish_on_the_add_form_saves_a_draft_and_publishes_nothing(demo, username):
    client = client_for(demo.user(username))
    doc = uploaded(client, "Phiếu học tập.pdf", samples.pdf())
    response = client.post(ADD, {**resource_form(demo, [doc], kind="worksheet"), "action-publish": "publish"})
    assert response.status_code == 302, response.content.decode()[:2000]
    resource = Resource.objects.get(kind="worksheet")
    assert resource.live is False
    assert resource.first_published_at is None
    assert not WorkflowState.objects.for_instance(resource).exists()  # nor sent anywhere
    assert Client().get(f"/hoc-lieu/{resource.pk}/").status_code == 404  # visitors see nothing


def test_a_reviewer_cannot_publish_her_own_draft_by_editing_it(demo):
    reviewer = client_for(demo.user("thamdinh.toan"))
    doc = uploaded(reviewer, "Đề cương ôn tập.pdf", samples.pdf())
    response = reviewer.post(ADD, resource_form(demo, [doc], title="Đề cương của cô Hà"))
    assert response.status_code == 302
    resource = Resource.objects.get(title="Đề cương của cô Hà")
    files = resource.files.all()
    form = resource_form(demo, [], title="Đề cương của cô Hà")
    form.update({"files-TOTAL_FORMS": "1", "files-INITIAL_FORMS": "1", "files-0-document": doc.pk,
                 "files-0-caption": "", "files-0-ORDER": "1", "files-0-id": files[0].pk, "files-0-DELETE": ""})
    response = reviewer.post(f"{SNIPPETS}/edit/{resource.pk}/", {**form, "action-publish": "publish"})
    assert response.status_code == 302
    resource.refresh_from_db()
    assert resource.live is False and resource.first_published_at is None


@pytest.mark.parametrize("username", ["thamdinh.toan", "totruong.toan", "chuyenvien", "giaovien.toan"])
def test_nobody_but_a_superuser_unpublishes_through_the_admin(demo_content, username):
    published = _published_by_giaovien_toan()
    client = client_for(demo_content.user(username))
    response = client.post(f"{SNIPPETS}/unpublish/{published.pk}/")
    assert admin_denied(response)
    published.refresh_from_db()
    assert published.live is True
    assert Client().get(f"/hoc-lieu/{published.pk}/").status_code == 200


def test_the_unpublish_page_does_not_show_a_drafts_title(demo_content):
    waiting = _waiting_for_review()
    response = client_for(demo_content.user("thamdinh.toan")).get(f"{SNIPPETS}/unpublish/{waiting.pk}/")
    assert admin_denied(response)
    assert waiting.title not in response.content.decode()


def _review_urls(resource):
    revision = resource.latest_revision_id
    state = WorkflowState.objects.for_instance(resource).latest("pk")
    return [
        f"{SNIPPETS}/history/{resource.pk}/revisions/{revision}/view/",
        f"{SNIPPETS}/history/{resource.pk}/revisions/compare/earliest...latest/",
        f"{SNIPPETS}/workflow_history/{resource.pk}/",
        f"{SNIPPETS}/workflow_history/{resource.pk}/detail/{state.pk}/",
        f"/admin/snippets/choose/repository/resource/chosen/{resource.pk}/",
        f"/admin/snippets/choose/repository/resource/results/?q={resource.title}",
        f"/admin/bulk/repository/resource/delete/?id={resource.pk}",
        f"/admin/bulk/repository/resourcedocument/delete/?id={resource.files.first().document_id}",
    ]


@pytest.mark.parametrize("username", ["giaovien.van", "giamkhao", "giaovien.tin"])
def test_items_in_review_and_reviewers_comments_do_not_leak_to_other_teachers(demo_content, username):
    waiting = _waiting_for_review()
    sent_back = Resource.objects.get(title__contains="Phân số", owner__username="giaovien.toan", live=False)
    comment = "Bổ sung đáp án và thang điểm"
    client = client_for(demo_content.user(username))
    for resource in (waiting, sent_back):
        for url in _review_urls(resource):
            response = client.get(url)
            assert admin_denied(response), url
            body = response.content.decode()
            assert resource.title not in body, url
            assert comment not in body, url


def test_the_groups_reviewer_reads_the_history_of_an_item_in_her_review(demo_content):
    waiting = _waiting_for_review()
    client = client_for(demo_content.user("thamdinh.toan"))
    for url in _review_urls(waiting)[:4]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert waiting.title in response.content.decode(), url


def test_a_reviewer_cannot_choose_a_file_of_a_submission_in_her_queue(demo_content):
    waiting = _waiting_for_review()
    document = waiting.files.first().document
    reviewer = client_for(demo_content.user("thamdinh.toan"))
    results = reviewer.get("/admin/documents/chooser/results/", {"q": document.title})
    assert results.status_code == 200
    assert f"/chosen/{document.pk}/" not in results.content.decode()  # no result to pick
    response = reviewer.post(ADD, resource_form(demo_content, [document], title="Bài của cô Hà"))
    assert response.status_code == 200  # the form again, with the error on the file
    assert not Resource.objects.filter(title="Bài của cô Hà").exists()
    assert ResourceDocument.objects.get(pk=document.pk).uploaded_by_user.username == "giaovien.toan"


@pytest.mark.parametrize("username", ["thamdinh.toan", "totruong.toan"])
def test_a_reviewer_cannot_cancel_the_authors_submission(demo_content, username):
    """Wagtail lets whoever may approve cancel the workflow, from the editor's menu right
    above "Duyệt"; here only the authors withdraw their submission."""
    resource = _waiting_for_review()
    state = resource.current_workflow_state
    reviewer = client_for(demo_content.user(username))
    edit_url = f"/admin/snippets/repository/resource/edit/{resource.pk}/"
    editor = reviewer.get(edit_url).content.decode()
    assert editor.count('name="action-cancel-workflow"') == 0
    assert 'data-workflow-action-name="approve"' in editor  # the decision is there

    response = reviewer.post(edit_url, {**edit_form(demo_content, resource, title=resource.title),
                                        "action-cancel-workflow": "1"})
    assert response.status_code == 302  # saved as an edit, nothing cancelled
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert Resource.objects.get(pk=resource.pk).workflow_in_progress


def test_the_author_still_withdraws_her_submission(demo_content):
    resource = _waiting_for_review()
    state = resource.current_workflow_state
    author = client_for(resource.owner)
    edit_url = f"/admin/snippets/repository/resource/edit/{resource.pk}/"
    assert 'name="action-cancel-workflow"' in author.get(edit_url).content.decode()
    author.post(edit_url, {**edit_form(demo_content, resource, title=resource.title), "action-cancel-workflow": "1"})
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_CANCELLED
    assert Resource.objects.get(pk=resource.pk).workflow_in_progress is False
