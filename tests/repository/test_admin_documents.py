"""Repository files in the Wagtail admin, which is for officers: teachers and reviewers
get 403 at its chooser (and its search), its document listing, the admin API and the
edit and delete views, and nothing changes; on the site they hold only their own uploads
and the files of the resources they author. Officers' chooser and listing give them the
files of their district's resources once submitted, never another teacher's draft."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

import samples
from factories import ADD, act, admin_denied, admin_refused, client_for, edit_url, resource_form, resubmit, uploaded
from repository.models import Resource, ResourceDocument, Subject

SECRET = "Đề kiểm tra giữa kỳ chưa công bố"
CHOOSER = "/admin/documents/chooser/"
CHOOSER_SEARCH = "/admin/documents/chooser/results/"
LISTING = "/admin/documents/"


@pytest.fixture
def author(demo):
    return client_for(demo.user("giaovien.toan"))


@pytest.fixture
def other_teacher(demo):
    return client_for(demo.user("giaovien.van"))  # another subject group, same school


@pytest.fixture
def secret(author):
    return uploaded(author, f"{SECRET}.pdf", samples.pdf("De kiem tra"))


def shows(client, url, params=None, title=SECRET) -> bool:
    response = client.get(url, params or {})
    assert response.status_code == 200, (url, response.status_code)
    if response["Content-Type"] == "application/json":  # the chooser's modal
        return title in json.loads(response.content)["html"]
    return title in response.content.decode()


def in_chooser(client, title=SECRET) -> bool:
    """In the chooser's first page, and in its search results for the title's words."""
    listed = shows(client, CHOOSER, title=title)
    found = shows(client, CHOOSER_SEARCH, {"q": "kiểm tra giữa kỳ"}, title=title)
    assert listed == found, "the chooser's list and its search disagree"
    return listed


def admin_document_urls(document):
    return [CHOOSER, f"{CHOOSER_SEARCH}?q=kiểm+tra", f"{CHOOSER}chosen/{document.pk}/",
            f"{CHOOSER}chosen-multiple/?id={document.pk}", LISTING, f"{LISTING}?q=kiểm+tra",
            f"/admin/api/main/documents/?title={document.title}", f"/admin/api/main/documents/{document.pk}/",
            f"/admin/documents/edit/{document.pk}/", f"/admin/documents/delete/{document.pk}/",
            f"/admin/documents/usage/{document.pk}/"]


@pytest.mark.parametrize("username", ["giaovien.toan", "giaovien.van", "thamdinh.toan"])
def test_teachers_and_reviewers_get_403_at_every_document_view_of_the_admin(demo, secret, username):
    client = client_for(demo.user(username))
    before = ResourceDocument.objects.values().get(pk=secret.pk)
    for url in admin_document_urls(secret):
        response = client.get(url)
        assert admin_refused(response), url
        assert SECRET not in response.content.decode(), url
    edit, delete = f"/admin/documents/edit/{secret.pk}/", f"/admin/documents/delete/{secret.pk}/"
    assert admin_refused(client.post(edit, {
        "title": "Đã bị sửa", "file": SimpleUploadedFile("khac.pdf", samples.pdf("Noi dung khac"))}))
    assert admin_refused(client.post(delete))
    assert admin_refused(client.post("/admin/documents/add/", {
        "title": "Tệp qua admin", "file": SimpleUploadedFile("qua-admin.pdf", samples.pdf())}))
    assert ResourceDocument.objects.values().get(pk=secret.pk) == before  # title, file, hash
    assert not ResourceDocument.objects.filter(title="Tệp qua admin").exists()


def test_a_file_of_another_teacher_cannot_be_attached_by_its_id(demo, other_teacher, secret):
    own_group = {"subject_group": demo.group("THCS-NT", "Tổ Ngữ văn – Lịch sử – Địa lý").pk,
                 "subject": Subject.objects.get(code="ngu-van").pk, "title": "Bài của cô Ánh"}
    response = other_teacher.post(ADD, resource_form(demo, [secret], **own_group))
    assert response.status_code == 400  # the form again, with the error
    assert not Resource.objects.filter(title="Bài của cô Ánh").exists()
    assert other_teacher.get(secret.url).status_code == 404  # and it stays unreadable

    own = uploaded(other_teacher, "Bài của cô Ánh.pdf", samples.pdf())
    response = other_teacher.post(ADD, resource_form(demo, [own], **own_group))
    assert response.status_code == 302, response.content.decode()[:3000]  # the same form, her own file


def test_reviewers_read_the_files_of_a_resource_in_their_review_but_never_attach_them(demo, author, secret):
    reviewer = client_for(demo.user("thamdinh.toan"))  # reviews Tổ Toán – Tin
    response = author.post(ADD, resource_form(demo, [secret]))  # a draft: not theirs to see yet
    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get(files__document=secret)
    assert reviewer.get(secret.url).status_code == 404

    resubmit(author, demo, resource)
    assert reviewer.get(secret.url).status_code == 200  # she reads it
    # …but it is not hers to attach: she once published a teacher's file as her own
    response = reviewer.post(ADD, resource_form(demo, [secret], title="Bài của cô Hà"))
    assert response.status_code == 400  # the form again, with the error
    assert not Resource.objects.filter(title="Bài của cô Hà").exists()
    # nor to edit the author's resource on the site
    assert reviewer.get(edit_url(resource)).status_code == 404

    assert act(reviewer, resource, "approve").status_code == 302
    resource.refresh_from_db()
    assert resource.live
    assert resource.files.get().document == secret


def test_co_authors_see_the_files_of_a_resource_and_officers_once_it_is_submitted(demo, author, other_teacher, secret):
    response = author.post(ADD, resource_form(demo, [secret], co_authors=[demo.user("giaovien.van").pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get(files__document=secret)
    page = other_teacher.get(edit_url(resource))  # now a co-author: the resource's edit page
    assert page.status_code == 200
    assert f'name="documents" value="{secret.pk}" checked' in page.content.decode()
    assert other_teacher.get(secret.url).status_code == 200
    officer = client_for(demo.user("chuyenvien"))
    assert not in_chooser(officer)  # a draft never submitted is its authors' alone
    assert not shows(officer, LISTING)
    assert api_titles(officer, secret) == set()
    assert admin_denied(officer.get(f"/admin/documents/edit/{secret.pk}/"))
    assert admin_denied(officer.get(f"{CHOOSER}chosen/{secret.pk}/"))

    resubmit(author, demo, resource)
    assert in_chooser(officer)
    assert shows(officer, LISTING)
    assert api_titles(officer, secret) == {secret.title}


def api_titles(client, document):
    response = client.get("/admin/api/main/documents/", {"title": document.title})
    assert response.status_code == 200
    return {item["title"] for item in json.loads(response.content)["items"]}
