"""The question bank end to end in headless Chromium, through the site's own pages only.

A teacher imports a Word file of seven questions as teachers type them ("Câu 1 (NB):"
stems, options A–D with the right letter underlined, a formula typed as \\( \\), a PHẦN II
đúng/sai group), sees each one in the preview with its formula drawn by KaTeX, names
their topic and sends them to review, is told they are saved (by a task) and
goes on to the bank; the reviewer approves the batch on one page; the
teacher writes a blueprint the questions fill, draws an exam, downloads two variants
(Word papers headed “Mã đề: 101” and “102”) and publishes it as an online quiz for 6A;
a student of 6A finds it under “Bài luyện tập của em”, answers with the keyboard alone
on a phone and sees the score. axe-core checks the import preview, the batch review, the
blueprint editor, the blueprint and the exam.

With QB_SHOTS=<folder>, each page is also photographed at 360 and 1280 px, in Vietnamese
and in English (the browser's Accept-Language, and the site's language switch), with the
elements wider than the screen listed beside each picture (for looking, not asserting).
"""

import io
import json
import os
from pathlib import Path

import docx
import pytest
from playwright.sync_api import Page, expect

from factories import make_bank
from steps import assert_accessible, assert_no_horizontal_scroll, log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

expect.set_options(timeout=10_000)
TEACHER, REVIEWER, STUDENT = "giaovien.toan", "thamdinh.toan", "hocsinh.6a"
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
FILE_NAME = "Đề kiểm tra giữa kì I – Toán 6.docx"
TOPIC = "Số nguyên"
EXAM_TITLE = "Kiểm tra giữa kì I – Toán 6"

# (level, stem, options, the right one's index): PHẦN I. The fifth's formula typed in LaTeX.
CHOICES = [
    ("NB", "Số đối của 5 là", ["5", "−5", "0", "1/5"], 1),
    ("NB", "Số nào sau đây là số nguyên tố?", ["1", "4", "9", "7"], 3),
    ("NB", "Số liền sau của −3 là", ["−4", "−2", "2", "4"], 1),
    ("NB", "Trong các số sau, số nào là số nguyên âm?", ["0", "3", "−7", "12"], 2),
    ("TH", "Giá trị của \\(2^3 + (-5)\\) là", ["13", "3", "−3", "8"], 1),
    ("VD", "Buổi sáng nhiệt độ là −2 °C, đến trưa tăng thêm 7 °C. Nhiệt độ buổi trưa là",
     ["5 °C", "−9 °C", "9 °C", "−5 °C"], 0),
]
GROUP_STEM = "Cho các số nguyên −4; 0; 3; 7."  # PHẦN II, "TH": the true statements' letters underlined
STATEMENTS = {"−4 là số nguyên âm.": True, "0 là số nguyên dương.": False, "3 < 7.": True, "−4 > 0.": False}
# How the student tells the questions apart on the quiz page (formulas drawn, options shuffled).
RIGHT = {"Số đối của 5": "−5", "số nguyên tố": "7", "liền sau": "−2", "Trong các số sau": "−7",
         "Giá trị của": "3", "Nhiệt độ buổi trưa": "5 °C"}


def questions_docx() -> bytes:
    d = docx.Document()
    d.add_paragraph("PHẦN I. Câu trắc nghiệm nhiều phương án lựa chọn.")
    for number, (level, stem, options, right) in enumerate(CHOICES, start=1):
        d.add_paragraph(f"Câu {number} ({level}): {stem}")
        line = d.add_paragraph()
        for i, (letter, text) in enumerate(zip("ABCD", options)):
            line.add_run(f"{letter}.").underline = True if i == right else None
            line.add_run(f" {text}" + ("\t" if i < 3 else ""))
    d.add_paragraph("PHẦN II. Câu trắc nghiệm đúng sai.")
    d.add_paragraph(f"Câu 1 (TH): {GROUP_STEM}")
    for letter, (text, truth) in zip("abcd", STATEMENTS.items()):
        line = d.add_paragraph()
        line.add_run(f"{letter})").underline = True if truth else None
        line.add_run(f" {text}")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


# --- pictures of the pages, for looking at them (QB_SHOTS) -------------------------------


def shoot(page: Page, name: str) -> None:
    """The page `page` shows now, as the same person sees it at 360 and 1280 px, with the
    browser in Vietnamese and in English, English also chosen with the site's switch."""
    folder = os.environ.get("QB_SHOTS")
    if not folder:
        return
    from django.conf import settings

    Path(folder).mkdir(parents=True, exist_ok=True)
    state = page.context.storage_state()
    url = page.url
    report = {}
    for lang, locale in (("vi", "vi-VN"), ("en", "en-US")):
        for width in (360, 1280):
            context = page.context.browser.new_context(
                storage_state=state, locale=locale, viewport={"width": width, "height": 800},
                is_mobile=width < 600, has_touch=width < 600)
            if lang == "en":
                context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": url}])
            view = context.new_page()
            view.goto(url)
            view.wait_for_load_state("load")
            view.wait_for_timeout(300)  # KaTeX draws after load
            report[f"{lang}-{width}"] = view.evaluate(
                """() => ({lang: document.documentElement.lang, scroll: document.documentElement.scrollWidth,
                          wide: [...document.querySelectorAll('main *')]
                              .filter(el => el.getBoundingClientRect().right > window.innerWidth + 0.5
                                            && !el.closest('.table-wrap'))
                              .slice(0, 8).map(el => el.tagName.toLowerCase() + '.' + el.className
                                               + ' right=' + Math.round(el.getBoundingClientRect().right))})""")
            view.screenshot(path=str(Path(folder) / f"{name}-{lang}-{width}.png"), full_page=True)
            context.close()
    (Path(folder) / f"{name}.json").write_text(json.dumps(report, ensure_ascii=False, indent=1))


# --- the steps -----------------------------------------------------------------------------


def teacher_imports(page: Page, base_url: str, bank) -> None:
    log_in(page, base_url, TEACHER)
    page.locator("nav a[data-nav=question_banks]").click()
    expect(page.locator("main h1")).to_have_text("Ngân hàng câu hỏi")
    shoot(page, "01-bank-list")
    page.get_by_role("link", name=bank.name).click()
    expect(page.locator("main h1")).to_have_text(bank.name)
    shoot(page, "02-bank")
    page.get_by_role("link", name="Nhập câu hỏi từ tệp").click()
    expect(page.locator("main h1")).to_have_text("Nhập câu hỏi")
    shoot(page, "03-import")
    page.get_by_label("Tệp câu hỏi").set_input_files(
        files=[{"name": FILE_NAME, "buffer": questions_docx(),
                "mimeType": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"}])
    page.get_by_role("button", name="Đọc tệp").click()

    # The preview: every question with its key, the formula drawn by KaTeX.
    expect(page.locator("main h1")).to_have_text(f"Nhập câu hỏi: {FILE_NAME}")
    rows = page.locator(".import-row")
    expect(rows).to_have_count(7, timeout=60_000)
    expect(page.locator(".import-problems")).to_have_count(0)
    expect(page.locator(".question-stem .katex")).to_have_count(1)
    assert rows.nth(4).locator(".question-stem annotation").text_content() == "2^3 + (-5)"
    expect(rows.nth(4).locator(".is-key")).to_have_text("B. 3 (đúng)")
    expect(rows.nth(6).locator(".question-statements tbody tr")).to_have_count(4)
    expect(rows.nth(6).locator(".question-statements .key-mark")).to_have_text(["Đúng", "Sai", "Đúng", "Sai"])
    expect(page.locator("input[name=chosen]:checked")).to_have_count(7)
    assert_accessible(page)
    shoot(page, "04-import-preview")
    page.get_by_role("textbox", name="Chủ đề / bài").fill(TOPIC)
    page.get_by_role("button", name="Lưu và gửi thẩm định").click()
    # Saved by a task (repository.save_question_import): with a worker, the import page shows
    # "Đang lưu…" and reloads once it is done; tests run it as the choice's request commits
    # (tests/conftest.py: PROCESS_IN_BACKGROUND off), so the page shows the outcome at once.
    expect(page.locator("main h1")).to_have_text(f"Nhập câu hỏi: {FILE_NAME}")
    expect(page.locator("[data-saved]")).to_have_text("7 câu hỏi đã được lưu và gửi tổ chuyên môn thẩm định.")
    shoot(page, "04-import-saved")
    page.get_by_role("link", name=f"Mở ngân hàng “{bank.name}”").click()
    expect(page.locator("main h1")).to_have_text(bank.name)


def reviewer_approves_the_batch(page: Page, base_url: str) -> None:
    log_in(page, base_url, REVIEWER)
    page.locator("nav a[data-nav=review_queue]").click()
    page.locator("[data-batch-review]").click()
    expect(page.locator("main h1")).to_have_text("Câu hỏi chờ thẩm định")
    items = page.locator(".review-item")
    expect(items).to_have_count(7)
    expect(page.locator(".review-item .question-stem .katex")).to_have_count(1)
    assert_accessible(page)
    shoot(page, "05-batch-review")
    page.get_by_role("button", name="Duyệt tất cả").click()
    expect(page.get_by_role("radio", name="Duyệt", exact=True)).to_have_count(7)
    for radio in page.get_by_role("radio", name="Duyệt", exact=True).all():
        expect(radio).to_be_checked()
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    expect(page.locator(".messages")).to_have_text("Đã duyệt 7 câu, trả lại 0 câu.")
    expect(page.locator(".review-item")).to_have_count(0)


def teacher_writes_a_blueprint_and_draws_an_exam(page: Page, base_url: str, bank) -> None:
    page.goto(f"{base_url}/ngan-hang/{bank.pk}/")
    question = page.locator("[data-questions] a").filter(has_text="Giá trị của")
    expect(question).to_have_count(1)
    expect(page.locator("[data-questions] tbody tr[data-live='1']")).to_have_count(7)
    expect(page.locator("[data-questions] .katex")).to_have_count(1)  # the formula of a question's title
    shoot(page, "02-bank-approved")
    question.click()
    expect(page.locator(".question-stem .katex")).to_have_count(1)
    expect(page.locator("main h1 .katex")).to_have_count(1)
    shoot(page, "06-question")
    page.go_back()
    page.get_by_role("link", name="Xuất câu hỏi").click()
    expect(page.locator("main h1")).to_have_text("Xuất câu hỏi")
    shoot(page, "07-export")
    page.go_back()

    page.get_by_role("link", name="Ma trận và đề kiểm tra").click()
    expect(page.locator("#topic-0")).to_have_value(TOPIC)  # the approved questions' topic
    expect(page.locator("tbody tr").first.locator("[data-available]")).to_have_text(
        ["4 câu đã duyệt trong ngân hàng", "2 câu đã duyệt trong ngân hàng", "1 câu đã duyệt trong ngân hàng"])
    page.locator("#bp-name").fill("Giữa kì I – Toán 6")
    for c, (count, points, share) in enumerate([("3", "1", "30"), ("2", "2", "40"), ("1", "3", "30")]):
        page.locator(f"#count-0-{c}").fill(count)
        page.locator(f"#points-0-{c}").fill(points)
        page.locator(f"#share-{c}").fill(share)
    assert_accessible(page)
    shoot(page, "08-blueprint-editor")
    page.get_by_role("button", name="Lưu ma trận").click()
    expect(page.locator(".messages")).to_have_text("Đã lưu ma trận “Giữa kì I – Toán 6”.")
    expect(page.locator("[data-blueprint] tfoot")).to_contain_text("10")
    assert_accessible(page)
    shoot(page, "09-blueprint")

    page.get_by_label("Tiêu đề").fill(EXAM_TITLE)
    page.get_by_label("Số mã đề").fill("2")
    page.get_by_role("button", name="Tạo đề").click()
    expect(page.locator("main h1")).to_have_text(EXAM_TITLE)
    expect(page.locator(".exam-items > li")).to_have_count(6)
    expect(page.locator(".exam-items .question-stem .katex")).to_have_count(1)
    expect(page.locator(".exam-items .swap-form")).to_have_count(3)  # the fourth "Biết" question could come in
    assert_accessible(page)
    shoot(page, "10-exam")


def teacher_downloads_and_publishes(page: Page) -> None:
    for code in ("101", "102"):
        with page.expect_download() as download:
            page.locator(f"[data-variant='{code}']").click()
        assert download.value.suggested_filename.endswith(f"-ma-{code}.docx")
        paper = docx.Document(download.value.path())
        text = "\n".join(p.text for p in paper.paragraphs)
        assert f"Mã đề: {code}" in text, text[:400]
        assert GROUP_STEM in text and "Nhiệt độ buổi trưa là" in text  # the only ones of their cells

    page.get_by_role("checkbox", name="6A").check()
    page.get_by_role("button", name="Xuất bản thành bài luyện tập trực tuyến").click()
    expect(page.locator(".messages")).to_have_text(
        "Đề đã được xuất bản thành bài luyện tập trực tuyến cho các lớp đã chọn.")
    expect(page.locator("[data-quiz]")).to_be_visible()


def student_takes_the_quiz(page: Page, base_url: str) -> None:
    log_in(page, base_url, STUDENT)
    page.locator("nav a[data-nav=my_quizzes]").click()
    expect(page.locator("main h1")).to_have_text("Bài luyện tập của em")
    assert_no_horizontal_scroll(page)
    shoot(page, "11-my-quizzes")
    page.get_by_role("link", name=EXAM_TITLE).click()
    page.get_by_role("button", name="Bắt đầu làm bài").focus()
    page.keyboard.press("Enter")
    items = page.locator(".quiz-item")
    expect(items).to_have_count(6)
    expect(page.locator(".quiz-item .q-stem .katex")).to_have_count(1)

    # Each question found by its words (the quiz shuffles questions and options); a radio
    # group entered, Space on its first option, the arrow keys down to the right one.
    for item in items.all():
        stem = item.locator(".q-stem").inner_text()
        if GROUP_STEM in stem:
            for statement in item.locator(".q-statement").all():
                truth = STATEMENTS[statement.locator("legend .quiz-text").inner_text().strip()]
                statement.locator("input[value=true]").focus()
                page.keyboard.press("Space" if truth else "ArrowRight")
                expect(statement.locator(f"input[value={'true' if truth else 'false'}]")).to_be_checked()
            continue
        right = next(text for words, text in RIGHT.items() if words in stem)
        options = [text.strip() for text in item.locator(".q-option .q-text").all_inner_texts()]
        item.locator("input[type=radio]").first.focus()
        page.keyboard.press("Space")
        for _ in range(options.index(right)):
            page.keyboard.press("ArrowDown")
        expect(item.locator(".q-option").nth(options.index(right)).locator("input")).to_be_checked()

    page.get_by_role("button", name="Nộp bài").focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog", name="Nộp bài?")
    expect(dialog).to_contain_text("Bạn đã trả lời tất cả các câu.")
    dialog.get_by_role("button", name="Nộp bài").focus()
    page.keyboard.press("Enter")
    expect(page.locator("main h1")).to_have_text(f"Kết quả: {EXAM_TITLE}")
    expect(page.locator(".quiz-score")).to_have_text("Điểm: 10 / 10")
    assert_no_horizontal_scroll(page)
    page.locator("nav a[data-nav=my_quizzes]").click()
    expect(page.locator("[data-last-score]")).to_have_text("Điểm: 10 / 10")
    shoot(page, "12-my-quizzes-done")


# --- the flow ------------------------------------------------------------------------------


def test_a_word_file_becomes_reviewed_questions_an_exam_and_a_quiz(demo_district, new_page, platform_url):
    from lms.quiz.models import Attempt
    from repository.models import Exam, Question

    bank = make_bank(demo_district)
    teacher = new_page()
    teacher_imports(teacher, platform_url, bank)
    assert list(Question.objects.filter(bank=bank).values_list("topic", "cognitive_level").order_by("pk")) == [
        (TOPIC, "Biết")] * 4 + [(TOPIC, "Hiểu"), (TOPIC, "Vận dụng"), (TOPIC, "Hiểu")]

    reviewer_approves_the_batch(new_page(), platform_url)
    assert Question.objects.filter(bank=bank, live=True).count() == 7

    teacher_writes_a_blueprint_and_draws_an_exam(teacher, platform_url, bank)
    teacher_downloads_and_publishes(teacher)
    exam = Exam.objects.get(bank=bank)
    assert exam.quiz_id and len(exam.items) == 6

    student_takes_the_quiz(new_page(**PHONE), platform_url)
    attempt = Attempt.objects.get(quiz_id=exam.quiz_id, user__username=STUDENT)
    assert (attempt.state, attempt.score, attempt.max_score) == ("graded", 10.0, 10.0)
