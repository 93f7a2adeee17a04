"""The quiz pages through the test client on the demo district: a student takes a quiz,
submits it and sees the score; another student is told it does not exist; the teacher
reads the results by class with the item statistics and grades the essay; bad input is
refused with the reason and nothing lost; every URL of the quiz answers each role as the
table says; the pages are Vietnamese."""

import json
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver
from django.utils import timezone

from lms.quiz import responses, services
from lms.quiz.models import Answer, Attempt
from quizzes import RIGHT, form_data, granted, make_quiz
from test_vietnamese_pages import ENGLISH_BROWSER, english_on

STUDENT, OTHER_STUDENT, TEACHER, OFFICER = "hocsinh.6a", "hocsinh.5a", "giaovien.toan", "chuyenvien"
ESSAY_TEXT = "Tính Δ = b² − 4ac, rồi xét dấu của Δ."


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def quiz(demo):
    teacher = demo.user(TEACHER)
    with granted(takers={STUDENT}, readers={OFFICER}):
        yield make_quiz(owner=teacher, points=[0.25, 0.25, 0.25, 1, 0.5, 0.5, 1, 1, 2], attempts_allowed=2)


def items_of(quiz):
    return list(quiz.items.order_by("position"))


def take(client, quiz, answers, confirm=True):
    """Start, then send the whole form as the page does; the result's response."""
    response = client.post(reverse("quiz:start", args=[quiz.pk]))
    assert response.status_code == 302
    attempt = Attempt.objects.filter(quiz=quiz).latest("pk")
    assert response["Location"] == reverse("quiz:attempt", args=[attempt.pk])
    data = form_data(items_of(quiz), answers)
    if confirm:
        data["confirmed"] = "1"
    return attempt, client.post(reverse("quiz:submit", args=[attempt.pk]), data)


# --- the student -----------------------------------------------------------------------------


def test_a_student_takes_the_quiz_submits_and_sees_the_score(demo, quiz):
    client = client_for(demo.user(STUDENT))
    page = client.get(reverse("quiz:detail", args=[quiz.pk])).content.decode()
    assert "Làm bài" in page and 'data-action="start"' in page
    client.post(reverse("quiz:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz)
    page = client.get(reverse("quiz:attempt", args=[attempt.pk])).content.decode()
    items = items_of(quiz)
    assert page.count('<fieldset class="quiz-item"') == 9
    assert "Nghiệm của phương trình \\(x^2 = 4\\) với \\(x &gt; 0\\) là" in page  # plain text escaped, LaTeX kept
    assert f'<input type="radio" id="q{items[0].pk}-1" name="q{items[0].pk}" value="1">' in page
    assert f'<select class="blank" name="q{items[7].pk}-1" id="q{items[7].pk}-1" aria-label="Chỗ trống 2">' in page
    assert 'src="/static/vendor/katex/auto-render.min.js"' in page

    data = form_data(items, RIGHT + [ESSAY_TEXT])
    confirm = client.post(reverse("quiz:submit", args=[attempt.pk]), data)
    assert confirm.status_code == 200
    assert "Bạn đã trả lời tất cả các câu." in confirm.content.decode()
    attempt.refresh_from_db()
    assert attempt.state == "in_progress"  # saved, not submitted
    assert Answer.objects.get(attempt=attempt, item=items[8]).response == ESSAY_TEXT

    done = client.post(reverse("quiz:submit", args=[attempt.pk]), {"confirmed": "1", "only_submit": "1"})
    assert done.status_code == 302 and done["Location"] == reverse("quiz:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert (attempt.state, attempt.score, attempt.max_score) == ("submitted", 4.75, 6.75)
    result = client.get(done["Location"]).content.decode()
    assert re.search(r"Điểm: <strong>4,75 / 6,75</strong>", result)
    assert "1 câu trả lời đang chờ giáo viên chấm" in result
    assert result.count('data-state="right"') == 8 and result.count('data-state="pending"') == 1
    assert "Đúng: \\(2^2 = 4\\)" in result  # the chosen option's feedback (the quiz shows feedback)


def test_a_wrong_answer_is_marked_and_the_right_one_shown(demo, quiz):
    client = client_for(demo.user(STUDENT))
    attempt, done = take(client, quiz, [0, [0, 1], False])
    result = client.get(done["Location"]).content.decode()
    assert result.count('data-state="wrong"') == 3 and result.count('data-state="unanswered"') == 6
    assert "✗ bạn chọn, sai" in result and "đáp án đúng" in result
    assert "Thử lại: \\(1^2 = 1\\)" in result


def test_without_feedback_the_student_sees_the_score_not_the_answers(demo, quiz):
    quiz.show_feedback = False
    quiz.save()
    client = client_for(demo.user(STUDENT))
    _attempt, done = take(client, quiz, [0])
    result = client.get(done["Location"]).content.decode()
    assert "Điểm: <strong>0 / 6,75</strong>" in result
    assert "đáp án đúng" not in result and "Thử lại" not in result and "Dùng biệt thức" not in result


def test_autosave_answers_in_json_and_refuses_once_submitted(demo, quiz):
    client = client_for(demo.user(STUDENT))
    client.post(reverse("quiz:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz)
    first = items_of(quiz)[0]
    url = reverse("quiz:save", args=[attempt.pk])
    saved = client.post(url, {f"q{first.pk}": "2"}, HTTP_ACCEPT="application/json")
    assert saved.status_code == 200 and saved.json()["saved"] is True
    assert Answer.objects.get(attempt=attempt, item=first).response == 2
    services.submit(attempt)
    late = client.post(url, {f"q{first.pk}": "1"}, HTTP_ACCEPT="application/json")
    assert late.status_code == 409
    assert late.json() == {"saved": False, "result_url": reverse("quiz:result", args=[attempt.pk]),
                           "message": "Bài làm này đã nộp: không thể sửa câu trả lời nữa."}
    assert Answer.objects.get(attempt=attempt, item=first).response == 2


def test_the_plain_save_button_saves_and_comes_back(demo, quiz):
    client = client_for(demo.user(STUDENT))
    client.post(reverse("quiz:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz)
    response = client.post(reverse("quiz:save", args=[attempt.pk]), form_data(items_of(quiz), RIGHT[:2]), follow=True)
    assert response.redirect_chain == [(reverse("quiz:attempt", args=[attempt.pk]), 302)]
    page = response.content.decode()
    assert "Đã lưu các câu trả lời của bạn." in page
    assert f'name="q{items_of(quiz)[0].pk}" value="1" checked' in page


def test_an_essay_too_long_is_refused_and_the_page_keeps_everything_typed(demo, quiz):
    client = client_for(demo.user(STUDENT))
    client.post(reverse("quiz:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz)
    items = items_of(quiz)
    long_text = "Bài làm rất dài. " * 2000
    data = form_data(items, RIGHT + [long_text])
    response = client.post(reverse("quiz:submit", args=[attempt.pk]), {**data, "confirmed": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert (f"Câu trả lời câu 9 dài hơn {responses.MAX_ESSAY} ký tự: hãy rút gọn rồi lưu lại." in page)
    assert long_text.strip() in page and 'value="đồng nai"' in page
    attempt.refresh_from_db()
    assert attempt.state == "in_progress" and not attempt.answers.exists()


def test_attempts_allowed_are_kept_on_the_page(demo, quiz):
    client = client_for(demo.user(STUDENT))
    take(client, quiz, [1])
    take(client, quiz, [1])
    refused = client.post(reverse("quiz:start", args=[quiz.pk]))
    assert refused.status_code == 409
    assert "Bạn đã dùng hết số lần làm bài cho phép (2)." in refused.content.decode()
    assert Attempt.objects.filter(quiz=quiz).count() == 2


def test_a_timed_attempt_shows_the_countdown_and_is_submitted_when_its_time_ran_out(demo, quiz):
    quiz.time_limit_minutes = 15
    quiz.save()
    student = demo.user(STUDENT)
    client = client_for(student)
    client.post(reverse("quiz:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz)
    page = client.get(reverse("quiz:attempt", args=[attempt.pk])).content.decode()
    assert re.search(r'role="timer" aria-labelledby="quiz-timer-label" data-remaining="(899|900)">1[45]:[0-9]{2}<', page)
    Attempt.objects.filter(pk=attempt.pk).update(started=timezone.now() - timedelta(minutes=20),
                                                 deadline=timezone.now() - timedelta(minutes=5))
    response = client.get(reverse("quiz:attempt", args=[attempt.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("quiz:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert (attempt.state, attempt.expired) == ("graded", True)


# --- others ------------------------------------------------------------------------------------


def test_another_student_is_told_nothing_exists(demo, quiz):
    attempt, _done = take(client_for(demo.user(STUDENT)), quiz, RIGHT)
    other = client_for(demo.user(OTHER_STUDENT))
    assert other.get(reverse("quiz:detail", args=[quiz.pk])).status_code == 404
    assert other.post(reverse("quiz:start", args=[quiz.pk])).status_code == 404
    assert other.get(reverse("quiz:result", args=[attempt.pk])).status_code == 404
    assert other.get(reverse("quiz:results", args=[quiz.pk])).status_code == 404
    assert Attempt.objects.filter(quiz=quiz).count() == 1


def test_the_teacher_reads_the_results_by_class_with_item_statistics(demo, quiz):
    take(client_for(demo.user(STUDENT)), quiz, RIGHT + [ESSAY_TEXT])
    page = client_for(demo.user(TEACHER)).get(reverse("quiz:results", args=[quiz.pk])).content.decode()
    assert "Lớp 6A · Trường THCS Nguyễn Trãi" in page
    assert re.search(r'<tr data-student="hocsinh.6a" data-attempt="1">.*?data-score>4,75 / 6,75<', page, re.S)
    assert re.search(r'data-figure="pending">1<', page)
    first_row = re.search(r'<tr data-item="1">(.*?)</tr>', page, re.S).group(1)
    assert 'data-figure="difficulty">1,00<' in first_row and 'data-figure="answered">1/1<' in first_row
    assert "B: <span data-count>1</span>" in first_row
    # the officer reads through the registered policy; the student does not
    assert client_for(demo.user(OFFICER)).get(reverse("quiz:results", args=[quiz.pk])).status_code == 200
    assert client_for(demo.user(STUDENT)).get(reverse("quiz:results", args=[quiz.pk])).status_code == 404


def test_the_teacher_grades_the_essay_and_the_student_sees_it(demo, quiz):
    attempt, _done = take(client_for(demo.user(STUDENT)), quiz, RIGHT + [ESSAY_TEXT])
    answer = Answer.objects.get(attempt=attempt, needs_hand=True)
    teacher = client_for(demo.user(TEACHER))
    form = teacher.get(reverse("quiz:grade", args=[answer.pk])).content.decode()
    assert ESSAY_TEXT in form and "Dùng biệt thức Δ." in form and "1 điểm công thức, 1 điểm ví dụ." in form
    bad = teacher.post(reverse("quiz:grade", args=[answer.pk]), {"points": "hai", "comment": "Tốt"})
    assert bad.status_code == 400
    assert "Hãy viết điểm bằng số, ví dụ 1,5." in bad.content.decode() and ">Tốt</textarea>" in bad.content.decode()
    done = teacher.post(reverse("quiz:grade", args=[answer.pk]), {"points": "1,5", "comment": "Thiếu ví dụ."})
    assert done.status_code == 302 and done["Location"] == reverse("quiz:results", args=[quiz.pk])
    attempt.refresh_from_db()
    assert (attempt.state, attempt.score) == ("graded", 6.25)
    result = client_for(demo.user(STUDENT)).get(reverse("quiz:result", args=[attempt.pk])).content.decode()
    assert "Điểm: <strong>6,25 / 6,75</strong>" in result and "Thiếu ví dụ." in result
    assert "đang chờ" not in result
    assert client_for(demo.user(STUDENT)).get(reverse("quiz:grade", args=[answer.pk])).status_code == 404


# --- every URL, every role ------------------------------------------------------------------------

# url name → method → {role: outcome}. "ok": 200 or a redirect (not to log in); "login";
# else the status. The student takes the quiz (their attempt, "A"); the other student
# neither takes nor reads; the teacher owns it; the officer reads results by a policy.
WALK = {
    ("quiz:detail", "GET"): {"student": "ok", "other": "404", "teacher": "ok", "officer": "ok", "visitor": "login"},
    ("quiz:detail", "POST"): {"student": "405", "other": "405", "teacher": "405", "officer": "405", "visitor": "login"},
    ("quiz:start", "GET"): {"student": "405", "other": "405", "teacher": "405", "officer": "405", "visitor": "login"},
    ("quiz:start", "POST"): {"student": "ok", "other": "404", "teacher": "404", "officer": "404", "visitor": "login"},
    ("quiz:results", "GET"): {"student": "404", "other": "404", "teacher": "ok", "officer": "ok", "visitor": "login"},
    ("quiz:results", "POST"): {"student": "405", "other": "405", "teacher": "405", "officer": "405",
                               "visitor": "login"},
    ("quiz:attempt", "GET"): {"student": "ok", "other": "404", "teacher": "404", "officer": "404", "visitor": "login"},
    ("quiz:attempt", "POST"): {"student": "405", "other": "405", "teacher": "405", "officer": "405",
                               "visitor": "login"},
    ("quiz:save", "GET"): {"student": "405", "other": "405", "teacher": "405", "officer": "405", "visitor": "login"},
    ("quiz:save", "POST"): {"student": "ok", "other": "404", "teacher": "404", "officer": "404", "visitor": "login"},
    ("quiz:submit", "GET"): {"student": "405", "other": "405", "teacher": "405", "officer": "405", "visitor": "login"},
    ("quiz:submit", "POST"): {"student": "ok", "other": "404", "teacher": "404", "officer": "404", "visitor": "login"},
    ("quiz:result", "GET"): {"student": "ok", "other": "404", "teacher": "ok", "officer": "ok", "visitor": "login"},
    ("quiz:result", "POST"): {"student": "405", "other": "405", "teacher": "405", "officer": "405",
                              "visitor": "login"},
    ("quiz:grade", "GET"): {"student": "404", "other": "404", "teacher": "ok", "officer": "ok", "visitor": "login"},
    ("quiz:grade", "POST"): {"student": "404", "other": "404", "teacher": "400", "officer": "400", "visitor": "login"},
}
PEOPLE = {"student": STUDENT, "other": OTHER_STUDENT, "teacher": TEACHER, "officer": OFFICER, "visitor": None}


def quiz_url_names() -> set[str]:
    def walk(resolver, namespaces):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry, namespaces + ((entry.namespace,) if entry.namespace else ()))
            else:
                yield ":".join((*namespaces, entry.name or ""))

    return {name for name in walk(get_resolver(), ()) if name.startswith("quiz:")}


def test_every_quiz_url_is_classified():
    assert quiz_url_names() == {name for name, _method in WALK}


def _fingerprint():
    return json.dumps([list(Attempt.objects.order_by("pk").values_list("pk", "state", "score")),
                       list(Answer.objects.order_by("pk").values_list("pk", "response", "points", "comment"))],
                      default=str)


@pytest.mark.parametrize("role", list(PEOPLE))
def test_every_quiz_url_answers_each_role_as_the_table_says(demo, quiz, role):
    student = client_for(demo.user(STUDENT))
    submitted, _done = take(student, quiz, RIGHT + [ESSAY_TEXT])
    essay = Answer.objects.get(attempt=submitted, needs_hand=True)
    student.post(reverse("quiz:start", args=[quiz.pk]))
    taking = Attempt.objects.get(quiz=quiz, state="in_progress")  # the second attempt, in progress
    args = {"quiz:attempt": taking.pk, "quiz:save": taking.pk, "quiz:submit": taking.pk,
            "quiz:result": submitted.pk, "quiz:grade": essay.pk}
    username = PEOPLE[role]
    client = client_for(demo.user(username) if username else None)
    found, wrong = {}, []
    for (name, method), expected in WALK.items():
        url = reverse(name, args=[args.get(name, quiz.pk)])
        before = _fingerprint()
        response = client.get(url) if method == "GET" else client.post(url, {})
        if response.status_code == 302 and response["Location"].startswith(reverse("accounts:login")):
            got = "login"
        else:
            got = "ok" if response.status_code in (200, 302) else str(response.status_code)
        found[(name, method)] = got
        if got != expected[role]:
            wrong.append(f"{role} {method} {url} ({name}): {got}, expected {expected[role]}")
        if method == "POST" and got != "ok" and _fingerprint() != before:
            wrong.append(f"{role} {method} {url} ({name}): refused, yet something changed")
    assert not wrong, "\n".join(wrong)


# --- Vietnamese ------------------------------------------------------------------------------------


def test_the_quiz_pages_are_vietnamese(demo, quiz):
    """Each page as an English browser asks for it: Vietnamese, no English message."""
    student, teacher = client_for(demo.user(STUDENT)), client_for(demo.user(TEACHER))
    found = {}

    def check(name, response):
        assert response.status_code == 200, name
        html = response.content.decode()
        assert 'lang="vi"' in html, name
        found[name] = english_on(html)

    check("detail", student.get(reverse("quiz:detail", args=[quiz.pk]), **ENGLISH_BROWSER))
    student.post(reverse("quiz:start", args=[quiz.pk]))
    attempt = Attempt.objects.get(quiz=quiz)
    check("attempt", student.get(reverse("quiz:attempt", args=[attempt.pk]), **ENGLISH_BROWSER))
    check("confirm", student.post(reverse("quiz:submit", args=[attempt.pk]),
                                  form_data(items_of(quiz), RIGHT[:3] + [None] * 5 + [ESSAY_TEXT]), **ENGLISH_BROWSER))
    student.post(reverse("quiz:submit", args=[attempt.pk]), {"confirmed": "1", "only_submit": "1"})
    check("result", student.get(reverse("quiz:result", args=[attempt.pk]), **ENGLISH_BROWSER))
    check("results", teacher.get(reverse("quiz:results", args=[quiz.pk]), **ENGLISH_BROWSER))
    check("teacher's result", teacher.get(reverse("quiz:result", args=[attempt.pk]), **ENGLISH_BROWSER))
    essay = Answer.objects.get(attempt=attempt, needs_hand=True)
    check("grade", teacher.get(reverse("quiz:grade", args=[essay.pk]), **ENGLISH_BROWSER))
    assert {name: texts for name, texts in found.items() if texts} == {}
