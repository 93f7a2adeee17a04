"""Unpacking e-learning packages (lms/player/services.py, unpack.py): through the command
teachers' uploads share (`manage.py ingest_package`) and the background task, what is
stored for good packages and the reason given for hostile and broken ones, with nothing
written outside the package's own folder."""

import io
import json
import os
import uuid
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from lms.accounts.models import User
from lms.player import services
from lms.player.models import Package
from lms.player.unpack import read_progress
from player import packages

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher(db):
    return User.objects.create_user(username="gv.elearning", password="x")


def ingest(tmp_path, data: bytes, owner) -> dict:
    path = packages.write(tmp_path / "upload" / "package.zip", data)
    out = io.StringIO()
    call_command("ingest_package", str(path), owner=owner.username, stdout=out)
    return json.loads(out.getvalue())


def refusal(tmp_path, data: bytes, owner) -> str:
    path = packages.write(tmp_path / "upload" / "package.zip", data)
    with pytest.raises(CommandError) as refused:
        call_command("ingest_package", str(path), owner=owner.username, stdout=io.StringIO())
    return str(refused.value)


def stored_files(package) -> set[str]:
    root = Path(default_storage.path(package.files_prefix))
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}


def media_files(settings) -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file() or p.is_symlink()}


def test_a_scorm_12_package_is_unpacked_with_its_table_of_contents(tmp_path, teacher):
    summary = ingest(tmp_path, packages.scorm12_single(), teacher)

    package = Package.objects.get()
    assert summary == {
        "id": package.pk, "version": "SCORM 1.2", "title": "Bài giảng: Phân số bằng nhau", "tool": "",
        "scos": 1, "items": 1, "files": 4, "size": package.unpacked_bytes,
    }
    assert package.status == Package.Status.READY and package.progress == 100 and package.error == ""
    assert package.owner == teacher and package.original_name == "package.zip"
    assert stored_files(package) == {"imsmanifest.xml", "index.html", "shared/sco.js", "shared/style.css"}
    assert package.unpacked_bytes == sum(
        os.path.getsize(default_storage.path(f"{package.files_prefix}/{name}")) for name in stored_files(package))
    # The original zip is kept for reviewers to download.
    assert default_storage.exists(package.original.name)
    [item] = package.items.all()
    assert (item.href, item.is_sco, item.mastery_score, item.depth) == ("index.html", True, 80.0, 0)


def test_a_scorm_2004_package_keeps_its_sequencing_per_item(tmp_path, teacher):
    summary = ingest(tmp_path, packages.scorm2004_sequenced("4th"), teacher)

    assert (summary["version"], summary["scos"]) == ("SCORM 2004 4th Edition", 3)
    stored = list(Package.objects.get().items.values_list(
        "identifier", "href", "is_sco", "completion_threshold", "scaled_passing_score", "sequencing"))
    expected = [(i.identifier, i.href, i.is_sco, i.completion_threshold, i.scaled_passing_score,
                 {**i.sequencing, **({"hide_lms_ui": list(i.hide_lms_ui)} if i.hide_lms_ui else {})})
                for i in _manifest_items(packages.scorm2004_sequenced("4th"))]
    assert stored == expected
    assert any(row[4] is not None for row in stored) and any(row[3] is not None for row in stored)


def _manifest_items(data: bytes):
    import zipfile

    from lms.player import manifest

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        _root, parsed = manifest.read_package(names, archive.read)
    return [item for item in _flat(parsed.items)]


def _flat(items):
    for item in items:
        yield item
        yield from _flat(item.children)


@pytest.mark.parametrize("build", [
    packages.vietnamese_names,
    lambda: packages.vietnamese_names_legacy("utf-8"),
    lambda: packages.vietnamese_names_legacy("cp1258"),
], ids=["utf8-flag", "utf8-no-flag", "cp1258"])
def test_vietnamese_file_names_are_stored_as_written_whatever_the_zip_tool(tmp_path, teacher, build):
    ingest(tmp_path, build(), teacher)

    files = stored_files(Package.objects.get())
    assert "Bài 1/Giới thiệu.html" in files
    assert all(name.isascii() or "α" not in name for name in files)  # no CP437 mojibake
    assert {name.split("/")[0] for name in files} == {name.split("/")[0] for name in _zip_names(packages.vietnamese_names())}


def _zip_names(data: bytes) -> list[str]:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [n for n in archive.namelist() if not n.endswith("/")]


def test_a_package_wrapped_in_one_folder_is_played_from_that_folder(tmp_path, teacher):
    ingest(tmp_path, packages.wrapped_in_folder("course/"), teacher)

    package = Package.objects.get()
    assert package.root == "course/"
    assert "course/index.html" in stored_files(package)
    assert package.items.get().href == "index.html"


def test_a_plain_html5_package_is_played_untracked(tmp_path, teacher):
    summary = ingest(tmp_path, packages.html5_package(), teacher)

    package = Package.objects.get()
    assert summary["version"] == "HTML5" and summary["scos"] == 0
    assert package.standard == Package.Standard.HTML and not package.tracked
    assert package.items.get().href == "index.html"


HOSTILE = {
    "zip_slip": (packages.zip_slip, "Tệp này chứa một phần có tên không an toàn (“../evil.html”): tệp không được mở."),
    "absolute": (packages.absolute_path,
                 "Tệp này chứa một phần có tên không an toàn (“/tmp/evil.html”): tệp không được mở."),
    "symlink": (packages.symlink_entry,
                "Tệp này chứa một liên kết (“shared/passwd.txt”): loại này không được chấp nhận."),
    "zip_bomb": (packages.zip_bomb, "Tệp này được nén nhiều bất thường (“bom zip”): tệp không được mở."),
    "too_many_files": (lambda: packages.many_files(150), "Tệp này chứa hơn 100 tệp bên trong: quá nhiều để mở."),
    "no_manifest": (packages.missing_manifest,
                    "Tệp này không phải gói bài giảng e-learning: không có tệp kê khai SCORM (imsmanifest.xml), "
                    "cũng không có trang web để bắt đầu (index.html)."),
    "malformed_xml": (packages.malformed_manifest,
                      "Tệp kê khai của gói (imsmanifest.xml) không phải XML hợp lệ: dòng 12: thẻ đóng không khớp thẻ mở."),
    "xxe": (packages.xxe_manifest, "Tệp kê khai của gói (imsmanifest.xml) khai báo thực thể hoặc tham chiếu ra "
                                   "bên ngoài: gói bị từ chối để bảo đảm an toàn."),
    "billion_laughs": (packages.billion_laughs, "Tệp kê khai của gói (imsmanifest.xml) khai báo thực thể hoặc "
                                                "tham chiếu ra bên ngoài: gói bị từ chối để bảo đảm an toàn."),
    "truncated": (packages.truncated, "Tệp này bị hỏng: không mở được."),
    "missing_launch_file": (packages.missing_launch_file, "Bài “Bài 2” mở tệp “bai2/index.html”, nhưng gói không có tệp này."),
    "xapi": (packages.xapi_only, "Đây là gói xAPI (Tin Can): hệ thống không phát được gói xAPI. Hãy xuất bài giảng "
                                 "từ công cụ soạn thảo dưới dạng SCORM 1.2 hoặc SCORM 2004."),
    "cmi5": (packages.cmi5_only, "Đây là gói cmi5: hệ thống không phát được gói cmi5. Hãy xuất bài giảng từ công cụ "
                                 "soạn thảo dưới dạng SCORM 1.2 hoặc SCORM 2004."),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_or_broken_package_is_refused_with_its_reason_and_nothing_unpacked(
    tmp_path, teacher, settings, name
):
    settings.PLAYER_MAX_FILES = 100
    build, reason = HOSTILE[name]

    assert refusal(tmp_path, build(), teacher) == reason

    package = Package.objects.get()
    assert (package.status, package.error, package.items.count()) == (Package.Status.FAILED, reason, 0)
    # Only the original zip is kept: nothing unpacked, in the package's folder or anywhere else.
    assert media_files(settings) == {package.original.name}
    assert not (tmp_path / "evil.html").exists() and not Path("/tmp/evil.html").exists()


def test_a_file_that_is_no_zip_is_refused_before_anything_is_stored(tmp_path, teacher, settings):
    reason = refusal(tmp_path, packages.not_a_zip(), teacher)

    assert reason == ("Tệp này không phải gói zip: hãy xuất bài giảng dưới dạng SCORM (tệp .zip) từ công cụ "
                      "soạn bài giảng rồi tải tệp đó lên.")
    assert not Package.objects.exists()
    assert media_files(settings) == set()


def test_an_upload_is_unpacked_by_the_background_task_once_its_transaction_commits(
    teacher, django_capture_on_commit_callbacks
):
    data = packages.scorm12_multi()
    with django_capture_on_commit_callbacks(execute=True):
        package = services.package_create(owner=teacher, fileobj=io.BytesIO(data), name="Bài 3.zip", size=len(data))
        assert Package.objects.get().status == Package.Status.WAITING  # answered before unpacking

    package.refresh_from_db()
    assert package.status == Package.Status.READY
    assert package.original_name == "Bài 3.zip"
    assert [(i.depth, bool(i.href)) for i in package.items.all()] == [(0, False), (1, True), (1, True), (0, True)]


def test_a_package_already_unpacked_is_left_alone_by_a_second_run(tmp_path, teacher):
    ingest(tmp_path, packages.scorm12_single(), teacher)
    package = Package.objects.get()
    before = stored_files(package)

    again = services.ingest(package)

    assert again.status == Package.Status.READY and stored_files(package) == before


def test_progress_notes_are_read_as_a_share_of_the_whole(tmp_path):
    notes = tmp_path / "progress"
    assert read_progress(str(notes)) is None
    notes.write_text("25 100\n")
    assert read_progress(str(notes)) == 0.25
    notes.write_text("garbage")
    assert read_progress(str(notes)) is None


def test_an_unknown_owner_is_refused(tmp_path):
    path = packages.write(tmp_path / "p.zip", packages.scorm12_single())
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("ingest_package", str(path), owner="nobody")
    assert not Package.objects.exists()


@pytest.mark.services
def test_a_package_is_unpacked_into_s3(tmp_path, teacher, settings):
    import boto3
    from services import moto_server

    region, key_id, secret = "ap-southeast-1", "lms-test-key", "lms-test-secret"
    with moto_server(tmp_path) as endpoint:
        bucket = f"lms-{uuid.uuid4().hex[:16]}"
        s3 = boto3.client("s3", endpoint_url=endpoint, region_name=region, aws_access_key_id=key_id,
                          aws_secret_access_key=secret)
        s3.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": bucket, "endpoint_url": endpoint, "region_name": region,
                        "access_key": key_id, "secret_key": secret, "file_overwrite": False, "default_acl": None},
        }}
        ingest(tmp_path, packages.vietnamese_names(), teacher)
        package = Package.objects.get()
        keys = {obj["Key"] for obj in s3.list_objects_v2(Bucket=bucket)["Contents"]}

    assert package.status == Package.Status.READY
    assert f"{package.files_prefix}/Bài 1/Giới thiệu.html" in keys
    assert package.original.name in keys
    assert len(keys) == package.file_count + 1
