"""Exams drawn from a bank: a blueprint saved when its numbers add up, the approved
questions drawn at their published version (a later edit does not change the exam),
cells that cannot be filled named, a question swapped, variants from the seed."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from factories import approve_group_stage, make_bank, make_question
from repository.models import Exam
from repository.questions import exam_services
from repository.questions.exams import blueprint as bp


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def spec(count_know=2, count_understand=1):
    return bp.Blueprint(
        levels=["Biết", "Hiểu", "Vận dụng"], topics=["Số tự nhiên"],
        cells=[bp.Cell("Số tự nhiên", "Biết", count_know, 2.0), bp.Cell("Số tự nhiên", "Hiểu", count_understand, 3.0),
               bp.Cell("Số tự nhiên", "Vận dụng", 1, 3.0)],
        shares={"Biết": 40, "Hiểu": 30, "Vận dụng": 30}, total_points=10)


@pytest.fixture
def bank(demo):
    bank = make_bank(demo)
    for n, level in enumerate(["Biết", "Biết", "Biết", "Hiểu", "Vận dụng"]):
        make_question(bank, f"Câu {n}: \\(x + {n}\\)", topic="Số tự nhiên", cognitive_level=level)
    make_question(bank, "Chưa duyệt", topic="Số tự nhiên", cognitive_level="Hiểu", state="in_review")
    return bank


def test_blueprint_saved_only_when_it_adds_up(demo, bank):
    author = bank.created_by
    row = exam_services.blueprint_save(user=author, bank=bank, name="Kiểm tra 15 phút", spec=spec())
    assert bp.from_json(row.spec).cells[0].count == 2
    with pytest.raises(ValidationError) as refused:
        exam_services.blueprint_save(user=author, bank=bank, name="Sai", spec=spec(count_know=3))
    assert any("Biết" in m for m in refused.value.messages)


def test_exam_drawn_at_published_versions_and_variants(demo, bank):
    author = bank.created_by
    row = exam_services.blueprint_save(user=author, bank=bank, name="Kiểm tra", spec=spec())
    exam = exam_services.exam_create(user=author, blueprint=row, title="Kiểm tra 15 phút", variant_count=3, seed="s1")
    assert len(exam.items) == 4 and {i["points"] for i in exam.items} == {2.0, 3.0}
    first = exam.items[0]
    variants = exam_services.exam_variants(exam)
    assert [v.code for v in variants] == ["101", "102", "103"]
    assert all(sorted(i.ref["question"] for i in v.items) == sorted(i["question"] for i in exam.items)
               for v in variants)
    assert [i.key for i in exam_services.exam_variants(exam)[0].items] == [i.key for i in variants[0].items]

    # The author edits a drawn question; once approved, the exam still prints the version drawn.
    question = type(bank.questions.first()).objects.get(pk=first["question"])
    stem_before = question.content["stem"]
    question.content = {**question.content, "stem": "Đã sửa"}
    question.save_revision(user=author)
    question.get_workflow().start(question, author)
    approve_group_stage(question)
    question.refresh_from_db()
    assert question.content["stem"] == "Đã sửa"
    printed = {i.ref["question"]: i.question.stem for i in exam_services.exam_variants(exam)[0].items}
    assert printed[first["question"]] == stem_before


def test_cells_that_cannot_be_filled_are_named(demo, bank):
    row = exam_services.blueprint_save(user=bank.created_by, bank=bank, name="Nhiều câu Hiểu",
                                       spec=bp.Blueprint(levels=["Biết", "Hiểu", "Vận dụng"], topics=["Số tự nhiên"],
                                                         cells=[bp.Cell("Số tự nhiên", "Hiểu", 2, 5.0)],
                                                         shares={"Biết": 0, "Hiểu": 100, "Vận dụng": 0},
                                                         total_points=10))
    with pytest.raises(exam_services.NotDrawn) as refused:
        exam_services.exam_create(user=bank.created_by, blueprint=row, title="Đề", seed="x")
    assert [s.message for s in refused.value.shortfalls] == [
        "Chủ đề 'Số tự nhiên', mức 'Hiểu': cần 2 câu, ngân hàng có 1 câu đã duyệt."]
    assert not Exam.objects.exists()


def test_swap_within_a_cell(demo, bank):
    author = bank.created_by
    row = exam_services.blueprint_save(user=author, bank=bank, name="Kiểm tra", spec=spec())
    exam = exam_services.exam_create(user=author, blueprint=row, title="Đề", seed="s1")
    drawn = {i["question"] for i in exam.items if i["cell"][1] == "Biết"}
    spare = next(q.pk for q in bank.questions.filter(live=True, cognitive_level="Biết") if q.pk not in drawn)
    out = sorted(drawn)[0]
    exam_services.exam_swap(user=author, exam=exam, out_id=out, in_id=spare)
    exam.refresh_from_db()
    assert {i["question"] for i in exam.items if i["cell"][1] == "Biết"} == (drawn - {out}) | {spare}
    hieu = next(i["question"] for i in exam.items if i["cell"][1] == "Hiểu")
    with pytest.raises(ValidationError):
        exam_services.exam_swap(user=author, exam=exam, out_id=hieu, in_id=out)


# --- through the pages ---------------------------------------------------------------------


def test_teacher_builds_and_downloads_an_exam(demo, bank, login, django_capture_on_commit_callbacks):
    import io

    import docx
    from django.urls import reverse

    from repository.models import Blueprint

    client = login(bank.created_by)
    page = client.get(reverse("questions:blueprints", args=[bank.pk]))
    assert page.status_code == 200 and 'value="Số tự nhiên"' in page.content.decode()
    form = {"name": "Kiểm tra 15 phút", "rows": "4", "topic-0": "Số tự nhiên", "count-0-0": "2", "points-0-0": "2",
            "count-0-1": "1", "points-0-1": "3", "count-0-2": "1", "points-0-2": "3",
            "share-0": "40", "share-1": "30", "share-2": "30", "total_points": "10"}
    wrong = client.post(reverse("questions:blueprints", args=[bank.pk]), {**form, "share-0": "50"})
    assert wrong.status_code == 400 and not Blueprint.objects.exists()
    assert "Mức &#x27;Biết&#x27;: 4 điểm (40%), ma trận dự kiến 5 điểm (50%)." in wrong.content.decode()
    assert "Tỉ lệ dự kiến của các mức cộng lại là 110%, không phải 100%." in wrong.content.decode()
    saved = client.post(reverse("questions:blueprints", args=[bank.pk]), form)
    row = Blueprint.objects.get()
    assert saved.status_code == 302 and saved["Location"] == reverse("questions:blueprint", args=[row.pk])

    drawn = client.post(reverse("questions:blueprint", args=[row.pk]),
                        {"title": "Kiểm tra 15 phút", "minutes": "15", "variant_count": "2"})
    exam = Exam.objects.get()
    assert drawn.status_code == 302 and drawn["Location"] == reverse("questions:exam", args=[exam.pk])
    html = client.get(reverse("questions:exam", args=[exam.pk])).content.decode()
    assert html.count('data-question="') == 4 and 'data-variant="101"' in html and 'data-variant="102"' in html

    paper = client.get(reverse("questions:exam_variant", args=[exam.pk, 102]))
    assert paper.status_code == 200
    document = docx.Document(io.BytesIO(paper.content))
    text = "\n".join(p.text for p in document.paragraphs)
    header = " ".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "Mã đề: 102" in text and "KIỂM TRA 15 PHÚT" in header.upper() and "TRƯỜNG THCS NGUYỄN TRÃI" in header
    key = client.get(reverse("questions:exam_key", args=[exam.pk]))
    assert key.status_code == 200 and docx.Document(io.BytesIO(key.content)).tables
    assert client.get(reverse("questions:exam_sheet", args=[exam.pk])).status_code == 200
    assert client.get(reverse("questions:exam_variant", args=[exam.pk, 103])).status_code == 404

    other = login(demo.user("thamdinh.toan"))  # the exam stays its author's until it is given
    assert other.get(reverse("questions:exam", args=[exam.pk])).status_code == 404
    assert other.get(reverse("questions:exam_variant", args=[exam.pk, 101])).status_code == 404


def test_blueprint_the_bank_cannot_fill_says_which_cells(demo, bank, login):
    from django.urls import reverse

    client = login(bank.created_by)
    row = exam_services.blueprint_save(user=bank.created_by, bank=bank, name="Nhiều câu Hiểu", spec=bp.Blueprint(
        levels=["Biết", "Hiểu", "Vận dụng"], topics=["Số tự nhiên"], cells=[bp.Cell("Số tự nhiên", "Hiểu", 2, 5.0)],
        shares={"Biết": 0, "Hiểu": 100, "Vận dụng": 0}, total_points=10))
    page = client.post(reverse("questions:blueprint", args=[row.pk]), {"title": "Đề", "minutes": "45",
                                                                         "variant_count": "2"})
    assert page.status_code == 400
    assert "Chủ đề &#x27;Số tự nhiên&#x27;, mức &#x27;Hiểu&#x27;: cần 2 câu, ngân hàng có 1 câu đã duyệt." \
        in page.content.decode()
    assert not Exam.objects.exists()


def test_exam_page_names_each_questions_type_when_the_blueprint_is_split_by_type(demo, bank, login):
    import re

    from django.urls import reverse

    author = bank.created_by
    make_question(bank, topic="Số tự nhiên", cognitive_level="Vận dụng",
                  content={"kind": "essay", "stem": "Trình bày cách tính", "text_format": "plain"})
    typed = exam_services.blueprint_save(user=author, bank=bank, name="Có tự luận", spec=bp.Blueprint(
        levels=["Biết", "Hiểu", "Vận dụng"], topics=["Số tự nhiên"], kinds=["single", "essay"],
        cells=[bp.Cell("Số tự nhiên", "Biết", 2, 2.0, kind="single"), bp.Cell("Số tự nhiên", "Hiểu", 1, 3.0, kind="single"),
               bp.Cell("Số tự nhiên", "Vận dụng", 1, 3.0, kind="essay")],
        shares={"Biết": 40, "Hiểu": 30, "Vận dụng": 30}, total_points=10))
    untyped = exam_services.blueprint_save(user=author, bank=bank, name="Không chia loại", spec=spec())
    client = login(author)

    def lines(blueprint):
        exam = exam_services.exam_create(user=author, blueprint=blueprint, title=blueprint.name, seed="s")
        page = client.get(reverse("questions:exam", args=[exam.pk]))
        assert page.status_code == 200
        return re.findall(r"<p class=\"help\" data-cell>([^<]+)</p>", page.content.decode())

    assert lines(typed) == ["Số tự nhiên · Trắc nghiệm · Biết · 2 điểm", "Số tự nhiên · Trắc nghiệm · Biết · 2 điểm",
                            "Số tự nhiên · Trắc nghiệm · Hiểu · 3 điểm", "Số tự nhiên · Tự luận · Vận dụng · 3 điểm"]
    assert lines(untyped) == ["Số tự nhiên · Biết · 2 điểm", "Số tự nhiên · Biết · 2 điểm",
                              "Số tự nhiên · Hiểu · 3 điểm", "Số tự nhiên · Vận dụng · 3 điểm"]


def test_exam_published_as_a_quiz_a_student_of_the_class_takes_it(demo, bank, login):
    from django.test import Client
    from django.urls import reverse

    from lms.organisation.models import SchoolClass
    from lms.quiz.models import Attempt, Quiz
    from quizzes import form_data

    author = bank.created_by
    row = exam_services.blueprint_save(user=author, bank=bank, name="Kiểm tra", spec=spec())
    exam = exam_services.exam_create(user=author, blueprint=row, title="Luyện tập số tự nhiên", seed="s1")
    teacher = login(author)
    six_a = SchoolClass.objects.get(school=bank.subject_group.school, name="6A")
    none_chosen = teacher.post(reverse("questions:exam_publish", args=[exam.pk]), {"time_limit": "15"})
    assert none_chosen.status_code == 400 and "Hãy chọn các lớp làm bài." in none_chosen.content.decode()
    published = teacher.post(reverse("questions:exam_publish", args=[exam.pk]),
                             {"classes": [six_a.pk], "time_limit": "15", "attempts": "1", "show_feedback": "on"})
    assert published.status_code == 302
    exam.refresh_from_db()
    quiz = Quiz.objects.get(pk=exam.quiz_id)
    assert quiz.items.count() == 4 and quiz.time_limit_minutes == 15 and exam.quiz_classes == [six_a.pk]

    student = Client()
    student.force_login(demo.user("hocsinh.6a"))
    listed = student.get(reverse("questions:my_quizzes")).content.decode()
    assert f'data-quiz="{quiz.pk}"' in listed and "Luyện tập số tự nhiên" in listed
    assert student.post(reverse("quiz:start", args=[quiz.pk])).status_code == 302
    attempt = Attempt.objects.get(quiz=quiz)
    items = list(quiz.items.order_by("position"))
    right = [next(i for i, o in enumerate(item.content["options"]) if o["fraction"] > 0) for item in items]
    done = student.post(reverse("quiz:submit", args=[attempt.pk]), {**form_data(items, right), "confirmed": "1"})
    assert done.status_code == 302
    attempt.refresh_from_db()
    assert attempt.score == 10.0
    result = student.get(done["Location"]).content.decode()
    assert "10" in result

    outsider = Client()
    outsider.force_login(demo.user("hocsinh.5a"))  # another school's class
    assert outsider.get(reverse("quiz:detail", args=[quiz.pk])).status_code == 404
    assert f'data-quiz="{quiz.pk}"' not in outsider.get(reverse("questions:my_quizzes")).content.decode()
    results = teacher.get(reverse("quiz:results", args=[quiz.pk]))
    assert results.status_code == 200 and "Phan Gia Bảo" in results.content.decode()


def test_exam_kept_in_the_repository_as_a_test_paper(demo, bank, login, django_capture_on_commit_callbacks):
    from django.urls import reverse
    from wagtail.models import WorkflowState

    author = bank.created_by
    row = exam_services.blueprint_save(user=author, bank=bank, name="Kiểm tra", spec=spec())
    exam = exam_services.exam_create(user=author, blueprint=row, title="Kiểm tra giữa kì", variant_count=2, seed="s")
    client = login(author)
    response = client.post(reverse("questions:exam_save_paper", args=[exam.pk]))
    assert response.status_code == 302
    exam.refresh_from_db()
    paper = exam.paper
    assert paper.kind == "worksheet" and paper.title == "Kiểm tra giữa kì" and paper.visibility == "teachers"
    assert sorted(f.document.title for f in paper.files.all()) == [
        "Kiểm tra giữa kì - dap an.docx", "Kiểm tra giữa kì - ma de 101.docx", "Kiểm tra giữa kì - ma de 102.docx"]
    assert WorkflowState.objects.for_instance(paper).get().status == "in_progress" and not paper.live
    again = client.post(reverse("questions:exam_save_paper", args=[exam.pk]), follow=True)
    assert "Đề này đã được lưu vào kho học liệu." in again.content.decode()
