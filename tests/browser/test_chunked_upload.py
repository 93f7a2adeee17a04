"""A resumable chunked upload in headless Chromium (lms/uploads, static/js/chunked-upload.js).

A teacher chooses a 30 MB file on a tiny form that uses {% chunked_file_input %}
(served on a test URL, /thu-tai-len/); it goes up in 5 MB parts. The browser loses the
connection while the third part leaves: the page says the upload is paused, and when
the connection is back it asks the server where it stands and goes on from there (10 MB,
not from zero). The bytes on disk are the file's; the form then submits only the
upload's id, and the page behind it reads the file through the selectors.
"""

import hashlib
import os

import pytest
from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path
from playwright.sync_api import expect

import lms.urls
from lms.uploads import purposes, selectors
from lms.uploads.models import Upload
from steps import assert_accessible, log_in

pytestmark = [
    pytest.mark.browser,
    # The live server's thread must see what the test's browser creates.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PURPOSE = "test.browser"
MB = 1024 * 1024
SIZE = 30 * MB
FILE_NAME = "Bài giảng – Phân số.zip"

PAGE = """{% extends "base.html" %}{% load uploads %}
{% block content %}<h1>Thử tải lên</h1>
<form method="post" id="upload-form">{% csrf_token %}
  {% chunked_file_input "test.browser" "package" label="Gói bài giảng" accept=".zip" chunk_mb=5 %}
  <button type="submit" class="button">Gửi</button>
</form>{% endblock %}"""


def upload_form(request):
    """The page a consuming app would have: the form, and what it does with the id."""
    if request.method == "POST":
        upload = selectors.completed_upload(request.user, request.POST.get("package"), purpose=PURPOSE)
        if upload is None:
            return HttpResponse("no finished upload", status=400, content_type="text/plain; charset=utf-8")
        with selectors.open_completed(upload) as file:
            digest = hashlib.file_digest(file, "sha256").hexdigest()
        return HttpResponse(f"{digest} {upload.filename} files={len(request.FILES)}", content_type="text/plain; charset=utf-8")
    return HttpResponse(Template(PAGE).render(RequestContext(request)))


urlpatterns = [path("thu-tai-len/", upload_form), *lms.urls.urlpatterns]


@pytest.fixture
def upload_page(settings, tmp_path):
    settings.ROOT_URLCONF = __name__
    settings.UPLOADS_DIR = tmp_path / "uploads"
    purposes.register(PURPOSE, allowed=lambda user: True)
    yield "/thu-tai-len/"
    purposes.unregister(PURPOSE)


def test_a_dropped_connection_resumes_where_it_stopped(page, platform_url, demo_district, upload_page, tmp_path,
                                                      artifacts_dir):
    source = tmp_path / FILE_NAME
    data = os.urandom(SIZE)
    source.write_bytes(data)
    log_in(page, platform_url, "giaovien.toan")
    page.goto(platform_url + upload_page)
    # Everything the live region says, in order.
    page.evaluate("""() => {
        const status = document.querySelector('[data-upload-status]');
        window.said = [];
        new MutationObserver(() => window.said.push(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
    }""")

    parts = []  # the Upload-Offset of every part the page sends
    page.on("request", lambda request: request.method == "PATCH"
            and parts.append(int(request.headers["upload-offset"])))
    context = page.context

    def drop_the_third_part(route):
        if route.request.method == "PATCH" and int(route.request.headers["upload-offset"]) == 10 * MB:
            context.set_offline(True)
            route.abort("internetdisconnected")
            page.unroute("**/tai-len/**", drop_the_third_part)
        else:
            route.continue_()

    page.route("**/tai-len/**", drop_the_third_part)
    page.set_input_files("#id_package_file", str(source))

    status = page.locator("[data-upload-status]")
    expect(status).to_have_text("Mất kết nối. Việc tải lên tạm dừng và sẽ tự tiếp tục khi có kết nối trở lại.")
    assert page.locator("progress").evaluate("bar => bar.value") == 33  # 10 of 30 MB
    expect(page.get_by_role("button", name="Thử lại")).to_be_hidden()  # it goes on by itself
    assert Upload.objects.get().offset == 10 * MB
    page.locator("#upload-form").screenshot(path=str(artifacts_dir / "chunked-upload-paused.png"))
    context.set_offline(False)

    expect(status).to_have_text(f"Đã tải lên “{FILE_NAME}”.", timeout=15_000)
    said = page.evaluate("() => window.said")
    assert "Đã có kết nối trở lại: tiếp tục tải lên từ chỗ đã dừng." in said
    assert "Đã tải lên 100 % (30 / 30 MB)" in said
    assert parts == [0, 5 * MB, 10 * MB, 10 * MB, 15 * MB, 20 * MB, 25 * MB]  # the third again, not all

    upload = Upload.objects.get()
    assert (upload.offset, upload.size, upload.filename) == (SIZE, SIZE, FILE_NAME)
    assert upload.completed_at is not None
    expected = hashlib.sha256(data).hexdigest()
    assert hashlib.sha256(upload.path.read_bytes()).hexdigest() == expected
    upload_id = page.locator("input[type=hidden][name=package]").input_value()
    assert upload_id == str(upload.pk)
    assert page.locator("#id_package_file").get_attribute("name") is None  # the file is not posted
    expect(page.get_by_role("button", name="Thử lại")).to_be_hidden()
    assert_accessible(page, context="#upload-form")
    page.locator("#upload-form").screenshot(path=str(artifacts_dir / "chunked-upload-done.png"))

    page.locator("#upload-form button[type=submit]").click()
    expect(page.locator("body")).to_have_text(f"{expected} {FILE_NAME} files=0")
