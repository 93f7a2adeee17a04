"""The catalogue served from the cache to visitors who are not logged in, the footer's
language switch that makes it possible (no CSRF cookie on public pages)."""

import pytest
from django.conf import settings
from django.test import Client

from repository.models import Resource
from factories import make_resource

CATALOGUE = "/hoc-lieu/"


@pytest.fixture
def cached(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 60


def test_visitors_share_a_cached_page_until_the_catalogue_changes(demo, cached):
    first = make_resource(demo, "Phân số lớp 6")
    visitor = Client()
    response = visitor.get(CATALOGUE)
    assert "Phân số lớp 6" in response.content.decode()
    assert not response.cookies, "a public page sets no cookie, or it could not be shared"

    # A change the catalogue is not told of (a counter updated in place) waits for the timeout...
    Resource.objects.filter(pk=first.pk).update(title="Tên mới chưa hiện")
    assert "Tên mới chưa hiện" not in Client().get(CATALOGUE).content.decode()
    # ...unless the visitor asks for a fresh page (a hard reload),
    assert "Tên mới chưa hiện" in Client().get(CATALOGUE, HTTP_CACHE_CONTROL="no-cache").content.decode()

    # and a resource saved (published, edited, removed) is seen by the next visitor.
    make_resource(demo, "Hỗn số và số thập phân")
    page = Client().get(CATALOGUE).content.decode()
    assert "Hỗn số và số thập phân" in page
    Resource.objects.get(title="Hỗn số và số thập phân").delete()
    assert "Hỗn số và số thập phân" not in Client().get(CATALOGUE).content.decode()


def test_logged_in_people_neither_get_nor_leave_the_visitors_copy(demo, cached):
    make_resource(demo, "Đề kiểm tra chung", visibility="public")
    make_resource(demo, "Đề kiểm tra nội bộ", visibility="teachers")
    assert "Đề kiểm tra nội bộ" not in Client().get(CATALOGUE).content.decode()

    teacher = Client()
    teacher.force_login(demo.user("giaovien.van"))
    teachers_page = teacher.get(CATALOGUE).content.decode()
    assert "Đề kiểm tra nội bộ" in teachers_page

    Client().get("/hoc-lieu/?sort=downloads")  # nothing cached yet for this path
    teacher.get("/hoc-lieu/?sort=rating")
    for path in (CATALOGUE, "/hoc-lieu/?sort=rating"):
        visitors_page = Client().get(path).content.decode()
        assert "Đề kiểm tra nội bộ" not in visitors_page
        assert demo.user("giaovien.van").full_name not in visitors_page


def test_no_cache_when_turned_off(demo, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    first = make_resource(demo, "Phân số lớp 6")
    Client().get(CATALOGUE)
    Resource.objects.filter(pk=first.pk).update(title="Tên mới hiện ngay")
    assert "Tên mới hiện ngay" in Client().get(CATALOGUE).content.decode()


def test_the_language_switch_sets_the_cookie_and_returns(demo, cached):
    visitor = Client()
    assert "Học liệu" in visitor.get(CATALOGUE).content.decode()  # cached in Vietnamese
    response = visitor.get("/ngon-ngu/", {"language": "en", "next": CATALOGUE})
    assert response.status_code == 302 and response["Location"] == CATALOGUE
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    page = visitor.get(CATALOGUE).content.decode()
    assert '<html lang="en"' in page and "Learning resources" in page
    assert '<html lang="vi"' in Client().get(CATALOGUE).content.decode()


@pytest.mark.parametrize("query", [
    {"language": "en", "next": "https://evil.example/"},
    {"language": "en", "next": "//evil.example/"},
])
def test_the_language_switch_never_leaves_the_site(db, query):
    response = Client().get("/ngon-ngu/", query)
    assert response.status_code == 302 and response["Location"] == "/"


def test_an_unknown_language_changes_nothing(db):
    response = Client().get("/ngon-ngu/", {"language": "xx", "next": CATALOGUE})
    assert response.status_code == 302
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.services
def test_a_shared_redis_cache_carries_pages_and_versions(demo, cached, settings, tmp_path):
    """CACHE_URL=redis://...: what one web process caches or bumps, every other sees."""
    from django.core.cache import caches

    from services import redis_server

    with redis_server(tmp_path) as url:
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                       "LOCATION": url}}
        assert type(caches["default"]).__name__ == "RedisCache"
        caches["default"].clear()
        first = make_resource(demo, "Phân số lớp 6")
        assert "Phân số lớp 6" in Client().get(CATALOGUE).content.decode()
        Resource.objects.filter(pk=first.pk).update(title="Tên mới chưa hiện")
        assert "Tên mới chưa hiện" not in Client().get(CATALOGUE).content.decode()  # from Redis
        first.refresh_from_db()
        first.save()  # a saved resource bumps the version in Redis
        assert "Tên mới chưa hiện" in Client().get(CATALOGUE).content.decode()
        assert caches["default"].get("page-cache:version:catalogue") > 1
