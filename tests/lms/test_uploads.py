"""Resumable chunked uploads (lms/uploads): the tus 1.0.0 protocol at /tai-len/ through
Django's test client, who may reach an upload, expiry, and what a consuming page reads."""

import base64
import fcntl
import hashlib
import os
import time
import tracemalloc
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.utils import timezone

from factories import client_for
from lms.uploads import purposes, selectors, services
from lms.uploads.models import Upload

ENDPOINT = "/tai-len/"
PURPOSE = "test.upload"
TUS = {"Tus-Resumable": "1.0.0"}
OFFSET_TYPE = "application/offset+octet-stream"
MB = 1024 * 1024


@pytest.fixture(autouse=True)
def uploads_dir(settings, tmp_path):
    settings.UPLOADS_DIR = tmp_path / "uploads"
    settings.UPLOADS_MAX_MB = 1024
    settings.UPLOADS_EXPIRY_HOURS = 24
    settings.UPLOADS_MAX_OPEN = 10
    return settings.UPLOADS_DIR


@pytest.fixture(autouse=True)
def purpose():
    """A purpose for teachers only, at most 40 MB."""
    from lms.accounts.models import Role
    from lms.permissions import has_role

    registered = purposes.register(PURPOSE, allowed=lambda user: has_role(user, Role.TEACHER), max_mb=40)
    yield registered
    purposes.unregister(PURPOSE)


def metadata(**values) -> str:
    return ",".join(f"{k} {base64.b64encode(v.encode()).decode()}" for k, v in values.items())


def create(client, size, *, purpose=PURPOSE, filename="Bài giảng Toán 6.zip", **headers):
    return client.post(ENDPOINT, headers={
        **TUS, "Upload-Length": str(size), "Upload-Metadata": metadata(purpose=purpose, filename=filename),
        **headers,
    })


def patch(client, url, data: bytes, offset: int, **headers):
    return client.generic("PATCH", url, data, content_type=OFFSET_TYPE,
                          headers={**TUS, "Upload-Offset": str(offset), **headers})


def head(client, url):
    return client.head(url, headers=TUS)


def text(response) -> str:
    return response.content.decode()


def test_an_upload_sent_in_three_parts(demo, django_capture_on_commit_callbacks):
    teacher = demo.user("giaovien.toan")
    client = client_for(teacher)
    data = os.urandom(3 * MB + 12345)
    created = create(client, len(data))
    assert created.status_code == 201
    url = created["Location"]
    upload = Upload.objects.get()
    assert url == f"{ENDPOINT}{upload.pk}/"
    assert created["Tus-Resumable"] == "1.0.0"
    assert (upload.owner, upload.purpose, upload.filename, upload.size, upload.offset) == (
        teacher, PURPOSE, "Bài giảng Toán 6.zip", len(data), 0)
    assert created["Upload-Expires"].endswith(" GMT")

    first = head(client, url)
    assert first.status_code == 200
    assert (first["Upload-Offset"], first["Upload-Length"], first["Cache-Control"]) == ("0", str(len(data)), "no-store")

    cuts = [0, MB, 2 * MB + 7, len(data)]
    for start, end in zip(cuts, cuts[1:]):
        assert selectors.completed_upload(teacher, upload.pk) is None  # not before the last part
        sent = patch(client, url, data[start:end], start)
        assert sent.status_code == 204, text(sent)
        assert sent["Upload-Offset"] == str(end)
        assert head(client, url)["Upload-Offset"] == str(end)

    upload.refresh_from_db()
    assert upload.offset == len(data) and upload.completed_at is not None
    assert upload.path.read_bytes() == data
    done = selectors.completed_upload(teacher, str(upload.pk), purpose=PURPOSE)
    assert done == upload
    with selectors.open_completed(done) as file:
        assert hashlib.sha256(file.read()).digest() == hashlib.sha256(data).digest()

    with django_capture_on_commit_callbacks(execute=True):
        services.consume(done)
    assert not Upload.objects.exists() and not upload.path.exists()
    assert head(client, url).status_code == 404


def test_a_part_at_the_wrong_offset_is_refused_and_nothing_is_written(demo):
    client = client_for(demo.user("giaovien.toan"))
    url = create(client, 1000)["Location"]
    assert patch(client, url, b"a" * 400, 0).status_code == 204

    for wrong in (0, 300, 500):
        refused = patch(client, url, b"b" * 100, wrong)
        assert refused.status_code == 409
        assert text(refused) == "Tệp đang được tải lên ở một vị trí khác; việc tải lên sẽ tiếp tục từ đó."
    assert head(client, url)["Upload-Offset"] == "400"
    assert Upload.objects.get().path.read_bytes() == b"a" * 400


def test_a_file_over_the_limit_is_refused(demo, settings):
    client = client_for(demo.user("giaovien.toan"))
    over_purpose = create(client, 40 * MB + 1)  # the purpose asks for 40 MB
    assert over_purpose.status_code == 413
    assert text(over_purpose) == "Tệp lớn hơn 40 MB, mức tối đa được nhận ở đây."

    settings.UPLOADS_MAX_MB = 10  # the platform's limit wins over a purpose's larger one
    over_platform = create(client, 10 * MB + 1)
    assert over_platform.status_code == 413
    assert text(over_platform) == "Tệp lớn hơn 10 MB, mức tối đa được nhận ở đây."
    assert not Upload.objects.exists()

    url = create(client, 100)["Location"]  # more bytes than announced
    too_many = patch(client, url, b"x" * 101, 0)
    assert too_many.status_code == 413
    assert head(client, url)["Upload-Offset"] == "0"


def test_only_the_owner_reaches_an_upload(demo):
    owner = client_for(demo.user("giaovien.toan"))
    url = create(owner, 100)["Location"]
    assert patch(owner, url, b"o" * 10, 0).status_code == 204

    for other in (client_for(demo.user("giaovien.van")), client_for(demo.user("chuyenvien")), Client()):
        assert head(other, url).status_code == 404
        assert patch(other, url, b"x" * 10, 10).status_code == 404
        assert other.delete(url, headers=TUS).status_code == 404
    assert text(head(client_for(demo.user("giaovien.van")), url)) == ""  # HEAD: no body
    assert text(patch(client_for(demo.user("giaovien.van")), url, b"x", 10)) == (
        "Lần tải lên này không còn nữa. Hãy chọn lại tệp.")
    assert text(patch(Client(), url, b"x", 10)) == "Hãy đăng nhập lại để tải tệp lên."
    upload = Upload.objects.get()
    assert upload.offset == 10 and upload.path.read_bytes() == b"o" * 10

    teacher = demo.user("giaovien.toan")
    teacher.is_active = False
    teacher.save(update_fields=["is_active"])
    assert selectors.owned_upload(teacher, upload.pk) is None


def test_who_may_start_an_upload(demo):
    anonymous = create(Client(), 100)
    assert anonymous.status_code == 403
    assert text(anonymous) == "Hãy đăng nhập lại để tải tệp lên."
    student = create(client_for(demo.user("hocsinh.6a")), 100)  # the purpose is for teachers
    assert student.status_code == 403
    assert text(student) == "Bạn không được tải tệp lên ở đây."
    unknown = create(client_for(demo.user("giaovien.toan")), 100, purpose="nothing.here")
    assert unknown.status_code == 400
    assert text(unknown) == "Nơi này không nhận loại tệp này."
    assert not Upload.objects.exists()


def test_the_protocol_is_checked(demo):
    client = client_for(demo.user("giaovien.toan"))
    assert create(client, 100, **{"Tus-Resumable": "0.2.2"}).status_code == 412
    assert client.post(ENDPOINT, headers={**TUS, "Upload-Defer-Length": "1"}).status_code == 400
    assert client.post(ENDPOINT, headers={**TUS, "Upload-Length": "-5"}).status_code == 400
    assert client.post(ENDPOINT, headers={**TUS, "Upload-Length": "5", "Upload-Metadata": "purpose @@"}).status_code == 400
    empty = create(client, 0)
    assert (empty.status_code, text(empty)) == (400, "Tệp trống.")
    url = create(client, 100)["Location"]
    wrong_type = client.generic("PATCH", url, b"x", content_type="application/octet-stream",
                                headers={**TUS, "Upload-Offset": "0"})
    assert wrong_type.status_code == 415
    no_version = client.generic("PATCH", url, b"x", content_type=OFFSET_TYPE, headers={"Upload-Offset": "0"})
    assert (no_version.status_code, no_version["Tus-Version"]) == (412, "1.0.0")
    options = client.options(ENDPOINT)
    assert options.status_code == 204
    assert (options["Tus-Version"], options["Tus-Extension"], options["Tus-Max-Size"]) == (
        "1.0.0", "creation,expiration,termination", str(1024 * MB))
    assert client.get(url).status_code == 405
    assert head(client, url)["Upload-Offset"] == "0"


def test_parts_need_the_pages_csrf_token(demo, settings):
    client = Client(enforce_csrf_checks=True)
    client.force_login(demo.user("giaovien.toan"))
    assert create(client, 100).status_code == 403
    client.get("/me/")  # the page sets the CSRF cookie
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    created = create(client, 100, **{"X-CSRFToken": token})
    assert created.status_code == 201
    url = created["Location"]
    assert patch(client, url, b"x" * 100, 0).status_code == 403
    assert patch(client, url, b"x" * 100, 0, **{"X-CSRFToken": token}).status_code == 204


def test_the_owner_may_end_an_upload(demo):
    client = client_for(demo.user("giaovien.toan"))
    url = create(client, 100)["Location"]
    patch(client, url, b"z" * 50, 0)
    path = Upload.objects.get().path
    assert client.delete(url, headers=TUS).status_code == 204
    assert not Upload.objects.exists() and not path.exists()
    assert head(client, url).status_code == 404


class Trickle:
    """A request body that arrives piece by piece from a generator, as a slow network
    delivers it, and records how much the server asked for at once."""

    def __init__(self, pieces):
        self._pieces = pieces
        self._buffer = b""
        self._dropped = None
        self.largest_read = 0

    def read(self, size=-1):
        if size is None or size < 0:
            raise AssertionError("the whole body was asked for at once")
        self.largest_read = max(self.largest_read, size)
        if self._dropped and not self._buffer:
            raise self._dropped
        while len(self._buffer) < size and not self._dropped:
            try:
                piece = next(self._pieces, None)
            except OSError as error:  # what had arrived is still read, then the error
                self._dropped = error
                break
            if piece is None:
                break
            self._buffer += piece
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def readline(self, size=-1):
        raise AssertionError("a tus part is not read by lines")


def pieces(total: int, size: int = 100_000, *, fail_after: int | None = None):
    """Deterministic bytes; with fail_after, the connection drops after that many."""
    sent = 0
    counter = 0
    while sent < total:
        if fail_after is not None and sent >= fail_after:
            raise ConnectionResetError("the client went away")
        piece = hashlib.sha256(counter.to_bytes(8, "big")).digest() * (size // 32)
        piece = piece[: min(size, total - sent)]
        counter += 1
        sent += len(piece)
        yield piece


def streamed_patch(client, url, body, length: int, offset: int):
    return client.request(**{
        "REQUEST_METHOD": "PATCH", "PATH_INFO": url, "CONTENT_TYPE": OFFSET_TYPE,
        "CONTENT_LENGTH": str(length), "wsgi.input": body,
        "HTTP_TUS_RESUMABLE": "1.0.0", "HTTP_UPLOAD_OFFSET": str(offset),
    })


def test_a_large_part_is_streamed_to_disk_never_held_in_memory(demo, settings):
    """A 24 MB part, more than DATA_UPLOAD_MAX_MEMORY_SIZE, read in blocks: Python's
    allocations during the request stay far below the part's size."""
    size = 24 * MB
    assert size > settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    client = client_for(demo.user("giaovien.toan"))
    url = create(client, size)["Location"]
    body = Trickle(pieces(size))
    tracemalloc.start()
    try:
        response = streamed_patch(client, url, body, size, 0)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert response.status_code == 204, text(response)
    assert response["Upload-Offset"] == str(size)
    assert body.largest_read == services.BLOCK
    assert peak < 2 * MB, f"{peak} bytes allocated at the peak"
    expected = hashlib.sha256()
    for piece in pieces(size):
        expected.update(piece)
    upload = Upload.objects.get()
    with selectors.open_completed(selectors.completed_upload(demo.user("giaovien.toan"), upload.pk)) as file:
        assert hashlib.file_digest(file, "sha256").hexdigest() == expected.hexdigest()


def test_a_part_cut_short_keeps_what_arrived_and_goes_on_from_there(demo):
    size = 2 * MB
    client = client_for(demo.user("giaovien.toan"))
    url = create(client, size)["Location"]
    whole = b"".join(pieces(size))
    cut = streamed_patch(client, url, Trickle(pieces(size, fail_after=1_200_000)), size, 0)
    assert cut.status_code == 204
    assert cut["Upload-Offset"] == head(client, url)["Upload-Offset"] == "1200000"
    rest = patch(client, url, whole[1_200_000:], 1_200_000)
    assert rest.status_code == 204 and rest["Upload-Offset"] == str(size)
    assert Upload.objects.get().path.read_bytes() == whole


def test_bytes_past_the_recorded_offset_are_cut_before_the_next_part(demo):
    """A process killed after writing a part but before recording it leaves extra bytes:
    the next part is written at the recorded offset, not after them."""
    client = client_for(demo.user("giaovien.toan"))
    url = create(client, 20)["Location"]
    patch(client, url, b"0123456789", 0)
    upload = Upload.objects.get()
    with open(upload.path, "ab") as file:
        file.write(b"junk")
    assert patch(client, url, b"abcdefghij", 10).status_code == 204
    assert upload.path.read_bytes() == b"0123456789abcdefghij"


def test_one_request_at_a_time_writes_to_an_upload(demo):
    client = client_for(demo.user("giaovien.toan"))
    url = create(client, 20)["Location"]
    upload = Upload.objects.get()
    with open(upload.path, "rb") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX)  # another request is writing
        busy = patch(client, url, b"x" * 20, 0)
    assert busy.status_code == 423
    assert patch(client, url, b"x" * 20, 0).status_code == 204


def test_a_person_has_a_limited_number_of_open_uploads(demo, settings):
    settings.UPLOADS_MAX_OPEN = 2
    client = client_for(demo.user("giaovien.toan"))
    assert create(client, 10).status_code == 201
    assert create(client, 10).status_code == 201
    refused = create(client, 10)
    assert refused.status_code == 429
    Upload.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert create(client, 10).status_code == 201  # the expired ones made room
    assert Upload.objects.count() == 1
    assert create(client_for(demo.user("giaovien.van")), 10).status_code == 201  # per person


def test_expired_uploads_are_gone_and_purged(demo, uploads_dir):
    teacher = demo.user("giaovien.toan")
    client = client_for(teacher)
    old_url = create(client, 10)["Location"]
    patch(client, old_url, b"x" * 10, 0)
    kept_url = create(client, 10)["Location"]
    old, kept = Upload.objects.get(pk=old_url.split("/")[-2]), Upload.objects.get(pk=kept_url.split("/")[-2])
    Upload.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert head(client, old_url).status_code == 404  # expired: gone before any purge
    assert selectors.completed_upload(teacher, old.pk) is None
    stray_old = uploads_dir / f"{uuid.uuid4().hex}.part"
    stray_new = uploads_dir / f"{uuid.uuid4().hex}.part"
    stray_old.write_bytes(b"left by a crash")
    stray_new.write_bytes(b"being created")
    day_ago = time.time() - 25 * 3600
    os.utime(stray_old, (day_ago, day_ago))

    call_command("purge_uploads", stdout=open(os.devnull, "w"))

    assert list(Upload.objects.all()) == [kept]
    assert not old.path.exists() and kept.path.exists()
    assert not stray_old.exists() and stray_new.exists()
    assert head(client, kept_url).status_code == 200


def test_the_consuming_page_reads_only_its_own_finished_uploads(demo):
    teacher = demo.user("giaovien.toan")
    client = client_for(teacher)
    url = create(client, 6)["Location"]
    upload_id = url.split("/")[-2]
    patch(client, url, b"abc", 0)
    assert selectors.completed_upload(teacher, upload_id) is None  # unfinished
    patch(client, url, b"def", 3)
    assert selectors.completed_upload(teacher, upload_id).pk == uuid.UUID(upload_id)
    assert selectors.completed_upload(teacher, upload_id, purpose="player.package") is None
    assert selectors.completed_upload(demo.user("giaovien.van"), upload_id) is None
    assert selectors.completed_upload(teacher, "not-an-id") is None
    assert selectors.completed_upload(None, upload_id) is None


def test_a_refused_form_shows_the_finished_upload_again(demo):
    """After the consuming form is refused, the snippet keeps the upload's id, so the
    large file is not sent twice."""
    teacher = demo.user("giaovien.toan")
    client = client_for(teacher)
    url = create(client, 3, filename="Gói <bài> 1.zip")["Location"]
    patch(client, url, b"abc", 0)
    upload_id = url.split("/")[-2]
    request = RequestFactory().post("/form/", {"package": upload_id})
    request.user = teacher
    html = Template('{% load uploads %}{% chunked_file_input "test.upload" "package" label="Gói" %}').render(
        Context({"request": request, "csrf_token": "tok"}))
    assert f'<input type="hidden" name="package" value="{upload_id}" data-upload-id>' in html
    assert "Đã tải lên “Gói &lt;bài&gt; 1.zip”." in html
    assert f'data-max-bytes="{40 * MB}"' in html and 'data-chunked-upload="test.upload"' in html
