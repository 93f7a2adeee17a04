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
