"""Demo content for the demo district: published resources across levels and subjects,
each submitted by its author and approved by its group's reviewer through the real
workflow, so their history reads as in real use; among them two e-learning lectures
whose packages the project builds (lms/player/samples.py), unpacked by the player's own
services, and a student half-way through one of them. Loaded by `manage.py seed_demo`."""

from __future__ import annotations

import io
import json
import uuid

from anyascii import anyascii
from django.core.files.base import ContentFile
from django.db import transaction

from lms.accounts.models import User
from lms.organisation.models import School, SchoolYear, SubjectGroup
from lms.permissions import holders
from lms.player import runtime, samples
from lms.player import services as player_services
from lms.player.models import Attempt, Package
from repository.authoring import lecture_problem
from repository.models import Grade, Resource, ResourceDocument, ResourceFile, Subject, TextbookSeries
from repository.permissions import REVIEWING_ROLES

# title, kind, grade number (None: preschool), subject code, series code, topic, author, reviewer, school, group
DEMO_RESOURCES = [
    ("Kế hoạch bài dạy Toán 6 – Tập hợp", "lesson_plan", 6, "toan", "ket-noi", "Bài 1. Tập hợp",
     "giaovien.toan", "thamdinh.toan", "THCS-NT", "Tổ Toán – Tin"),
    ("Phiếu học tập Toán 6 – Phép cộng và phép trừ số tự nhiên", "worksheet", 6, "toan", "ket-noi",
     "Bài 4. Phép cộng và phép trừ", "giaovien.toan", "thamdinh.toan", "THCS-NT", "Tổ Toán – Tin"),
    ("Đề kiểm tra giữa học kỳ 1 Toán 8", "worksheet", 8, "toan", "chan-troi", "Kiểm tra giữa kỳ",
     "thamdinh.toan", "totruong.toan", "THCS-NT", "Tổ Toán – Tin"),
    ("Bài trình chiếu Tin học 9 – Thuật toán", "slides", 9, "tin-hoc", "canh-dieu", "Chủ đề 5. Giải quyết vấn đề",
     "totruong.toan", "thamdinh.toan", "THCS-NT", "Tổ Toán – Tin"),
    ("Kế hoạch bài dạy Địa lý 8 – Khí hậu Việt Nam", "lesson_plan", 8, "lich-su-dia-li", "ket-noi",
     "Bài 4. Khí hậu Việt Nam", "giaovien.van", None, "THCS-NT", "Tổ Ngữ văn – Lịch sử – Địa lý"),
    ("Kế hoạch bài dạy Ngữ văn 6 – Thánh Gióng", "lesson_plan", 6, "ngu-van", "ket-noi", "Bài 6. Truyện",
     "giaovien.van", None, "THCS-NT", "Tổ Ngữ văn – Lịch sử – Địa lý"),
    ("Kế hoạch bài dạy Tiếng Việt 4 – Đọc: Những hạt thóc giống", "lesson_plan", 4, "tieng-viet", "canh-dieu",
     "Bài đọc 1", "giaovien.th", None, "TH-KD", "Tổ 4–5"),
    ("Phiếu bài tập cuối tuần Toán 5 – Số thập phân", "worksheet", 5, "toan", "chan-troi", "Số thập phân",
     "giaovien.th", None, "TH-KD", "Tổ 4–5"),
    ("Bài trình chiếu Tin học 10 – Mạng máy tính", "slides", 10, "tin-hoc", "ket-noi", "Chủ đề 2",
     "giaovien.tin", None, "THPT-LQD", "Tổ Tin học – Công nghệ"),
    ("Kế hoạch bài dạy Toán 11 – Dãy số", "lesson_plan", 11, "toan", "canh-dieu", "Chương II. Dãy số",
     "giamkhao", None, "THPT-LQD", "Tổ Toán"),
]


def pdf_bytes(pages: list[list[str]]) -> bytes:
    """A PDF with a page per list of lines, the first line of each as a heading.

    Standard PDF fonts lack Vietnamese letters: the text is folded to ASCII.
    """
    count = len(pages)
    page_ids = [3 + 2 * i for i in range(count)]
    font_id = 3 + 2 * count
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % i for i in page_ids) + b"] /Count %d >>" % count,
    ]
    for page_id, lines in zip(page_ids, pages):
        ops = [f"BT /F1 {16 if i == 0 else 11} Tf 50 {780 - 22 * i} Td ({_pdf_escape(anyascii(line))}) Tj ET"
               for i, line in enumerate(lines)]
        stream = "\n".join(ops).encode("latin-1", "replace")
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (page_id + 1, font_id))
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def _pdf_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def docx_bytes(title: str, body: list[str]) -> bytes:
    """A Word file: the title as a heading, a paragraph per line (Vietnamese kept)."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for line in body:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pptx_bytes(title: str, body: list[str]) -> bytes:
    """Slides: the title, then a slide per line."""
    from pptx import Presentation

    presentation = Presentation()
    first = presentation.slides.add_slide(presentation.slide_layouts[0])
    first.shapes.title.text = title
    for line in body:
        slide = presentation.slides.add_slide(presentation.slide_layouts[1])
        slide.shapes.title.text = line
    out = io.BytesIO()
    presentation.save(out)
    return out.getvalue()


_MAKERS = {"pdf": lambda title, body: pdf_bytes([[title, *body]]), "docx": docx_bytes, "pptx": pptx_bytes}


def _document(title: str, author: User, body: list[str], ext: str = "pdf") -> ResourceDocument:
    """A file of the demo, processed (and, for an office file, previewed) once committed."""
    doc = ResourceDocument(title=title, uploaded_by_user=author)
    doc.file = ContentFile(_MAKERS[ext](title, body), name=f"{title}.{ext}")
    doc._set_document_file_metadata()
    doc.save()
    return doc


# Left in review so that the demo's reviewers have a queue and its teacher a resource to
# revise: (title, kind, grade, subject, series, topic, author, reviewer, school, group,
# what the reviewer did: None = not yet, or the comment it was sent back with). Those
# waiting come as a Word file and a PowerPoint file, which reviewers read in the browser
# as the PDF made of them.
DEMO_IN_REVIEW_FILES = {"Kế hoạch bài dạy Toán 7 – Biểu thức đại số": ("docx", "pptx")}
DEMO_IN_REVIEW = [
    ("Kế hoạch bài dạy Toán 7 – Biểu thức đại số", "lesson_plan", 7, "toan", "ket-noi",
     "Bài 24. Biểu thức đại số", "giaovien.toan", None, "THCS-NT", "Tổ Toán – Tin", None),
    ("Phiếu học tập Toán 6 – Phân số", "worksheet", 6, "toan", "canh-dieu", "Bài 23. Phân số",
     "giaovien.toan", "thamdinh.toan", "THCS-NT", "Tổ Toán – Tin",
     "Bổ sung đáp án và thang điểm cho phần luyện tập."),
]


def seed_demo_content() -> int:
    """Create the demo resources that are not there yet, e-learning lectures included,
    and the question banks (repository/questions/demo.py); returns how many resources
    were made."""
    from repository.questions.demo import seed_demo_questions

    made = _seed_documents() + seed_demo_lectures()
    seed_demo_questions()
    return made


@transaction.atomic
def _seed_documents() -> int:
    year = SchoolYear.objects.filter(is_current=True).first()
    if year is None:
        return 0
    made = 0
    every = [(*row, "approve") for row in DEMO_RESOURCES] + DEMO_IN_REVIEW
    for (title, kind, grade_no, subject_code, series_code, topic, author_name, reviewer_name,
         school_code, group_name, outcome) in every:
        if Resource.objects.filter(title=title).exists():
            continue
        author = User.objects.get(username=author_name)
        school = School.objects.get(code=school_code)
        group = SubjectGroup.objects.get(school=school, name=group_name)
        grade = Grade.objects.get(number=grade_no)
        body = [topic, f"Khoi lop: {grade.name}", "Muc tieu: kien thuc, nang luc, pham chat.",
                "Tien trinh: khoi dong, hinh thanh kien thuc, luyen tap, van dung."]
        resource = Resource(
            kind=kind, title=title, description=f"{topic} – {grade.name}.", level=grade.level,
            grade=grade, subject=Subject.objects.get(code=subject_code),
            textbook_series=TextbookSeries.objects.get(code=series_code), topic=topic,
            school_year=year, owner=author, school=school, subject_group=group,
            live=False,  # a draft until approved, as the editor saves one
        )
        resource.save()
        for order, ext in enumerate(DEMO_IN_REVIEW_FILES.get(title, ("pdf",))):
            document = _document(title, author, body, ext)
            ResourceFile.objects.create(resource=resource, document=document, sort_order=order)
        resource.keywords.add(*topic.split(". ")[-1:])
        resource.save()
        _submit(resource, author, reviewer_name, group, outcome)
        made += 1
    return made


def _submit(resource: Resource, author: User, reviewer_name: str | None, group, outcome: str | None) -> None:
    """Submit for review; then approve it through every task ("approve"), leave it
    waiting (None), or send it back with `outcome` as the reviewer's comment."""
    revision = resource.save_revision(user=author)
    workflow = resource.get_workflow()
    reviewer = User.objects.filter(username=reviewer_name).first() if reviewer_name else None
    if reviewer is None:
        reviewer = (holders(REVIEWING_ROLES, group).exclude(pk=author.pk).order_by("pk").first()
                    or User.objects.filter(is_superuser=True).first())
    if workflow is None:
        revision.publish(user=reviewer)
        return
    state = workflow.start(resource, author)
    if outcome is None:
        return
    if outcome != "approve":
        state.current_task_state.task.specific.on_action(state.current_task_state, reviewer, "reject",
                                                         comment=outcome)
        return
    while state.status == state.STATUS_IN_PROGRESS:
        state.current_task_state.approve(user=reviewer, comment="Đạt yêu cầu.")
        state.refresh_from_db()


# E-learning lectures: (title, description, grade, subject, series, topic, author, reviewer,
# school, group, the package's builder, its file name). Both public, published through review.
DEMO_LECTURES = [
    ("Bài giảng e-learning Toán 6 – Phân số bằng nhau",
     "Bài giảng SCORM 1.2: hai trang về phân số bằng nhau, rồi bài kiểm tra nhanh ba câu. Điểm được lưu; "
     "học sinh dừng giữa chừng thì lần sau học tiếp từ trang đã dừng.",
     6, "toan", "ket-noi", "Bài 23. Mở rộng phân số. Phân số bằng nhau", "giaovien.toan", "thamdinh.toan",
     "THCS-NT", "Tổ Toán – Tin", samples.fractions_lecture, "phan-so-bang-nhau.zip"),
    ("Bài giảng e-learning Khoa học 5 – Năng lượng mặt trời",
     "Bài giảng SCORM 2004 ba phần: Mặt Trời, pin mặt trời và bài kiểm tra. Học lần lượt hoặc chọn phần "
     "trong mục lục; mỗi phần được ghi nhận riêng.",
     5, "khoa-hoc", "ket-noi", "Năng lượng mặt trời", "giaovien.th", None, "TH-KD", "Tổ 4–5",
     samples.scorm2004_sequenced, "nang-luong-mat-troi.zip"),
]
# The student half-way through the first lecture: page 2 of 3, left with exit "suspend".
DEMO_LEARNER = "hocsinh.6a"


def seed_demo_lectures() -> int:
    """Publish the demo's e-learning lectures that are not there yet, then give the demo
    student an attempt in progress; returns how many lectures were made.

    Each package is stored and unpacked as a teacher's upload is (player services: the
    bounded child process, the manifest read), synchronously, outside any transaction of
    ours; the lecture is then submitted and approved as the other demo resources are."""
    year = SchoolYear.objects.filter(is_current=True).first()
    if year is None:
        return 0
    made = 0
    for (title, description, grade_no, subject_code, series_code, topic, author_name, reviewer_name, school_code,
         group_name, build, zip_name) in DEMO_LECTURES:
        if Resource.objects.filter(title=title).exists():
            continue
        author = User.objects.get(username=author_name)
        package = _demo_package(author, build(), zip_name)
        with transaction.atomic():
            school = School.objects.get(code=school_code)
            group = SubjectGroup.objects.get(school=school, name=group_name)
            grade = Grade.objects.get(number=grade_no)
            lecture = Resource(
                kind="elearning", title=title, description=description,
                level=grade.level, grade=grade, subject=Subject.objects.get(code=subject_code),
                textbook_series=TextbookSeries.objects.get(code=series_code), topic=topic, school_year=year,
                owner=author, school=school, subject_group=group, package=package, live=False,
            )
            lecture.save()
            lecture.keywords.add(topic.split(". ")[-1], "e-learning")
            lecture.save()
            problem = lecture_problem(lecture)
            if problem is not None:
                raise RuntimeError(f"demo lecture {title!r} cannot go to review: {problem}")
            _submit(lecture, author, reviewer_name, group, "approve")
        made += 1
    _seed_attempt_in_progress()
    return made


def _demo_package(author: User, data: bytes, name: str) -> Package:
    """A ready package of `author` made of `data`: one a previous run left unused, or a new
    one unpacked now. RuntimeError if the player refuses it (a bug in samples.py)."""
    package = (Package.objects.filter(owner=author, original_name=name, status=Package.Status.READY)
               .exclude(pk__in=Resource.objects.filter(package__isnull=False).values("package"))
               .first())
    if package is None:
        package = player_services.package_create(owner=author, fileobj=io.BytesIO(data), name=name,
                                                 size=len(data), process=False)
        package = player_services.ingest(package)
    if not package.ready:
        raise RuntimeError(f"demo package {name}: {package.error}")
    return package


def _seed_attempt_in_progress() -> None:
    """The demo student's attempt at the first lecture, as the player stores it after
    they read page 1, turned to page 2 and pressed "Tạm dừng" (SCORM 1.2 commits as
    scorm-again sends them: page 2, then the exit "suspend" and the session's time, then
    the terminate commit)."""
    lecture = Resource.objects.filter(title=DEMO_LECTURES[0][0], live=True).select_related("package").first()
    learner = User.objects.filter(username=DEMO_LEARNER).first()
    if lecture is None or learner is None or Attempt.objects.filter(learner=learner,
                                                                    package=lecture.package).exists():
        return
    item = lecture.package.items.filter(is_sco=True).order_by("sort_order").first()
    attempt = runtime.start_attempt(learner, item)
    suspend_data = json.dumps({"page": 2, "answers": {}}, separators=(",", ":"))
    core = {"student_id": runtime.learner_id(learner), "student_name": learner.get_full_name(),
            "lesson_location": "2", "credit": "credit", "lesson_status": "incomplete", "entry": "ab-initio",
            "lesson_mode": "normal", "exit": "", "session_time": "00:00:00",
            "score": {"raw": "", "min": "", "max": ""}}
    cmi = {"suspend_data": suspend_data, "launch_data": "", "comments": "", "comments_from_lms": "",
           "core": core, "objectives": {}, "interactions": {},
           "student_data": {"mastery_score": _number(item.mastery_score), "max_time_allowed": "",
                            "time_limit_action": ""},
           "student_preference": {"audio": "", "language": "", "speed": "", "text": ""}}
    launch = uuid.uuid4().hex  # the launcher's id of that page load
    left = {**cmi, "core": {**core, "exit": "suspend", "session_time": "0000:04:36.80"}}
    for sequence, body in enumerate((cmi, left, left), start=1):
        final = sequence == 3  # the terminate commit
        commit = {"cmi": body, "commitSequence": sequence, **({"final": True} if final else {})}
        outcome = runtime.apply_commit(attempt, commit, launch=launch, final=final)
        if outcome.status != runtime.APPLIED or outcome.ignored:
            raise RuntimeError(f"demo attempt: commit {sequence} {outcome}")


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def on_demo_district_seeded(sender, **kwargs) -> str:
    from repository.questions.demo import DEMO_PEOPLE

    made = seed_demo_content()
    people = ", ".join(username for username, *_rest in DEMO_PEOPLE)
    return f"Demo repository: {made} new resources.\nQuestion banks' reviewers and students (same password): {people}"
