"""A resource's files as the public pages hand them out: thumbnails through a view that
checks who may see the file (never /media/), and byte ranges of previews and downloads
(video seeking, PDF viewers, resumed downloads)."""

import importlib
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from factories import CATALOGUE, client_for, make_document, make_resource

import samples
from repository.models import ResourceDocument


@pytest.fixture
def processed(demo, django_capture_on_commit_callbacks):
    """make_document, then processing as after the upload's commit (thumbnails made)."""

    def _make(name="Giáo án.pdf", data=None, author="giaovien.toan"):
        with django_capture_on_commit_callbacks(execute=True):
            doc = make_document(demo.user(author), name, data if data is not None else samples.pdf("Tap hop"))
        doc.refresh_from_db()
        assert doc.thumbnail or not (doc.mime_type.startswith("image/") or doc.mime_type == "application/pdf")
        return doc

    return _make


def thumbnail_url(resource) -> str:
    return f"{CATALOGUE}{resource.pk}/tep/{resource.files.get().pk}/anh-nho/"


def stored(fieldfile) -> bytes:
    with fieldfile.open("rb") as f:
        return f.read()


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- thumbnails -----------------------------------------------------------------------


def test_a_visitor_gets_the_thumbnail_of_a_public_published_resource(empty_catalogue, processed):
    doc = processed("Giáo án công khai.pdf")
    resource = make_resource(empty_catalogue, "Giáo án công khai", files=[doc])
    visitor = client_for()

    catalogue = visitor.get(CATALOGUE).content.decode()
    assert re.search(rf'<img class="thumb" src="{re.escape(thumbnail_url(resource))}"', catalogue)
    assert "/media/" not in catalogue

    response = visitor.get(thumbnail_url(resource))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    image = body(response)
    assert image == stored(doc.thumbnail) and image[:3] == b"\xff\xd8\xff"
    assert set(response["Cache-Control"].split(", ")) == {"public", "max-age=86400"}
    assert response["X-Content-Type-Options"] == "nosniff"


def test_thumbnails_are_stored_under_a_prefix_media_never_serves(empty_catalogue, processed):
    doc = processed("Ảnh minh hoạ.png", samples.png())
    make_resource(empty_catalogue, "Ảnh minh hoạ", kind="image", files=[doc])

    assert doc.thumbnail.name.startswith("repository/thumbnails/")
    assert default_storage.exists(doc.thumbnail.name)
    assert client_for().get(f"/media/{doc.thumbnail.name}").status_code == 404
    assert client_for(doc.uploaded_by_user).get(f"/media/{doc.thumbnail.name}").status_code == 404


def test_the_thumbnail_of_a_draft_is_not_found_and_that_of_an_internal_resource_is_private(
    empty_catalogue, processed
):
    demo = empty_catalogue
    draft = make_resource(demo, "Bản nháp", files=[processed("Bản nháp.pdf")], state="draft")
    internal = make_resource(demo, "Nội bộ", files=[processed("Nội bộ.pdf")], visibility="teachers")
    visitor, teacher = client_for(), client_for(demo.user("giaovien.th"))

    for client in (visitor, teacher, client_for(draft.owner)):  # the author too: not published
        assert client.get(thumbnail_url(draft)).status_code == 404
    assert visitor.get(thumbnail_url(internal)).status_code == 404
    response = teacher.get(thumbnail_url(internal))
    assert response.status_code == 200
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    # a file of one resource is not reachable through another
    other = f"{CATALOGUE}{internal.pk}/tep/{draft.files.get().pk}/anh-nho/"
    assert teacher.get(other).status_code == 404


def test_a_file_without_a_thumbnail_has_none(empty_catalogue, processed):
    resource = make_resource(empty_catalogue, "Giáo án Word", files=[processed("Giáo án.docx", samples.docx())])
    assert client_for().get(thumbnail_url(resource)).status_code == 404
    assert "anh-nho" not in client_for().get(CATALOGUE).content.decode()


def test_the_review_page_of_a_draft_shows_its_thumbnail_to_reviewers_only(empty_catalogue, processed):
    demo = empty_catalogue
    doc = processed("Đề kiểm tra.pdf")
    resource = make_resource(demo, "Đề kiểm tra chờ duyệt", files=[doc], state="in_review")
    preview = f"{CATALOGUE}cho-duyet/{resource.current_workflow_state.pk}/"  # the site's review page
    url = f"{CATALOGUE}tep/{doc.pk}/anh-nho/"

    reviewer = client_for(demo.user("thamdinh.toan"))
    page = reviewer.get(preview)
    assert page.status_code == 200
    assert f'<iframe class="preview-pdf" src="{CATALOGUE}tep/{doc.pk}/xem/"' in page.content.decode()
    assert "/media/" not in page.content.decode()
    response = reviewer.get(url)
    assert response.status_code == 200 and body(response) == stored(doc.thumbnail)
    assert set(response["Cache-Control"].split(", ")) == {"private", "no-store"}
    for client in (client_for(), client_for(demo.user("giaovien.van")), client_for(demo.user("hocsinh.6a"))):
        assert client.get(url).status_code == 404


def test_thumbnails_already_stored_move_under_the_protected_prefix(db, django_capture_on_commit_callbacks):
    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("repository.migrations.0009_protected_thumbnails")
    old = default_storage.save("thumbnails/abc.jpg", ContentFile(b"\xff\xd8\xffjpeg"))
    doc = ResourceDocument.objects.create(title="Cũ", file=ContentFile(samples.pdf(), name="cu.pdf"))
    ResourceDocument.objects.filter(pk=doc.pk).update(thumbnail=old)
    lost = ResourceDocument.objects.create(title="Mất", file=ContentFile(samples.pdf(), name="mat.pdf"))
    ResourceDocument.objects.filter(pk=lost.pk).update(thumbnail="thumbnails/gone.jpg")

    with django_capture_on_commit_callbacks(execute=True):
        migration.move_thumbnails(apps, connection.schema_editor(), source=migration.OLD, target=migration.NEW)

    doc.refresh_from_db()
    lost.refresh_from_db()
    assert doc.thumbnail.name == "repository/thumbnails/abc.jpg"
    assert stored(doc.thumbnail) == b"\xff\xd8\xffjpeg"
    assert not default_storage.exists(old)
    assert not lost.thumbnail


# --- byte ranges -------------------------------------------------------------------------


@pytest.fixture
def pdf_file(empty_catalogue):
    data = samples.pdf_pages([f"Trang {n}" for n in range(1, 6)])
    doc = make_document(empty_catalogue.user("giaovien.toan"), "Giáo án.pdf", data)
    resource = make_resource(empty_catalogue, "Giáo án năm trang", files=[doc])
    base = f"{CATALOGUE}{resource.pk}/tep/{resource.files.get().pk}"
    return resource, data, f"{base}/xem/", f"{base}/tai-ve/"


@pytest.mark.parametrize("header, start, stop", [
    ("bytes=0-9", 0, 10),
    ("bytes=100-", 100, None),
    ("bytes=-64", -64, None),
    ("bytes=5-99999999", 5, None),  # the end past the file: up to its last byte
], ids=["first-bytes", "from-an-offset", "last-bytes", "end-past-the-file"])
def test_the_preview_answers_a_range_with_those_bytes(pdf_file, header, start, stop):
    _resource, data, preview, _download = pdf_file
    expected = data[start:stop]
    first = start % len(data)

    response = client_for().get(preview, HTTP_RANGE=header)
    assert response.status_code == 206
    assert body(response) == expected
    assert response["Content-Length"] == str(len(expected))
    assert response["Content-Range"] == f"bytes {first}-{first + len(expected) - 1}/{len(data)}"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.parametrize("header", [
    None, "bytes=0-9,20-29", "bytes=abc", "bytes=9-0", "items=0-9", "bytes=-", "bytes 0-9",
], ids=["none", "several-ranges", "not-a-number", "reversed", "other-unit", "empty", "no-equals"])
def test_no_range_several_or_a_malformed_one_get_the_whole_file(pdf_file, header):
    _resource, data, preview, _download = pdf_file
    extra = {"HTTP_RANGE": header} if header else {}
    response = client_for().get(preview, **extra)
    assert response.status_code == 200
    assert body(response) == data
    assert response["Content-Length"] == str(len(data))
    assert response["Accept-Ranges"] == "bytes"
    assert "Content-Range" not in response


@pytest.mark.parametrize("header", ["bytes={size}-", "bytes={size}-{bigger}", "bytes=-0"])
def test_a_range_outside_the_file_is_unsatisfiable(pdf_file, header):
    _resource, data, preview, download = pdf_file
    header = header.format(size=len(data), bigger=len(data) + 10)
    for url in (preview, download):
        response = client_for().get(url, HTTP_RANGE=header)
        assert response.status_code == 416
        assert response["Content-Range"] == f"bytes */{len(data)}"
        assert response["Accept-Ranges"] == "bytes"


def test_an_if_range_gets_the_whole_file(pdf_file):
    # These answers carry no validator, so an If-Range can never be known to match.
    _resource, data, preview, _download = pdf_file
    response = client_for().get(preview, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"abc"')
    assert response.status_code == 200 and body(response) == data


def test_a_video_is_seekable(empty_catalogue):
    data = samples.mp4()
    doc = make_document(empty_catalogue.user("giaovien.toan"), "Thí nghiệm.mp4", data)
    resource = make_resource(empty_catalogue, "Thí nghiệm", kind="video", files=[doc])
    preview = f"{CATALOGUE}{resource.pk}/tep/{resource.files.get().pk}/xem/"
    moov = data.rindex(b"moov") - 4  # where a player seeks for the index

    response = client_for().get(preview, HTTP_RANGE=f"bytes={moov}-")
    assert response.status_code == 206
    assert response["Content-Type"] == "video/mp4"
    assert body(response) == data[moov:] and data[moov + 4:moov + 8] == b"moov"


def test_a_resumed_download_gets_its_range_and_a_download_counts_once(pdf_file):
    resource, data, _preview, download = pdf_file
    visitor = client_for()

    response = visitor.get(download, HTTP_RANGE="bytes=0-999")  # a download manager's first piece
    assert response.status_code == 206 and body(response) == data[:1000]
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Content-Security-Policy"] == "default-src 'none'"
    response = visitor.get(download, HTTP_RANGE="bytes=1000-")  # the rest, or a resumed download
    assert response.status_code == 206 and body(response) == data[1000:]
    resource.refresh_from_db()
    assert resource.download_count == 1

    assert body(visitor.get(download)) == data  # the same visitor today: counted already
    resource.refresh_from_db()
    assert resource.download_count == 1


def test_ranges_of_hidden_files_are_not_found(mixed):
    for key in ("teachers", "draft"):
        resource = mixed[key]
        base = f"{CATALOGUE}{resource.pk}/tep/{resource.files.get().pk}"
        for url in (f"{base}/xem/", f"{base}/tai-ve/"):
            assert client_for().get(url, HTTP_RANGE="bytes=0-9").status_code == 404
        resource.refresh_from_db()
        assert resource.download_count == 0
