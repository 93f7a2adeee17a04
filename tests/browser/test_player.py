"""The e-learning player end to end in headless Chromium: a student on a phone plays a
SCORM 1.2 lecture (a test package whose page calls the run-time API as authoring tools
do), leaves in the middle, comes back from another browser (another device) and resumes
where they were, answers the quiz and finishes; what the server stored is checked at
each step. The lecture runs on the content origin, which the platform's cookie never
reaches and from which the platform's pages cannot be read."""

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Browser, expect

from lms.player.models import Attempt, Interaction, Package
from player import packages
from steps import assert_accessible, assert_no_horizontal_scroll, log_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect.set_options(timeout=10_000)
STUDENT = "hocsinh.6a"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def lecture(tracked_package):
    return tracked_package(packages.scorm12_single(), "bai-giang.zip")


def sco_of(page):
    return page.frame_locator("iframe.player-frame").frame_locator("#sco")


def test_a_student_leaves_a_lecture_and_resumes_it_on_another_device_then_passes(
    lecture: Package, new_page, platform_url, content_url, settings
):
    settings.PLATFORM_ORIGIN = platform_url  # who may frame the lecture: this live server
    student = get_user_model().objects.get(username=STUDENT)

    # First device: start, go to page 2, pause.
    page = new_page(**PHONE)
    log_in(page, platform_url, STUDENT)
    page.goto(f"{platform_url}/bai-giang/{lecture.uuid}/")
    expect(page.locator("h1")).to_have_text("Bài giảng: Phân số bằng nhau")
    sco = sco_of(page)
    main = sco.locator("main#sco")
    expect(main).to_have_attribute("data-api", "API")
    expect(main).to_have_attribute("data-entry", "ab-initio")
    expect(main).to_have_attribute("data-learner", student.get_full_name())
    expect(main).to_have_attribute("data-mastery-score", "80")
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(path="test-artifacts/player-360-start.png")

    sco.locator("#next-page").click()
    expect(main).to_have_attribute("data-page", "2")
    sco.locator("#suspend").click()
    attempt = wait_for(lambda: Attempt.objects.filter(learner=student, exit="suspend").first(), "the suspended attempt")
    assert (attempt.location, attempt.completion_status, attempt.package_id) == ("2", "incomplete", lecture.pk)
    assert '"page":2' in attempt.suspend_data
    first_session = attempt.total_seconds
    assert first_session > 0

    # The lecture's origin never gets the platform's cookie, and cannot read its pages.
    isolation = page.frame_locator("iframe.player-frame").locator("body").evaluate(
        """async (body, platform) => {
            let read = "read";
            try { await (await fetch(platform + "/me/", {credentials: "include"})).text(); }
            catch (e) { read = "blocked"; }
            let parent = "read";
            try { window.parent.document.title; } catch (e) { parent = "blocked"; }
            return {cookies: document.cookie, read, parent};
        }""",
        platform_url,
    )
    assert isolation == {"cookies": "", "read": "blocked", "parent": "blocked"}
    page.context.close()

    # Another device, later: the lecture opens where the student left it.
    page = new_page(**PHONE)
    log_in(page, platform_url, STUDENT)
    page.goto(f"{platform_url}/bai-giang/{lecture.uuid}/")
    sco = sco_of(page)
    main = sco.locator("main#sco")
    expect(main).to_have_attribute("data-entry", "resume")
    expect(main).to_have_attribute("data-location", "2")
    expect(main).to_have_attribute("data-page", "2")
    expect(sco.locator("#status")).to_have_text("Học tiếp từ trang 2.")

    while sco.locator("#next-page").is_enabled():
        sco.locator("#next-page").click()
    for question, choice in packages.QUIZ_RIGHT.items():
        sco.locator(f"#{question}-{choice}").check()
    sco.locator("#answer").click()
    expect(main).to_have_attribute("data-result", "passed")
    sco.locator("#finish").click()

    attempt = wait_for(lambda: Attempt.objects.filter(pk=attempt.pk, exit="", success_status="passed").first(),
                       "the finished attempt")
    assert (attempt.score_raw, attempt.completion_status, attempt.number) == (100.0, "completed", 1)
    assert attempt.total_seconds > first_session  # both sessions, each counted once
    assert list(Interaction.objects.filter(attempt=attempt).order_by("index").values_list(
        "identifier", "learner_response", "result")) == [("q1", "a", "correct"), ("q2", "b", "correct")]
    assert Attempt.objects.filter(learner=student).count() == 1
    page.screenshot(path="test-artifacts/player-360-passed.png")


@pytest.fixture
def sequenced_lecture(tracked_package):
    """A SCORM 2004 lecture of three SCOs (flow and choice)."""
    return tracked_package(packages.scorm2004_sequenced("4th"), "nang-luong.zip")


def test_a_scorm_2004_lecture_follows_the_scos_navigation_requests_and_its_table_of_contents(
    sequenced_lecture: Package, browser: Browser, platform_url, settings
):
    settings.PLATFORM_ORIGIN = platform_url
    student = get_user_model().objects.get(username=STUDENT)
    titles = [title for _identifier, title in packages.SEQUENCED_ITEMS]
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, platform_url, STUDENT)
    page.goto(f"{platform_url}/bai-giang/{sequenced_lecture.uuid}/")
    launcher = page.frame_locator("iframe.player-frame")
    sco = launcher.frame_locator("#sco")
    expect(launcher.locator("#current")).to_have_text(titles[0])
    expect(sco.locator("main#sco")).to_have_attribute("data-api", "API_1484_11")

    # "Tiếp tục" in the SCO: it asks for continue and terminates; the next SCO starts.
    sco.locator("#nav-continue").click()
    expect(launcher.locator("#current")).to_have_text(titles[1])
    expect(sco.locator("main#sco")).to_have_attribute("data-entry", "ab-initio")
    # A choice request for the test.
    sco.locator("#nav-choice-KIEM-TRA").click()
    expect(launcher.locator("#current")).to_have_text(titles[2])
    main = sco.locator("main#sco")
    expect(main).to_have_attribute("data-scaled-passing-score", "0.6")
    # The test hides the player's Previous/Next (adlnav:hideLMSUI): its own buttons navigate.
    expect(launcher.locator("#prev")).to_be_hidden()
    expect(launcher.locator("#next")).to_be_hidden()
    for question, choice in packages.QUIZ_RIGHT.items():
        sco.locator(f"#{question}-{choice}").check()
    sco.locator("#answer").click()
    expect(main).to_have_attribute("data-result", "passed")
    expect(launcher.locator('#toc button[data-index="2"]')).to_have_attribute("data-status", "passed")
    sco.locator("#finish").click()
    page.screenshot(path="test-artifacts/player-2004-1280.png")

    test = wait_for(lambda: Attempt.objects.filter(learner=student, item__identifier="KIEM-TRA",
                                                   success_status="passed", exit="normal").first(), "the test's attempt")
    assert (test.completion_status, test.score_scaled) == ("completed", 1.0)
    first = Attempt.objects.get(learner=student, item__identifier="BAI-1")
    assert first.exit == "suspend" and first.last_commit_at is not None
    # The learner may go back to any lesson from the table of contents (choice).
    launcher.locator('#toc button[data-index="0"]').click()
    expect(launcher.locator("#current")).to_have_text(titles[0])
    expect(sco.locator("main#sco")).to_have_attribute("data-entry", "resume")
    # Leave it suspended and wait for that last commit: a beacon sent while the page closes
    # would reach the live server during the next test.
    sco.locator("#suspend").click()
    wait_for(lambda: first.sessions.filter(ended=True).count() == 2, "the lesson's second session")
    context.close()
