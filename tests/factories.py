"""Builders the tests share: logged-in clients, uploads and resources through the site's
own pages (teachers author on "Đăng học liệu", reviewers decide on the review page; the
Wagtail admin is for officers), review decisions, and what a denial looks like."""

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
ADD = "/hoc-lieu/dang/"  # the site's "Đăng học liệu"
UPLOAD = "/hoc-lieu/dang/tep/"  # one file of that form, sent alone
ADMIN_ADD = "/admin/snippets/repository/resource/add/"  # the admin's editor (officers)
ADMIN_REFUSAL = "Khu quản trị dành cho chuyên viên Phòng GD&amp;ĐT và quản trị viên."


def admin_denied(response) -> bool:
    """The admin refused an officer: our guard answers 403; Wagtail's own permission
    checks send the user to the dashboard with an error message."""
    if response.status_code == 403:
        return True
    if response.status_code != 302 or response.headers.get("Location") != ADMIN_HOME:
        return False
    return any(m.level == messages.ERROR for m in messages.get_messages(response.wsgi_request))


def admin_refused(response) -> bool:
    """Someone who may not use the admin at all (teachers, reviewers, leaders, judges,
    students): the site's Vietnamese 403 page, or its JSON for scripted endpoints."""
    if response.status_code != 403:
        return False
    if response["Content-Type"] == "application/json":
        return response.json() == {"error": ADMIN_REFUSAL.replace("&amp;", "&")}
    return ADMIN_REFUSAL in response.content.decode()


def client_for(user=None) -> Client:
    """A client logged in as `user`, or a visitor's."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def upload(client, name: str, data: bytes, kind: str = ""):
    """One file sent alone, as the site's form does: 201 with its id, or 400 with why."""
    return client.post(UPLOAD, {"file": SimpleUploadedFile(name, data), "kind": kind})


def uploaded(client, name, data, kind: str = "") -> ResourceDocument:
    response = upload(client, name, data, kind)
    assert response.status_code == 201, response.content.decode()[:3000]
    return ResourceDocument.objects.get(pk=response.json()["id"])


def resource_form(demo, docs, **overrides):
    """The site's "Đăng học liệu" form as posted: a lesson plan of Tổ Toán – Tin, THCS
    Nguyễn Trãi, with `docs` in that order, saved as a draft (action="submit" sends it)."""
    level_thcs = demo.school("THCS-NT").levels.get()
    data = {
        "kind": "lesson_plan", "title": "Kế hoạch bài dạy Toán 6 – Tập hợp",
        "description": "Bài 1, chương I", "level": level_thcs.pk,
        "grade": Grade.objects.get(number=6).pk, "subject": Subject.objects.get(code="toan").pk,
        "textbook_series": "", "topic": "Tập hợp", "school_year": SchoolYear.objects.get(is_current=True).pk,
        "subject_group": demo.group("THCS-NT", "Tổ Toán – Tin").pk, "keywords_text": "tập hợp, số tự nhiên",
        "licence": "cc-by-4.0", "visibility": "public", "co_authors": [],
        "documents": [d.pk for d in docs], "action": "save",
    }
    data.update(overrides)
    return data


def edit_form(demo, resource, **overrides):
    """The site's edit page of the resource as posted, its files kept in order."""
    docs = [f.document for f in resource.files.order_by("sort_order", "pk")]
    form = resource_form(demo, docs, **overrides)
    if "co_authors" not in overrides:
        form["co_authors"] = [u.pk for u in resource.co_authors.all()]
    return form


def edit_url(resource) -> str:
    return f"/hoc-lieu/{resource.pk}/sua/"


def resubmit(client, demo, resource, **overrides):
    """The author saves the edit page again with \"Gửi duyệt\" (after a send-back)."""
    response = client.post(edit_url(resource), {**edit_form(demo, resource, **overrides), "action": "submit"})
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def admin_edit_form(demo, resource, **overrides):
    """The admin's resource editor form as an officer posts it, the resource's files kept."""
    files = list(resource.files.order_by("sort_order", "pk"))
    data = {
        "kind": resource.kind, "title": resource.title, "description": resource.description,
        "level": resource.level_id, "grade": resource.grade_id, "subject": resource.subject_id,
        "textbook_series": resource.textbook_series_id or "", "topic": resource.topic,
        "school_year": resource.school_year_id, "subject_group": resource.subject_group_id,
        "keywords": ", ".join(resource.keywords.names()), "licence": resource.licence,
        "visibility": resource.visibility, "co_authors": [u.pk for u in resource.co_authors.all()],
        "files-TOTAL_FORMS": str(len(files)), "files-INITIAL_FORMS": str(len(files)),
        "files-MIN_NUM_FORMS": "1", "files-MAX_NUM_FORMS": "1000",
    }
    for i, f in enumerate(files):
        data.update({f"files-{i}-document": f.document_id, f"files-{i}-caption": "", f"files-{i}-ORDER": str(i + 1),
                     f"files-{i}-id": f.pk, f"files-{i}-DELETE": ""})
    data.update(overrides)
    return data


def approve_group_stage(resource):
    """The subject group's reviewer approves through Wagtail's API (the district stage,
    when it is on for the kind, waits next)."""
    state = in_progress(resource)
    state.task.specific.on_action(state, reviewer_for(resource), "approve")


def task_state(resource) -> TaskState:
    return in_progress(resource)


def review_url(resource) -> str:
    """The site's review page of the resource's submission waiting for a decision."""
    return f"/hoc-lieu/cho-duyet/{task_state(resource).workflow_state_id}/"


def act(client, resource, action, comment=""):
    """A decision on the site's review page: action "approve" or "reject" (send back)."""
    return client.post(review_url(resource), {"action": action, "comment": comment})


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
    """The task waiting on `resource` (any reviewable model: a question may share its id)."""
    return TaskState.objects.get(workflow_state__object_id=str(resource.pk), status=TaskState.STATUS_IN_PROGRESS,
                                 workflow_state__base_content_type__model=resource._meta.model_name)


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


# --- question banks ----------------------------------------------------------------------


def make_bank(demo, name="Toán 6 – ngân hàng", *, author="giaovien.toan", school="THCS-NT", group="Tổ Toán – Tin",
              grade=6, subject="toan"):
    from repository.models import QuestionBank, Subject

    subject_group = demo.group(school, group)
    level = subject_group.school.levels.get()
    return QuestionBank.objects.create(
        subject_group=subject_group, name=name, level=level, subject=Subject.objects.get(code=subject),
        grade=Grade.objects.get(level=level, number=grade), created_by=demo.user(author))


def make_question(bank, stem="Kết quả của \\(2 + 3\\) là", *, author=None, state="published", kind="single",
                  content=None, cognitive_level="Biết", topic="", image=False):
    """A question of `bank` as its author saved it, taken to `state` ("draft",
    "in_review", "published") through the review workflow; with `image`, a small PNG named
    in its stem."""
    from repository.models import Question, QuestionMedia
    from repository.questions import services

    author = author or bank.created_by
    content = content or {
        "kind": kind, "stem": stem, "text_format": "plain",
        "options": [{"text": t, "fraction": 1.0 if i == 1 else 0.0, "feedback": "", "fixed": False}
                    for i, t in enumerate(["4", "5", "6", "7"])],
    }
    if image:
        content = {**content, "text_format": "html", "stem": f'<p>{stem}</p><p><img src="media:hinh.png" alt="Hình 1"></p>'}
    question = Question(
        bank=bank, kind=content["kind"], content=content, title=services.title_of(content), level=bank.level,
        grade=bank.grade, subject=bank.subject, topic=topic, school_year=SchoolYear.objects.get(is_current=True),
        owner=author, school=bank.subject_group.school, subject_group=bank.subject_group,
        cognitive_level=cognitive_level, fingerprint=services.fingerprint(content), live=False,
    )
    if image:
        media = QuestionMedia(name="hinh.png", mime="image/png", alt="Hình 1")
        media.file.save("hinh.png", ContentFile(samples.png()), save=False)
        question.media = [media]
    question.save()
    question.save_revision(user=author)
    if state in ("in_review", "published"):
        question.get_workflow().start(question, author)
    if state == "published":
        approve_group_stage(question)
        question.refresh_from_db()
    return question
