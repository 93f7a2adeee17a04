"""Fixtures for the end-to-end browser tests: a live server with the demo district.

The live server answers two origins on one port: the platform on 127.0.0.1 (the
address pytest-django binds, `--liveserver=127.0.0.1`) and the content origin on
`localhost` (settings.CONTENT_ORIGIN has no port, so it answers on the request's port).
"""

from urllib.parse import urlsplit

import pytest


@pytest.fixture(scope="session", autouse=True)
def _same_database_connection_under_playwright(browser, django_db_setup):
    """Keep the test database's connection once Playwright's event loop is running.

    Django keeps its connections in an asgiref Local: thread-local while no event loop
    runs in the thread, per context once one does. Playwright's sync API leaves its
    loop running in the test thread, so after the `browser` fixture starts, the test
    code gets a new connection object. When the test database was set up before that
    (a non-browser test ran first, as pytest-django orders them), the new object lacks
    the serialized contents that serialized_rollback restores after each flush, and
    the second browser test finds an empty database. Put the original object back.
    """
    from django.db import connections

    thread_local = connections._connections._storage  # the storage used without a loop
    for alias in connections:
        original = getattr(thread_local, alias, None)
        if original is None or connections[alias] is original:
            continue
        if hasattr(original, "_test_serialized_contents") and not hasattr(
            connections[alias], "_test_serialized_contents"
        ):
            connections[alias] = original


@pytest.fixture
def platform_url(live_server) -> str:
    """http://127.0.0.1:PORT, without a trailing slash."""
    return live_server.url.rstrip("/")


@pytest.fixture
def content_url(platform_url) -> str:
    """The content origin as a browser reaches it: same port, host name `localhost`."""
    from django.conf import settings

    parts = urlsplit(platform_url)
    content_host = urlsplit(settings.CONTENT_ORIGIN).hostname
    assert content_host and content_host != parts.hostname, "content origin must differ"
    return f"{parts.scheme}://{content_host}:{parts.port}"


@pytest.fixture
def demo_district(live_server, demo):
    """The demo district, loaded into the database the live server reads."""
    return demo


@pytest.fixture
def mobile_page(browser):
    """A phone-sized page (360 px wide, mobile viewport rules, touch), in Vietnamese."""
    context = browser.new_context(
        locale="vi-VN",
        viewport={"width": 360, "height": 780},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=1,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _no_content_security_policy_violation(monkeypatch):
    """Every page a browser test opens runs under the platform's Content-Security-Policy
    (lms/core/security.py): a script, style or frame it refuses fails the test."""
    from playwright.sync_api import Browser

    refused = []
    new_context = Browser.new_context

    def watched(self, *args, **kwargs):
        context = new_context(self, *args, **kwargs)
        context.on("console", lambda message: refused.append(f"{message.location.get('url')}: {message.text}")
                   if message.type == "error" and "Content Security Policy" in message.text else None)
        return context

    monkeypatch.setattr(Browser, "new_context", watched)
    yield
    assert not refused, "refused by the Content-Security-Policy:\n" + "\n".join(refused)


@pytest.fixture
def new_page(browser):
    """new_page(**context options): a page in a fresh browser context (its own cookies:
    another person), in Vietnamese, 1280×900 unless told otherwise."""
    contexts = []

    def _new_page(**options):
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = browser.new_context(locale="vi-VN", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def tracked_package(demo_district, tmp_path):
    """tracked_package(zip bytes, file name): a package of giaovien.toan's unpacked by the
    player's own services, played tracked by any logged-in user (a policy of this test's)."""
    from django.contrib.auth import get_user_model

    from lms.player import access, services

    owner = get_user_model().objects.get(username="giaovien.toan")
    policies = []

    def make(data: bytes, name: str):
        path = tmp_path / name
        path.write_bytes(data)
        with open(path, "rb") as f:
            package = services.package_create(owner=owner, fileobj=f, name=name, size=len(data), process=False)
        package = services.ingest(package)
        assert package.ready, package.error

        def policy(user, candidate):
            return access.TRACK if candidate.pk == package.pk and user.is_authenticated else None

        policies.append(access.register(policy))
        return package

    yield make
    for policy in policies:
        access.unregister(policy)
