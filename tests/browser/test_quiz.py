"""A timed quiz in headless Chromium on a phone: the student answers with the keyboard
alone (arrow keys in a radio group, Space, typing), the page autosaves, the formulas are
drawn by the vendored KaTeX, the submit button asks first in a dialog, and the result
shows the score; axe finds nothing serious on the quiz page or the result."""

import re

import pytest
from playwright.sync_api import expect

from steps import assert_accessible, assert_no_horizontal_scroll, log_in, wait_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect.set_options(timeout=10_000)
STUDENT = "hocsinh.6a"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def quiz(demo_district):
    from quizzes import GROUP, NUMERIC, SINGLE, granted, make_quiz

    with granted(takers={STUDENT}):
        yield make_quiz(contents=[SINGLE, GROUP, NUMERIC], time_limit_minutes=30, title="Kiểm tra nhanh – Toán")


def test_a_student_answers_with_the_keyboard_and_submits(quiz, new_page, platform_url, artifacts_dir):
    from lms.quiz.models import Answer, Attempt

    page = new_page(**PHONE)
    log_in(page, platform_url, STUDENT)
    page.goto(f"{platform_url}/bai-kiem-tra/{quiz.pk}/")
    page.get_by_role("button", name="Bắt đầu làm bài").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Kiểm tra nhanh – Toán")
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"^(29|30):\d\d$"))

    # KaTeX drew the formulas of the stem, the options and the statements.
    expect(page.locator("#cau-1 .q-stem .katex")).to_have_count(2)
    expect(page.locator("#cau-1 .q-option .katex")).to_have_count(3)
    assert page.locator("#cau-1 .q-stem annotation").first.text_content() == "x^2 = 4"
    expect(page.locator("#cau-2 .katex")).to_have_count(4)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(path=str(artifacts_dir / "quiz-360-attempt.png"), full_page=True)

    # Question 1: into the radio group, down to B. Question 2: a) b) True with Space,
    # c) d) False with the right arrow. Question 3: typed with a decimal comma.
    single, group, numeric = (item.pk for item in quiz.items.order_by("position"))
    page.locator(f"#q{single}-0").focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator(f"#q{single}-1")).to_be_checked()
    for statement, key in enumerate(["Space", "Space", "ArrowRight", "ArrowRight"]):
        page.keyboard.press("Tab")
        expect(page.locator(f"#q{group}-{statement}-true")).to_be_focused()
        page.keyboard.press(key)
    page.keyboard.press("Tab")
    expect(page.locator(f"#q{numeric}")).to_be_focused()
    page.keyboard.type("1,41")
    attempt = Attempt.objects.get(quiz=quiz)
    wait_for(lambda: Answer.objects.filter(attempt=attempt, item_id=numeric, response="1,41").exists(),
             "the autosave of the typed number")
    expect(page.locator("[data-save-status]")).to_have_text(re.compile(r"^Đã lưu lúc \d\d:\d\d:\d\d$"))

    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Lưu bài")).to_be_focused()
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Nộp bài?")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("Bạn đã trả lời tất cả các câu.")
    page.screenshot(path=str(artifacts_dir / "quiz-360-confirm.png"))
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.get_by_role("button", name="Nộp bài").focus()
    page.keyboard.press("Enter")
    expect(dialog).to_be_visible()
    dialog.get_by_role("button", name="Nộp bài").focus()
    page.keyboard.press("Enter")

    expect(page.locator("h1")).to_have_text("Kết quả: Kiểm tra nhanh – Toán")
    expect(page.locator(".quiz-score")).to_have_text("Điểm: 3 / 3")
    expect(page.locator("[data-state=right]")).to_have_count(3)
    expect(page.locator("#cau-1 .q-feedback .katex").first).to_be_visible()
    attempt.refresh_from_db()
    assert (attempt.state, attempt.score) == ("graded", 3.0)
    assert_no_horizontal_scroll(page)
    assert_accessible(page)
    page.screenshot(path=str(artifacts_dir / "quiz-360-result.png"), full_page=True)
