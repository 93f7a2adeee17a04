"""A package's files on the content origin, to the bearer of a signed token in the path
(lms/player/tokens.py, lms/player/content_views.py): types, framing, caching, ranges,
paths that would leave the package's folder, tokens tampered with, expired or for
another package, and the same file from S3."""

import unicodedata
import uuid
from datetime import timezone
from urllib.parse import quote

import pytest
from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from lms.core.origins import platform_origin_for
from lms.player.content_views import content_type_for, file_url
from lms.player.models import Package
from lms.player.tokens import Grant, attempt_token, package_token, read_token

CONTENT_HOST = "localhost:8000"  # CONTENT_ORIGIN http://localhost follows the request's port
PLATFORM = "http://127.0.0.1:8000"
FRAME_ANCESTORS = "frame-ancestors http://127.0.0.1:8000 http://localhost:8000"
REFUSED = "Liên kết đã hết hạn hoặc không hợp lệ."
VIDEO = bytes(range(256)) * 8  # 2,048 bytes, each position recognisable

FILES = {
    "index.html": "<p>Bài giảng: Phân số</p>".encode(),
    "res/app.js": b"window.API = null;",
    "res/video.mp4": VIDEO,
    "Bài 1/Giới thiệu.html": "<h1>Giới thiệu</h1>".encode(),
}


@pytest.fixture(autouse=True)
def _origins(settings):
    settings.CONTENT_ORIGIN = "http://localhost"
    settings.PLATFORM_ORIGIN = ""
    settings.WAGTAILADMIN_BASE_URL = PLATFORM  # BASE_URL, as `make run` sets it


@pytest.fixture
def make_package(db):
    """Packages with files in the default storage under their files_prefix; removed after."""
    names = []

    def make(files=FILES, status=Package.Status.READY):
        package = Package.objects.create(status=status, standard=Package.Standard.SCORM12,
                                         original=f"player/originals/{uuid.uuid4()}.zip")
        for path, data in files.items():
            names.append(default_storage.save(f"{package.files_prefix}/{path}", ContentFile(data)))
        return package

    yield make
    for name in names:
        default_storage.delete(name)


def url(token, path):
    return f"/content/p/{token}/{path}"


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_not_found(response):
    assert response.status_code == 404
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content == b"Not found"


def test_a_file_is_served_with_its_type_and_the_content_origins_headers(make_package, client, settings,
                                                                        django_user_model):
    package = make_package()
    client.force_login(django_user_model.objects.create_user("giaovien", password="x"))
    assert client.cookies[settings.SESSION_COOKIE_NAME].value  # the platform's session cookie goes along

    response = client.get(url(package_token(package), "index.html"), HTTP_HOST=CONTENT_HOST)

    assert response.status_code == 200
    assert body(response) == FILES["index.html"]
    assert response["Content-Type"] == "text/html"
    assert response["Content-Length"] == str(len(FILES["index.html"]))
    assert response["Content-Security-Policy"] == FRAME_ANCESTORS
    assert not response.has_header("X-Frame-Options")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["Accept-Ranges"] == "bytes"
    assert not response.has_header("Set-Cookie") and not response.cookies


def test_platform_pages_and_the_content_front_page_keep_x_frame_options_deny(db, client):
    assert client.get("/healthz", HTTP_HOST="127.0.0.1:8000")["X-Frame-Options"] == "DENY"
    assert client.get("/", HTTP_HOST=CONTENT_HOST)["X-Frame-Options"] == "DENY"


def test_script_and_video_types(make_package, client):
    token = package_token(make_package())

    script = client.get(url(token, "res/app.js"), HTTP_HOST=CONTENT_HOST)
    video = client.get(url(token, "res/video.mp4"), HTTP_HOST=CONTENT_HOST)

    assert script["Content-Type"] == "text/javascript"
    assert video["Content-Type"] == "video/mp4"
    assert body(video) == VIDEO


@pytest.mark.parametrize("name, expected", [
    ("a.html", "text/html"), ("A.HTM", "text/html"),
    ("a.js", "text/javascript"), ("a.mjs", "text/javascript"),
    ("a.css", "text/css"), ("a.json", "application/json; charset=utf-8"),
    ("imsmanifest.xml", "application/xml"), ("adlcp_rootv1p2.xsd", "application/xml"),
    ("a.svg", "image/svg+xml"), ("a.png", "image/png"), ("a.jpg", "image/jpeg"),
    ("a.jpeg", "image/jpeg"), ("a.gif", "image/gif"), ("a.webp", "image/webp"),
    ("favicon.ico", "image/vnd.microsoft.icon"), ("a.mp4", "video/mp4"), ("a.webm", "video/webm"),
    ("a.ogg", "audio/ogg"), ("a.ogv", "video/ogg"), ("a.mp3", "audio/mpeg"), ("a.m4a", "audio/mp4"),
    ("a.wav", "audio/wav"), ("a.vtt", "text/vtt; charset=utf-8"), ("a.woff", "font/woff"),
    ("a.woff2", "font/woff2"), ("a.ttf", "font/ttf"), ("a.otf", "font/otf"),
    ("a.eot", "application/vnd.ms-fontobject"), ("a.swf", "application/x-shockwave-flash"),
    ("a.pdf", "application/pdf"), ("a.txt", "text/plain; charset=utf-8"),
    ("data/a.unknown", "application/octet-stream"), ("README", "application/octet-stream"),
    ("v1.0/README", "application/octet-stream"),
])
def test_content_types_come_from_the_projects_own_table(name, expected):
    assert content_type_for(name) == expected


def test_a_range_is_answered_with_206_and_outside_the_file_with_416(make_package, client):
    token = package_token(make_package())

    part = client.get(url(token, "res/video.mp4"), HTTP_HOST=CONTENT_HOST, HTTP_RANGE="bytes=1000-1099")
    outside = client.get(url(token, "res/video.mp4"), HTTP_HOST=CONTENT_HOST, HTTP_RANGE="bytes=5000-")

    assert part.status_code == 206
    assert part["Content-Range"] == "bytes 1000-1099/2048"
    assert part["Content-Length"] == "100"
    assert body(part) == VIDEO[1000:1100]
    assert part["Content-Security-Policy"] == FRAME_ANCESTORS
    assert outside.status_code == 416
    assert outside["Content-Range"] == "bytes */2048"


def test_head_answers_the_headers_only(make_package, client):
    response = client.head(url(package_token(make_package()), "res/video.mp4"), HTTP_HOST=CONTENT_HOST)

    assert response.status_code == 200
    assert response["Content-Length"] == "2048"
    assert response["Content-Type"] == "video/mp4"
    assert body(response) == b""


@pytest.mark.parametrize("path", [
    "../outside.txt",  # a sibling of the package's folder
    "%2e%2e/outside.txt", "%2E%2E/outside.txt",
    "res/../index.html", "res/%2e%2e/index.html", "./index.html", "res/./app.js", "res//app.js",
    "..%5coutside.txt", "res%5capp.js", "res\\app.js",
    "/etc/passwd", "%2fetc/passwd",
    "index.html%00.png", "",
])
def test_paths_that_could_leave_the_package_folder_are_not_found(make_package, client, path):
    package = make_package()
    default_storage.save("player/packages/outside.txt", ContentFile(b"not in the package"))
    try:
        response = client.get(url(package_token(package), path), HTTP_HOST=CONTENT_HOST)
    finally:
        default_storage.delete("player/packages/outside.txt")

    assert_not_found(response)


def test_a_missing_file_is_the_content_origins_own_404(make_package, client):
    token = package_token(make_package())

    assert_not_found(client.get(url(token, "missing.html"), HTTP_HOST=CONTENT_HOST))
    assert_not_found(client.get(url(token, "res"), HTTP_HOST=CONTENT_HOST))  # a folder


def _tampered(token: str) -> str:
    last = token[-1]
    return token[:-1] + ("A" if last != "A" else "B")


@pytest.mark.parametrize("make_token", [
    _tampered,
    lambda token: token.replace(token.split(":")[0], token.split(":")[0][::-1]),  # another payload
    lambda token: "x",
    lambda token: "..",
    # the same payload, signed for another purpose
    lambda token: signing.Signer(salt="another").sign_object(
        signing.Signer(salt="lms.player.tokens.content").unsign_object(token), compress=True),
])
def test_a_tampered_or_malformed_token_is_refused(make_package, client, make_token):
    token = make_token(package_token(make_package()))

    response = client.get(url(token, "index.html"), HTTP_HOST=CONTENT_HOST)

    assert response.status_code == 403
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == REFUSED
    assert read_token(token) is None


def test_an_expired_token_is_refused(make_package, client):
    package = make_package()

    response = client.get(url(package_token(package, seconds=-1), "index.html"), HTTP_HOST=CONTENT_HOST)

    assert response.status_code == 403
    assert response.content.decode() == REFUSED
    assert read_token(attempt_token(3, package, seconds=0)) is None


def test_a_token_reads_its_own_package_only(make_package, client):
    package_a = make_package()
    package_b = make_package({"b-only.html": b"<p>B</p>"})
    token_a = package_token(package_a)

    assert_not_found(client.get(url(token_a, "b-only.html"), HTTP_HOST=CONTENT_HOST))
    assert_not_found(client.get(url(token_a, f"../{package_b.uuid}/b-only.html"), HTTP_HOST=CONTENT_HOST))
    own = client.get(url(package_token(package_b), "b-only.html"), HTTP_HOST=CONTENT_HOST)
    assert own.status_code == 200 and body(own) == b"<p>B</p>"


@pytest.mark.parametrize("status", [Package.Status.WAITING, Package.Status.PROCESSING, Package.Status.FAILED])
def test_a_package_that_is_not_ready_is_not_found(make_package, client, status):
    package = make_package(status=status)

    assert_not_found(client.get(url(package_token(package), "index.html"), HTTP_HOST=CONTENT_HOST))


def test_a_token_for_a_deleted_package_is_not_found(make_package, client):
    package = make_package()
    token = package_token(package)
    package.delete()

    assert_not_found(client.get(url(token, "index.html"), HTTP_HOST=CONTENT_HOST))


def test_the_platform_host_has_no_package_files(make_package, client):
    token = package_token(make_package())

    response = client.get(url(token, "index.html"), HTTP_HOST="127.0.0.1:8000")

    assert response.status_code == 404
    assert "Phân số" not in response.content.decode()


def test_a_vietnamese_file_name_in_a_folder_is_served_from_its_percent_encoded_url(make_package, client, rf):
    package = make_package()
    token = package_token(package)
    link = file_url(rf.get("/", HTTP_HOST="127.0.0.1:8000"), token, "Bài 1/Giới thiệu.html")

    assert link == f"http://localhost:8000/content/p/{token}/B%C3%A0i%201/Gi%E1%BB%9Bi%20thi%E1%BB%87u.html"
    response = client.get(link.removeprefix("http://localhost:8000"), HTTP_HOST=CONTENT_HOST)

    assert response.status_code == 200
    assert body(response).decode() == "<h1>Giới thiệu</h1>"
    assert response["Content-Type"] == "text/html"


def test_a_name_written_decomposed_as_a_macs_files_link_it_finds_the_file_stored_composed(make_package, client):
    package = make_package()
    decomposed = quote(unicodedata.normalize("NFD", "Bài 1/Giới thiệu.html"))
    assert decomposed != quote("Bài 1/Giới thiệu.html")

    response = client.get(f"/content/p/{package_token(package)}/{decomposed}", HTTP_HOST=CONTENT_HOST)

    assert response.status_code == 200
    assert body(response).decode() == "<h1>Giới thiệu</h1>"


def test_an_attempt_token_reads_the_package_and_says_which_attempt(make_package, client):
    package = make_package()
    token = attempt_token(42, package)

    grant = read_token(token)

    assert grant == Grant(package.uuid, "attempt", 42, grant.expires)
    assert grant.expires.tzinfo is timezone.utc
    assert client.get(url(token, "index.html"), HTTP_HOST=CONTENT_HOST).status_code == 200


def test_a_package_token_lasts_player_token_seconds_by_default(make_package, settings):
    package = make_package()
    settings.PLAYER_TOKEN_SECONDS = 600

    grant = read_token(package_token(package, scope="public"))
    long = read_token(package_token(package, seconds=7200))

    assert (grant.package_uuid, grant.scope, grant.attempt_id) == (package.uuid, "public", None)
    assert 7200 - 5 < (long.expires - grant.expires).total_seconds() + 600 <= 7200 + 1
    with pytest.raises(ValueError):
        package_token(package, scope="attempt")  # an attempt's token names its attempt


@pytest.mark.parametrize("garbage", [
    None, 42, b"bytes", "", ":", "a:b", "a:b:c", ".:x", "x" * 5000, "\x00", "é:é",
])
def test_reading_garbage_answers_none(garbage):
    assert read_token(garbage) is None


@pytest.mark.parametrize("payload", [
    {"p": "0" * 32, "s": "owner", "a": None, "e": 2**40},  # unknown scope
    {"p": "0" * 32, "s": "preview", "a": 3, "e": 2**40},  # an attempt id on a preview
    {"p": "0" * 32, "s": "attempt", "a": None, "e": 2**40},  # an attempt without its id
    {"p": "0" * 32, "s": "attempt", "a": "3", "e": 2**40},
    {"p": "not hex" * 4, "s": "preview", "a": None, "e": 2**40},
    {"p": "0" * 32, "s": "preview", "a": None, "e": "2**40"},
    {"p": "0" * 32, "s": "preview", "a": None},
    ["0" * 32, "preview"],
])
def test_a_well_signed_payload_of_the_wrong_shape_answers_none(payload):
    token = signing.Signer(salt="lms.player.tokens.content").sign_object(payload)

    assert read_token(token) is None


def test_the_platform_origin_comes_from_base_url_or_its_own_setting(rf, settings):
    settings.ALLOWED_HOSTS = ["noidung.phonggd.example.vn", "localhost"]
    settings.WAGTAILADMIN_BASE_URL = "https://hoclieu.phonggd.example.vn/"
    assert platform_origin_for(rf.get("/", HTTP_HOST="noidung.phonggd.example.vn", secure=True)) == (
        "https://hoclieu.phonggd.example.vn")
    assert platform_origin_for(rf.get("/", HTTP_HOST="localhost:8443", secure=True)) == (
        "https://hoclieu.phonggd.example.vn:8443")
    settings.PLATFORM_ORIGIN = "https://lms.example.vn:444"
    assert platform_origin_for(rf.get("/", HTTP_HOST="localhost:8443", secure=True)) == "https://lms.example.vn:444"


# --- S3 --------------------------------------------------------------------------------


@pytest.mark.services
def test_a_range_of_a_file_in_s3_is_served(db, client, settings, tmp_path):
    import boto3
    from services import moto_server

    region, key_id, secret = "ap-southeast-1", "lms-test-key", "lms-test-secret"
    with moto_server(tmp_path) as endpoint:
        bucket = f"lms-{uuid.uuid4().hex[:16]}"
        boto3.client("s3", endpoint_url=endpoint, region_name=region, aws_access_key_id=key_id,
                     aws_secret_access_key=secret).create_bucket(
            Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": region})
        settings.STORAGES = {**settings.STORAGES, "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": bucket, "endpoint_url": endpoint, "region_name": region,
                        "access_key": key_id, "secret_key": secret, "file_overwrite": False,
                        "default_acl": None},
        }}
        package = Package.objects.create(status=Package.Status.READY, original="player/originals/s3.zip")
        name = default_storage.save(f"{package.files_prefix}/Bài 1/video.mp4", ContentFile(VIDEO))
        token = package_token(package)
        path = url(token, "B%C3%A0i%201/video.mp4")
        fetched = []  # the Range of each GET: a range is fetched, never the whole object first
        default_storage.connection.meta.client.meta.events.register(
            "before-call.s3.GetObject", lambda params, **kwargs: fetched.append(params["headers"].get("Range")))

        part = client.get(path, HTTP_HOST=CONTENT_HOST, HTTP_RANGE="bytes=2000-")
        part_body = body(part)
        whole = client.get(path, HTTP_HOST=CONTENT_HOST)
        whole_body = body(whole)
        missing = client.get(url(token, "B%C3%A0i%201/none.mp4"), HTTP_HOST=CONTENT_HOST)
        backend = type(default_storage._wrapped).__name__
        default_storage.delete(name)

    assert backend == "S3Storage"
    assert part.status_code == 206
    assert part["Content-Range"] == "bytes 2000-2047/2048"
    assert part_body == VIDEO[2000:]
    assert whole.status_code == 200 and whole["Content-Length"] == "2048" and whole_body == VIDEO
    assert_not_found(missing)
    assert fetched == ["bytes=2000-", "bytes=0-"]
