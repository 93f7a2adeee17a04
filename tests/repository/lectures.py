"""Builders for the repository's e-learning lectures: a package as the player keeps it
once ready (without unpacking anything), a finished upload as the page's
chunked input leaves it, and a lecture taken to a state through Wagtail's own API."""

from __future__ import annotations

from django.core.files.base import ContentFile

from factories import send_back, submit
from lms.organisation.models import SchoolYear, SubjectGroup
from lms.player.models import Package, PackageItem
from lms.uploads import services as upload_services
from repository.authoring import PACKAGE_UPLOAD_PURPOSE as PURPOSE
from repository.models import Grade, Resource, Subject


def ready_package(owner, *, title="Phân số bằng nhau", scos=2, status=Package.Status.READY, error="") -> Package:
    """A SCORM 1.2 package as the player keeps it once unpacked (nothing on disk but its
    original zip): a chapter heading over `scos` SCOs."""
    package = Package(owner=owner, status=status, error=error, title=title, original_name="bai-giang.zip",
                      original_size=2048, unpacked_bytes=8192, file_count=4,
                      standard=Package.Standard.SCORM12 if status == Package.Status.READY else "",
                      progress=100 if status == Package.Status.READY else 0)
    package.original.save("bai-giang.zip", ContentFile(b"PK\x05\x06" + b"\0" * 18), save=False)
    package.save()
    if status == Package.Status.READY:
        PackageItem.objects.create(package=package, sort_order=0, identifier="CH-1", title="Chương 1")
        for n in range(1, scos + 1):
            PackageItem.objects.create(package=package, sort_order=n, depth=1, parent_identifier="CH-1",
                                       identifier=f"SCO-{n}", title=f"Bài {n}", href=f"bai{n}/index.html",
                                       is_sco=True)
    return package


def finished_upload(user, data: bytes, name="Bài giảng phân số.zip"):
    """What the page's chunked input leaves once the file is sent: the user's finished
    upload of the lecture's purpose (its id goes with the form as `package`)."""
    upload = upload_services.create(user, purpose=PURPOSE, size=len(data), filename=name)
    chunks = iter([data])
    return upload_services.append(upload, offset=0, length=len(data), read=lambda n: next(chunks, b""))


def lecture_form(demo, **overrides) -> dict:
    """"Đăng học liệu" as posted for an e-learning lecture of Tổ Toán – Tin, THCS Nguyễn
    Trãi, saved as a draft (action="submit" sends it)."""
    data = {
        "kind": "elearning", "title": "Bài giảng e-learning Toán 6 – Phân số bằng nhau",
        "description": "Bài 24", "level": demo.school("THCS-NT").levels.get().pk,
        "grade": Grade.objects.get(number=6).pk, "subject": Subject.objects.get(code="toan").pk,
        "textbook_series": "", "topic": "Phân số bằng nhau", "school_year": SchoolYear.objects.get(is_current=True).pk,
        "subject_group": demo.group("THCS-NT", "Tổ Toán – Tin").pk, "keywords_text": "phân số",
        "licence": "cc-by-4.0", "visibility": "public", "co_authors": [], "package": "", "action": "save",
    }
    data.update(overrides)
    return data


def make_lecture(demo, title, package, *, author="giaovien.toan", school="THCS-NT", group="Tổ Toán – Tin",
                 visibility="public", state="published", grade=6, subject="toan") -> Resource:
    """An e-learning lecture holding `package`, taken to `state` through Wagtail's API:
    draft, in_review, needs_changes, published."""
    owner = demo.user(author)
    grade_obj = Grade.objects.get(number=grade)
    lecture = Resource(
        kind="elearning", title=title, level=grade_obj.level, grade=grade_obj, subject=Subject.objects.get(code=subject),
        school_year=SchoolYear.objects.get(is_current=True), owner=owner, school=demo.school(school),
        subject_group=SubjectGroup.objects.get(school__code=school, name=group), visibility=visibility,
        package=package, live=False,
    )
    lecture.save()
    if state == "draft":
        lecture.save_revision(user=owner)
    if state == "published":
        lecture.save_revision(user=owner).publish()
    if state in ("in_review", "needs_changes"):
        submit(lecture, owner)
    if state == "needs_changes":
        send_back(lecture)
    lecture.refresh_from_db()
    return lecture
