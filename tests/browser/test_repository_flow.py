"""The repository's whole life cycle, end to end in headless Chromium, through the site's
own pages only.

A teacher on a phone (360 px) opens "Đăng học liệu", sends a .docx and a .pdf (and a
file the page refuses at once, with the reason), finds a co-author by typing a name
without accents, and presses "Gửi duyệt"; a reviewer of the subject group (1280 px) opens
it from "Hàng chờ duyệt", reads the .docx as a PDF made in the background by
LibreOffice, and sends it back with a comment; the teacher sees the notice, revises and
resubmits from "Học liệu của tôi"; the reviewer approves; a visitor finds it from the
home page's search box, typed without accents and with "li" for "lý", and downloads the
PDF under its Vietnamese name. axe-core checks every new page. Screenshots go to
test-artifacts/repo-flow-*.png.
"""

import re
import unicodedata
from pathlib import Path

import pytest
import samples
from playwright.sync_api import Page, expect
from factories import make_resource
from steps import assert_accessible, assert_no_horizontal_scroll, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.process,  # LibreOffice turns the .docx into the reviewer's PDF
    # The live server's thread must see what the test's browser creates.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=10_000)

TEACHER, REVIEWER = "giaovien.toan", "thamdinh.toan"
TITLE = "Kế hoạch bài dạy Toán 7 – Định lý tổng ba góc của tam giác"
DESCRIPTION = "Bài 1, chương IV: tổng ba góc trong một tam giác."
REVISED = DESCRIPTION + " Mục tiêu: chứng minh và vận dụng định lý."
COMMENT = "Bổ sung mục tiêu bài học"
DOCX_NAME = "Kế hoạch bài dạy – Định lý tổng ba góc.docx"
PDF_NAME = "Trình chiếu – Định lý tổng ba góc.pdf"
REFUSED_NAME = "ghi-chu.pdf"  # not a PDF inside
QUERY = "dinh li tong ba goc"  # no accents, and "li" for "lý"


@pytest.fixture
def lesson_files(tmp_path) -> dict[str, Path]:
    """The teacher's files, on disk under their Vietnamese names."""
    files = {
        DOCX_NAME: samples.docx("Kế hoạch bài dạy: định lý tổng ba góc của tam giác, lớp 7"),
        PDF_NAME: samples.pdf("Dinh ly tong ba goc cua tam giac - Toan 7 - trinh chieu"),
        REFUSED_NAME: b"ghi chu, khong phai PDF\n",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    return {name: tmp_path / name for name in files}


def my_resource_row(page: Page, base_url: str, title: str):
    """The row of `title` in "Học liệu của tôi", reached from the site's menu."""
    page.goto(f"{base_url}/me/")
    page.locator("nav a[data-nav=my_resources]").click()
    expect(page.locator("main h1")).to_have_text("Học liệu của tôi")
    return page.locator("tr").filter(has_text=title)  # on a phone, rows are cards (no row role)


# --- the steps ----------------------------------------------------------------------


def teacher_uploads_and_submits(page: Page, base_url: str, files: dict[str, Path], artifacts: Path) -> None:
    """On a phone: one page, files sent as they are chosen, two buttons."""
    my_resource_row(page, base_url, TITLE)
    page.get_by_role("link", name="Đăng học liệu").click()
    expect(page.locator("main h1")).to_have_text("Đăng học liệu")
    # The single choices are made already: the level, the group, the current year.
    expect(page.get_by_label("Cấp học")).to_have_value(re.compile(r"\d+"))
    expect(page.get_by_label("Tổ chuyên môn")).to_contain_text("Tổ Toán – Tin")
    expect(page.get_by_label("Năm học")).to_contain_text("2025–2026")

    page.get_by_label("Loại học liệu").select_option(label="Kế hoạch bài dạy")
    page.get_by_role("textbox", name="Tiêu đề").fill(TITLE)
    page.get_by_role("textbox", name="Mô tả").fill(DESCRIPTION)
    page.get_by_label("Chọn tệp").set_input_files([files[DOCX_NAME], files[PDF_NAME], files[REFUSED_NAME]])
    attached = page.locator("#file-list input[name=documents]:checked")
    # Tests process a file on commit inside its upload's request (PROCESS_IN_BACKGROUND
    # off): the .docx answers once LibreOffice has made its PDF, slow on a loaded machine.
    expect(attached).to_have_count(2, timeout=90_000)
    expect(page.get_by_role("checkbox", name=Path(DOCX_NAME).name)).to_be_checked()
    expect(page.get_by_role("checkbox", name=Path(PDF_NAME).name)).to_be_checked()
    expect(page.locator(".file-refused [role=alert]")).to_have_text(re.compile(
        rf"^Chưa thêm được “{REFUSED_NAME}”: Nội dung tệp này không phải loại mà kho học liệu nhận"
    ))

    # Grades of the chosen level only; subjects taught at that level.
    expect(page.get_by_label("Khối lớp").locator("option:not([hidden])")).to_have_text(
        ["---------", "Lớp 6", "Lớp 7", "Lớp 8", "Lớp 9"])
    page.get_by_label("Khối lớp").select_option(label="Lớp 7")
    page.get_by_label("Môn học").select_option(label="Toán")
    page.get_by_role("textbox", name="Chủ đề / bài").fill("Tổng ba góc của tam giác")

    # A co-author of another school, found by typing part of her name without accents.
    search = page.get_by_role("combobox", name="Tìm giáo viên")
    search.fill("ngo thi")
    option = page.get_by_role("option", name=re.compile(r"^Ngô Thị Lan"))
    expect(option).to_be_visible()
    search.press("ArrowDown")
    search.press("Enter")
    expect(page.get_by_role("checkbox", name="Ngô Thị Lan")).to_be_checked()

    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(animations="disabled", path=artifacts / "repo-flow-1-upload-360.png", full_page=True)
    page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    expect(page).to_have_url(f"{base_url}/hoc-lieu/cua-toi/")
    expect(page.locator(".messages")).to_have_text(f"“{TITLE}” đã được gửi tới tổ chuyên môn để thẩm định.")
    row = page.locator("tr").filter(has_text=TITLE)
    expect(row.locator(".status")).to_have_text("Đang thẩm định")
    expect(row.get_by_role("button", name=f"Rút lại khỏi thẩm định: {TITLE}")).to_be_visible()


def reviewer_opens_it_and_reads_the_docx(page: Page, base_url: str, artifacts: Path) -> None:
    page.locator("nav a[data-nav=review_queue]").click()
    expect(page.locator("main h1")).to_have_text("Hàng chờ duyệt")
    queued = page.get_by_role("row").filter(has_text=TITLE)
    expect(queued).to_contain_text("Hoàng Minh Đức")  # the author
    assert_accessible(page)
    queued.get_by_role("link", name=TITLE).click()  # the site's review page
    expect(page.locator("main h1")).to_have_text(TITLE)
    # The .docx, read in the browser: a PDF frame whose document is the converted PDF.
    docx = page.locator("figure.resource-file").filter(has_text=DOCX_NAME)
    frame = docx.locator("iframe.preview-pdf")
    expect(frame).to_have_attribute("title", DOCX_NAME)
    preview = page.request.get(base_url + frame.get_attribute("src"))
    assert preview.status == 200 and preview.headers["content-type"] == "application/pdf"
    assert preview.body().startswith(b"%PDF-")
    assert_accessible(page)
    page.screenshot(animations="disabled", path=artifacts / "repo-flow-2-review-1280.png", full_page=True)


def reviewer_sends_back(page: Page, base_url: str) -> None:
    """On the review page: "Trả lại" needs a comment; then the queue says what happened."""
    page.get_by_role("button", name="Trả lại", exact=True).click()
    comment = page.get_by_role("textbox", name="Nhận xét gửi tác giả")
    expect(page.get_by_role("alert")).to_have_text("Hãy nói tác giả cần sửa gì: gửi trả lại phải có nhận xét.")
    expect(comment).to_be_focused()
    comment.fill(COMMENT)
    page.get_by_role("button", name="Trả lại", exact=True).click()
    expect(page).to_have_url(f"{base_url}/hoc-lieu/cho-duyet/")
    expect(page.locator(".messages")).to_have_text("Đã trả lại cho tác giả.")
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_have_count(0)


def teacher_reads_the_notice_revises_and_resubmits(page: Page, base_url: str, artifacts: Path) -> None:
    page.goto(f"{base_url}/me/")
    notices = page.locator("nav a[data-nav=notices]")
    expect(notices.locator(".nav-count")).to_have_attribute("data-count", "1")
    notices.click()
    notice = page.locator(".notice-item").filter(has_text=TITLE)
    expect(notice).to_contain_text("bị trả lại")
    expect(notice).to_contain_text(COMMENT)
    assert_accessible(page)
    notice.get_by_role("link").focus()  # by keyboard, as a screen reader's user would
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(rf"^{re.escape(base_url)}/hoc-lieu/\d+/sua/$"))  # straight to its edit page
    expect(page.locator("[data-send-back]")).to_contain_text(COMMENT)
    expect(page.get_by_role("checkbox", name=Path(DOCX_NAME).name)).to_be_checked()
    description = page.get_by_role("textbox", name="Mô tả")
    expect(description).to_have_value(DESCRIPTION)
    description.fill(REVISED)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(animations="disabled", path=artifacts / "repo-flow-3-revise-360.png", full_page=True)
    page.get_by_role("button", name="Gửi duyệt lại", exact=True).click()
    expect(page).to_have_url(f"{base_url}/hoc-lieu/cua-toi/")
    row = page.locator("tr").filter(has_text=TITLE)
    expect(row.locator(".status")).to_have_text("Đang thẩm định")
    expect(row.locator(".review-comment")).to_have_count(0)
    expect(row.get_by_role("button", name=f"Rút lại khỏi thẩm định: {TITLE}")).to_be_visible()


def reviewer_approves(page: Page, base_url: str) -> None:
    """From the queue's "next one", the revised version's page, then "Duyệt"."""
    page.goto(f"{base_url}/hoc-lieu/cho-duyet/")
    page.get_by_role("link", name=f"Thẩm định hồ sơ tiếp theo: {TITLE}").click()
    expect(page.locator("main")).to_contain_text(REVISED)
    expect(page.get_by_role("region", name="Lịch sử")).to_contain_text(COMMENT)  # her own comment, earlier
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.locator(".messages")).to_have_text("Đã duyệt và xuất bản.")
    expect(page.get_by_role("row").filter(has_text=TITLE)).to_have_count(0)


def visitor_finds_and_downloads(page: Page, base_url: str, pdf: Path, artifacts: Path) -> None:
    page.goto(f"{base_url}/")
    page.get_by_role("searchbox", name="Tìm học liệu").fill(QUERY)
    page.get_by_role("button", name="Tìm kiếm", exact=True).click()
    card = page.locator("li.resource-card").filter(has_text=TITLE)
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Toán · Lớp 7")
    page.screenshot(animations="disabled", path=artifacts / "repo-flow-4-visitor-search.png", full_page=True)

    card.get_by_role("link", name=TITLE).click()
    expect(page.locator("main h1")).to_have_text(TITLE)
    expect(page.locator(".resource-head .lead")).to_have_text(REVISED)  # the approved revision
    downloads = page.locator("dd[data-downloads]")
    expect(downloads).to_have_text("0")
    expect(page.locator("figure.resource-file")).to_have_count(2)
    assert_accessible(page)

    with page.expect_download() as started:
        page.get_by_role("link", name=f"Tải về {PDF_NAME}").click()
    download = started.value
    assert unicodedata.normalize("NFC", download.suggested_filename) == PDF_NAME
    assert Path(download.path()).read_bytes() == pdf.read_bytes()
    page.reload()
    expect(downloads).to_have_text("1")


# --- the test -----------------------------------------------------------------------


def test_lesson_plan_from_upload_on_a_phone_through_review_to_download(
    mobile_page, new_page, demo_district, platform_url, lesson_files, artifacts_dir, settings
):
    settings.PREVIEW_OFFICE_FILES = True  # the reviewer reads the .docx as a PDF
    teacher = mobile_page
    log_in(teacher, platform_url, TEACHER)
    teacher_uploads_and_submits(teacher, platform_url, lesson_files, artifacts_dir)

    reviewer = new_page()
    log_in(reviewer, platform_url, REVIEWER)
    reviewer_opens_it_and_reads_the_docx(reviewer, platform_url, artifacts_dir)
    reviewer_sends_back(reviewer, platform_url)

    teacher_reads_the_notice_revises_and_resubmits(teacher, platform_url, artifacts_dir)
    reviewer_approves(reviewer, platform_url)

    visitor = new_page(accept_downloads=True)
    visitor_finds_and_downloads(visitor, platform_url, lesson_files[PDF_NAME], artifacts_dir)


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
