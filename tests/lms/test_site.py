"""The site: home page, my page, the content origin, the demo district, translations."""

from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from lms.accounts.models import Role, RoleAssignment, User
from lms.organisation.models import Level, School

ROOT = Path(__file__).resolve().parents[2]


def test_home_page_for_visitors(db, client):
    response = client.get("/")
    text = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in text
    assert "Kho học liệu số" in text
    assert 'href="/accounts/login/"' in text
    assert 'data-nav="admin"' not in text


def test_my_page_lists_roles_and_actions(demo, login):
    response = login(demo.user("totruong.toan")).get("/me/")
    text = response.content.decode()
    assert "Nguyễn Văn Hùng" in text
    assert "Tổ trưởng chuyên môn" in text and "Tổ Toán – Tin" in text
    assert 'data-action="subject_group"' in text
    assert 'data-action="people"' not in text


def test_my_page_needs_login(db, client):
    response = client.get("/me/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_healthz(db, client):
    assert client.get("/healthz").content == b"ok"


# --- the content origin ----------------------------------------------------------


def test_content_origin_ignores_platform_session(demo, client):
    client.force_login(demo.user("chuyenvien"))
    assert client.get("/me/").status_code == 200  # logged in on the platform
    response = client.get("/probe", HTTP_HOST="localhost:8000")
    assert response.json() == {"cookies": [], "authenticated": False}
    assert not response.cookies


@pytest.mark.parametrize("path", ["/admin/", "/accounts/login/", "/me/", "/accounts/people/"])
def test_platform_pages_are_not_served_on_the_content_origin(db, client, path):
    assert client.get(path, HTTP_HOST="localhost").status_code == 404


def test_content_origin_serves_no_media_folder_without_a_token(db, client, settings):
    # Packages are served to the bearer of a token (tests/player/test_content_serving.py).
    folder = Path(settings.MEDIA_ROOT) / "content" / "pkg1"
    folder.mkdir(parents=True)
    (folder / "index.html").write_text("<p>Bài giảng</p>", encoding="utf-8")
    response = client.get("/content/pkg1/index.html", HTTP_HOST="localhost")
    assert response.status_code == 404
    assert response.content == b"Not found"
    assert client.get("/content/pkg1/index.html", HTTP_HOST="127.0.0.1").status_code == 404
    escape = client.get("/content/../secret_key", HTTP_HOST="localhost")
    assert escape.status_code in (400, 404)


def test_content_origin_url_follows_the_request_port(rf, settings):
    from lms.core.origins import content_origin_for

    settings.CONTENT_ORIGIN = "http://localhost"
    request = rf.get("/", HTTP_HOST="127.0.0.1:8123")
    assert content_origin_for(request) == "http://localhost:8123"
    settings.CONTENT_ORIGIN = "https://content.phonggd.example.vn"
    assert content_origin_for(request) == "https://content.phonggd.example.vn"
    settings.ALLOWED_HOSTS = ["lms.phonggd.example.vn"]
    secure = rf.get("/", HTTP_HOST="lms.phonggd.example.vn", secure=True)
    assert content_origin_for(secure) == "https://content.phonggd.example.vn"
    settings.CONTENT_ORIGIN = "https://content.phonggd.example.vn:8443"
    assert content_origin_for(secure) == "https://content.phonggd.example.vn:8443"


# --- demo data ----------------------------------------------------------------------


def test_seed_demo_is_idempotent_and_covers_every_role(db, capsys):
    call_command("seed_demo")
    counts = (User.objects.count(), School.objects.count(), RoleAssignment.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), School.objects.count(), RoleAssignment.objects.count()) == counts
    assert School.objects.count() >= 6
    levels = set(School.objects.values_list("levels__code", flat=True))
    assert levels == set(Level.objects.values_list("code", flat=True))
    assert set(RoleAssignment.objects.values_list("role", flat=True)) == set(Role.values)
    out = capsys.readouterr().out
    assert "chuyenvien" in out and "demo12345" in out


def test_seed_demo_refuses_outside_demo_mode(db, settings):
    settings.DEMO_MODE = False
    with pytest.raises(CommandError):
        call_command("seed_demo")
    assert not User.objects.exists()


# --- translations -----------------------------------------------------------------------


CATALOGS = [
    ROOT / "locale/vi/LC_MESSAGES/django.po",
    ROOT / "lms/admin_locale/vi/LC_MESSAGES/django.po",
    ROOT / "lms/admin_locale/vi/LC_MESSAGES/djangojs.po",
]


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_vietnamese_catalogs_are_complete_and_compiled(path):
    po = polib.pofile(str(path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert not untranslated, untranslated[:10]
    assert not fuzzy, fuzzy[:10]
    mo = polib.mofile(str(path.with_suffix(".mo")))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr or e.msgstr_plural) for e in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, f"{entry.msgid!r}: run make messages"


@pytest.mark.process
def test_every_template_and_python_string_is_in_the_catalog(tmp_path):
    """makemessages finds nothing new: every string has a Vietnamese translation."""
    import shutil
    import subprocess
    import sys

    work = tmp_path / "tree"
    shutil.copytree(ROOT / "locale", work / "locale")
    for name in ("lms", "templates", "repository", "contests"):
        if (ROOT / name).exists():
            (work / name).symlink_to(ROOT / name)
    (work / "manage.py").symlink_to(ROOT / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-obsolete",
         "--ignore=lms/admin_locale", "--symlinks"],
        cwd=work, check=True, capture_output=True,
        env={**__import__("os").environ, "LMS_VAR_DIR": str(tmp_path / "var")},
    )
    po = polib.pofile(str(work / "locale/vi/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    assert not missing, f"untranslated: {missing[:10]} — run `make messages` and translate"


def test_officer_admin_is_in_vietnamese(demo, login):
    client = login(demo.user("chuyenvien"))
    dashboard = client.get("/admin/").content.decode()
    assert "Bảng điều khiển" in dashboard
    listing = client.get("/admin/snippets/organisation/school/").content.decode()
    for english in (">Add school<", ">Dashboard<", ">Search<"):
        assert english not in listing
    assert "Trường THCS Nguyễn Trãi" in listing
    assert settings.WAGTAILADMIN_PERMITTED_LANGUAGES[0][0] == "vi"


def test_time_spans_read_in_vietnamese():
    """Listings show "5 phút trước": Django's own vi catalogue lacks these plurals."""
    from datetime import timedelta

    from django.utils import timezone, translation
    from django.utils.timesince import timesince

    with translation.override("vi"):
        assert timesince(timezone.now() - timedelta(minutes=5)) == "5\xa0phút"
        assert timesince(timezone.now() - timedelta(days=31)) == "1\xa0tháng"


def test_platform_strings_do_not_change_the_admin_translations():
    """Our catalog comes first in LOCALE_PATHS: a msgid it shares with Wagtail's admin
    must translate the same, or the admin's wording changes with it."""
    ours = polib.pofile(str(CATALOGS[0]))
    admin = {(e.msgctxt, e.msgid): e.msgstr for e in polib.pofile(str(CATALOGS[1]))}
    clashes = [
        (e.msgid, e.msgstr, admin[(e.msgctxt, e.msgid)])
        for e in ours
        if (e.msgctxt, e.msgid) in admin and admin[(e.msgctxt, e.msgid)] != e.msgstr
    ]
    assert not clashes


def test_media_serves_public_files_but_not_repository_files(db, client, settings):
    from pathlib import Path

    root = Path(settings.MEDIA_ROOT)
    (root / "original_images").mkdir(parents=True)  # Wagtail images: public
    (root / "original_images" / "a.jpg").write_bytes(b"jpeg")
    (root / "repository" / "ab").mkdir(parents=True)
    (root / "repository" / "ab" / "secret").write_bytes(b"draft lesson plan")
    (root / "repository" / "thumbnails").mkdir(parents=True)
    (root / "repository" / "thumbnails" / "b.jpg").write_bytes(b"a draft's first page")
    assert client.get("/media/original_images/a.jpg").status_code == 200
    assert client.get("/media/repository/ab/secret").status_code == 404
    assert client.get("/media/repository/thumbnails/b.jpg").status_code == 404
    assert client.get("/media/content/x/index.html").status_code == 404
