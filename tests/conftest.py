"""Shared fixtures: the demo district, people by role, a real browser."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests
# make beside it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


PROCESS_MARKERS = ("process", "services", "browser")


@pytest.fixture(autouse=True)
def _processes_are_marked(request, monkeypatch):
    """A test that starts another program says so with a marker (they are the slow and
    fragile ones, and `-m "not process"` leaves them out). Untrusted work goes through
    the sandbox's forkserver, which is no subprocess and needs no mark."""
    if any(request.node.get_closest_marker(name) for name in PROCESS_MARKERS):
        return

    def refuse(self, args, *rest, **kwargs):
        raise AssertionError(f"{request.node.nodeid} starts {args!r}: mark it @pytest.mark.process")

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Tests change rows behind the catalogue's back (queryset updates); the page cache
    # has its own tests (test_page_cache.py), which turn it on.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.PROCESS_IN_BACKGROUND = False  # processed on commit, deterministically
    from django.core.cache import cache

    cache.clear()


_recordings: dict = {}  # per test process: "demo", "content" -> demo_snapshot.Recording


def _seeded(name, seed, tmp_path_factory):
    """Seed once per process and record it; replay the recording afterwards."""
    import demo_snapshot

    recording = _recordings.get(name)
    if recording is not None and demo_snapshot.replay(recording):
        return
    media = tmp_path_factory.getbasetemp() / f"demo-media-{name}"
    _recordings[name] = demo_snapshot.record(seed, media)


@pytest.fixture
def demo(db, tmp_path_factory):
    """The demo district, as `manage.py seed_demo` loads it."""
    from lms.organisation.demo import seed_demo

    _seeded("demo", seed_demo, tmp_path_factory)
    return DemoDistrict()


@pytest.fixture
def demo_content(demo, tmp_path_factory):
    """The demo district with its repository content, as `manage.py seed_demo` leaves it:
    published resources, one waiting for review, one sent back."""
    from repository.demo import seed_demo_content

    _seeded("content", seed_demo_content, tmp_path_factory)
    return demo


class DemoDistrict:
    """Handy look-ups into the demo data."""

    password = "demo12345"

    def user(self, username):
        from lms.accounts.models import User

        return User.objects.get(username=username)

    def school(self, code):
        from lms.organisation.models import School

        return School.objects.get(code=code)

    def group(self, school_code, name):
        from lms.organisation.models import SubjectGroup

        return SubjectGroup.objects.get(school__code=school_code, name=name)


@pytest.fixture
def login(client):
    """Log the client in as a user (no throttling path: that is tested on its own)."""

    def _login(user):
        client.force_login(user)
        return client

    return _login


# --- browser -------------------------------------------------------------------


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError("Chromium is not installed: apt-get install chromium")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=chromium_path(),
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def artifacts_dir():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_report_header(config):
    url = os.environ.get("DATABASE_URL", "")
    return f"database: {'PostgreSQL (' + url.rsplit('@', 1)[-1] + ')' if url else 'SQLite'}"


# Fixtures through which a test reaches the database (directly or by another fixture).
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
                     "live_server"}


def pytest_collection_modifyitems(config, items):
    """`make test` runs the suite on SQLite, then again on PostgreSQL for what the
    database changes: on PostgreSQL, tests that touch no database (the readers,
    writers, grading and other pure functions) are left out, having run on SQLite."""
    if not os.environ.get("DATABASE_URL") or os.environ.get("TEST_EVERYTHING_ON_POSTGRES"):
        return
    kept, left = [], []
    for item in items:
        uses_database = bool(DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))) \
            or item.get_closest_marker("django_db") is not None
        (kept if uses_database else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept
