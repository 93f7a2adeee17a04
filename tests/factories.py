"""Builders the tests share: logged-in clients, uploads, resources through the real
admin forms, review decisions, and what a denial looks like."""

from django.contrib import messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.models import TaskState

from lms.organisation.models import SchoolYear
from repository.models import Grade, ResourceDocument, Subject

ADMIN_HOME = "/admin/"


def admin_denied(response) -> bool:
    """The admin refused: our guard answers 403; Wagtail's own permission checks send the
    user to the dashboard with an error message."""
    if response.status_code == 403:
        return True
    if response.status_code != 302 or response.headers.get("Location") != ADMIN_HOME:
        return False
    return any(m.level == messages.ERROR for m in messages.get_messages(response.wsgi_request))


ADD = "/admin/snippets/repository/resource/add/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def upload(client, name: str, data: bytes):
    return client.post("/admin/documents/add/", {"title": name, "file": SimpleUploadedFile(name, data)})


def uploaded(client, name, data) -> ResourceDocument:
    response = upload(client, name, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return ResourceDocument.objects.get(original_name=name)


def resource_form(demo, docs, **overrides):
    level_thcs = demo.school("THCS-NT").levels.get()
    data = {
        "kind": "lesson_plan", "title": "Kế hoạch bài dạy Toán 6 – Tập hợp",
        "description": "Bài 1, chương I", "level": level_thcs.pk,
        "grade": Grade.objects.get(number=6).pk, "subject": Subject.objects.get(code="toan").pk,
        "textbook_series": "", "topic": "Tập hợp", "school_year": SchoolYear.objects.get().pk,
        "subject_group": demo.group("THCS-NT", "Tổ Toán – Tin").pk, "keywords": "tập hợp, số tự nhiên",
        "licence": "cc-by-4.0", "visibility": "public",
        "files-TOTAL_FORMS": str(len(docs)), "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "1", "files-MAX_NUM_FORMS": "1000",
    }
    for i, doc in enumerate(docs):
        data.update({f"files-{i}-document": doc.pk, f"files-{i}-caption": "", f"files-{i}-ORDER": str(i + 1),
                     f"files-{i}-id": "", f"files-{i}-DELETE": ""})
    data.update(overrides)
    return data


def task_state(resource) -> TaskState:
    return TaskState.objects.get(workflow_state__object_id=str(resource.pk), status=TaskState.STATUS_IN_PROGRESS)


def act(client, resource, action, **data):
    state = task_state(resource)
    url = f"/admin/snippets/repository/resource/workflow/action/{resource.pk}/{action}/{state.pk}/"
    return client.post(url, data)
