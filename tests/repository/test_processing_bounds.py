"""Untrusted uploads are read with bounds (issue 13): each reader runs in a child process
with CPU, wall-time and memory limits (lms/core/sandbox.py), zip-based files are checked
before they are opened (lms/core/archives.py), images by their pixel count before they
are decoded. A hostile file ends in seconds as a failed document with the reason in
Vietnamese; the upload is kept, and other uploads go on being processed meanwhile.

The four hostile files are made here, in a second, without ever holding what they
unpack to: a 7 KB PDF of nested forms, a 77 KB .docx of 50 MB of empty paragraphs, a
517 KB PNG of 13,300 × 13,300 pixels and a 1 MB .odt whose `mimetype` is 1 GiB of zeros.
"""

import io
import multiprocessing
import os
import re
import stat
import struct
import time
import tracemalloc
import zipfile
import zlib

import lxml.etree
import pytest
from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import translation

import samples
from lms.accounts.models import User
from lms.core import archives, sandbox
from lms.core import background as background_tasks
from repository import filetypes, processing
from repository.models import ResourceDocument

MB = 1024 * 1024
GiB = 1024 * MB


# --- the hostile files ---------------------------------------------------------------------


def nested_forms_pdf(levels: int = 30) -> bytes:
    """A one-page PDF whose page draws form X1, which draws X2 twice, ... : 2**30 forms to
    render from a few KB."""
    first = 5
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
           b"/Resources << /XObject << /X %d 0 R >> >> >>" % first,
        4: _pdf_stream(b"", b"/X Do"),
    }
    for level in range(levels):
        number = first + level
        if level == levels - 1:
            body, resources = b"0 0 1 1 re f", b""
        else:
            body = b"q 0.5 0 0 0.5 0 0 cm /X Do Q q 0.5 0 0 0.5 1 1 cm /X Do Q"
            resources = b"/Resources << /XObject << /X %d 0 R >> >>" % (number + 1)
        objects[number] = _pdf_stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + resources, body)
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = {}
    for number in sorted(objects):
        offsets[number] = out.tell()
        out.write(b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n")
    xref, size = out.tell(), max(objects) + 1
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
    out.writelines(b"%010d 00000 n \n" % offsets[number] for number in range(1, size))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref))
    return out.getvalue()


def _pdf_stream(dictionary: bytes, data: bytes) -> bytes:
    return b"<< " + dictionary + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def docx_of_empty_paragraphs(megabytes: int = 50) -> bytes:
    """A Word file whose document.xml is `megabytes` MB of <w:p/>, written in chunks."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zipfile.ZipFile(io.BytesIO(samples.docx())) as sample:  # its content types and relations
            for name in ("[Content_Types].xml", "_rels/.rels"):
                zf.writestr(name, sample.read(name))
        with zf.open("word/document.xml", "w") as part:
            part.write(b'<?xml version="1.0" encoding="UTF-8"?><w:document '
                       b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
            chunk = b"<w:p/>" * (MB // 6)
            for _ in range(megabytes):
                part.write(chunk)
            part.write(b"</w:body></w:document>")
    return buf.getvalue()


def deflated_repeat(block: bytes, times: int) -> bytes:
    """Raw deflate of block * times, without compressing it all: after a full flush the
    compressor starts afresh, so every block compresses to the same bytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    one = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    return one * times + compressor.flush()


def checksum(func, block: bytes, times: int) -> int:
    value = func(b"")
    for _ in range(times):
        value = func(block, value)
    return value


def huge_png(side: int = 13_300) -> bytes:
    """A black RGB PNG of side × side pixels (530 MB decoded, 2.5 GB to Pillow's thumbnail
    path), made from its rows without holding them."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = 100
    block = b"\x00" * (1 + side * 3) * rows  # each row: filter byte 0, then the pixels
    idat = (b"\x78\xda" + deflated_repeat(block, side // rows)
            + struct.pack(">I", checksum(zlib.adler32, block, side // rows)))
    header = struct.pack(">IIBBBBB", side, side, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def zip_of_raw(entries) -> bytes:
    """A zip of (name, raw deflate data, crc, size) entries, as zipfile would write them."""
    out, central = io.BytesIO(), []
    for name, data, crc, size in entries:
        encoded, offset = name.encode(), out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x21, crc, len(data), size,
                              len(encoded), 0) + encoded + data)
        central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x21, crc, len(data),
                                   size, len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    out.writelines(central)
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(central), len(central), out.tell() - start, start, 0))
    return out.getvalue()


def odt_with_huge_mimetype(size: int = GiB) -> bytes:
    """An OpenDocument text whose `mimetype` entry inflates to `size` bytes of zeros."""
    block = bytes(MB)
    content = (b'<?xml version="1.0"?><office:document-content '
               b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return zip_of_raw([
        ("mimetype", deflated_repeat(block, size // MB), checksum(zlib.crc32, block, size // MB), size),
        ("content.xml", compressor.compress(content) + compressor.flush(), zlib.crc32(content), len(content)),
    ])


# --- uploading and processing them -----------------------------------------------------------


TOO_LONG = "Xử lý tệp này mất quá nhiều thời gian."
TOO_MUCH_MEMORY = "Xử lý tệp này cần quá nhiều bộ nhớ."


@pytest.fixture
def bounded(settings):
    """Small limits, so that each hostile file ends in a few seconds."""
    settings.PROCESSING_CPU_SECONDS = 3
    settings.PROCESSING_WALL_SECONDS = 20
    settings.PROCESSING_MEMORY_MB = 256
    return settings


@pytest.fixture
def admin_client(db):
    user = User.objects.create_superuser("quantri", None, "mat-khau-dai-123", full_name="Quản trị")
    client = Client()
    client.force_login(user)
    return client


def reason(message: str) -> str:
    with translation.override(django_settings.LANGUAGE_CODE):
        return translation.gettext(message)


def stored_bytes(document) -> bytes:
    with document.file.open("rb") as f:
        return f.read()


def upload_and_process(client, capture, name: str, data: bytes) -> tuple[ResourceDocument, int]:
    """Upload as a teacher does and let the upload commit (which processes the file);
    the document and this process's peak of new memory."""
    tracemalloc.start()
    try:
        with capture(execute=True):
            response = client.post("/admin/documents/add/", {"title": name, "file": SimpleUploadedFile(name, data)})
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert response.status_code == 302, response.content.decode()[:3000]
    return ResourceDocument.objects.get(original_name=name), peak


def assert_failed_and_kept(doc, data: bytes, message: str) -> None:
    doc.refresh_from_db()
    assert doc.processing == ResourceDocument.Processing.FAILED
    assert doc.processing_error == message
    assert doc.text == "" and doc.page_count is None and not doc.thumbnail
    assert stored_bytes(doc) == data


@pytest.mark.parametrize("cpu, memory_mb, message", [
    (1, 2048, TOO_LONG),          # PDFium renders for ever...
    (3, 256, TOO_MUCH_MEMORY),    # ... and grows by some 250 MB a second while at it
], ids=["cpu", "memory"])
def test_a_pdf_of_nested_forms_is_stopped_by_the_limits(
    bounded, admin_client, django_capture_on_commit_callbacks, cpu, memory_mb, message
):
    bounded.PROCESSING_CPU_SECONDS, bounded.PROCESSING_MEMORY_MB = cpu, memory_mb
    data = nested_forms_pdf()
    assert len(data) < 8 * 1024

    doc, peak = upload_and_process(admin_client, django_capture_on_commit_callbacks, "Đề thi.pdf", data)

    assert_failed_and_kept(doc, data, message)
    assert peak < 20 * MB, peak  # the rendering happened elsewhere


def test_a_docx_of_50_mb_of_empty_paragraphs_is_refused_before_parsing(
    bounded, admin_client, django_capture_on_commit_callbacks
):
    data = docx_of_empty_paragraphs()
    assert len(data) < 100 * 1024

    doc, _peak = upload_and_process(admin_client, django_capture_on_commit_callbacks, "Giáo án.docx", data)

    assert doc.mime_type == filetypes.DOCX
    assert_failed_and_kept(doc, data, "Tệp này được nén nhiều bất thường (“bom zip”): tệp không được mở.")


def test_a_docx_part_bigger_than_the_parsers_bound_fails_fast(
    bounded, admin_client, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(processing, "MAX_PACKAGE_RATIO", 10**6)  # a bomb deflating less well
    monkeypatch.setattr(processing, "MAX_XML_PART_BYTES", 32 * MB)
    data = docx_of_empty_paragraphs()

    doc, _peak = upload_and_process(admin_client, django_capture_on_commit_callbacks, "Giáo án.docx", data)

    assert_failed_and_kept(doc, data, reason(
        "A part of this file (“%(name)s”) unpacks to more than %(size)d MB, too much to read.")
        % {"name": "word/document.xml", "size": 32})


def test_a_docx_that_passes_the_package_checks_is_stopped_by_the_memory_limit(
    bounded, admin_client, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(processing, "MAX_PACKAGE_RATIO", 10**6)
    data = docx_of_empty_paragraphs()  # 50 MB: under the 64 MB part bound; lxml needs 1.5 GB

    doc, _peak = upload_and_process(admin_client, django_capture_on_commit_callbacks, "Giáo án.docx", data)

    assert_failed_and_kept(doc, data, TOO_MUCH_MEMORY)


def test_an_image_of_177_megapixels_is_refused_before_it_is_decoded(
    bounded, admin_client, django_capture_on_commit_callbacks
):
    data = huge_png()
    assert len(data) < MB

    doc, peak = upload_and_process(admin_client, django_capture_on_commit_callbacks, "Sơ đồ.png", data)

    assert doc.mime_type == filetypes.PNG
    assert_failed_and_kept(doc, data, "Ảnh này quá lớn để tạo ảnh xem trước: ảnh có hơn 50 megapixel.")
    assert peak < 20 * MB, peak


def test_an_image_under_the_pixel_bound_but_too_big_to_decode_is_stopped_by_the_memory_limit(
    bounded, admin_client, django_capture_on_commit_callbacks, monkeypatch
):
    monkeypatch.setattr(processing, "MAX_IMAGE_PIXELS", 200_000_000)
    data = huge_png()

    doc, _peak = upload_and_process(admin_client, django_capture_on_commit_callbacks, "Sơ đồ.png", data)

    assert_failed_and_kept(doc, data, TOO_MUCH_MEMORY)


def test_a_big_jpeg_is_decoded_reduced(db, settings, django_capture_on_commit_callbacks):
    settings.PROCESSING_MEMORY_MB = 64  # 6000 × 4000 RGB is 72 MB decoded whole; draft() decodes 1/4
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (6000, 4000), (11, 92, 173)).save(buf, "JPEG", quality=50)
    doc = ResourceDocument(title="Ảnh lớp", mime_type=filetypes.JPEG)
    doc.file.save("anh", ContentFile(buf.getvalue()), save=False)
    with django_capture_on_commit_callbacks(execute=True):
        doc.save()
    doc.refresh_from_db()

    assert doc.processing == "done", doc.processing_error
    with doc.thumbnail.open("rb") as f:
        assert Image.open(f).size == (480, 320)


def test_an_odt_whose_mimetype_unpacks_to_1_gib_is_refused_at_upload_without_unpacking_it(admin_client):
    data = odt_with_huge_mimetype()
    assert len(data) < 1.1 * MB

    def post():
        return admin_client.post("/admin/documents/add/", {
            "title": "Giáo án", "file": SimpleUploadedFile("Giáo án.odt", data)})

    response = post()
    tracemalloc.start()
    try:
        detected = filetypes.detect(io.BytesIO(data))
        detect_peak = tracemalloc.get_traced_memory()[1]
        post()
        upload_peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert detected == "application/zip"  # not an OpenDocument: its type is not 100 bytes of text
    assert response.status_code == 200 and not ResourceDocument.objects.exists()
    assert "Nội dung tệp này không phải loại mà kho học liệu nhận" in response.content.decode()
    assert detect_peak < 2 * MB, detect_peak
    assert upload_peak < 30 * MB, upload_peak  # the upload (1 MB) is read a few times; 1 GiB never


def test_a_stored_odt_whose_mimetype_unpacks_to_1_gib_fails_with_the_reason(
    db, bounded, django_capture_on_commit_callbacks
):
    # As if stored before the bound on its `mimetype`, and processed again.
    data = odt_with_huge_mimetype()
    doc = ResourceDocument(title="Giáo án", mime_type=filetypes.ODT)
    doc.file.save("giao-an", ContentFile(data), save=False)
    with django_capture_on_commit_callbacks(execute=True):
        doc.save()

    assert_failed_and_kept(doc, data, "Tệp này khi giải nén lớn hơn 512 MB, quá lớn để đọc.")


# --- the upload answers at once; other files go on being processed -------------------------


def wait_for(predicate, seconds: float, what: str):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"still waiting for {what} after {seconds} s")


@pytest.fixture
def background(settings, monkeypatch):
    """Processing as under `make run`: eager Celery, in the background pool."""
    assert settings.CELERY_TASK_ALWAYS_EAGER
    settings.PROCESS_IN_BACKGROUND = True
    monkeypatch.setattr(background_tasks, "_pool", None)  # a pool of this test's own
    yield
    if background_tasks._pool is not None:
        background_tasks._pool.shutdown(wait=True)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"),
    reason="SQLite's in-memory test database locks whole tables between the test's and the pool's "
           "connections (shared cache, no busy wait); make test runs this on PostgreSQL",
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # the root collection survives
def test_the_upload_answers_at_once_and_an_ordinary_pdf_is_processed_while_a_hostile_one_runs(
    bounded, background, admin_client
):
    # The hostile PDF runs its 3 s of CPU, growing some 250 MB a second: room enough that the
    # time limit, not the memory limit, ends it (1024 MB was reached first on a quiet machine).
    bounded.PROCESSING_MEMORY_MB = 2048
    hostile, ordinary = nested_forms_pdf(), samples.pdf_pages(["Bai 1 Tap hop"])

    response = admin_client.post("/admin/documents/add/", {
        "title": "Đề thi", "file": SimpleUploadedFile("Đề thi.pdf", hostile)})
    assert response.status_code == 302
    bad = ResourceDocument.objects.get(original_name="Đề thi.pdf")
    assert bad.processing in ("pending", "running")
    edit = admin_client.get(f"/admin/documents/edit/{bad.pk}/").content.decode()
    assert re.search(r'data-processing="(pending|running)">\s*<dt>Đang xử lý</dt>\s*<dd>Đang (chờ )?xử lý</dd>', edit), \
        edit[edit.find("data-processing"):][:300]

    response = admin_client.post("/admin/documents/add/", {
        "title": "Giáo án", "file": SimpleUploadedFile("Giáo án.pdf", ordinary)})
    assert response.status_code == 302
    good = ResourceDocument.objects.get(original_name="Giáo án.pdf")

    states = wait_for(lambda: (lambda g, b: (g, b) if g == "done" else None)(
        *ResourceDocument.objects.filter(pk__in=[good.pk, bad.pk]).order_by("-pk").values_list("processing", flat=True)),
        30, "the ordinary PDF")
    assert states == ("done", "running")  # done while the hostile one was still being read
    good.refresh_from_db()
    assert good.text == "Bai 1 Tap hop" and good.page_count == 1 and good.thumbnail

    wait_for(lambda: ResourceDocument.objects.get(pk=bad.pk).processing == "failed", 40, "the hostile PDF")
    assert_failed_and_kept(bad, hostile, TOO_LONG)


# --- lms/core/sandbox --------------------------------------------------------------------------
# Built-in functions as the work: the child need not import this module.


def test_the_sandbox_returns_the_result_and_raises_the_work_s_exception():
    assert sandbox.run_bounded(pow, 2, 10, cpu_seconds=2, wall_seconds=10, memory_bytes=64 * MB) == 1024
    with pytest.raises(ValueError, match="invalid literal") as raised:
        sandbox.run_bounded(int, "mười", cpu_seconds=2, wall_seconds=10, memory_bytes=64 * MB)
    assert isinstance(raised.value.__cause__, sandbox.RemoteTraceback)
    # lxml's errors cannot be rebuilt from a pickle: their traceback comes back instead
    with pytest.raises(sandbox.RemoteError, match="XMLSyntaxError"):
        sandbox.run_bounded(lxml.etree.fromstring, b"<a", cpu_seconds=2, wall_seconds=10, memory_bytes=64 * MB)


def test_the_sandbox_stops_a_cpu_loop():
    with pytest.raises(sandbox.CpuTimeExceeded):
        sandbox.run_bounded(sum, range(10**12), cpu_seconds=1, wall_seconds=20, memory_bytes=64 * MB)


def test_the_sandbox_refuses_a_big_allocation():
    with pytest.raises(sandbox.MemoryLimitExceeded):
        sandbox.run_bounded(bytearray, GiB, cpu_seconds=5, wall_seconds=20, memory_bytes=256 * MB)
    assert sandbox.run_bounded(len, bytes(10 * MB), cpu_seconds=5, wall_seconds=20, memory_bytes=256 * MB) == 10 * MB


def test_the_sandbox_kills_work_past_its_wall_time():
    with pytest.raises(sandbox.WallTimeExceeded):
        sandbox.run_bounded(time.sleep, 30, cpu_seconds=5, wall_seconds=1, memory_bytes=64 * MB)


def test_the_sandbox_reports_a_crash():
    with pytest.raises(sandbox.SandboxCrashed) as crashed:
        sandbox.run_bounded(os.abort, cpu_seconds=2, wall_seconds=10, memory_bytes=256 * MB)
    assert crashed.value.exitcode == -6


def test_the_sandbox_runs_in_celery_s_prefork_pool_processes(monkeypatch):
    import billiard.process

    # What billiard leaves as multiprocessing's current process in a pool worker: daemonic,
    # with a key that refuses to be pickled.
    worker = billiard.process.current_process()
    monkeypatch.setitem(worker._config, "daemon", True)
    monkeypatch.setattr(multiprocessing.process, "_current_process", worker)
    assert sandbox.run_bounded(pow, 3, 3, cpu_seconds=2, wall_seconds=10, memory_bytes=64 * MB) == 27
    assert multiprocessing.current_process() is worker


def test_limits_come_from_the_settings(settings):
    settings.PROCESSING_CPU_SECONDS, settings.PROCESSING_WALL_SECONDS, settings.PROCESSING_MEMORY_MB = 30, 1, 64
    with pytest.raises(sandbox.WallTimeExceeded):
        sandbox.run_bounded(time.sleep, 5)
    with pytest.raises(sandbox.MemoryLimitExceeded):
        sandbox.run_bounded(bytearray, 128 * MB)


# --- lms/core/archives --------------------------------------------------------------------------


def zip_bytes(*entries, compression=zipfile.ZIP_DEFLATED) -> bytes:
    """A zip of (name or ZipInfo, data) entries."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def refusal(data: bytes, limits=archives.DEFAULT_LIMITS) -> str:
    with pytest.raises(archives.ArchiveError) as refused, translation.override("vi"):
        archives.open_zip(io.BytesIO(data), limits).close()
    with translation.override("vi"):
        return str(refused.value)


@pytest.mark.parametrize("name", [
    "../settings.py", "a/../../settings.py", "/etc/passwd", "C:/Windows/win.ini", "C:win.ini",
    "a\\..\\..\\b.txt", "\\\\server\\share", "a/./b", "a//b", "..", "a/\x01b",
])
def test_archives_refuse_unsafe_names(name):
    info = zipfile.ZipInfo("placeholder")
    info.filename = name  # zipfile would clean some of these up when writing
    assert "tên không an toàn" in refusal(zip_bytes((info, b"x")))


def test_unsafe_names_include_nul():
    # zipfile itself cuts a name read at its NUL; a name given directly is refused
    with pytest.raises(archives.ArchiveError):
        archives.safe_name("a.txt\x00.exe")
    assert archives.safe_name("scorm/") == "scorm"


def test_archives_refuse_links(tmp_path):
    link = zipfile.ZipInfo("scorm/index.html")
    link.create_system = 3
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    data = zip_bytes(("scorm/imsmanifest.xml", b"<manifest/>"), (link, b"/etc/passwd"))

    assert refusal(data) == "Tệp này chứa một liên kết (“scorm/index.html”): loại này không được chấp nhận."
    with zipfile.ZipFile(io.BytesIO(data)) as zf, pytest.raises(archives.ArchiveError):
        archives.extract_all(zf, tmp_path / "out")
    assert not (tmp_path / "out" / "scorm").exists()  # checked before anything is written


@pytest.mark.filterwarnings("ignore:Duplicate name")
def test_archives_refuse_too_many_entries_and_duplicates():
    data = zip_bytes(*((f"{n}.txt", b"") for n in range(11)))
    assert refusal(data, archives.Limits(max_entries=10)) == "Tệp này chứa hơn 10 tệp bên trong: quá nhiều để mở."
    archives.open_zip(io.BytesIO(data), archives.Limits(max_entries=11)).close()
    assert "trùng tên" in refusal(zip_bytes(("a.txt", b"1"), ("a.txt", b"2")))


def test_archives_refuse_what_unpacks_too_big_in_all_or_in_one_entry():
    data = zip_bytes(("a.xml", bytes(3 * MB)), ("b.xml", bytes(3 * MB)))
    assert refusal(data, archives.Limits(max_total_bytes=5 * MB)) == \
        "Tệp này khi giải nén lớn hơn 5 MB, quá lớn để đọc."
    assert refusal(data, archives.Limits(max_entry_bytes=2 * MB)) == \
        "Một phần của tệp này (“a.xml”) khi giải nén lớn hơn 2 MB, quá lớn để đọc."


def test_archives_refuse_an_entry_compressed_like_a_bomb_but_not_small_ones():
    assert "bom zip" in refusal(zip_bytes(("zeros", bytes(5 * MB))))  # about 1000 : 1
    archives.open_zip(io.BytesIO(zip_bytes(("zeros", bytes(MB))))).close()  # small: harmless
    archives.open_zip(io.BytesIO(samples.docx_with_table("Mục tiêu", "Trò chơi"))).close()
    assert refusal(b"PK\x03\x04 not a zip") == "Tệp này bị hỏng: không mở được."


def test_read_member_reads_at_most_its_bound():
    data = odt_with_huge_mimetype()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        tracemalloc.start()
        try:
            with pytest.raises(archives.ArchiveError):
                archives.read_member(zf, "mimetype", 100)  # refused from its declared size
            zf.getinfo("mimetype").file_size = 100  # a lying header: refused after 101 bytes
            with pytest.raises(archives.ArchiveError):
                archives.read_member(zf, "mimetype", 100)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
        assert peak < 2 * MB
        assert archives.read_member(zf, "content.xml", 1000).startswith(b"<?xml")
        with pytest.raises(KeyError):
            archives.read_member(zf, "styles.xml", 1000)


def test_extract_all_unpacks_under_its_folder_with_the_limits(tmp_path):
    script = zipfile.ZipInfo("bin/run.sh")
    script.external_attr = (stat.S_IFREG | 0o755) << 16
    data = zip_bytes(("imsmanifest.xml", b"<manifest/>"), ("res/", b""), ("res/a/b.html", b"<p>Bai 1</p>"),
                     (script, b"#!/bin/sh"))
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        written = archives.extract_all(zf, tmp_path / "pkg")
    root = (tmp_path / "pkg").resolve()
    assert sorted(str(p.relative_to(root)) for p in written) == ["bin/run.sh", "imsmanifest.xml", "res/a/b.html"]
    assert (root / "res/a/b.html").read_bytes() == b"<p>Bai 1</p>"
    assert not os.stat(root / "bin/run.sh").st_mode & 0o111  # never executable

    with zipfile.ZipFile(io.BytesIO(data)) as zf, pytest.raises(archives.ArchiveError):
        archives.extract_all(zf, tmp_path / "small", archives.Limits(max_total_bytes=20))
