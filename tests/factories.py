"""Builders the tests share: logged-in clients, uploads, resources through the real
admin forms, review decisions, and what a denial looks like."""

import re

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.models import TaskState

import samples
from lms.core.text import fold
from lms.organisation.models import SchoolYear, SubjectGroup
from lms.permissions import holders
from repository.models import Grade, Resource, ResourceDocument, ResourceFile, Subject, TextbookSeries
from repository.permissions import REVIEWING_ROLES

ADMIN_HOME = "/admin/"
CATALOGUE = "/hoc-lieu/"


def admin_denied(response) -> bool:
    """The admin refused: our guard answers 403; Wagtail's own permission checks send the
    user to the dashboard with an error message."""
    if response.status_code == 403:
        return True
    if response.status_code != 302 or response.headers.get("Location") != ADMIN_HOME:
        return False
    return any(m.level == messages.ERROR for m in messages.get_messages(response.wsgi_request))


ADD = "/admin/snippets/repository/resource/add/"


def client_for(user=None) -> Client:
    """A client logged in as `user`, or a visitor's."""
    client = Client()
    if user is not None:
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


def edit_form(demo, resource, **overrides):
    """The resource's editor form as posted, its files kept."""
    files = list(resource.files.all())
    form = resource_form(demo, [], **overrides)
    form.update({"files-TOTAL_FORMS": str(len(files)), "files-INITIAL_FORMS": str(len(files))})
    for i, f in enumerate(files):
        form.update({f"files-{i}-document": f.document_id, f"files-{i}-caption": "", f"files-{i}-ORDER": str(i + 1),
                     f"files-{i}-id": f.pk, f"files-{i}-DELETE": ""})
    return form


def resubmit(client, demo, resource, **overrides):
    """The author saves the editor form again with \"Gửi duyệt\"."""
    url = f"/admin/snippets/repository/resource/edit/{resource.pk}/"
    response = client.post(url, {**edit_form(demo, resource, **overrides), "action-submit": "submit"})
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def task_state(resource) -> TaskState:
    return TaskState.objects.get(workflow_state__object_id=str(resource.pk), status=TaskState.STATUS_IN_PROGRESS)


def act(client, resource, action, **data):
    state = task_state(resource)
    url = f"/admin/snippets/repository/resource/workflow/action/{resource.pk}/{action}/{state.pk}/"
    return client.post(url, data)


# --- resources made with the ORM, taken through Wagtail's workflow API -----------------


def make_document(author, name="Giáo án.pdf", data=None, text="") -> ResourceDocument:
    doc = ResourceDocument(title=name, uploaded_by_user=author)
    doc.file = ContentFile(data if data is not None else samples.pdf(), name=name)
    doc._set_document_file_metadata()
    doc.text = text
    doc.save()
    return doc


def reviewer_for(resource):
    reviewers = holders(REVIEWING_ROLES, resource.subject_group)
    return reviewers.exclude(pk=resource.owner_id).exclude(pk__in=resource.co_authors.values("pk")).first()


def in_progress(resource) -> TaskState:
    return TaskState.objects.get(workflow_state__object_id=str(resource.pk), status=TaskState.STATUS_IN_PROGRESS)


def submit(resource, user):
    resource.save_revision(user=user)
    resource.get_workflow().start(resource, user)


def send_back(resource):
    state = in_progress(resource)
    state.task.specific.on_action(state, reviewer_for(resource), "reject", comment="Bổ sung mục tiêu.")


def make_resource(
    demo, title, *, author="giaovien.toan", school="THCS-NT", group="Tổ Toán – Tin", kind="lesson_plan",
    grade=6, subject="toan", series=None, visibility="public", description="", topic="", keywords=(),
    files=None, co_authors=(), state="published", licence="cc-by-4.0",
) -> Resource:
    """A resource made with the ORM, then taken to `state` through Wagtail's own API:
    draft, in_review, needs_changes, published, published_changes_in_review."""
    owner = demo.user(author)
    grade_obj = Grade.objects.get(number=grade)
    resource = Resource(
        kind=kind, title=title, description=description, topic=topic, level=grade_obj.level, grade=grade_obj,
        subject=Subject.objects.get(code=subject),
        textbook_series=TextbookSeries.objects.get(code=series) if series else None,
        school_year=SchoolYear.objects.first(), owner=owner, school=demo.school(school),
        subject_group=SubjectGroup.objects.get(school__code=school, name=group),
        visibility=visibility, licence=licence, live=False,  # as Wagtail's editor saves a new draft
    )
    resource.save()
    if files is None:  # one PDF whose text is the title (processing may extract it)
        files = [make_document(owner, f"{title}.pdf", samples.pdf(re.sub(r"[^\w ]", " ", fold(title))))]
    for i, doc in enumerate(files):
        ResourceFile.objects.create(resource=resource, document=doc, sort_order=i)
    if keywords:
        resource.keywords.add(*keywords)
    for username in co_authors:
        resource.co_authors.add(demo.user(username))
    resource.save()
    if state in ("published", "published_changes_in_review"):
        resource.save_revision(user=owner).publish()
    if state in ("in_review", "needs_changes"):
        submit(resource, owner)
    if state == "needs_changes":
        send_back(resource)
    if state == "published_changes_in_review":
        resource.refresh_from_db()
        resource.description = "Bản sửa đang chờ duyệt"
        submit(resource, owner)
    resource.refresh_from_db()
    return resource
