"""The question bank's pages through HTTP: a teacher makes a bank, sends a file, sees the
preview (each question with its key, problems, duplicates), saves what she chose into
review; the group's reviewer approves and sends back on one page; who is refused."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from wagtail.models import WorkflowState

from repository.models import Grade, Question, QuestionBank, QuestionImport, Subject

GIFT = """\
::Câu 1:: Tính \\(\\sqrt 4 - 1\\) {=1 ~2 ~0 ~3}

::Câu 2:: Số nguyên tố nhỏ nhất là {=2 ~1 ~3 ~0}

::Câu 3:: Câu hỏi hỏng {=A ~B

::Câu 4:: Số nguyên tố nhỏ nhất là {=2 ~1 ~3 ~0}
"""


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


@pytest.fixture
def bank(demo):
    group = demo.group("THCS-NT", "Tổ Toán – Tin")
    level = group.school.levels.get()
    return QuestionBank.objects.create(
        subject_group=group, name="Toán 6", level=level, subject=Subject.objects.get(code="toan"),
        grade=Grade.objects.get(level=level, number=6), created_by=demo.user("giaovien.toan"))


def read_import(client, bank, data, capture, name="cau-hoi.txt"):
    with capture(execute=True):
        response = client.post(reverse("questions:import_start", args=[bank.pk]),
                               {"file": SimpleUploadedFile(name, data), "fmt": "auto"})
    assert response.status_code == 302
    return QuestionImport.objects.get()


def test_teacher_makes_a_bank(demo, login):
    client = login(demo.user("giaovien.toan"))
    group = demo.group("THCS-NT", "Tổ Toán – Tin")
    level = group.school.levels.get()
    form = {"subject_group": group.pk, "name": "Hình học 7", "level": level.pk,
            "subject": Subject.objects.get(code="toan").pk, "grade": Grade.objects.get(level=level, number=7).pk}
    response = client.post(reverse("questions:banks"), form)
    bank = QuestionBank.objects.get(name="Hình học 7")
    assert response.status_code == 302 and response["Location"] == reverse("questions:bank", args=[bank.pk])
    assert bank.created_by == demo.user("giaovien.toan") and bank.subject_group == group
    again = client.post(reverse("questions:banks"), form)
    assert again.status_code == 400
    assert "Tổ đã có ngân hàng mang tên này." in again.content.decode(), re.findall(r"errorlist.*?</ul>|error-box.*?</div>", again.content.decode(), re.S)
    other_group = demo.group("THPT-LQD", "Tổ Toán")
    refused = client.post(reverse("questions:banks"), {**form, "subject_group": other_group.pk, "name": "X"})
    assert refused.status_code == 400 and not QuestionBank.objects.filter(name="X").exists()


def test_import_preview_then_save_chosen_into_review(demo, login, bank, django_capture_on_commit_callbacks):
    client = login(demo.user("giaovien.toan"))
    job = read_import(client, bank, GIFT.encode(), django_capture_on_commit_callbacks)
    assert job.status == "read"
    page = client.get(reverse("questions:import", args=[job.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "3 câu hỏi có thể lưu · 1 lỗi" in html
    assert "Câu 3 (dòng 5): thiếu dấu “}” đóng phần đáp án." in html
    assert 'data-duplicate="file"' in html and "Giống câu 2" in html
    assert "Tính \\(\\sqrt 4 - 1\\)" in html  # left for KaTeX as typed
    assert 'value="1" id="chosen-1" checked' in html and 'value="4" id="chosen-4">' in html

    nothing = client.post(reverse("questions:import", args=[job.pk]), {"action": "submit"})
    assert nothing.status_code == 400 and "Hãy chọn ít nhất một câu hỏi để lưu." in nothing.content.decode()
    assert not Question.objects.exists()

    url = reverse("questions:import", args=[job.pk])
    # The choice is checked and kept; the questions are saved in the background.
    with django_capture_on_commit_callbacks() as sent:
        saved = client.post(url, {"chosen": ["1", "2"], "action": "submit"})
    assert saved.status_code == 302 and saved["Location"] == url
    job.refresh_from_db()
    assert job.status == "saving" and job.choice["numbers"] == [1, 2] and job.choice["submit"] is True
    assert not Question.objects.exists() and len(sent) == 1
    saving = client.get(url).content.decode()
    assert "<span data-label>Đang lưu…</span> <span data-percent>0</span> %" in saving
    assert "Trang tự tải lại khi lưu xong các câu hỏi." in saving
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in saving
    assert client.get(reverse("questions:import_status", args=[job.pk])).json() == {
        "status": "saving", "progress": 0, "error": "", "label": "Đang lưu…"}
    twice = client.post(url, {"chosen": ["4"], "action": "submit"})
    assert twice.status_code == 409
    assert "Các câu hỏi này đang được lưu; hãy chờ đến khi xong." in twice.content.decode()

    sent[0]()  # the task: repository.save_question_import
    job.refresh_from_db()
    assert (job.status, job.saved_count, job.progress) == ("saved", 2, 100)
    questions = list(Question.objects.order_by("pk"))
    assert [q.content["options"][0]["text"] for q in questions] == ["1", "2"]
    assert all(WorkflowState.objects.for_instance(q).get().status == "in_progress" for q in questions)
    done = client.get(url).content.decode()
    assert "2 câu hỏi đã được lưu và gửi tổ chuyên môn thẩm định." in done
    assert f'href="{reverse("questions:bank", args=[bank.pk])}">Mở ngân hàng “Toán 6”</a>' in done
    bank_page = client.get(reverse("questions:bank", args=[bank.pk])).content.decode()
    assert bank_page.count('data-question="') == 2

    again = client.post(url, {"chosen": ["4"], "action": "submit"})
    assert again.status_code == 409 and "Các câu hỏi này đã được lưu rồi." in again.content.decode()
    assert Question.objects.count() == 2


def test_a_save_that_fails_saves_nothing_and_keeps_the_choice(demo, login, bank, django_capture_on_commit_callbacks,
                                                              monkeypatch):
    from repository.questions import bulk

    client = login(demo.user("giaovien.toan"))
    job = read_import(client, bank, GIFT.encode(), django_capture_on_commit_callbacks)
    url = reverse("questions:import", args=[job.pk])

    seen = []

    def broken(*args, **kwargs):  # what the page polls meanwhile, then a failure
        seen.append(client.get(reverse("questions:import_status", args=[job.pk])).json())
        raise RuntimeError("the database went away")

    monkeypatch.setattr(bulk, "send_new_to_review", broken)  # after the questions' rows are written
    with django_capture_on_commit_callbacks() as sent:
        assert client.post(url, {"chosen": ["2"], "action": "submit", "topic": "Số nguyên tố"}).status_code == 302
    with pytest.raises(RuntimeError):  # the worker logs it
        sent[0]()
    assert seen == [{"status": "saving", "progress": 80, "error": "", "label": "Đang lưu…"}]
    job.refresh_from_db()
    assert job.status == "read"
    assert job.error == "Không lưu được các câu hỏi: chưa câu nào được lưu. Hãy thử lại."
    assert not Question.objects.exists() and not WorkflowState.objects.exists()
    page = client.get(url).content.decode()
    assert "Không lưu được các câu hỏi: chưa câu nào được lưu. Hãy thử lại." in page
    assert 'value="2" id="chosen-2" checked' in page and 'value="1" id="chosen-1">' in page
    assert 'value="Số nguyên tố"' in page

    monkeypatch.undo()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"chosen": ["2"], "action": "draft"}).status_code == 302
    job.refresh_from_db()
    assert (job.status, job.error, job.saved_count) == ("saved", "", 1)
    assert "Đã lưu nháp 1 câu hỏi." in client.get(url).content.decode()


def test_reviewer_decides_a_batch(demo, login, bank, django_capture_on_commit_callbacks):
    from lms.notices.models import Notice

    teacher = login(demo.user("giaovien.toan"))
    job = read_import(teacher, bank, GIFT.encode(), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        teacher.post(reverse("questions:import", args=[job.pk]), {"chosen": ["1", "2"], "action": "submit"})
    first, second = Question.objects.order_by("pk")
    # One notice for the batch to each reviewer of the group, leading to the batch filtered.
    batch_url = f"/ngan-hang/duyet/?nhap={job.pk}"
    notices = Notice.objects.filter(kind__startswith="repository.submitted").order_by("recipient__username")
    assert [(n.recipient.username, n.kind, n.title, n.url) for n in notices] == [
        (name, "repository.submitted_batch", "Toán 6", batch_url)
        for name in ("thamdinh.toan", "totruong.toan")]
    assert notices[0].sentence() == "Hoàng Minh Đức đã gửi các câu hỏi mới của ngân hàng “Toán 6” chờ duyệt"
    with translation.override("en"):  # whoever saved them, each reader reads it in their language
        assert notices[0].sentence() == "Hoàng Minh Đức submitted new questions of the bank “Toán 6” for review"
    states = {q.pk: WorkflowState.objects.for_instance(q).get().pk for q in (first, second)}

    reviewer = login(demo.user("thamdinh.toan"))
    queue = reviewer.get(reverse("repository:review_queue")).content.decode()
    assert "Duyệt 2 câu hỏi trên một trang" in queue
    page = reviewer.get(reverse("questions:batch_review"))
    html = page.content.decode()
    assert page.status_code == 200 and html.count('class="review-item"') == 2
    assert 'class="is-key" data-letter="A"' in html  # the key is shown

    missing_comment = reviewer.post(reverse("questions:batch_review"), {
        f"decision-{states[first.pk]}": "approve", f"decision-{states[second.pk]}": "reject"})
    assert missing_comment.status_code == 400
    assert "Hãy nói tác giả cần sửa gì" in missing_comment.content.decode()
    first.refresh_from_db()
    assert first.live  # the approval taken; the send-back without comment refused, still waiting

    assert not Notice.objects.filter(url=batch_url, read_at__isnull=False).exists()  # one still waits

    other = reviewer.get(f"/ngan-hang/duyet/?nhap={job.pk + 1}").content.decode()
    assert "Chỉ các câu hỏi được lưu từ một lần nhập." in other
    assert 'class="review-item"' not in other
    assert reviewer.get(batch_url).content.decode().count('class="review-item"') == 1
    done = reviewer.post(batch_url, {
        f"decision-{states[second.pk]}": "reject", f"comment-{states[second.pk]}": "Đáp án B cũng đúng."})
    assert done.status_code == 302 and done["Location"] == batch_url
    second.refresh_from_db()
    assert not second.live
    assert WorkflowState.objects.for_instance(second).get().status == "needs_changes"
    # None of the batch waits: its notice is settled for every reviewer.
    assert Notice.objects.filter(url=batch_url, read_at__isnull=False).count() == 2


def test_who_is_refused(demo, login, bank, django_capture_on_commit_callbacks, client):
    teacher = login(demo.user("giaovien.toan"))
    job = read_import(teacher, bank, GIFT.encode(), django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        teacher.post(reverse("questions:import", args=[job.pk]), {"chosen": ["1"], "action": "draft"})
    question = Question.objects.get()
    assert not WorkflowState.objects.for_instance(question).exists()
    client.logout()

    other = login(demo.user("giaovien.van"))  # another group of the same school
    assert other.get(reverse("questions:bank", args=[bank.pk])).status_code == 404
    assert other.get(reverse("questions:import_start", args=[bank.pk])).status_code == 404
    assert other.get(reverse("questions:import", args=[job.pk])).status_code == 404
    assert other.get(reverse("questions:question", args=[question.pk])).status_code == 404
    other.logout()
    reviewer = login(demo.user("thamdinh.toan"))  # a draft is its author's alone
    assert reviewer.get(reverse("questions:question", args=[question.pk])).status_code == 404
    assert reviewer.get(reverse("questions:import", args=[job.pk])).status_code == 404
    reviewer.logout()
    student = login(demo.user("hocsinh.6a"))
    assert student.get(reverse("questions:banks")).status_code == 403
    student.logout()
    assert client.get(reverse("questions:banks")).status_code == 302  # to the login page


def test_a_banks_list_is_what_each_person_may_read(demo):
    """The bank's list (one query) and the one-question rule (`may_read`) agree for every
    demo person: a draft, a question in review and a published one."""
    from factories import make_bank, make_question
    from lms.accounts.models import User
    from repository.questions import selectors

    bank = make_bank(demo, "Kiểm tra quyền đọc")
    questions = [make_question(bank, f"Câu {state}", state=state) for state in ("draft", "in_review", "published")]
    for user in User.objects.all():
        expected = sorted(q.pk for q in questions if selectors.may_read(user, q))
        assert sorted(q.pk for q in selectors.questions_in(user=user, bank=bank)) == expected, user.username


def test_a_save_lost_on_the_way_can_be_chosen_again(demo, login, bank, django_capture_on_commit_callbacks):
    """Its worker stopped before it committed: long after the choice, the import waits
    for a choice again; a task that runs after all finds nothing to save."""
    from datetime import timedelta

    from django.utils import timezone

    from repository.tasks import save_question_import

    client = login(demo.user("giaovien.toan"))
    job = read_import(client, bank, GIFT.encode(), django_capture_on_commit_callbacks)
    url = reverse("questions:import", args=[job.pk])
    with django_capture_on_commit_callbacks():  # the task is lost
        client.post(url, {"chosen": ["1"], "action": "submit"})
    job.refresh_from_db()
    job.choice["at"] = (timezone.now() - timedelta(minutes=29)).isoformat()
    job.save(update_fields=["choice"])
    assert client.get(reverse("questions:import_status", args=[job.pk])).json()["status"] == "saving"
    job.choice["at"] = (timezone.now() - timedelta(minutes=31)).isoformat()
    job.save(update_fields=["choice"])
    page = client.get(url)
    assert page.status_code == 200
    assert "Việc lưu đã bị gián đoạn: chưa câu nào được lưu. Hãy thử lại." in page.content.decode()
    assert 'value="1" id="chosen-1" checked' in page.content.decode()
    job.refresh_from_db()
    assert job.status == "read"
    assert save_question_import(job.pk) == "read" and not Question.objects.exists()
