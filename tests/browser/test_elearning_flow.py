"""An e-learning lecture through the repository, end to end in headless Chromium, through
the site's pages only.

A teacher on a phone (360 px) opens "Đăng học liệu", chooses the kind "Bài giảng
e-learning" (the files' area gives way to the package's), sends the SCORM 1.2 test package
in parts, saves a draft and watches its unpacking on the edit page until it says "Sẵn
sàng", then presses "Gửi duyệt". A reviewer of the subject group (1280 px) opens it from
"Hàng chờ duyệt": the lecture plays in the player's preview inside the review page (the
SCO, two frames down on the content origin, finds the run-time API), nothing is recorded;
she approves. A student finds it in the catalogue, opens "Học bài giảng" and plays it,
tracked: the server holds the student's attempt. axe-core checks every new page;
screenshots go to test-artifacts/elearning-*.png.
"""


import pytest
from playwright.sync_api import Page, expect

from lms.accounts.models import User
from lms.player.models import Attempt, Package
from player import packages
from repository.models import Resource
from steps import assert_accessible, assert_no_horizontal_scroll, log_in, wait_for

pytestmark = [
    pytest.mark.browser,
    # The live server's thread (and the background unpacking) must see what the test's browser creates.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

expect.set_options(timeout=15_000)

TEACHER, REVIEWER, STUDENT = "giaovien.toan", "thamdinh.toan", "hocsinh.6a"
TITLE = "Bài giảng e-learning Toán 6 – Phân số bằng nhau"
ZIP_NAME = "Bài giảng – Phân số bằng nhau.zip"


@pytest.fixture
def lecture_zip(tmp_path):
    return packages.write(tmp_path / ZIP_NAME, packages.scorm12_single())


def sco_in(frame_owner):
    """The SCO's page: inside the launcher (content origin), inside the platform's frame."""
    return frame_owner.frame_locator("iframe.player-frame").frame_locator("#sco")


# --- the steps ------------------------------------------------------------------------


def teacher_uploads_the_package(page: Page, base_url: str, zip_path, artifacts) -> None:
    page.goto(f"{base_url}/hoc-lieu/dang/")
    expect(page.locator("main h1")).to_have_text("Đăng học liệu")
    page.get_by_label("Loại học liệu").select_option(label="Bài giảng e-learning")
    expect(page.locator("[data-kind-area=files]")).to_be_hidden()
    expect(page.get_by_role("group", name="Gói bài giảng")).to_be_visible()
    page.get_by_role("textbox", name="Tiêu đề").fill(TITLE)
    page.get_by_label("Khối lớp").select_option(label="Lớp 6")
    page.get_by_label("Môn học").select_option(label="Toán")
    page.get_by_role("textbox", name="Chủ đề / bài").fill("Phân số bằng nhau")

    page.get_by_label("Gói bài giảng e-learning (.zip)").set_input_files(zip_path)
    status = page.locator("[data-upload-status]")
    expect(status).to_have_text(f"Đã tải lên “{ZIP_NAME}”.")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(animations="disabled", path=artifacts / "elearning-1-upload-360.png", full_page=True)
    page.get_by_role("button", name="Lưu nháp", exact=True).click()


def teacher_waits_until_ready_and_submits(page: Page, base_url: str, artifacts) -> Resource:
    lecture = Resource.objects.get(title=TITLE)
    expect(page).to_have_url(f"{base_url}/hoc-lieu/{lecture.pk}/sua/")
    expect(page.locator(".messages")).to_have_text(
        f"Đã lưu nháp “{TITLE}”. Chỉ bạn và các đồng tác giả thấy bản nháp này.")
    # The page asks the server until the package is unpacked, and says so in words.
    state = page.locator("[data-package-text]")
    expect(state).to_have_text("Sẵn sàng: SCORM 1.2, 1 bài")
    expect(page.locator("[data-package-state]")).to_have_attribute("data-package-state", "ready")
    lecture.refresh_from_db()
    assert (lecture.package.status, lecture.package.original_name) == (Package.Status.READY, ZIP_NAME)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(animations="disabled", path=artifacts / "elearning-2-ready-360.png", full_page=True)
    page.get_by_role("button", name="Gửi duyệt", exact=True).click()
    expect(page).to_have_url(f"{base_url}/hoc-lieu/cua-toi/")
    expect(page.locator(".messages")).to_have_text(f"“{TITLE}” đã được gửi tới tổ chuyên môn để thẩm định.")
    expect(page.locator("tr").filter(has_text=TITLE).locator(".status")).to_have_text("Đang thẩm định")
    return lecture


def reviewer_previews_and_approves(page: Page, base_url: str, lecture: Resource, artifacts) -> None:
    page.locator("nav a[data-nav=review_queue]").click()
    page.get_by_role("row").filter(has_text=TITLE).get_by_role("link", name=TITLE).click()
    expect(page.locator("main h1")).to_have_text(TITLE)
    expect(page.locator("[data-package-version]")).to_have_text("SCORM 1.2")
    expect(page.locator("[data-package-download]")).to_have_text(ZIP_NAME)
    # The SCO plays in the preview, two frames down, and finds the run-time API.
    main = sco_in(page).locator("main#sco")
    expect(main).to_have_attribute("data-api", "API")
    expect(main).to_have_attribute("data-status-at-start", "not attempted")
    sco_in(page).locator("#next-page").click()
    expect(main).to_have_attribute("data-page", "2")
    assert_accessible(page)
    page.screenshot(animations="disabled", path=artifacts / "elearning-3-review-1280.png", full_page=True)
    assert not Attempt.objects.exists()  # a preview records nothing

    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.locator(".messages")).to_have_text("Đã duyệt và xuất bản.")
    lecture.refresh_from_db()
    assert lecture.live and not Attempt.objects.exists()


def student_plays_it(page: Page, base_url: str, lecture: Resource, artifacts) -> None:
    page.goto(f"{base_url}/hoc-lieu/?kind=elearning")
    card = page.locator("li.resource-card").filter(has_text=TITLE)
    expect(card.locator(".kind")).to_have_text("Bài giảng e-learning")
    card.get_by_role("link", name=TITLE).click()
    expect(page.locator("main h1")).to_have_text(TITLE)
    expect(page.locator("[data-package-text]")).to_have_text("Sẵn sàng: SCORM 1.2, 1 bài")
    assert_accessible(page)
    page.get_by_role("link", name="Học bài giảng").click()
    expect(page).to_have_url(f"{base_url}/bai-giang/{lecture.package.uuid}/")
    expect(page.locator(".player-mode")).to_have_attribute("data-mode", "track")
    student = User.objects.get(username=STUDENT)
    main = sco_in(page).locator("main#sco")
    expect(main).to_have_attribute("data-learner", student.get_full_name())
    sco_in(page).locator("#next-page").click()
    expect(main).to_have_attribute("data-page", "2")
    sco_in(page).locator("#suspend").click()
    attempt = wait_for(lambda: Attempt.objects.filter(learner=student, exit="suspend").first(),
                       "the student's suspended attempt")
    assert (attempt.package_id, attempt.location, attempt.completion_status) == (
        lecture.package_id, "2", "incomplete")
    assert Attempt.objects.count() == 1
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(animations="disabled", path=artifacts / "elearning-4-student-360.png")


# --- the test ----------------------------------------------------------------------------


def test_a_lecture_uploaded_on_a_phone_is_previewed_approved_and_played(
    mobile_page, new_page, demo_district, platform_url, lecture_zip, artifacts_dir, settings, tmp_path
):
    settings.PLATFORM_ORIGIN = platform_url  # who may frame the lecture: this live server
    settings.UPLOADS_DIR = tmp_path / "uploads"
    settings.PROCESS_IN_BACKGROUND = True  # unpacked after the answer, as under `make run`: the page follows it

    teacher = mobile_page
    log_in(teacher, platform_url, TEACHER)
    teacher_uploads_the_package(teacher, platform_url, lecture_zip, artifacts_dir)
    lecture = teacher_waits_until_ready_and_submits(teacher, platform_url, artifacts_dir)

    reviewer = new_page(viewport={"width": 1280, "height": 900})
    log_in(reviewer, platform_url, REVIEWER)
    reviewer_previews_and_approves(reviewer, platform_url, lecture, artifacts_dir)

    student = new_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True)
    log_in(student, platform_url, STUDENT)
    student_plays_it(student, platform_url, lecture, artifacts_dir)
