"""The catalogue in headless Chromium: on a phone (360 px) and a desktop, with the
keyboard; a resource's page on a phone."""

import re

import pytest
from playwright.sync_api import expect
from factories import make_resource
from steps import assert_accessible, assert_no_horizontal_scroll, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)


@pytest.fixture
def shelf(demo_district):
    from repository.models import Resource

    demo = demo_district
    Resource.objects.all().delete()
    van = {"author": "giaovien.van", "group": "Tổ Ngữ văn – Lịch sử – Địa lý"}
    return [
        make_resource(demo, "Kế hoạch bài dạy Toán 6 – Tập hợp và các phần tử của tập hợp", series="ket-noi",
                      description="Bài 1, chương I: tập hợp, cách viết tập hợp, phần tử thuộc và không thuộc tập hợp.",
                      keywords=["tập hợp", "số tự nhiên"], topic="Bài 1. Tập hợp"),
        make_resource(demo, "Phiếu học tập Toán 6 – Phép cộng và phép trừ số tự nhiên", kind="worksheet",
                      series="chan-troi"),
        make_resource(demo, "Kế hoạch bài dạy Địa lý 8 – Khí hậu Việt Nam", grade=8, subject="lich-su-dia-li",
                      series="ket-noi", description="Đặc điểm khí hậu nhiệt đới gió mùa ẩm.", **van),
        make_resource(demo, "Kế hoạch bài dạy Ngữ văn 6 – Thánh Gióng", subject="ngu-van", series="canh-dieu", **van),
    ]


def test_catalogue_on_a_phone(mobile_page, shelf, platform_url, artifacts_dir):
    page = mobile_page
    response = page.goto(f"{platform_url}/hoc-lieu/")
    assert response.status == 200
    assert page.evaluate("window.innerWidth") == 360

    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("li.resource-card")).to_have_count(4)
    facets = page.locator("details#facets")
    expect(facets).not_to_have_attribute("open", "")  # folded on a phone
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "catalogue-360.png", full_page=True)

    # Search with the keyboard, without accents.
    page.locator("#catalogue-q").focus()
    page.keyboard.type("dia ly")
    page.keyboard.press("Enter")
    expect(page.locator("li.resource-card")).to_have_count(1)
    expect(page.locator("li.resource-card h3 mark").first).to_have_text("Địa")
    assert_no_horizontal_scroll(page)
    page.screenshot(path=artifacts_dir / "catalogue-360-search.png", full_page=True)

    # Open the filters, choose a subject with the keyboard, apply.
    page.goto(f"{platform_url}/hoc-lieu/")
    page.locator("details#facets > summary").focus()
    page.keyboard.press("Enter")
    expect(facets).to_have_attribute("open", "")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)  # the filters, unfolded
    page.screenshot(path=artifacts_dir / "catalogue-360-filters.png", full_page=True)
    page.locator("fieldset[data-facet=subject] label", has_text="Ngữ văn").click()
    page.locator("details#facets button[type=submit]").click()
    expect(page.locator("li.resource-card")).to_have_count(1)
    expect(page.locator("ul.active-filters a")).to_have_count(1)
    assert_no_horizontal_scroll(page)


def test_resource_page_on_a_phone(mobile_page, shelf, platform_url, artifacts_dir):
    page = mobile_page
    resource = shelf[0]
    response = page.goto(f"{platform_url}/hoc-lieu/{resource.pk}/")
    assert response.status == 200
    expect(page.locator("main h1")).to_have_text(resource.title)
    expect(page.locator("a[data-download]")).to_have_count(1)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "resource-360.png", full_page=True)


def test_catalogue_on_a_desktop(page, shelf, platform_url, artifacts_dir):
    page.goto(f"{platform_url}/hoc-lieu/?q=toan")
    expect(page.locator("details#facets")).to_have_attribute("open", "")
    expect(page.locator("li.resource-card")).to_have_count(2)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "catalogue-1280.png", full_page=True)

    # Browse down to a topic: offered once a subject is chosen.
    page.goto(f"{platform_url}/hoc-lieu/")
    expect(page.locator("fieldset[data-facet=topic]")).to_have_count(0)
    page.locator("fieldset[data-facet=subject] label", has_text="Toán").click()
    page.locator("details#facets button[type=submit]").click()
    topics = page.locator("fieldset[data-facet=topic]")
    expect(topics.locator("legend")).to_have_text("Chủ đề / bài")
    topics.locator("label", has_text="Bài 1. Tập hợp").click()
    page.locator("details#facets button[type=submit]").click()
    expect(page.locator("li.resource-card")).to_have_count(1)
    expect(page.locator("ul.active-filters")).to_contain_text("Chủ đề / bài: Bài 1. Tập hợp")
    page.screenshot(path=artifacts_dir / "catalogue-topic-1280.png", full_page=True)


def test_my_resources_and_the_review_queue_on_a_phone(mobile_page, shelf, demo_district, platform_url,
                                                       artifacts_dir):
    """The author's list with each item's status and the draft page of the item in review,
    then the reviewer's queue, at 360 px."""
    demo = demo_district
    waiting = make_resource(demo, "Bài giảng Toán 6 – Ước chung lớn nhất", state="in_review")
    make_resource(demo, "Phiếu học tập Toán 6 – Lũy thừa", kind="worksheet", state="needs_changes")
    page = mobile_page

    log_in(page, platform_url, "giaovien.toan")
    page.goto(f"{platform_url}/hoc-lieu/cua-toi/")
    rows = page.get_by_role("row")
    expect(rows.filter(has_text="Ước chung lớn nhất")).to_contain_text("Đang thẩm định")
    expect(rows.filter(has_text="Lũy thừa")).to_contain_text("Bổ sung mục tiêu.")  # the reviewer's comment
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "my-resources-360.png", full_page=True)

    # The draft page of the item in review, as its author sees it.
    page.goto(f"{platform_url}/hoc-lieu/{waiting.pk}/")
    expect(page.locator("[data-review-state]")).to_have_attribute("data-review-state", "in_review")
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, platform_url, "totruong.toan")
    page.goto(f"{platform_url}/hoc-lieu/cho-duyet/")
    expect(page.get_by_role("row").filter(has_text=waiting.title)).to_contain_text("Hoàng Minh Đức")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(path=artifacts_dir / "review-queue-360.png", full_page=True)


def test_an_officer_withdraws_a_resource_on_a_phone(mobile_page, shelf, platform_url, artifacts_dir):
    """The withdraw form on the resource's page at 360 px: a labelled reason, an empty
    one refused by the browser, then the resource gone from the catalogue."""
    resource = shelf[1]
    page = mobile_page
    log_in(page, platform_url, "chuyenvien")
    page.goto(f"{platform_url}/hoc-lieu/{resource.pk}/")
    reason = page.get_by_label("Lý do (gửi cho tác giả)")
    expect(reason).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)  # the resource's page as an officer sees it, with the withdraw form
    page.screenshot(path=artifacts_dir / "withdraw-360.png", full_page=True)
    page.get_by_role("button", name="Gỡ học liệu").click()
    expect(page).to_have_url(f"{platform_url}/hoc-lieu/{resource.pk}/")  # required: not sent
    reason.fill("Sai chương trình.")
    page.get_by_role("button", name="Gỡ học liệu").click()
    expect(page.get_by_role("alert").or_(page.locator(".messages"))).to_contain_text("Đã gỡ học liệu")
    resource.refresh_from_db()
    assert resource.live is False


def test_the_withdraw_form_in_english_on_a_desktop(browser, shelf, platform_url, artifacts_dir):
    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        log_in(page, platform_url, "chuyenvien")
        page.goto(f"{platform_url}/ngon-ngu/?language=en&next=/hoc-lieu/{shelf[0].pk}/")
        expect(page.locator("#withdraw-h")).to_have_text("Withdraw from the repository")
        expect(page.get_by_label("Reason (sent to the author)")).to_be_visible()
        page.screenshot(path=artifacts_dir / "withdraw-1280-en.png", full_page=True)
    finally:
        context.close()


@pytest.mark.parametrize("width, locale, language", [(360, "vi-VN", "vi"), (1280, "en-GB", "en")])
def test_a_visitor_searches_from_the_home_page_in_either_spelling(browser, shelf, platform_url, artifacts_dir,
                                                                  width, locale, language):
    context = browser.new_context(locale=locale, viewport={"width": width, "height": 800},
                                  is_mobile=width < 600, has_touch=width < 600)
    page = context.new_page()
    try:
        page.goto(f"{platform_url}/")
        expect(page.locator("html")).to_have_attribute("lang", "vi")  # an English browser too
        if language == "en":
            page.goto(f"{platform_url}/ngon-ngu/?language=en&next=/")
        label = {"vi": "Tìm học liệu", "en": "Search the learning resources"}[language]
        box = page.get_by_label(label)
        box.fill("dia li khi hau")  # "Địa lý" in the title, "Địa lí" in the subject
        box.press("Enter")
        expect(page).to_have_url(re.compile(r"/hoc-lieu/\?q=dia\+li\+khi\+hau"))
        expect(page.locator("li.resource-card")).to_have_count(1)
        expect(page.locator("li.resource-card")).to_contain_text("Khí hậu Việt Nam")
        assert_no_horizontal_scroll(page)
        assert_accessible(page)  # the results of a search, in either language
        page.screenshot(path=artifacts_dir / f"home-search-{width}-{language}.png", full_page=True)
    finally:
        context.close()
