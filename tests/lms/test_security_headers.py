"""The platform's pages carry its Content-Security-Policy (lms/core/security.py); the
admin, the content origin and views with a policy of their own keep theirs."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

POLICY = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
          "media-src 'self' blob:; font-src 'self'; connect-src 'self'; frame-src 'self' http://localhost:8000; "
          "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'")


@pytest.fixture(autouse=True)
def _origin(settings):
    settings.CONTENT_ORIGIN = "http://localhost"


@pytest.mark.parametrize("path", ["/hoc-lieu/", "/accounts/login/", "/huong-dan/"])
def test_the_platforms_pages_run_only_their_own_scripts_and_frame_only_the_content_origin(path):
    response = Client(HTTP_HOST="127.0.0.1:8000").get(path)
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == POLICY


def test_the_content_origin_and_non_html_answers_get_no_platform_policy():
    content = Client(HTTP_HOST="localhost:8000").get("/")
    health = Client(HTTP_HOST="127.0.0.1:8000").get("/healthz")
    assert content.status_code == 200 and "Content-Security-Policy" not in content
    assert health.status_code == 200 and "Content-Security-Policy" not in health


def test_the_admin_keeps_its_own_scripts(admin_user):
    client = Client(HTTP_HOST="127.0.0.1:8000")
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response.status_code == 200 and "Content-Security-Policy" not in response
