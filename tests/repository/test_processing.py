"""Uploaded files are processed in the background: their text becomes searchable, PDFs and
images get a thumbnail, videos their duration. A file that cannot be read is marked
failed with the reason; the upload is kept.

Without a broker, Celery runs the task in-process (eager), after the upload's transaction
commits: `django_capture_on_commit_callbacks(execute=True)` stands in for that commit
inside the test's transaction. One test runs a real worker on a real Redis.
"""

import io
import os
import re
import time
import tracemalloc

import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import translation
from PIL import Image
from wagtail.search.backends import get_search_backend
from services import BIN, django_env, django_shell, manage_py, redis_server, running, wait_until
from factories import ADD, UPLOAD, client_for, resource_form

import samples
from lms.core.text import fold
from repository import filetypes, processing
from repository.models import Resource, ResourceDocument


@pytest.fixture
def teacher(demo):
    return client_for(demo.user("giaovien.toan"))


def upload(client, name: str, data: bytes, capture) -> ResourceDocument:
    """Upload on the site's "Đăng học liệu" as a teacher does, and let the upload's
    transaction commit, which runs the (eager) processing task."""
    with capture(execute=True):
        response = client.post(UPLOAD, {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 201, response.content.decode()[:3000]
    return ResourceDocument.objects.get(pk=response.json()["id"])


def reason(message: str) -> str:
    """A processing error as stored: in the platform's language."""
    with translation.override(django_settings.LANGUAGE_CODE):
        return translation.gettext(message)


def search(query: str) -> list:
    return list(get_search_backend().search(query, Resource))


def stored_bytes(document) -> bytes:
    with document.file.open("rb") as f:
        return f.read()


def thumbnail_image(document) -> Image.Image:
    with document.thumbnail.open("rb") as f:
        image = Image.open(io.BytesIO(f.read()))
        image.load()
    return image


# --- each type of file ----------------------------------------------------------------


def test_an_uploaded_pdf_gets_its_text_page_count_and_a_thumbnail_of_its_first_page(
    teacher, django_capture_on_commit_callbacks
):
    data = samples.pdf_pages(["Bai 1 Tap hop", "Bai 2 Phan tu cua tap hop", "Luyen tap chung"])
    doc = upload(teacher, "Giáo án Toán 6.pdf", data, django_capture_on_commit_callbacks)

    assert doc.processing == ResourceDocument.Processing.DONE
    assert doc.processing_error == ""
    assert doc.page_count == 3
    assert doc.text.split("\n\n") == ["Bai 1 Tap hop", "Bai 2 Phan tu cua tap hop", "Luyen tap chung"]
    thumbnail = thumbnail_image(doc)
    assert thumbnail.format == "JPEG"
    assert thumbnail.width == 480 and abs(thumbnail.height - 480 * 842 / 595) <= 1  # A4, upright
    assert thumbnail.getpixel((10, 10)) == (255, 255, 255)  # the rendered page, white
    assert doc.thumbnail.name.startswith("repository/thumbnails/") and "Giáo" not in doc.thumbnail.name
    assert stored_bytes(doc) == data  # the upload itself is untouched


@pytest.mark.parametrize("name, data, expected", [
    ("Kế hoạch bài dạy.docx", samples.docx_with_table("Mục tiêu: nhận biết tập hợp", "Trò chơi ô chữ"),
     {"text": ["Kế hoạch bài dạy", "Mục tiêu: nhận biết tập hợp", "Trò chơi ô chữ"], "page_count": None}),
    ("Giáo án viết tay.docx", samples.docx("Kế hoạch bài dạy: Tập hợp"),
     {"text": ["Kế hoạch bài dạy: Tập hợp"], "page_count": None}),
    ("Bài trình chiếu.pptx", samples.pptx(["Thuật toán", "Sơ đồ khối"], notes="Hỏi học sinh về ví dụ"),
     {"text": ["Thuật toán", "Nội dung: Sơ đồ khối", "Hỏi học sinh về ví dụ"], "page_count": 2}),
    ("Đề kiểm tra.xlsx", samples.xlsx({
        "Đề số 1": [["Câu", "Nội dung", "Điểm"], [1, "Tính diện tích hình thang", 2.5], [None, None, None],
                    [2, "=1+1", 3.0]],
        "Đáp án": [["Câu 1", "S = (a + b) × h : 2"]]}),
     # a formula gives its value as last saved by a spreadsheet program: none here (openpyxl)
     {"text": ["Đề số 1", "Câu Nội dung Điểm", "1 Tính diện tích hình thang 2.5", "2 3", "Đáp án",
               "Câu 1 S = (a + b) × h : 2"], "page_count": None}),
    ("Kế hoạch bài dạy.odt", samples.odt(["Mục tiêu: nhận biết  tập hợp", "Hoạt động 1: Khởi động"]),
     {"text": ["Kế hoạch bài dạy", "Mục tiêu: nhận biết tập hợp", "Hoạt động 1: Khởi động"], "page_count": None}),
    ("Bảng điểm.ods", samples.ods([["Họ và tên", "Điểm"], ["Nguyễn Văn An", "9"]], sheet="Lớp 6A"),
     {"text": ["Họ và tên", "Điểm", "Nguyễn Văn An", "9"], "page_count": None}),
    ("Bài trình chiếu.odp", samples.odp(["Thuật toán", "Sơ đồ khối", "Luyện tập"]),
     {"text": ["Thuật toán", "Sơ đồ khối", "Luyện tập"], "page_count": 3}),
], ids=["docx-with-table", "docx-minimal", "pptx", "xlsx", "odt", "ods", "odp"])
def test_office_files_get_their_text_and_no_thumbnail(teacher, django_capture_on_commit_callbacks, name, data, expected):
    doc = upload(teacher, name, data, django_capture_on_commit_callbacks)
    assert doc.mime_type in processing.READERS  # recognised by content, and read

    assert doc.processing == ResourceDocument.Processing.DONE, doc.processing_error
    for line in expected["text"]:
        assert line in doc.text.splitlines()
    assert doc.page_count == expected["page_count"]
    assert not doc.thumbnail  # nothing renders Word or PowerPoint here: not a failure


@pytest.mark.parametrize("name, data, size", [
    ("Ảnh lớp học.jpg", samples.jpeg((1600, 1200)), (480, 360)),
    ("Sơ đồ.png", samples.png((64, 48)), (64, 48)),  # never enlarged
], ids=["large-jpeg", "small-png"])
def test_images_get_a_thumbnail(teacher, django_capture_on_commit_callbacks, name, data, size):
    doc = upload(teacher, name, data, django_capture_on_commit_callbacks)

    assert doc.processing == ResourceDocument.Processing.DONE
    assert thumbnail_image(doc).size == size
    assert doc.text == "" and doc.duration_seconds is None


@pytest.mark.parametrize("name, data, seconds", [
    ("Thí nghiệm.mp4", samples.mp4(), 3),
    ("Bài giảng quay màn hình.webm", samples.webm(), 2),
], ids=["mp4", "webm"])
def test_videos_get_their_duration(teacher, django_capture_on_commit_callbacks, name, data, seconds):
    doc = upload(teacher, name, data, django_capture_on_commit_callbacks)

    assert doc.processing == ResourceDocument.Processing.DONE, doc.processing_error
    assert doc.duration_seconds == seconds
    assert not doc.thumbnail


# --- failures ------------------------------------------------------------------------------


def test_a_corrupt_pdf_is_marked_failed_with_the_reason_and_kept(demo, teacher, django_capture_on_commit_callbacks):
    data = samples.corrupt_pdf()
    doc = upload(teacher, "Đề kiểm tra.pdf", data, django_capture_on_commit_callbacks)

    assert doc.processing == ResourceDocument.Processing.FAILED
    assert doc.processing_error == reason("This PDF could not be opened: the file is damaged or is not a real PDF.")
    assert doc.text == "" and doc.page_count is None and not doc.thumbnail
    # the upload is all there: row, file, name, type
    assert stored_bytes(doc) == data
    assert doc.filename == "Đề kiểm tra.pdf" and doc.mime_type == "application/pdf"
    edit = client_for(demo.user("admin")).get(f"/admin/documents/edit/{doc.pk}/")  # the administrator's view
    assert edit.status_code == 200 and "Đề kiểm tra.pdf" in edit.content.decode()


@pytest.mark.parametrize("name, data, message", [
    ("Ảnh hỏng.png", samples.png()[:60], "This image could not be read: the file is damaged."),
    ("Video dừng giữa chừng.mp4", samples.mp4()[:samples.mp4().rindex(b"moov") - 4],
     "This video is incomplete or damaged: its length cannot be read."),
    ("Video hỏng.mp4", samples.mp4()[:1000], "This video is damaged: its structure cannot be read."),
    ("Video hỏng.webm", samples.webm()[:40], "This video is damaged: its structure cannot be read."),
], ids=["truncated-png", "mp4-without-index", "truncated-mp4", "truncated-webm"])
def test_other_damaged_files_fail_with_a_reason(teacher, django_capture_on_commit_callbacks, name, data, message):
    doc = upload(teacher, name, data, django_capture_on_commit_callbacks)

    assert doc.processing == ResourceDocument.Processing.FAILED
    assert doc.processing_error == reason(message)
    assert stored_bytes(doc) == data


@pytest.mark.parametrize("name, data", [
    ("Đề kiểm tra.xlsx", samples.xlsx({"Đề": [["Câu 1", "Tính nhẩm"]] * 50})),
    ("Kế hoạch bài dạy.odt", samples.odt(["Mục tiêu"] * 50)),
], ids=["xlsx", "odt"])
def test_spreadsheets_and_opendocument_files_that_unpack_too_big_are_not_opened(
    teacher, django_capture_on_commit_callbacks, monkeypatch, name, data
):
    monkeypatch.setattr(processing, "MAX_UNPACKED_BYTES", 1000)  # a zip bomb, in small
    doc = upload(teacher, name, data, django_capture_on_commit_callbacks)

    assert doc.processing == ResourceDocument.Processing.FAILED
    assert doc.processing_error == reason("This file unpacks to more than %(size)d MB, too much to read.") % {"size": 0}
    assert doc.text == ""
    assert stored_bytes(doc) == data


def test_an_opendocument_file_that_expands_entities_is_refused(teacher, django_capture_on_commit_callbacks):
    data = samples.odt_with_entity_bomb()
    doc = upload(teacher, "Giáo án lạ.odt", data, django_capture_on_commit_callbacks)

    assert doc.processing == ResourceDocument.Processing.FAILED
    assert doc.processing_error == reason("This file is damaged: it cannot be opened.")
    assert doc.text == "" and "aaaaaaaaaa" not in doc.text
    assert stored_bytes(doc) == data


def test_a_workbook_is_read_up_to_a_number_of_cells(teacher, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(processing, "MAX_SHEET_CELLS", 100)
    rows = [[f"dòng {n}", f"ô {n}"] for n in range(1, 1001)]
    doc = upload(teacher, "Danh sách.xlsx", samples.xlsx({"Trang 1": rows}), django_capture_on_commit_callbacks)

    assert doc.processing == ResourceDocument.Processing.DONE
    lines = doc.text.splitlines()
    assert lines[:3] == ["Trang 1", "dòng 1 ô 1", "dòng 2 ô 2"]
    assert "dòng 50 ô 50" in lines and "dòng 51 ô 51" not in lines


# --- search ----------------------------------------------------------------------------------


def test_a_resource_becomes_findable_by_a_word_only_inside_its_file(demo, teacher, django_capture_on_commit_callbacks):
    data = samples.docx_with_table("Hiện tượng khúc xạ ánh sáng", "Thí nghiệm với lăng kính")
    # The teacher uploads and files the resource before the background task has run.
    with django_capture_on_commit_callbacks() as pending:
        response = teacher.post(UPLOAD, {"file": SimpleUploadedFile("Khúc xạ.docx", data)})
        assert response.status_code == 201
    doc = ResourceDocument.objects.get(original_name="Khúc xạ.docx")
    assert doc.processing == ResourceDocument.Processing.PENDING
    response = teacher.post(ADD, resource_form(demo, [doc], title="Vật lí 9 – Bài 40", topic="Bài 40",
                                               keywords_text="quang học", description=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get(title="Vật lí 9 – Bài 40")
    assert not search(fold("lăng kính"))

    for callback in pending:  # the upload's commit: the task runs
        callback()

    doc.refresh_from_db()
    assert doc.processing == ResourceDocument.Processing.DONE
    assert search(fold("lăng kính")) == [resource]
    assert search(fold("khúc xạ")) == [resource]


@pytest.mark.parametrize("name, data", [
    ("Phiếu bài tập.xlsx", samples.xlsx({"Bài tập": [["Bài 1", "Hiện tượng khúc xạ ánh sáng"],
                                                    ["Bài 2", "Thí nghiệm với lăng kính"]]})),
    ("Phiếu bài tập.odt", samples.odt(["Bài 1: Hiện tượng khúc xạ ánh sáng", "Bài 2: Thí nghiệm với  lăng kính"])),
    ("Phiếu bài tập.ods", samples.ods([["Bài 1", "Hiện tượng khúc xạ ánh sáng"], ["Bài 2", "Thí nghiệm với lăng kính"]])),
], ids=["xlsx", "odt", "ods"])
def test_a_worksheet_becomes_findable_by_a_word_only_inside_its_file(
    demo, teacher, django_capture_on_commit_callbacks, name, data
):
    with django_capture_on_commit_callbacks() as pending:
        response = teacher.post(UPLOAD, {"file": SimpleUploadedFile(name, data), "kind": "worksheet"})
        assert response.status_code == 201
    doc = ResourceDocument.objects.get(original_name=name)
    response = teacher.post(ADD, resource_form(demo, [doc], kind="worksheet", title="Vật lí 9 – Phiếu bài tập",
                                               topic="Bài 40", keywords_text="quang học", description=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get(title="Vật lí 9 – Phiếu bài tập")
    assert not search(fold("lăng kính"))

    for callback in pending:  # the upload's commit: the task runs
        callback()

    doc.refresh_from_db()
    assert doc.processing == ResourceDocument.Processing.DONE, doc.processing_error
    assert search(fold("lăng kính")) == [resource]
    assert search(fold("khúc xạ ánh sáng")) == [resource]


# --- the service: idempotent, bounded, storage-neutral --------------------------------------


def test_processing_again_gives_the_same_result_and_leaves_one_thumbnail(teacher, django_capture_on_commit_callbacks):
    doc = upload(teacher, "Giáo án.pdf", samples.pdf_pages(["Tap hop"]), django_capture_on_commit_callbacks)
    first = doc.thumbnail.name

    with django_capture_on_commit_callbacks(execute=True):
        processing.process_document(doc)
    doc.refresh_from_db()

    assert (doc.processing, doc.text, doc.page_count) == ("done", "Tap hop", 1)
    assert doc.thumbnail.name != first
    assert default_storage.exists(doc.thumbnail.name) and not default_storage.exists(first)
    assert default_storage.listdir("repository/thumbnails")[1] == [doc.thumbnail.name.rsplit("/", 1)[1]]


def test_replacing_the_file_processes_the_new_one(demo, teacher, django_capture_on_commit_callbacks):
    doc = upload(teacher, "Giáo án.pdf", samples.pdf_pages(["Ban cu"]), django_capture_on_commit_callbacks)
    old_thumbnail = doc.thumbnail.name

    with django_capture_on_commit_callbacks(execute=True):  # in the admin, by its administrator
        response = client_for(demo.user("admin")).post(f"/admin/documents/edit/{doc.pk}/", {
            "title": "Giáo án", "file": SimpleUploadedFile("Giáo án mới.docx", samples.docx("Ban moi hoan chinh"))})
    assert response.status_code == 302, response.content.decode()[:3000]
    doc.refresh_from_db()

    assert doc.processing == ResourceDocument.Processing.DONE
    assert doc.text == "Ban moi hoan chinh" and doc.page_count is None
    assert not doc.thumbnail and not default_storage.exists(old_thumbnail)


def test_a_deleted_document_takes_its_thumbnail_along(teacher, django_capture_on_commit_callbacks):
    doc = upload(teacher, "Ảnh.png", samples.png(), django_capture_on_commit_callbacks)
    thumbnail = doc.thumbnail.name
    assert default_storage.exists(thumbnail)

    with django_capture_on_commit_callbacks(execute=True):
        doc.delete()

    assert not default_storage.exists(thumbnail)


def test_a_large_video_is_read_by_seeking_not_loaded(db, settings, tmp_path, django_capture_on_commit_callbacks):
    # 1 GB (the video limit), the index after the media data; sparse, so no disk is used.
    name = "repository/ab/large-video"
    (settings.MEDIA_ROOT / "repository/ab").mkdir(parents=True)
    samples.write_large_mp4(settings.MEDIA_ROOT / name, 1024 * 1024 * 1024)
    doc = ResourceDocument.objects.create(title="Video dài", file=name, mime_type="video/mp4")

    tracemalloc.start()
    started = time.monotonic()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            processing.process_document(doc)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    doc.refresh_from_db()
    assert (doc.processing, doc.duration_seconds) == ("done", 3)
    assert peak < 5 * 1024 * 1024, peak
    assert time.monotonic() - started < 5


def test_files_in_storage_without_local_paths_are_processed_from_a_temporary_copy(db, settings, django_capture_on_commit_callbacks):
    # Object storage (S3) has no local path: the reader gets a copy made chunk by chunk.
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    doc = ResourceDocument(title="Giáo án", mime_type="application/pdf")
    doc.file.save("giao-an.pdf", ContentFile(samples.pdf_pages(["Trong bo nho"])), save=False)
    assert not os.path.exists(doc.file.path)  # a path it names, where nothing is
    with django_capture_on_commit_callbacks(execute=True):
        doc.save()  # a new document: the eager task runs on commit
    doc.refresh_from_db()

    assert (doc.processing, doc.text, doc.page_count) == ("done", "Trong bo nho", 1)
    assert thumbnail_image(doc).width == 480


_WORDS = [f"tu{i}" for i in range(60_000)]  # about 470,000 characters


@pytest.mark.parametrize("mime, data, start", [
    (filetypes.DOCX, samples.docx(" ".join(_WORDS)), "tu0 tu1 tu2"),
    (filetypes.ODT, samples.odt([" ".join(_WORDS)], heading="Rất dài"), "Rất dài\ntu0 tu1"),
    (filetypes.XLSX, samples.xlsx({"Dài": [[" ".join(_WORDS[i:i + 100])] for i in range(0, 60_000, 100)]}),
     "Dài\ntu0 tu1"),
], ids=["docx", "odt", "xlsx"])
def test_extracted_text_is_bounded(db, settings, django_capture_on_commit_callbacks, mime, data, start):
    doc = ResourceDocument(title="Rất dài", mime_type=mime)
    doc.file.save("dai", ContentFile(data), save=False)
    with django_capture_on_commit_callbacks(execute=True):
        doc.save()
    doc.refresh_from_db()

    assert doc.processing == "done", doc.processing_error
    assert len(doc.text) == processing.MAX_TEXT_CHARS
    assert doc.text.startswith(start)


# --- processing again: manage.py reprocess_documents -------------------------------------------


def left_as(name: str, text: str, state: str, error: str = "") -> ResourceDocument:
    """A PDF whose processing an earlier run left in `state` (a lost task, a reader since
    fixed); its file is sound and holds `text`."""
    doc = ResourceDocument(title=name, original_name=name, mime_type=filetypes.PDF)
    doc.file.save(name, ContentFile(samples.pdf_pages([text])), save=False)
    doc.save()  # its task is sent on commit, which never comes in this test: lost
    ResourceDocument.objects.filter(pk=doc.pk).update(processing=state, processing_error=error,
                                                      text="Chu cu" if state == "done" else "")
    return doc


@pytest.fixture
def backlog(db):
    return {
        "pending": left_as("cho.pdf", "Bai cho xu ly", "pending"),
        "failed": left_as("loi.pdf", "Bai tung loi", "failed", error="Lỗi cũ"),
        "done": left_as("xong.pdf", "Bai da xu ly", "done"),
    }


def states(backlog) -> dict:
    return {key: ResourceDocument.objects.values_list("processing", "text", "processing_error").get(pk=doc.pk)
            for key, doc in backlog.items()}


def reprocess(capture, *args, execute=True) -> tuple[str, list]:
    out = io.StringIO()
    with capture(execute=execute) as callbacks:
        call_command("reprocess_documents", *args, stdout=out)
    return out.getvalue(), callbacks


def test_reprocess_documents_queues_the_pending_and_failed_files(backlog, django_capture_on_commit_callbacks):
    output, callbacks = reprocess(django_capture_on_commit_callbacks, execute=False)

    assert output == "Queued 2 documents for processing.\n"
    assert len(callbacks) == 2  # one task each, sent on commit as after an upload
    assert states(backlog)["failed"] == ("pending", "", "")  # waiting again, until its task runs
    for callback in callbacks:
        callback()
    assert states(backlog) == {
        "pending": ("done", "Bai cho xu ly", ""),
        "failed": ("done", "Bai tung loi", ""),
        "done": ("done", "Chu cu", ""),  # untouched
    }
    assert search(fold("bai tung loi")) == []  # no resource uses these files


def test_reprocess_documents_all_and_by_id(backlog, django_capture_on_commit_callbacks):
    output, _callbacks = reprocess(django_capture_on_commit_callbacks, "--id", str(backlog["done"].pk))
    assert output == "Queued 1 document for processing.\n"
    assert states(backlog) == {
        "pending": ("pending", "", ""), "failed": ("failed", "", "Lỗi cũ"), "done": ("done", "Bai da xu ly", ""),
    }

    output, _callbacks = reprocess(django_capture_on_commit_callbacks, "--id", str(backlog["pending"].pk),
                                   "--id", str(backlog["failed"].pk))
    assert output == "Queued 2 documents for processing.\n"
    assert {state for state, _text, _error in states(backlog).values()} == {"done"}

    ResourceDocument.objects.update(text="Chu cu")
    output, _callbacks = reprocess(django_capture_on_commit_callbacks, "--all")
    assert output == "Queued 3 documents for processing.\n"
    assert [text for _state, text, _error in states(backlog).values()] == ["Bai cho xu ly", "Bai tung loi", "Bai da xu ly"]

    output, _callbacks = reprocess(django_capture_on_commit_callbacks)  # nothing left to do
    assert output == "Queued 0 documents for processing.\n"


def test_reprocess_documents_refuses_unknown_ids_and_queues_nothing(backlog, django_capture_on_commit_callbacks):
    before = states(backlog)
    with pytest.raises(CommandError, match="No repository file with id 999999"):
        reprocess(django_capture_on_commit_callbacks, "--id", str(backlog["failed"].pk), "--id", "999999")
    assert states(backlog) == before
    with pytest.raises(CommandError):
        reprocess(django_capture_on_commit_callbacks, "--all", "--id", str(backlog["failed"].pk))


def test_reprocess_documents_reaches_the_search_of_the_resources_using_a_file(
    demo, teacher, django_capture_on_commit_callbacks
):
    data = samples.odt(["Hiện tượng khúc xạ ánh sáng"])
    doc = upload(teacher, "Giáo án.odt", data, django_capture_on_commit_callbacks)
    response = teacher.post(ADD, resource_form(demo, [doc], title="Vật lí 9", description="", keywords_text=""))
    assert response.status_code == 302, response.content.decode()[:3000]
    resource = Resource.objects.get(title="Vật lí 9")
    # as if ODT had had no reader when it was uploaded
    ResourceDocument.objects.filter(pk=doc.pk).update(text="", processing="failed")
    resource.save()
    assert search(fold("khúc xạ")) == []

    output, _callbacks = reprocess(django_capture_on_commit_callbacks)
    assert output == "Queued 1 document for processing.\n"
    assert search(fold("khúc xạ")) == [resource]


# --- a real worker on a real Redis -----------------------------------------------------------

UPLOAD_AND_WAIT = """
import os, time
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from lms.accounts.models import User
from repository.models import ResourceDocument

user = User.objects.create_superuser("quantri", None, "mat-khau-dai-123", full_name="Quản trị")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(user)
response = client.post("/admin/documents/add/", {
    "title": "Giáo án", "file": SimpleUploadedFile("Giáo án Toán 6.pdf", %(pdf)r)})
doc = ResourceDocument.objects.get()
deadline = time.monotonic() + 60
while doc.processing in ("pending", "running") and time.monotonic() < deadline:
    time.sleep(0.1)
    doc.refresh_from_db()
result = {
    "eager": settings.CELERY_TASK_ALWAYS_EAGER, "status": response.status_code, "pid": os.getpid(),
    "processing": doc.processing, "error": doc.processing_error, "text": doc.text,
    "page_count": doc.page_count, "thumbnail": doc.thumbnail.path if doc.thumbnail else "",
}
"""


@pytest.mark.services
def test_a_real_worker_processes_an_upload_from_the_ingest_queue(tmp_path_factory):
    var = tmp_path_factory.mktemp("var")  # one SQLite file and media folder for both processes
    with redis_server(tmp_path_factory.mktemp("redis")) as broker:
        env = django_env(var, CELERY_BROKER_URL=broker)
        migrated = manage_py("migrate", "--noinput", env=env, timeout=180)
        assert migrated.returncode == 0, migrated.stderr[-3000:]
        log = tmp_path_factory.mktemp("celery") / "worker.log"
        # Only the ingest queue: the task reaches this worker only if it is routed there.
        worker_cmd = [str(BIN / "celery"), "-A", "lms", "worker", "--pool=solo",
                      "-Q", "ingest", "--without-heartbeat", "--without-gossip", "--without-mingle",
                      "--loglevel=INFO"]
        ready = re.compile(rb"celery@\S+ ready\.")
        with running(worker_cmd, lambda: ready.search(log.read_bytes()), log, env=env) as worker:
            sent = django_shell(UPLOAD_AND_WAIT % {"pdf": samples.pdf_pages(["Bai 1 Tap hop", "Bai 2"])},
                                env, timeout=120)
            wait_until(lambda: b"succeeded" in log.read_bytes(), 10, "the worker's log")

    worker_log = log.read_text()
    assert sent["eager"] is False and sent["status"] == 302
    assert sent["processing"] == "done", (sent, worker_log[-3000:])
    assert sent["text"] == "Bai 1 Tap hop\n\nBai 2" and sent["page_count"] == 2
    assert Image.open(sent["thumbnail"]).width == 480
    assert re.search(r"Task repository\.process_document\[[\w-]+\] succeeded in [\d.]+s: 'done'", worker_log)
    assert worker.pid != sent["pid"]
