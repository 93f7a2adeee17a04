"""A resource's files look the same on its public page and on the reviewer's page of
the draft (one rule, repository.presentation); the draft's files reach only those
who may see the draft."""

import re

import pytest
from django.test import Client

import samples
from factories import ADD, act, client_for, resource_form, review_url, uploaded
from repository.models import Resource

TITLE = "Kế hoạch bài dạy Toán 6 – Tập hợp"


def figures(html: str) -> list[tuple[str, str]]:
    """(preview kind, inline element) of each file shown."""
    found = re.findall(r'<figure class="resource-file" data-file="\d+" data-preview="(\w*)">\s*<(\w+)', html)
    assert found, html[:2000]
    return found


@pytest.fixture
def in_review(demo, django_capture_on_commit_callbacks):
    author = client_for(demo.user("giaovien.toan"))
    with django_capture_on_commit_callbacks(execute=True):
        docs = [uploaded(author, "ke-hoach.pdf", samples.pdf()), uploaded(author, "giao-an.docx", samples.docx())]
    response = author.post(ADD, resource_form(demo, docs, action="submit"))
    assert response.status_code == 302, re.findall(r'class="error-message">(.*?)<', response.content.decode(), re.S)
    return Resource.objects.get(title=TITLE), docs


def test_the_reviewers_preview_shows_the_files_as_the_published_page_will(demo, in_review):
    resource, (pdf, docx) = in_review
    reviewer = client_for(demo.user("thamdinh.toan"))
    preview = reviewer.get(review_url(resource))  # the site's review page
    assert preview.status_code == 200
    html = preview.content.decode()
    draft = figures(html)
    assert draft == [("pdf", "iframe"), ("", "p")]  # a .docx: "download it to open it"
    assert f'src="/hoc-lieu/tep/{pdf.pk}/xem/"' in html
    assert f'href="/hoc-lieu/tep/{docx.pk}/tai-ve/"' in html

    # the files open for the reviewer, inline where the browser shows them
    inline = reviewer.get(f"/hoc-lieu/tep/{pdf.pk}/xem/")
    assert inline.status_code == 200
    assert inline["Content-Type"] == "application/pdf"
    assert not inline.get("Content-Disposition", "").startswith("attachment")
    assert inline["Content-Security-Policy"] == "frame-ancestors 'self'"
    assert b"".join(inline.streaming_content).startswith(b"%PDF")
    download = reviewer.get(f"/hoc-lieu/tep/{docx.pk}/tai-ve/")
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert reviewer.get(f"/hoc-lieu/tep/{docx.pk}/xem/").status_code == 404  # no inline form of a .docx

    # approved, the public page shows the same files the same way
    assert act(reviewer, resource, "approve", comment="").status_code == 302
    resource.refresh_from_db()
    assert resource.live is True
    public = Client().get(f"/hoc-lieu/{resource.pk}/").content.decode()
    assert figures(public) == draft


@pytest.mark.parametrize("username", [None, "giaovien.van", "giaovien.tin", "hieutruong.kd", "hocsinh.6a"])
def test_a_drafts_files_stay_hidden_from_others(demo, in_review, username):
    resource, docs = in_review
    client = Client() if username is None else client_for(demo.user(username))
    for doc in docs:
        for view in ("xem", "tai-ve", "anh-nho"):
            assert client.get(f"/hoc-lieu/tep/{doc.pk}/{view}/").status_code == 404, (doc.original_name, view)


# --- a version not published, at its site address -------------------------------------------


@pytest.mark.parametrize("username", ["giaovien.toan", "thamdinh.toan", "totruong.toan", "chuyenvien"])
def test_the_author_and_the_reviewers_see_an_item_in_review_at_its_address(demo, in_review, username):
    resource, (pdf, docx) = in_review
    page = client_for(demo.user(username)).get(f"/hoc-lieu/{resource.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-review-state="in_review"' in html and "Đang chờ duyệt" in html
    assert '<meta name="robots" content="noindex">' in html and "application/ld+json" not in html
    assert f'src="/hoc-lieu/tep/{pdf.pk}/xem/"' in html  # the draft's files, by the draft's rule
    assert 'name="stars"' not in html and 'name="reason"' not in html  # no rating, no withdrawing
    assert set(page["Cache-Control"].split(", ")) >= {"private", "no-store"}


@pytest.mark.parametrize("username", [None, "giaovien.van", "giaovien.tin", "hieutruong.kd", "hocsinh.6a"])
def test_everyone_else_gets_404_for_an_item_in_review(demo, in_review, username):
    resource, _docs = in_review
    client = Client() if username is None else client_for(demo.user(username))
    assert client.get(f"/hoc-lieu/{resource.pk}/").status_code == 404


def test_a_draft_never_submitted_is_its_authors_alone(demo):
    author = client_for(demo.user("giaovien.toan"))
    doc = uploaded(author, "ban-nhap.pdf", samples.pdf())
    assert author.post(ADD, resource_form(demo, [doc], title="Bản nháp Toán 6")).status_code == 302
    draft = Resource.objects.get(title="Bản nháp Toán 6")
    page = author.get(f"/hoc-lieu/{draft.pk}/")
    assert page.status_code == 200
    assert 'data-review-state="draft"' in page.content.decode() and "Bản nháp" in page.content.decode()
    for username in ("thamdinh.toan", "chuyenvien", "giaovien.van"):  # not submitted: not theirs to read
        assert client_for(demo.user(username)).get(f"/hoc-lieu/{draft.pk}/").status_code == 404, username


def test_a_sent_back_item_shows_its_state_to_the_author(demo, in_review):
    resource, _docs = in_review
    assert act(client_for(demo.user("thamdinh.toan")), resource, "reject", comment="Bổ sung.").status_code == 302
    html = client_for(demo.user("giaovien.toan")).get(f"/hoc-lieu/{resource.pk}/").content.decode()
    assert 'data-review-state="needs_changes"' in html and "Trả lại để sửa" in html
