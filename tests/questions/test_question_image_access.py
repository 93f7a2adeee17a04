"""Who gets a question's image (issue 16): an image added to a published question's
pending version is its authors' and reviewers' until approved, never the district's
other teachers' or a student's (they read the published version: only its images);
an image the pending version removes stays theirs until then. A quiz serves the images
of the version its exam drew, never one added since."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import samples
from factories import approve_group_stage, make_question
from lms.organisation.models import SchoolClass
from repository.models import QuestionMedia
from repository.questions import exam_services
from repository.questions.exams import blueprint as blueprints

AUTHOR, REVIEWER, TEACHER, STUDENT = "giaovien.toan", "thamdinh.toan", "giaovien.van", "hocsinh.6a"



def client_of(demo, username):
    client = Client()
    client.force_login(demo.user(username))
    return client


def fetched(client, url) -> tuple[int, bytes]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response.status_code, body


def stored(image: QuestionMedia) -> bytes:
    with image.file.open("rb") as f:
        return f.read()


def edit(client, question, stem, **more):
    fields = {"kind": "single", "stem": stem, "options": "4\n*5\n6\n7", "points": "1", "action": "save", **more}
    response = client.post(reverse("questions:question_edit", args=[question.pk]), fields)
    assert response.status_code == 302, response.content.decode()[-3000:]


def test_a_published_question_s_new_image_is_seen_by_its_readers_only_once_approved(demo, bank):
    question = make_question(bank, "Hình bên có mấy cạnh?", image=True, state="published")
    old = question.media.get()
    old_bytes = stored(old)
    clients = {name: client_of(demo, name) for name in (AUTHOR, REVIEWER, TEACHER, STUDENT)}
    stem = question.content["stem"]
    edit(clients[AUTHOR], question, stem, image_0_alt="Hình 1",
         new_image=SimpleUploadedFile("canh.png", samples.png((40, 30)), content_type="image/png"),
         new_image_alt="Cạnh AB")
    new = QuestionMedia.objects.get(question=question, name="canh.png")
    new_bytes = stored(new)
    new_url, old_url = reverse("questions:media", args=[new.pk]), reverse("questions:media", args=[old.pk])

    # Saved, not submitted: the new image is the authors' and the group's reviewer's.
    assert fetched(clients[AUTHOR], new_url) == (200, new_bytes)
    assert fetched(clients[REVIEWER], new_url) == (200, new_bytes)
    assert fetched(clients[TEACHER], new_url) == (404, b"")
    assert fetched(clients[STUDENT], new_url) == (404, b"")
    assert fetched(clients[TEACHER], old_url) == (200, old_bytes)
    assert fetched(clients[STUDENT], old_url) == (404, b"")

    # Submitted without the old image: the published version still shows it.
    draft = question.get_latest_revision_as_object()
    edit(clients[AUTHOR], question, draft.content["stem"], image_0_alt="Hình 1", image_0_remove="on",
         image_1_alt="Cạnh AB", action="submit")
    assert fetched(clients[TEACHER], old_url) == (200, old_bytes)
    assert fetched(clients[TEACHER], new_url) == (404, b"")
    assert fetched(clients[REVIEWER], new_url) == (200, new_bytes)

    approve_group_stage(question)
    assert fetched(clients[TEACHER], new_url) == (200, new_bytes)
    assert fetched(clients[STUDENT], new_url) == (404, b"")
    assert fetched(clients[TEACHER], old_url) == (404, b"")  # no longer part of the question
    assert fetched(clients[AUTHOR], reverse("questions:media", args=[new.pk + 1000])) == (404, b"")


def test_a_quiz_serves_the_images_of_the_version_its_exam_drew(demo, bank):
    author = demo.user(AUTHOR)
    question = make_question(bank, "Câu để ra đề", topic="Số tự nhiên", cognitive_level="Biết", image=True)
    old_bytes = stored(question.media.get())
    spec = blueprints.Blueprint(levels=["Biết", "Hiểu", "Vận dụng"], topics=["Số tự nhiên"],
                                cells=[blueprints.Cell("Số tự nhiên", "Biết", 1, 10.0)],
                                shares={"Biết": 100, "Hiểu": 0, "Vận dụng": 0}, total_points=10)
    blueprint = exam_services.blueprint_save(user=author, bank=bank, name="Ma trận", spec=spec)
    exam = exam_services.exam_create(user=author, blueprint=blueprint, title="Đề", seed="anh")
    six_a = SchoolClass.objects.get(school=bank.subject_group.school, name="6A")
    exam_services.exam_publish_quiz(user=author, exam=exam, classes=[six_a])
    student, teacher = client_of(demo, STUDENT), client_of(demo, TEACHER)

    def quiz_url(name):
        return reverse("questions:quiz_media", args=[exam.pk, question.pk, name])

    assert fetched(student, quiz_url("hinh.png")) == (200, old_bytes)
    assert fetched(teacher, quiz_url("hinh.png")) == (404, b"")  # not a student of the class
    # A new version, without the drawn image and with another, approved.
    edit(client_of(demo, AUTHOR), question, question.content["stem"], image_0_alt="Hình 1", image_0_remove="on", action="submit",
         new_image=SimpleUploadedFile("canh.png", samples.png((40, 30)), content_type="image/png"),
         new_image_alt="Cạnh AB")
    assert fetched(student, quiz_url("canh.png")) == (404, b"")
    approve_group_stage(question)
    assert list(question.media.values_list("name", flat=True)) == ["canh.png"]
    assert fetched(student, quiz_url("canh.png")) == (404, b"")
    assert fetched(student, quiz_url("hinh.png")) == (200, old_bytes)
    assert fetched(student, reverse("questions:quiz_media", args=[exam.pk, question.pk + 1000, "hinh.png"])) \
        == (404, b"")


def exported_images(client, bank) -> set[bytes]:
    """The images in the bank's QTI package as `client` downloads it."""
    import io
    import zipfile

    response = client.get(reverse("questions:bank_export_format", args=[bank.pk, "qti"]) + "?tai=1")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as package:
        return {package.read(name) for name in package.namelist() if not name.endswith(".xml")}


def test_an_export_carries_the_images_of_the_version_its_reader_may_see(demo, bank):
    from lms.accounts.models import Role, User
    from lms.accounts.services import role_grant

    question = make_question(bank, "Hình bên có mấy cạnh?", image=True, state="published")
    old_bytes = stored(question.media.get())
    # another teacher of the group: the bank is theirs to export, the pending version not theirs to read
    colleague = User.objects.create_user(username="giaovien.toan2", password="x", full_name="Đỗ Văn Hùng")
    role_grant(user=colleague, role=Role.TEACHER, unit=bank.subject_group)
    author, teacher = client_of(demo, AUTHOR), Client()
    teacher.force_login(colleague)
    edit(author, question, question.content["stem"], image_0_alt="Hình 1",
         new_image=SimpleUploadedFile("canh.png", samples.png((40, 30)), content_type="image/png"),
         new_image_alt="Cạnh AB", action="submit")
    new_bytes = stored(QuestionMedia.objects.get(question=question, name="canh.png"))

    assert exported_images(teacher, bank) == {old_bytes}  # the pending version's image is not published
    approve_group_stage(question)
    assert exported_images(teacher, bank) == {old_bytes, new_bytes}
