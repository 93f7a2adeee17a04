"""End to end, in headless Chromium: log-in and menus by role, the home page on a phone
and a desktop, the content origin's isolation, the language switch, the keyboard.

The live server answers the platform on http://127.0.0.1:PORT and the content origin
on http://localhost:PORT (see conftest.py).
"""

import re
import unicodedata
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import Page, expect
from steps import PASSWORD, assert_accessible, assert_no_horizontal_scroll, log_in

pytestmark = [
    pytest.mark.browser,
    # The live server's thread must see the demo data, so the database is
    # transactional; serialized_rollback restores what the migrations created
    # (Wagtail's home page and site, the school levels) after each flush.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)

def nav_keys(page: Page) -> list[str]:
    return [link.get_attribute("data-nav") for link in page.locator("nav a[data-nav]").all()]


# --- 1. each role logs in and sees its own menu ---------------------------------------

# username, full name, expected header entries in menu order, Vietnamese role label.
# Entries follow the navigation modules: "me" and "notices" for everyone; "people" for officers,
# school leaders and superusers; "subject_group" for whoever is a group leader,
# reviewer or teacher of a subject group; "admin" for officers and superusers; "my_learning"
# for students and whoever played an e-learning lecture; "question_banks" for teachers,
# reviewers and officers; "my_quizzes" for students of a class.
ROLES = [
    ("chuyenvien", "Phạm Thị Hạnh", ["me", "catalogue", "people", "notices", "question_banks", "review_queue", "admin"], r"chuyên viên"),
    ("hieutruong.nt", "Lê Văn Minh", ["me", "catalogue", "people", "notices"], r"ban giám hiệu|hiệu trưởng"),
    ("totruong.toan", "Nguyễn Văn Hùng", ["me", "catalogue", "notices", "subject_group", "my_resources", "question_banks", "review_queue"], r"tổ trưởng"),
    ("giaovien.toan", "Hoàng Minh Đức", ["me", "catalogue", "notices", "subject_group", "my_resources", "question_banks"], r"giáo viên"),
    ("giamkhao", "Đặng Văn Tùng", ["me", "catalogue", "notices", "subject_group", "my_resources", "question_banks"], r"giám khảo"),
    ("hocsinh.6a", "Phan Gia Bảo", ["me", "my_learning", "catalogue", "my_quizzes", "notices"], r"học sinh"),
    ("admin", "Quản trị hệ thống", ["me", "catalogue", "people", "notices", "admin"], r"quản trị"),
]


@pytest.mark.parametrize(
    "username, full_name, expected_menu, role_label", ROLES, ids=[r[0] for r in ROLES]
)
def test_each_role_logs_in_and_sees_its_own_menu(
    page, demo_district, platform_url, artifacts_dir,
    username, full_name, expected_menu, role_label,
):
    log_in(page, platform_url, username)

    expect(page.locator("nav a[data-nav]")).to_have_count(len(expected_menu))
    assert nav_keys(page) == expected_menu
    expect(page.locator("nav a[data-nav=me]")).to_have_attribute("aria-current", "page")
    expect(page.locator("nav .who")).to_have_text(full_name)
    expect(page.locator("main h1")).to_contain_text(full_name)
    assert_accessible(page)  # each role's "my page" and menu
    page.screenshot(path=artifacts_dir / f"menu-{username}.png", full_page=True)

    roles = page.locator("main section[aria-labelledby=roles-h]")
    expect(roles).to_contain_text(re.compile(role_label, re.IGNORECASE))

    # Every entry the menu offers opens for this user, without a detour to log-in.
    for link in page.locator("nav a[data-nav]").all():
        href = link.get_attribute("href")
        response = page.request.get(f"{platform_url}{href}")
        assert response.status == 200, f"{username}: menu entry {href} -> {response.status}"
        assert not urlsplit(response.url).path.startswith("/accounts/login/"), (
            f"{username}: menu entry {href} sends to log-in ({response.url})"
        )


# --- 2. the home page on a phone and on a desktop ---------------------------------------


@pytest.mark.parametrize("width, page_fixture", [(360, "mobile_page"), (1280, "page")])
def test_home_page_fits_phone_and_desktop(
    request, live_server, platform_url, artifacts_dir, width, page_fixture
):
    page = request.getfixturevalue(page_fixture)
    response = page.goto(f"{platform_url}/")
    assert response.status == 200

    assert page.evaluate("window.innerWidth") == width
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page).to_have_title(re.compile(r"Kho học liệu số"))
    expect(page.locator("main h1")).to_have_text("Kho học liệu số")
    expect(page.locator("nav a[data-nav=login]")).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / f"home-{width}.png", full_page=True)


def test_officer_my_page_fits_a_phone(mobile_page, demo_district, platform_url, artifacts_dir):
    log_in(mobile_page, platform_url, "chuyenvien")

    expect(mobile_page.locator("main h1")).to_contain_text("Phạm Thị Hạnh")
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    mobile_page.screenshot(path=artifacts_dir / "me-chuyenvien-360.png", full_page=True)


def test_login_page_fits_a_phone(mobile_page, live_server, platform_url, artifacts_dir):
    mobile_page.goto(f"{platform_url}/accounts/login/")

    expect(mobile_page.locator("main form input[name=username]")).to_be_visible()
    assert_no_horizontal_scroll(mobile_page)
    assert_accessible(mobile_page)
    mobile_page.screenshot(path=artifacts_dir / "login-360.png", full_page=True)


# --- 3. the content origin is isolated from the platform --------------------------------


def test_content_origin_gets_no_platform_cookie(page, demo_district, platform_url, content_url):
    session_cookie = settings.SESSION_COOKIE_NAME
    log_in(page, platform_url, "chuyenvien")
    context = page.context
    on_platform = {c["name"]: c for c in context.cookies(platform_url)}
    assert session_cookie in on_platform
    assert on_platform[session_cookie]["domain"] == "127.0.0.1"

    sent = []
    page.on("request", lambda request: sent.append(request))
    response = page.goto(f"{content_url}/probe")

    assert response.status == 200
    assert response.json() == {"cookies": [], "authenticated": False}
    to_content = [r for r in sent if urlsplit(r.url).hostname == urlsplit(content_url).hostname]
    assert to_content, "no request reached the content origin"
    for req in to_content:
        assert "cookie" not in req.all_headers(), f"cookie sent to {req.url}"
    assert session_cookie not in {c["name"] for c in context.cookies(content_url)}

    # The platform's session is untouched by the visit.
    page.goto(f"{platform_url}/me/")
    expect(page).to_have_url(f"{platform_url}/me/")


def test_content_origin_drops_cookies_a_browser_sends_anyway(
    page, demo_district, platform_url, content_url
):
    """Defence in depth: the platform's session cookie, planted on the content host."""
    session_cookie = settings.SESSION_COOKIE_NAME
    log_in(page, platform_url, "chuyenvien")
    context = page.context
    session = next(c for c in context.cookies(platform_url) if c["name"] == session_cookie)
    context.add_cookies([{"name": session_cookie, "value": session["value"], "url": content_url}])

    sent = []
    page.on("request", lambda request: sent.append(request))
    response = page.goto(f"{content_url}/probe")

    probe = next(r for r in sent if urlsplit(r.url).path == "/probe")
    assert session_cookie in probe.all_headers().get("cookie", ""), "cookie was not planted"
    assert response.status == 200
    assert response.json() == {"cookies": [], "authenticated": False}
    assert not [h for h in response.headers_array() if h["name"].lower() == "set-cookie"]


@pytest.mark.parametrize("path", ["/admin/", "/accounts/login/", "/me/"])
def test_platform_pages_are_not_found_on_content_origin(page, live_server, content_url, path):
    response = page.goto(f"{content_url}{path}")

    assert response.status == 404, f"{content_url}{path} -> {response.status}"
    assert not [h for h in response.headers_array() if h["name"].lower() == "set-cookie"]


def test_content_origin_front_page_sets_no_cookie(page, live_server, content_url):
    response = page.goto(f"{content_url}/")

    assert response.status == 200
    assert not [h for h in response.headers_array() if h["name"].lower() == "set-cookie"]
    assert page.context.cookies(content_url) == []


# --- 4. the language switch ----------------------------------------------------------


def test_visitor_switches_language_and_back(page, live_server, platform_url):
    page.goto(f"{platform_url}/")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    language_form = page.locator("footer form.lang-form")

    select = language_form.locator("select[name=language]")

    select.select_option("en")
    language_form.locator("button[type=submit]").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(f"{platform_url}/")
    expect(page.locator("nav a[data-nav=login]")).to_have_text("Log in")
    language_cookie = {c["name"]: c["value"] for c in page.context.cookies(platform_url)}
    assert language_cookie.get(settings.LANGUAGE_COOKIE_NAME) == "en"

    # Select by value: Django's own name for Vietnamese is not NFC-normalised text.
    vietnamese = select.locator("option[value=vi]").text_content()
    assert unicodedata.normalize("NFC", vietnamese) == "Tiếng Việt"
    select.select_option("vi")
    language_form.locator("button[type=submit]").click()

    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("nav a[data-nav=login]")).to_have_text("Đăng nhập")


# --- 5. the log-in form with the keyboard alone ------------------------------------------


def test_login_with_the_keyboard_alone(page, demo_district, platform_url):
    page.goto(f"{platform_url}/accounts/login/")
    assert_accessible(page)  # the log-in page at 1280 px
    skip_link = page.locator("a.skip-link")
    username = page.locator("main form input[name=username]")
    password = page.locator("main form input[name=password]")

    skip_link.focus()
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()  # the skip link shows itself when focused
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))

    page.keyboard.press("Tab")
    expect(username).to_be_focused()
    page.keyboard.type("giaovien.toan")
    page.keyboard.press("Tab")
    expect(password).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    # The #main of the skip link survives the log-in's redirect.
    expect(page).to_have_url(re.compile(rf"^{re.escape(platform_url)}/me/(#main)?$"))
    expect(page.locator("nav .who")).to_have_text("Hoàng Minh Đức")
