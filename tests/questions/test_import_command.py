"""`manage.py import_questions`: a teacher's file into a bank through the sandboxed
reader; counts and errors printed, exit status, questions saved and sent to review,
duplicates flagged, --dry-run saves nothing."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from wagtail.models import WorkflowState

from repository.models import Grade, Question, QuestionBank, Subject

GIFT = """\
// Toán 6
::Câu 1:: Kết quả của \\(2^3\\) là {=8 ~6 ~9 ~5}

::Câu 2:: Số nguyên tố nhỏ nhất là {=2 ~1 ~3 ~0}

::Câu 3:: Hà Nội là thủ đô của Việt Nam. {T}

::Câu 4:: Câu hỏi hỏng {=A ~B

::Câu 5:: Kết quả của \\(2^3\\) là {=8 ~6 ~9 ~5}
"""


@pytest.fixture
def bank(demo):
    teacher = demo.user("giaovien.toan")
    group = demo.group("THCS-NT", "Tổ Toán – Tin")
    level = group.school.levels.get()
    return QuestionBank.objects.create(
        subject_group=group, name="Toán 6 – Số học", level=level, subject=Subject.objects.get(code="toan"),
        grade=Grade.objects.get(level=level, number=6), created_by=teacher)


def run(*args):
    out = io.StringIO()
    with translation.override("vi"):
        try:
            call_command("import_questions", *args, stdout=out, stderr=out)
        except SystemExit as ended:
            return ended.code, out.getvalue()
    return 0, out.getvalue()


def test_dry_run_reports_and_saves_nothing(bank, tmp_path):
    path = tmp_path / "cau-hoi.gift"
    path.write_text(GIFT, encoding="utf-8")
    code, out = run(str(path), "--bank", bank.name, "--dry-run")
    assert code == 1
    assert "4 câu hỏi đọc được, 1 câu có lỗi, 0 câu bỏ qua, 1 câu trùng." in out
    assert "Câu 4 (dòng 8): thiếu dấu “}” đóng phần đáp án." in out
    assert "Trùng: câu 5, giống câu 1." in out
    assert not Question.objects.exists()


def test_import_saves_valid_questions_into_review(bank, tmp_path, demo):
    path = tmp_path / "cau-hoi.gift"
    path.write_text(GIFT, encoding="utf-8")
    code, out = run(str(path), "--bank", str(bank.pk), "--format", "gift")
    assert code == 1  # question 4 had an error; the others are saved all the same
    assert "Đã lưu 3 câu hỏi vào “Toán 6 – Số học”." in out
    questions = list(Question.objects.order_by("pk"))
    assert [q.title for q in questions] == ["Kết quả của \\(2^3\\) là", "Số nguyên tố nhỏ nhất là",
                                            "Hà Nội là thủ đô của Việt Nam."]
    first = questions[0]
    assert first.kind == "single" and first.owner == demo.user("giaovien.toan") and not first.live
    assert [o["text"] for o in first.content["options"] if o["fraction"] > 0] == ["8"]
    assert first.grade.number == 6 and first.subject_group == bank.subject_group
    assert all(WorkflowState.objects.for_instance(q).get().status == "in_progress" for q in questions)

    again_code, again = run(str(path), "--bank", bank.name, "--format", "gift")
    assert "Trùng: câu 1, đã có trong ngân hàng." in again
    assert "Đã lưu" not in again and Question.objects.count() == 3


def test_unknown_bank_and_unreadable_file(bank, tmp_path):
    path = tmp_path / "x.gift"
    path.write_bytes(b"\x00\x01\x02 not questions")
    with translation.override("vi"), pytest.raises(CommandError, match="Không có ngân hàng câu hỏi “Không có”."):
        call_command("import_questions", str(path), "--bank", "Không có")
    code, out = run(str(path), "--bank", bank.name, "--format", "docx")
    assert code == 1
    assert "Tệp: " in out and "Câu 0" not in out and not Question.objects.exists()


def test_difficulty_and_level_as_teachers_write_them(bank, tmp_path):
    """The Excel template's "Dễ", "Trung bình", "Khó" and the levels' abbreviations are
    taken; a difficulty that is none of them is refused with the reason."""
    from repository.questions import formats
    from repository.questions.services import preview

    result = formats.read_file(GIFT.encode(), fmt="gift")
    for question, (difficulty, level) in zip(result.questions, [("Dễ", "NB"), ("Trung bình", "Thông hiểu"),
                                                                ("Rất khó", "")]):
        question.difficulty, question.cognitive_level = difficulty, level
    with translation.override("vi"):
        found = preview(bank, result)
    rows = {row["number"]: row for row in found["questions"]}
    assert (rows[1]["difficulty"], rows[1]["cognitive_level"]) == ("easy", "Biết")
    assert (rows[2]["difficulty"], rows[2]["cognitive_level"]) == ("medium", "Hiểu")
    assert 3 not in rows
    assert {"number": 3, "line": 6, "message": "độ khó “Rất khó” không phải Dễ, Trung bình hay Khó."} \
        in found["problems"]
