"""Repository files in the Wagtail admin: teachers and reviewers hold "choose" on the
district's whole collection, yet the chooser (and its search), the document listing,
the admin API and the edit and delete views give them only their own uploads and the
files of the resources they may edit, never the titles of other teachers' drafts."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from factories import ADD, act, admin_denied, client_for, edit_form, resource_form, uploaded

import samples
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


def test_the_chooser_and_its_search_offer_a_teacher_their_own_uploads_only(author, other_teacher, secret):
    assert in_chooser(author)
    assert not in_chooser(other_teacher)
    # choosing it by its id (what the chooser's link does) is refused too
    assert author.get(f"{CHOOSER}chosen/{secret.pk}/").status_code == 200
    assert admin_denied(other_teacher.get(f"{CHOOSER}chosen/{secret.pk}/"))
    def chosen_many(client):
        return json.loads(client.get(f"{CHOOSER}chosen-multiple/", {"id": secret.pk}).content)["result"]

    assert [d["title"] for d in chosen_many(author)] == [secret.title]
    assert chosen_many(other_teacher) == []


def test_the_listing_and_the_admin_api_do_not_show_other_teachers_files(author, other_teacher, secret):
    assert shows(author, LISTING) and shows(author, LISTING, {"q": "kiểm tra"})
    assert not shows(other_teacher, LISTING)
    assert not shows(other_teacher, LISTING, {"q": "kiểm tra"})

    def api_titles(client):
        response = client.get("/admin/api/main/documents/", {"title": secret.title})
        assert response.status_code == 200
        return {item["title"] for item in json.loads(response.content)["items"]}

    assert api_titles(author) == {secret.title}
    assert api_titles(other_teacher) == set()
    assert other_teacher.get(f"/admin/api/main/documents/{secret.pk}/").status_code == 404


def test_another_teacher_cannot_open_edit_or_delete_a_file(author, other_teacher, secret):
    before = ResourceDocument.objects.values().get(pk=secret.pk)
    edit, delete = f"/admin/documents/edit/{secret.pk}/", f"/admin/documents/delete/{secret.pk}/"

    for url in (edit, delete, f"/admin/documents/usage/{secret.pk}/"):
        response = other_teacher.get(url)
        assert admin_denied(response), url
        assert SECRET not in response.content.decode()
    response = other_teacher.post(edit, {
        "title": "Đã bị sửa", "file": SimpleUploadedFile("khac.pdf", samples.pdf("Noi dung khac"))})
    assert admin_denied(response)
    assert admin_denied(other_teacher.post(delete))

    assert ResourceDocument.objects.values().get(pk=secret.pk) == before  # title, file, hash
    assert author.get(edit).status_code == 200


def test_a_file_of_another_teacher_cannot_be_attached_by_its_id(demo, other_teacher, secret):
    own_group = {"subject_group": demo.group("THCS-NT", "Tổ Ngữ văn – Lịch sử – Địa lý").pk,
                 "subject": Subject.objects.get(code="ngu-van").pk, "title": "Bài của cô Ánh"}
    response = other_teacher.post(ADD, resource_form(demo, [secret], **own_group))
    assert response.status_code == 200  # the form again, with the error
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
    edit_url = f"/admin/snippets/repository/resource/edit/{resource.pk}/"
    assert reviewer.get(secret.url).status_code == 404

    response = author.post(edit_url, {**edit_form(demo, resource), "action-submit": "submit"})
    assert response.status_code == 302, response.content.decode()[:3000]

    editor = reviewer.get(edit_url)
    assert editor.status_code == 200
    assert SECRET in editor.content.decode()  # the editor shows the submitted file
    assert reviewer.get(secret.url).status_code == 200  # she reads it
    # …but it is not hers to choose: she once published a teacher's file as her own
    assert not in_chooser(reviewer)
    assert admin_denied(reviewer.get(f"{CHOOSER}chosen/{secret.pk}/"))
    response = reviewer.post(ADD, resource_form(demo, [secret], title="Bài của cô Hà"))
    assert response.status_code == 200  # the form again, with the error
    assert not Resource.objects.filter(title="Bài của cô Hà").exists()
    # the reviewer may save the resource under review with its files (already attached)
    response = reviewer.post(edit_url, edit_form(demo, resource, description="Sửa lỗi chính tả"))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert resource.files.get().document == secret
    # and may not change the author's file itself
    assert admin_denied(reviewer.get(f"/admin/documents/edit/{secret.pk}/"))

    act(reviewer, resource, "approve")
    resource.refresh_from_db()
    assert resource.live
    assert in_chooser(author)


def test_co_authors_see_the_files_of_a_resource_and_officers_once_it_is_submitted(demo, author, other_teacher, secret):
    response = author.post(ADD, resource_form(demo, [secret], co_authors=[demo.user("giaovien.van").pk]))
    assert response.status_code == 302, response.content.decode()[:3000]
    assert in_chooser(other_teacher)  # now a co-author
    assert admin_denied(other_teacher.get(f"/admin/documents/edit/{secret.pk}/"))  # still the author's
    officer = client_for(demo.user("chuyenvien"))
    assert not in_chooser(officer)  # a draft never submitted is its authors' alone

    resource = Resource.objects.get(files__document=secret)
    edit_url = f"/admin/snippets/repository/resource/edit/{resource.pk}/"
    response = author.post(edit_url, {**edit_form(demo, resource), "action-submit": "submit"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert in_chooser(officer)
