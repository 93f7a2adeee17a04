"""The repository's whole life cycle, end to end in headless Chromium, through the UI only.

A teacher adds a lesson plan in the Wagtail admin with a .docx and a .pdf uploaded in
the document chooser, and submits it; a reviewer of the subject group opens it from
"Hàng chờ duyệt" and sends it back with a comment; the teacher reads the comment in
"Học liệu của tôi", revises and resubmits; the reviewer approves from the dashboard; a
visitor finds it in the catalogue without typing accents and downloads the PDF under its
Vietnamese name. Screenshots go to test-artifacts/repo-flow-*.png.

Two shorter tests pin single steps: the queue's link opens the editor for a reviewer,
and a resubmission is reviewed in its revised version (expected to fail until fixed).
"""

import re
import unicodedata
from pathlib import Path

import pytest
import samples
from playwright.sync_api import Browser, Locator, Page, expect
from factories import make_resource
from steps import assert_accessible, assert_no_horizontal_scroll, log_in

pytestmark = [
    pytest.mark.browser,
    # The live server's thread must see what the test's browser creates.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)

TEACHER, REVIEWER = "giaovien.toan", "thamdinh.toan"
TITLE = "Kế hoạch bài dạy Đại số 7 – Biểu thức đại số"
DESCRIPTION = "Bài 1, chương VI: biểu thức số và biểu thức đại số."
REVISED = DESCRIPTION + " Mục tiêu: viết và tính giá trị của biểu thức đại số."
COMMENT = "Bổ sung mục tiêu bài học"
DOCX_NAME = "Kế hoạch bài dạy Đại số 7 – Biểu thức đại số.docx"
PDF_NAME = "Kế hoạch bài dạy Đại số 7 – Biểu thức đại số.pdf"
QUERY = "dai so 7 bieu thuc"

# The workflow's action labels, as the admin shows them in Vietnamese.
SUBMIT = re.compile(r"^(Gửi duyệt|Gửi tới Thẩm định học liệu)$")
RESUBMIT = re.compile(r"^Gửi lại tới Thẩm định")
SEND_BACK = "Trả lại kèm nhận xét"
APPROVE = "Duyệt"


@pytest.fixture
def lesson_files(tmp_path) -> dict[str, Path]:
    """The teacher's two files, on disk under their Vietnamese names."""
    files = {
        DOCX_NAME: samples.docx("Kế hoạch bài dạy: biểu thức đại số, lớp 7"),
        PDF_NAME: samples.pdf("Bieu thuc dai so - Dai so 7 - ke hoach bai day"),
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in files}


@pytest.fixture
def new_page(browser: Browser):
    """Pages in fresh browser contexts (each its own cookies: another person)."""
    contexts = []

    def _new_page(**options) -> Page:
        context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900}, **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield _new_page
    for context in contexts:
        context.close()


# --- the admin's widgets ------------------------------------------------------------


def upload_in_chooser(page: Page, file_panel: Locator, path: Path) -> None:
    """Upload a file in the document chooser's "Tải lên" tab; it is then chosen."""
    file_panel.get_by_role("button", name="Chọn một tài liệu").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_role("tab", name="Tải lên").click()
    dialog.get_by_label("Tệp").set_input_files(path)
    dialog.get_by_role("textbox", name="Tiêu đề").fill(path.stem)
    dialog.get_by_role("button", name="Tải lên").click()
    expect(dialog).to_have_count(0)
    expect(file_panel).to_contain_text(path.stem)


def admin_screenshot(page: Page, path: Path) -> None:
    """Playwright's scrolling into view of a clicked button may also scroll the admin's
    <main> sideways (it hides the folded minimap past its right edge): undo that first."""
    page.locator("main").evaluate("main => { main.scrollLeft = 0; }")
    page.screenshot(animations="disabled", path=path)


def footer_action(page: Page, name) -> None:
    """Click an action of the editor's footer menu (under "Thao tác khác")."""
    page.get_by_role("button", name="Thao tác khác").click()
    page.get_by_role("button", name=name).click()


def awaiting_review(page: Page, base_url: str, title: str) -> Locator:
    """The row of `title` in the dashboard's "Đang chờ bạn duyệt" panel."""
    page.goto(f"{base_url}/admin/")
    panel = page.get_by_role("region", name="Đang chờ bạn duyệt")
    return panel.get_by_role("row").filter(has_text=title)


def row_action(page: Page, row: Locator, action: str, role: str = "button") -> None:
    """Choose an action in the dropdown ("Thao tác") of a dashboard row."""
    row.get_by_role("button", name="Thao tác").click()
    page.get_by_role(role, name=action, exact=True).click()


def my_resource_row(page: Page, base_url: str, title: str) -> Locator:
    """The row of `title` in "Học liệu của tôi", reached from the site's menu."""
    page.goto(f"{base_url}/me/")
    page.locator("nav a[data-nav=my_resources]").click()
    expect(page.locator("main h1")).to_have_text("Học liệu của tôi")
    return page.get_by_role("row").filter(has_text=title)


# --- the steps ----------------------------------------------------------------------


def teacher_adds_and_submits(page: Page, base_url: str, files: dict[str, Path], artifacts: Path) -> None:
    page.goto(f"{base_url}/admin/")
    page.get_by_role("link", name="Học liệu", exact=True).click()
    page.get_by_role("link", name="Thêm học liệu").click()
    expect(page).to_have_url(f"{base_url}/admin/snippets/repository/resource/add/")

    page.get_by_role("combobox", name="Loại học liệu").select_option(label="Kế hoạch bài dạy")
    page.get_by_role("textbox", name="Tiêu đề").fill(TITLE)
    page.get_by_role("textbox", name="Mô tả").fill(DESCRIPTION)

    upload_in_chooser(page, page.get_by_role("region", name="Tệp 1", exact=True), files[DOCX_NAME])
    page.get_by_role("button", name="Thêm Tệp").click()
    upload_in_chooser(page, page.get_by_role("region", name="Tệp 2", exact=True), files[PDF_NAME])

    page.get_by_role("combobox", name="Cấp học").select_option(label="Trung học cơ sở")
    page.get_by_role("combobox", name="Khối lớp").select_option(label="Lớp 7")
    page.get_by_role("combobox", name="Môn học").select_option(label="Toán")
    page.get_by_role("textbox", name="Chủ đề / bài").fill("Biểu thức đại số")
    page.get_by_role("combobox", name="Năm học").select_option(label="2025–2026")
    # Only the teacher's own groups are offered.
    group = page.get_by_role("combobox", name="Tổ chuyên môn")
    expect(group.locator("option")).to_have_text(["---------", "Tổ Toán – Tin – Trường THCS Nguyễn Trãi"])
    group.select_option(label="Tổ Toán – Tin – Trường THCS Nguyễn Trãi")
    page.get_by_role("region", name="Tệp", exact=True).scroll_into_view_if_needed()
    admin_screenshot(page, artifacts / "repo-flow-1-create.png")
    page.get_by_role("region", name="Chương trình", exact=True).scroll_into_view_if_needed()
    admin_screenshot(page, artifacts / "repo-flow-1-create-metadata.png")

    footer_action(page, SUBMIT)
    expect(page).to_have_url(f"{base_url}/admin/snippets/repository/resource/")
    expect(page.locator(".messages .success")).to_contain_text(TITLE)
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_have_count(1)


def reviewer_opens_it_from_the_queue(page: Page, base_url: str, artifacts: Path) -> None:
    page.locator("nav a[data-nav=review_queue]").click()
    expect(page.locator("main h1")).to_have_text("Hàng chờ duyệt")
    queued = page.get_by_role("row").filter(has_text=TITLE)
    expect(queued).to_contain_text("Hoàng Minh Đức")  # the author
    expect(queued).to_contain_text("Tổ Toán – Tin")
    assert_accessible(page)
    page.screenshot(animations="disabled", path=artifacts / "repo-flow-2-queue.png", full_page=True)

    queued.get_by_role("link", name=TITLE).click()  # the site's review page
    expect(page.locator("main h1")).to_have_text(TITLE)
    expect(page.get_by_role("region", name="Tệp", exact=True)).to_contain_text(Path(PDF_NAME).stem)
    assert_accessible(page)  # the reviewer's page of the submission


def reviewer_sends_back(page: Page, base_url: str, artifacts: Path) -> None:
    """On the review page: "Trả lại" needs a comment; then the queue says what happened."""
    page.get_by_role("button", name="Trả lại", exact=True).click()
    comment = page.get_by_role("textbox", name="Nhận xét gửi tác giả")
    expect(page.get_by_role("alert")).to_have_text("Hãy nói tác giả cần sửa gì: gửi trả lại phải có nhận xét.")
    expect(comment).to_be_focused()
    comment.fill(COMMENT)
    assert_accessible(page)  # with the refusal's alert
    page.screenshot(animations="disabled", path=artifacts / "repo-flow-3-send-back.png", full_page=True)
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page).to_have_url(f"{base_url}/hoc-lieu/cho-duyet/")
    expect(page.locator(".messages")).to_have_text("Đã trả lại cho tác giả.")
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_have_count(0)


def open_preview(page: Page, row: Locator) -> Page:
    """The dashboard's "Xem trước": the version under review, in a new tab."""
    with page.context.expect_page() as opened:
        row_action(page, row, "Xem trước", role="link")
    preview = opened.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
    return preview


def teacher_revises_and_resubmits(page: Page, base_url: str, artifacts: Path) -> None:
    row = my_resource_row(page, base_url, TITLE)
    expect(row.locator(".status")).to_have_text("Bị trả lại: cần chỉnh sửa")
    expect(row.locator(".review-comment")).to_contain_text(COMMENT)
    expect(row.locator(".review-comment")).to_contain_text("Trần Thị Thu Hà")  # the reviewer
    assert_accessible(page)
    page.screenshot(animations="disabled", path=artifacts / "repo-flow-4-sent-back.png", full_page=True)

    row.get_by_role("link", name=TITLE).click()
    description = page.get_by_role("textbox", name="Mô tả")
    expect(description).to_have_value(DESCRIPTION)
    # No wait for autosave here: changes made in the first two seconds become the
    # editor's starting point, so none may start; a late one is refused as out of date.
    description.fill(REVISED)
    footer_action(page, RESUBMIT)
    expect(page).to_have_url(f"{base_url}/admin/snippets/repository/resource/")

    row = my_resource_row(page, base_url, TITLE)
    expect(row.locator(".status")).to_have_text("Đang thẩm định")
    expect(row.locator(".review-comment")).to_have_count(0)


def reviewer_approves(page: Page, base_url: str, artifacts: Path) -> None:
    """From the queue's "next one", the revised version's page, then "Duyệt"."""
    page.goto(f"{base_url}/hoc-lieu/cho-duyet/")
    page.get_by_role("link", name=f"Thẩm định hồ sơ tiếp theo: {TITLE}").click()
    expect(page.locator("main")).to_contain_text(REVISED)
    expect(page.get_by_role("region", name="Lịch sử")).to_contain_text(COMMENT)  # her own comment, earlier
    page.screenshot(animations="disabled", path=artifacts / "repo-flow-5-approve.png", full_page=True)
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.locator(".messages")).to_have_text("Đã duyệt và xuất bản.")
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_have_count(0)


def teacher_sees_it_published(page: Page, base_url: str) -> None:
    row = my_resource_row(page, base_url, TITLE)
    expect(row.locator(".status")).to_have_text("Đã xuất bản")
    expect(row.get_by_role("link", name="Xem bản đã xuất bản")).to_be_visible()


def visitor_finds_and_downloads(page: Page, base_url: str, pdf: Path, artifacts: Path) -> None:
    page.goto(f"{base_url}/")
    page.locator("nav a[data-nav=catalogue]").click()
    page.get_by_role("searchbox", name="Tìm theo tiêu đề").fill(QUERY)
    page.get_by_role("button", name="Tìm kiếm", exact=True).click()
    card = page.locator("li.resource-card").filter(has_text=TITLE)
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Toán · Lớp 7")
    # The words found are marked as written, accents and all.
    expect(card.get_by_role("link", name=TITLE).locator("mark").first).to_have_text("Đại")
    page.screenshot(animations="disabled", path=artifacts / "repo-flow-6-visitor-search.png", full_page=True)

    card.get_by_role("link", name=TITLE).click()
    expect(page.locator("main h1")).to_have_text(TITLE)
    expect(page.locator(".resource-head .lead")).to_have_text(REVISED)  # the approved revision
    downloads = page.locator("dd[data-downloads]")
    expect(downloads).to_have_text("0")
    expect(page.locator("figure.resource-file")).to_have_count(2)
    assert_accessible(page)
    page.screenshot(animations="disabled", path=artifacts / "repo-flow-6-visitor.png", full_page=True)

    with page.expect_download() as started:
        page.get_by_role("link", name=f"Tải về {PDF_NAME}").click()
    download = started.value
    assert unicodedata.normalize("NFC", download.suggested_filename) == PDF_NAME
    assert Path(download.path()).read_bytes() == pdf.read_bytes()

    page.reload()
    expect(downloads).to_have_text("1")


def catalogue_on_a_phone(page: Page, base_url: str, artifacts: Path) -> None:
    page.goto(f"{base_url}/hoc-lieu/")
    assert page.evaluate("window.innerWidth") == 360
    page.get_by_role("searchbox", name="Tìm theo tiêu đề").fill(QUERY)
    page.keyboard.press("Enter")
    card = page.locator("li.resource-card").filter(has_text=TITLE)
    expect(card).to_have_count(1)
    expect(card).to_contain_text("1 lượt tải")  # the visitor's download
    assert_no_horizontal_scroll(page)
    page.screenshot(animations="disabled", path=artifacts / "repo-flow-7-catalogue-360.png", full_page=True)


# --- the test -----------------------------------------------------------------------


def test_lesson_plan_from_upload_through_review_to_download(
    page, new_page, mobile_page, demo_district, platform_url, lesson_files, artifacts_dir
):
    teacher = page
    log_in(teacher, platform_url, TEACHER)
    teacher_adds_and_submits(teacher, platform_url, lesson_files, artifacts_dir)

    reviewer = new_page()
    log_in(reviewer, platform_url, REVIEWER)
    reviewer_opens_it_from_the_queue(reviewer, platform_url, artifacts_dir)
    reviewer_sends_back(reviewer, platform_url, artifacts_dir)

    teacher_revises_and_resubmits(teacher, platform_url, artifacts_dir)
    reviewer_approves(reviewer, platform_url, artifacts_dir)
    teacher_sees_it_published(teacher, platform_url)

    visitor = new_page(accept_downloads=True)
    visitor_finds_and_downloads(visitor, platform_url, lesson_files[PDF_NAME], artifacts_dir)
    catalogue_on_a_phone(mobile_page, platform_url, artifacts_dir)


def test_reviewer_opens_a_submission_from_the_review_queue_on_a_phone(mobile_page, demo_district, platform_url,
                                                                      artifacts_dir):
    page = mobile_page
    make_resource(demo_district, TITLE, grade=7, state="in_review")
    log_in(page, platform_url, REVIEWER)
    page.goto(f"{platform_url}/hoc-lieu/cho-duyet/")
    page.get_by_role("row").filter(has_text=TITLE).get_by_role("link", name=TITLE).click()

    expect(page.locator("main h1")).to_have_text(TITLE)
    expect(page.get_by_role("button", name="Duyệt", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Trả lại", exact=True)).to_be_visible()
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(animations="disabled", path=artifacts_dir / "review-page-360.png", full_page=True)


def test_reviewer_reviews_the_revised_version(page, new_page, demo_district, platform_url):
    make_resource(demo_district, TITLE, grade=7, description=DESCRIPTION, state="needs_changes")
    log_in(page, platform_url, TEACHER)
    row = my_resource_row(page, platform_url, TITLE)
    row.get_by_role("link", name=TITLE).click()
    page.get_by_role("textbox", name="Mô tả").fill(REVISED)
    footer_action(page, RESUBMIT)
    expect(page).to_have_url(f"{platform_url}/admin/snippets/repository/resource/")

    reviewer = new_page()
    log_in(reviewer, platform_url, REVIEWER)
    row = awaiting_review(reviewer, platform_url, TITLE)
    expect(row).to_contain_text("Hoàng Minh Đức")  # the resubmitted revision's author
    preview = open_preview(reviewer, row)
    expect(preview.locator("main")).to_contain_text(REVISED)
    assert_accessible(preview)  # the draft page of an item in review
