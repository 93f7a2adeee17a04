"""lms.quiz services with the database: publishing, the quiz's rules on starting, autosave,
submitting (objective items graded, essays queued), expiry, grading essays, statistics."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lms.quiz import access, selectors, services
from lms.quiz.models import Answer, Attempt, QuizItem
from quizzes import CLOZE, ESSAY, GROUP, MATCHING, RIGHT, SINGLE, granted, make_quiz, make_student

pytestmark = pytest.mark.django_db


@pytest.fixture
def student():
    return make_student("hs.an", "Nguyễn Văn An")


@pytest.fixture
def teacher():
    return make_student("gv.binh", "Trần Thị Bình")


def items_of(quiz):
    return list(quiz.items.order_by("position"))


def answer_all_right(attempt):
    items = items_of(attempt.quiz)
    services.save_answers(attempt, {item.pk: response for item, response in zip(items, RIGHT)})


# --- publishing -----------------------------------------------------------------------------


def test_a_quiz_is_published_with_a_snapshot_of_each_question(teacher):
    content = dict(SINGLE)
    quiz = services.create_quiz(title="Đề 1", owner=teacher, source=teacher, items=[
        {"content": content, "points": 0.25, "label": "Câu 1", "group_key": "p1", "passage": "Đọc đoạn văn",
         "media": {"hinh1.png": "/ngan-hang/anh/1/"}},
        {"content": ESSAY, "points": 2},
    ], time_limit_minutes=15, attempts_allowed=2, shuffle=True)
    content["stem"] = "changed afterwards"
    first, second = items_of(quiz)
    assert (first.position, first.points, first.content["stem"], first.group_key, first.media) == (
        1, 0.25, SINGLE["stem"], "p1", {"hinh1.png": "/ngan-hang/anh/1/"})
    assert (second.position, second.points, second.kind) == (2, 2.0, "essay")
    assert (quiz.source_type.model, quiz.source_id, quiz.source_label) == ("user", str(teacher.pk), str(teacher))
    assert (quiz.time_limit_minutes, quiz.attempts_allowed, quiz.shuffle) == (15, 2, True)


@pytest.mark.parametrize("items, quiz_settings", [
    ([], {}),
    ([{"content": {"kind": "drawing"}}], {}),
    ([{"content": SINGLE, "points": -1}], {}),
    ([{"content": SINGLE, "colour": "red"}], {}),
    ([{"content": SINGLE}], {"time_limit_minutes": 0}),
    ([{"content": SINGLE}], {"attempts_allowed": 0}),
    ([{"content": SINGLE}], {"password": "x"}),
])
def test_a_quiz_that_cannot_be_taken_is_not_published(items, quiz_settings):
    with pytest.raises((ValueError, TypeError)):
        services.create_quiz(title="Đề", items=items, **quiz_settings)
    assert not QuizItem.objects.exists()


# --- access: deny by default ----------------------------------------------------------------


def test_nobody_takes_or_reads_a_quiz_without_a_policy_but_its_owner_reads_it(student, teacher):
    quiz = make_quiz(owner=teacher)
    assert not access.may_take(student, quiz) and not access.may_read_results(student, quiz)
    assert not access.may_take(teacher, quiz) and access.may_read_results(teacher, quiz)
    with granted(takers={"hs.an"}):
        assert access.may_take(student, quiz) and not access.may_read_results(student, quiz)
    assert not access.may_take(student, quiz)
    student.is_active = False
    with granted(takers={"hs.an"}):
        assert not access.may_take(student, quiz)


# --- starting -------------------------------------------------------------------------------


def test_start_resumes_the_attempt_in_progress(student):
    quiz = make_quiz()
    first = services.start(student, quiz)
    assert services.start(student, quiz).pk == first.pk
    assert (first.number, first.state, first.deadline, first.max_score) == (1, "in_progress", None, 9.0)


def test_attempts_allowed(student):
    quiz = make_quiz(attempts_allowed=2)
    for _ in range(2):
        services.submit(services.start(student, quiz))
    with pytest.raises(services.Refused) as refused:
        services.start(student, quiz)
    assert str(refused.value) == "Bạn đã dùng hết số lần làm bài cho phép (2)."
    assert Attempt.objects.filter(quiz=quiz, user=student).count() == 2


def test_unlimited_attempts_are_numbered(student):
    quiz = make_quiz(attempts_allowed=None)
    numbers = [services.submit(services.start(student, quiz)).number for _ in range(3)]
    assert numbers == [1, 2, 3]


def test_the_quiz_s_window(student):
    now = timezone.now()
    later = make_quiz(opens_at=now + timedelta(hours=1), closes_at=now + timedelta(hours=2))
    with pytest.raises(services.Refused) as refused:
        services.start(student, later, now)
    assert str(refused.value).startswith("Bài kiểm tra này mở lúc ")
    closed = make_quiz(closes_at=now - timedelta(minutes=1))
    with pytest.raises(services.Refused) as refused:
        services.start(student, closed, now)
    assert str(refused.value).startswith("Bài kiểm tra này đã đóng lúc ")
    assert not Attempt.objects.exists()


def test_the_deadline_is_the_time_limit_or_the_close_whichever_first(student):
    now = timezone.now()
    timed = make_quiz(time_limit_minutes=15, closes_at=now + timedelta(hours=1))
    assert services.start(student, timed, now).deadline == now + timedelta(minutes=15)
    closing = make_quiz(time_limit_minutes=45, closes_at=now + timedelta(minutes=10))
    assert services.start(student, closing, now).deadline == now + timedelta(minutes=10)


def test_shuffling_keeps_groups_together_and_fixed_options_in_place(student):
    contents = [SINGLE, MATCHING, GROUP, CLOZE, ESSAY, SINGLE]
    quiz = services.create_quiz(title="Đề", shuffle=True, items=[
        {"content": c, "group_key": "doan" if i in (2, 3) else ""} for i, c in enumerate(contents)])
    items = items_of(quiz)
    orders = set()
    for n in range(8):
        user = make_student(f"hs.{n}", f"Học sinh {n}")
        attempt = services.start(user, quiz)
        order = attempt.layout["items"]
        assert sorted(order) == sorted(i.pk for i in items)
        at = order.index(items[2].pk)
        assert order[at + 1] == items[3].pk  # the shared passage's questions, together and in order
        for item in (items[0], items[5]):
            options = attempt.layout["options"][str(item.pk)]
            assert sorted(options) == [0, 1, 2, 3] and options[3] == 3  # "Cả A và B" stays last
        assert sorted(attempt.layout["choices"][str(items[1].pk)]) == sorted(
            ["Trung du và miền núi phía Bắc", "Đồng bằng sông Cửu Long", "Tây Nguyên"])
        orders.add(tuple(order))
    assert len(orders) > 1


# --- saving and submitting ---------------------------------------------------------------------


def test_autosave_keeps_the_latest_responses_only_while_in_progress(student):
    quiz = make_quiz()
    attempt = services.start(student, quiz)
    first = items_of(quiz)[0]
    assert services.save_answers(attempt, {first.pk: 0}) == 1
    assert services.save_answers(attempt, {first.pk: 0}) == 0
    assert services.save_answers(attempt, {first.pk: 1, 999_999: 2}) == 1
    assert list(Answer.objects.filter(attempt=attempt).values_list("item_id", "response", "fraction")) == [
        (first.pk, 1, None)]
    services.submit(attempt)
    with pytest.raises(services.Refused):
        services.save_answers(attempt, {first.pk: 0})
    assert Answer.objects.get(attempt=attempt, item=first).response == 1


def test_submit_grades_objective_items_and_queues_the_essay(student):
    quiz = make_quiz(points=[0.25, 0.25, 0.25, 1, 0.5, 0.5, 1, 1, 2])
    attempt = services.start(student, quiz)
    answer_all_right(attempt)
    essay = items_of(quiz)[-1]
    services.save_answers(attempt, {essay.pk: "Tính Δ = b² − 4ac rồi xét dấu."})
    services.submit(attempt)
    attempt.refresh_from_db()
    assert (attempt.state, attempt.score, attempt.max_score, attempt.expired) == ("submitted", 4.75, 6.75, False)
    answers = {a.item_id: a for a in attempt.answers.all()}
    assert len(answers) == 9
    assert answers[essay.pk].needs_hand and answers[essay.pk].points == 0
    assert all(a.fraction == 1 for pk, a in answers.items() if pk != essay.pk)
    assert services.submit(attempt).state == "submitted"  # twice: nothing changes


def test_unanswered_items_earn_nothing_and_an_attempt_without_essays_is_graded(student):
    quiz = make_quiz(contents=[SINGLE, GROUP], points=[1, 1])
    attempt = services.start(student, quiz)
    services.save_answers(attempt, {items_of(quiz)[1].pk: [True, True, True, False]})  # 3 of 4
    services.submit(attempt)
    attempt.refresh_from_db()
    assert (attempt.state, attempt.score) == ("graded", 0.5)
    assert list(attempt.answers.order_by("item__position").values_list("response", "points")) == [
        (None, 0.0), ([True, True, True, False], 0.5)]


def test_an_overdue_attempt_is_submitted_with_what_was_saved_when_read(student):
    start = timezone.now() - timedelta(minutes=20)
    quiz = make_quiz(contents=[SINGLE], time_limit_minutes=10)
    attempt = services.start(student, quiz, start)
    services.save_answers(attempt, {items_of(quiz)[0].pk: 1}, start + timedelta(minutes=5))
    assert services.expire_overdue(Attempt.objects.filter(quiz=quiz)) == 1
    attempt.refresh_from_db()
    assert (attempt.state, attempt.score, attempt.expired, attempt.submitted) == (
        "graded", 1.0, True, start + timedelta(minutes=10))


def test_a_save_within_the_grace_is_taken_and_after_it_refused(student):
    start = timezone.now()
    quiz = make_quiz(contents=[SINGLE], time_limit_minutes=10)
    attempt = services.start(student, quiz, start)
    item = items_of(quiz)[0]
    services.save_answers(attempt, {item.pk: 1}, start + timedelta(minutes=10, seconds=services.GRACE_SECONDS - 1))
    with pytest.raises(services.Refused) as refused:
        services.save_answers(attempt, {item.pk: 0}, start + timedelta(minutes=10, seconds=services.GRACE_SECONDS + 1))
    assert str(refused.value) == "Đã hết giờ: các câu trả lời đã lưu trước đó đã được nộp."
    attempt.refresh_from_db()
    assert (attempt.state, attempt.score, attempt.expired) == ("graded", 1.0, True)


def test_starting_again_after_the_time_ran_out_makes_a_new_attempt(student):
    start = timezone.now() - timedelta(hours=1)
    quiz = make_quiz(contents=[SINGLE], time_limit_minutes=5, attempts_allowed=2)
    first = services.start(student, quiz, start)
    second = services.start(student, quiz)
    first.refresh_from_db()
    assert (first.state, first.expired, second.number) == ("graded", True, 2)


# --- essays ------------------------------------------------------------------------------------


def test_a_teacher_grades_the_essay_and_the_attempt_is_graded(student, teacher):
    quiz = make_quiz(contents=[SINGLE, ESSAY], points=[1, 2])
    attempt = services.start(student, quiz)
    single, essay = items_of(quiz)
    services.save_answers(attempt, {single.pk: 1, essay.pk: "Bài làm"})
    services.submit(attempt)
    answer = Answer.objects.get(attempt=attempt, item=essay)
    with pytest.raises(services.Refused) as refused:
        services.grade_by_hand(answer, teacher, 2.5)
    assert str(refused.value) == "Hãy cho từ 0 đến 2 điểm."
    services.grade_by_hand(answer, teacher, 1.5, "Thiếu ví dụ.")
    attempt.refresh_from_db()
    answer.refresh_from_db()
    assert (attempt.state, attempt.score) == ("graded", 2.5)
    assert (answer.points, answer.fraction, answer.needs_hand, answer.graded_by, answer.comment) == (
        1.5, 0.75, False, teacher, "Thiếu ví dụ.")
    services.grade_by_hand(answer, teacher, 2)  # changed afterwards
    attempt.refresh_from_db()
    assert attempt.score == 3.0


def test_an_objective_answer_or_an_attempt_in_progress_is_not_graded_by_hand(student, teacher):
    quiz = make_quiz(contents=[SINGLE, ESSAY])
    attempt = services.start(student, quiz)
    single, essay = items_of(quiz)
    services.save_answers(attempt, {single.pk: 1, essay.pk: "Bài làm"})
    with pytest.raises(services.Refused):
        services.grade_by_hand(Answer.objects.get(attempt=attempt, item=essay), teacher, 1)
    services.submit(attempt)
    with pytest.raises(services.Refused):
        services.grade_by_hand(Answer.objects.get(attempt=attempt, item=single), teacher, 0)
    assert Answer.objects.get(attempt=attempt, item=single).points == 1.0


# --- reads ---------------------------------------------------------------------------------------


def test_statistics_use_each_student_s_first_submitted_attempt(teacher):
    quiz = make_quiz(contents=[SINGLE, ESSAY], points=[1, 1])
    single, essay = items_of(quiz)
    for n, (choice, again) in enumerate([(1, None), (1, None), (0, 1), (2, None)]):
        user = make_student(f"hs.{n}", f"Học sinh {n}")
        attempt = services.start(user, quiz)
        services.save_answers(attempt, {single.pk: choice, essay.pk: "x"})
        services.submit(attempt)
        if again is not None:  # a second attempt, better, is not counted
            retry = services.start(user, quiz)
            services.save_answers(retry, {single.pk: again})
            services.submit(retry)
    rows = selectors.item_statistics(quiz)
    assert [(r.stats.attempts, r.stats.difficulty) for r in rows] == [(4, 0.5), (0, None)]
    assert rows[0].distribution == [("A", 1, False), ("B", 2, True), ("C", 1, False), ("D", 0, False)]
    assert rows[0].stats.discrimination == 1.0
    assert selectors.summary(quiz).pending == 4
