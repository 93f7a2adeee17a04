"""The demo's question banks (repository/questions/demo.py), as `manage.py seed_demo`
leaves them (the `demo_content` snapshot): a bank per teaching group with every question
type, a formula, a figure and, for Ngữ văn, a shared passage; most questions approved by
a reviewer of the group through the review workflow, some waiting, one sent back; an
exam drawn from the bank's blueprint whose variants generate; its practice quiz taken by
the class's students, with results and item statistics; seeding again adds nothing."""

import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from PIL import Image
from wagtail.models import Revision, TaskState, WorkflowState

from factories import client_for
from lms.accounts.models import User
from lms.notices.models import Notice
from lms.organisation.models import SchoolClass
from lms.permissions import holders
from lms.quiz import selectors as quiz_selectors
from lms.quiz.models import Answer, Attempt, Quiz
from repository.demo import seed_demo_content
from repository.models import Blueprint, Exam, Question, QuestionBank, QuestionPassage
from repository.permissions import REVIEWING_ROLES
from repository.questions import exam_services
from repository.questions import interchange as qi
from repository.questions.demo import DEMO_BANKS, NGU_VAN_6, TOAN_6, TOAN_10, seed_demo_questions
from repository.questions.exams import blueprint as blueprints

def bank_of(spec) -> QuestionBank:
    return QuestionBank.objects.get(subject_group__school__code=spec.school, subject_group__name=spec.group,
                                    name=spec.name)


def states_of(questions, status) -> list:
    return list(WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Question), status=status,
        object_id__in=[str(q.pk) for q in questions]))


def test_the_three_teaching_groups_have_a_bank_with_every_type(demo_content):
    assert [(s.school, s.group) for s in DEMO_BANKS] == [
        ("THCS-NT", "Tổ Toán – Tin"), ("THCS-NT", "Tổ Ngữ văn – Lịch sử – Địa lý"), ("THPT-LQD", "Tổ Toán")]
    for spec in DEMO_BANKS:
        bank = bank_of(spec)
        kinds = set(bank.questions.values_list("kind", flat=True))
        assert kinds == set(qi.KINDS), spec.name
        assert bank.created_by.username == spec.author and bank.grade.number == spec.grade
        assert bank.questions.count() == len(spec.published) + len(spec.waiting) + bool(spec.sent_back)
        stems = [q.content["stem"] for q in bank.questions.all()]
        assert all(stem.strip() for stem in stems)
    # formulas in LaTeX, in both Toán banks' stems
    for spec in (TOAN_6, TOAN_10):
        assert sum("\\(" in q.content["stem"] for q in bank_of(spec).questions.all()) >= 4


def test_the_toan_banks_show_a_figure_drawn_as_png(demo_content):
    for spec, size in ((TOAN_6, (320, 220)), (TOAN_10, (320, 220))):
        question = bank_of(spec).questions.get(media__isnull=False)
        media = question.media.get()
        assert (question.content["text_format"], media.mime) == ("html", "image/png")
        assert f'<img src="media:{media.name}" alt="{media.alt}">' in question.content["stem"]
        with media.file.open("rb") as f:
            image = Image.open(io.BytesIO(f.read()))
            assert (image.format, image.size) == ("PNG", size)
        assert question.live


def test_ngu_van_has_a_shared_passage_whose_questions_stay_together(demo_content):
    bank = bank_of(NGU_VAN_6)
    passage = QuestionPassage.objects.get(bank=bank)
    assert passage.title == "Thánh Gióng (trích)" and "sứ giả" in passage.text
    grouped = list(passage.questions.order_by("pk").values_list("kind", flat=True))
    assert grouped == [qi.SINGLE, qi.SHORT_TEXT, qi.TRUE_FALSE_GROUP, qi.ESSAY]
    exam = Exam.objects.get(bank=bank)
    drawn = {q.pk for q in passage.questions.all()}
    for variant in exam_services.exam_variants(exam):
        places = [n for n, item in enumerate(variant.items) if item.ref["question"] in drawn]
        assert len(places) == 4 and places == list(range(places[0], places[0] + 4))


def test_the_published_questions_were_approved_by_a_reviewer_of_their_group(demo_content):
    for spec in DEMO_BANKS:
        bank = bank_of(spec)
        group = bank.subject_group
        live = list(bank.questions.filter(live=True))
        assert len(live) == len(spec.published) and {q.owner.username for q in live} == {spec.author}
        approved = states_of(live, WorkflowState.STATUS_APPROVED)
        assert len(approved) == len(live)
        decisions = TaskState.objects.filter(workflow_state__in=approved, status=TaskState.STATUS_APPROVED)
        assert decisions.count() == len(live)
        deciders = {t.finished_by for t in decisions.select_related("finished_by")}
        assert deciders == {User.objects.get(username=spec.reviewer)}
        assert deciders <= set(holders(REVIEWING_ROLES, group))
        assert all(q.live_revision_id == q.latest_revision_id for q in live)

        waiting = list(bank.questions.filter(live=False))
        assert len(waiting) == len(spec.waiting) + bool(spec.sent_back)
        assert len(states_of(waiting, WorkflowState.STATUS_IN_PROGRESS)) == len(spec.waiting)
        assert {q.owner.username for q in waiting} == {spec.waiting_author}


def test_one_question_was_sent_back_with_the_reviewers_comment(demo_content):
    bank = bank_of(TOAN_6)
    returned = states_of(bank.questions.filter(live=False), WorkflowState.STATUS_NEEDS_CHANGES)
    assert len(returned) == 1
    decision = TaskState.objects.get(workflow_state=returned[0], status=TaskState.STATUS_REJECTED)
    assert (decision.finished_by.username, decision.comment) == ("totruong.toan", TOAN_6.sent_back[1])
    question = Question.objects.get(pk=returned[0].object_id)
    assert question.owner.username == "thamdinh.toan"
    notice = Notice.objects.get(recipient__username="thamdinh.toan", kind="repository.sent_back")
    assert (notice.title, notice.detail) == (question.title, TOAN_6.sent_back[1])
    for spec in (NGU_VAN_6, TOAN_10):
        assert not states_of(bank_of(spec).questions.all(), WorkflowState.STATUS_NEEDS_CHANGES)


def test_each_exam_fills_its_blueprint_and_its_variants_generate(demo_content):
    for spec in DEMO_BANKS:
        bank = bank_of(spec)
        blueprint = Blueprint.objects.get(bank=bank)
        plan = blueprints.from_json(blueprint.spec)
        assert blueprints.check(plan) == [] and plan.total_points == 10
        exam = Exam.objects.get(bank=bank, blueprint=blueprint)
        assert exam.title == spec.exam_title
        live = dict(bank.questions.filter(live=True).values_list("pk", "live_revision_id"))
        assert {i["question"]: i["revision"] for i in exam.items} == live  # every approved one, as approved
        assert sum(i["points"] for i in exam.items) == pytest.approx(10)
        variants = exam_services.exam_variants(exam)
        assert [v.code for v in variants] == ["101", "102", "103", "104"]
        for variant in variants:
            assert sorted(i.ref["question"] for i in variant.items) == sorted(live)
        assert len({tuple(i.ref["question"] for i in v.items) for v in variants}) > 1  # shuffled


def test_each_quiz_was_taken_by_the_class_and_has_statistics(demo_content):
    for spec in DEMO_BANKS:
        exam = Exam.objects.get(bank=bank_of(spec))
        quiz = Quiz.objects.get(pk=exam.quiz_id)
        assert exam.quiz_classes == [SchoolClass.objects.get(
            school__code=spec.school, name=spec.school_class, school_year__is_current=True).pk]
        assert (quiz.title, quiz.owner.username, quiz.attempts_allowed) == (spec.exam_title, spec.author, None)
        attempts = Attempt.objects.filter(quiz=quiz).order_by("user__username")
        assert [(a.user.username, a.state) for a in attempts] == [
            (spec.students[0], "graded"), (spec.students[1], "submitted"), (spec.students[2], "submitted")]
        assert all(a.user.school_class.name == spec.school_class for a in attempts)
        scores = [a.score for a in attempts]  # the good student's, the average's, the struggling one's
        assert scores[0] > scores[2] > 0 and scores[1] > 0 and scores[0] < 10
        graded = Answer.objects.get(attempt=attempts[0], item__content__kind=qi.ESSAY)
        assert (graded.needs_hand, graded.graded_by.username, graded.fraction) == (False, spec.author, 1.0)
        assert Answer.objects.filter(attempt__quiz=quiz, needs_hand=True).count() == 2

        rows = quiz_selectors.item_statistics(quiz)
        assert len(rows) == quiz.items.count() == len(spec.published)
        for row in rows:
            if row.item.kind == qi.ESSAY:
                assert (row.stats.attempts, row.stats.difficulty) == (1, 1.0)
                continue
            assert row.stats.attempts == 3 and row.stats.discrimination is not None
            assert 0 <= row.stats.difficulty <= 1
        objective = [row.stats.difficulty for row in rows if row.item.kind != qi.ESSAY]
        assert min(objective) < 1 and max(objective) > 0
        assert any(count for row in rows for _label, count, _right in row.distribution)


def test_the_teacher_reads_the_results_and_the_students_find_their_quizzes(demo_content):
    exam = Exam.objects.get(bank=bank_of(TOAN_6))
    page = client_for(demo_content.user("giaovien.toan")).get(reverse("quiz:results", args=[exam.quiz_id]))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<dd data-figure="finished">3</dd>' in html and '<dd data-figure="pending">2</dd>' in html
    assert html.count('<tr data-student="hocsinh.6a.') == 3
    # the demo's own student of 6A has both quizzes of the school to take, the THPT's none
    mine = client_for(demo_content.user("hocsinh.6a")).get(reverse("questions:my_quizzes")).content.decode()
    assert TOAN_6.exam_title in mine and NGU_VAN_6.exam_title in mine and TOAN_10.exam_title not in mine


def test_seeding_again_adds_nothing(demo_content):
    def counts():
        return [model.objects.count() for model in (
            QuestionBank, Question, QuestionPassage, Revision, WorkflowState, TaskState, Blueprint, Exam, Quiz,
            Attempt, Answer, User, Notice)]

    before = counts()
    assert seed_demo_questions() == 0
    assert seed_demo_content() == 0
    assert counts() == before
