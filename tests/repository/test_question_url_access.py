"""Every URL of the question bank's pages (/ngan-hang/…), for every demo role, against a
question of the author's bank that is a draft never submitted (D), in review (R) and
published (P), with GET and POST, compared with the table below, as the repository's
site walk does (test_site_url_access.py: a URL nobody classified fails; unlisted cells
are 404, never 403, which would tell that it exists; a denied POST changes nothing).

Who "ok" is, in words: the banks' list is for whoever teaches or reviews (the officer
reads every bank of the district); a bank's page for its group's teachers and
reviewers and the district's officer; importing into it for the group's teachers (the
author, the reviewer and the leader teach in it); an import and its images for the
teacher who started it; a question and its images: the draft its author's, the one in
review also its group's reviewers' and the officer's, the published one every teacher's
and officer's of the district (the judge teaches at another school of the district),
never a student's or a visitor's; writing a question into a bank for its group's teachers
(as importing); a question's editor and withdrawing it from review for its author alone
(the editor answers 409 while the question waits for review, offering the withdrawal);
the batch review for who reviews; the Excel template
for whoever teaches; blueprints for the bank's teachers; an exam, its papers, key,
answer sheet and PDFs for the teacher who drew it alone (an exam is secret until given;
the PDF of a variant not made yet is 404 for all); once given as a quiz, a question's
image for the students of the class and the quiz's owner; the list of one's quizzes for
anyone logged in (empty but for students)."""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

import samples
from factories import make_bank, make_question
from lms.organisation.models import SchoolClass
from repository.models import Blueprint, Exam, Question, QuestionBank, QuestionImport
from repository.questions import exam_services
from repository.questions.exams import blueprint as blueprints
from test_admin_url_access import ROLES, TARGETS, _fingerprint, _parse_table, _patterns, _walk

TABLE = _parse_table("""
questions:banks          GET   author,reviewer,leader,officer,teacher,judge:D principal,student:D=deny visitor:D=login
questions:banks          POST  author,reviewer,leader,teacher,judge:D=400 officer,principal,student:D=deny visitor:D=login
questions:bank           GET   author,reviewer,leader,officer:D visitor:D=login
questions:bank           POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:import_start   GET   author,reviewer,leader:D officer:D=deny visitor:D=login
questions:import_start   POST  author,reviewer,leader:D=400 officer:D=deny visitor:D=login
questions:import         GET   author:D visitor:D=login
questions:import         POST  author:D=400 visitor:D=login
questions:import_status  GET   author:D visitor:D=login
questions:import_status  POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:import_media   GET   author:D visitor:D=login
questions:import_media   POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:question       GET   author:DRP reviewer,leader,officer:RP teacher,judge:P visitor:DRP=login
questions:question       POST  author,reviewer,leader,officer,principal,teacher,judge,student:DRP=405 visitor:DRP=login
questions:media          GET   author:DRP reviewer,leader,officer:RP teacher,judge:P visitor:DRP=login
questions:media          POST  author,reviewer,leader,officer,principal,teacher,judge,student:DRP=405 visitor:DRP=login
questions:question_new   GET   author,reviewer,leader:D officer:D=deny visitor:D=login
questions:question_new   POST  author,reviewer,leader:D=400 officer:D=deny visitor:D=login
questions:question_edit  GET   author:DP author:R=409 visitor:DRP=login
questions:question_edit  POST  author:DP=400 author:R=409 visitor:DRP=login
questions:question_withdraw GET author,reviewer,leader,officer,principal,teacher,judge,student:DRP=405 visitor:DRP=login
questions:question_withdraw POST author:DRP visitor:DRP=login
questions:batch_review   GET   reviewer,leader,officer:D author,principal,teacher,judge,student:D=deny visitor:D=login
questions:batch_review   POST  reviewer,leader,officer:D=400 author,principal,teacher,judge,student:D=deny visitor:D=login
questions:blueprints     GET   author,reviewer,leader:D officer:D=deny visitor:D=login
questions:blueprints     POST  author,reviewer,leader:D=400 officer:D=deny visitor:D=login
questions:blueprint      GET   author,reviewer,leader:D visitor:D=login
questions:blueprint      POST  author,reviewer,leader:D=400 visitor:D=login
questions:exam           GET   author:D visitor:D=login
questions:exam           POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:exam_swap      GET   author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:exam_swap      POST  author:D visitor:D=login
questions:exam_variant   GET   author:D visitor:D=login
questions:exam_variant   POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:exam_key       GET   author:D visitor:D=login
questions:exam_key       POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:exam_sheet     GET   author:D visitor:D=login
questions:exam_sheet     POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:exam_pdf       GET   visitor:D=login
questions:exam_pdf       POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:exam_pdf_start GET   author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:exam_pdf_start POST  author:D visitor:D=login
questions:exam_pdf_status GET  author:D visitor:D=login
questions:exam_pdf_status POST author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:exam_publish   GET   author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:exam_publish   POST  author:D=400 visitor:D=login
questions:quiz_media     GET   author,student:D visitor:D=login
questions:quiz_media     POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:my_quizzes     GET   author,reviewer,leader,officer,principal,teacher,judge,student:D visitor:D=login
questions:my_quizzes     POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:bank_export    GET   author,reviewer,leader,officer:D visitor:D=login
questions:bank_export    POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:bank_export_format GET author,reviewer,leader,officer:D visitor:D=login
questions:bank_export_format POST author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:exam_save_paper GET  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
questions:exam_save_paper POST author:D visitor:D=login
questions:excel_template GET   author,reviewer,leader,teacher,judge:D officer,principal,student:D=deny visitor:D=login
questions:excel_template POST  author,reviewer,leader,officer,principal,teacher,judge,student:D=405 visitor:D=login
""")


class QuestionTargets:
    def __init__(self, demo):
        author = demo.user(ROLES["author"])
        self.bank = make_bank(demo, author=ROLES["author"])
        self.objects = {target: make_question(self.bank, f"Câu hỏi {target}", state=state, image=True)
                        for target, state in zip(TARGETS, ("draft", "in_review", "published"))}
        path = default_storage.save("repository/question-imports/walk/1/hinh.png", ContentFile(samples.png()))
        self.job = QuestionImport.objects.create(
            bank=self.bank, created_by=author, original_name="cau-hoi.gift", fmt="gift",
            file=ContentFile(b"::Q:: 1 + 1 = {=2 ~3}", name="walk.bin"), status=QuestionImport.Status.READ,
            result={"questions": [], "problems": [], "skipped": [], "passages": {"p1": {
                "title": "", "text": "", "text_format": "plain",
                "media": [{"name": "hinh.png", "mime": "image/png", "alt": "", "path": path}]}}})
        self.image_path = path
        drawn = make_question(self.bank, "Câu để ra đề", topic="Số tự nhiên", cognitive_level="Biết", image=True)
        spec = blueprints.Blueprint(levels=["Biết", "Hiểu", "Vận dụng"], topics=["Số tự nhiên"],
                                    cells=[blueprints.Cell("Số tự nhiên", "Biết", 1, 10.0)],
                                    shares={"Biết": 100, "Hiểu": 0, "Vận dụng": 0}, total_points=10)
        self.blueprint = exam_services.blueprint_save(user=author, bank=self.bank, name="Ma trận", spec=spec)
        self.exam = exam_services.exam_create(user=author, blueprint=self.blueprint, title="Đề", seed="walk")
        six_a = SchoolClass.objects.get(school=self.bank.subject_group.school, name="6A")  # the student's class
        exam_services.exam_publish_quiz(user=author, exam=self.exam, classes=[six_a])
        self.drawn = drawn

    def url(self, name: str, names: list[str], target: str) -> str:
        question = self.objects[target]
        by_name = {
            "questions:bank": [self.bank.pk], "questions:import_start": [self.bank.pk],
            "questions:import": [self.job.pk], "questions:import_status": [self.job.pk],
            "questions:import_media": [self.job.pk], "questions:question": [question.pk],
            "questions:media": [question.media.get().pk],
            "questions:question_new": [self.bank.pk], "questions:question_edit": [question.pk],
            "questions:question_withdraw": [question.pk],
            "questions:blueprints": [self.bank.pk], "questions:blueprint": [self.blueprint.pk],
            "questions:exam": [self.exam.pk], "questions:exam_swap": [self.exam.pk],
            "questions:exam_key": [self.exam.pk], "questions:exam_sheet": [self.exam.pk],
            "questions:exam_pdf_start": [self.exam.pk], "questions:exam_pdf_status": [self.exam.pk],
            "questions:exam_variant": [self.exam.pk, 101], "questions:exam_pdf": [self.exam.pk, 101],
            "questions:exam_publish": [self.exam.pk], "questions:exam_save_paper": [self.exam.pk],
            "questions:bank_export": [self.bank.pk], "questions:bank_export_format": [self.bank.pk, "qti"],
            "questions:quiz_media": [self.exam.pk, self.drawn.pk, "hinh.png"],
        }
        if names and name not in by_name:
            raise AssertionError(f"{name}: no value for the URL's {names}")
        url = reverse(name, args=by_name.get(name, []))
        if name == "questions:import_media":
            url += "?" + f"tep={self.image_path}"
        return url

    def requests(self):
        for name, names in sorted(_patterns(("questions",))):
            names_question = name in ("questions:question", "questions:media", "questions:question_edit",
                                      "questions:question_withdraw")
            for target in TARGETS if names_question else TARGETS[:1]:
                for method in ("GET", "POST"):
                    yield name, method, target, self.url(name, names, target)


def _bank_fingerprint() -> str:
    rows = [_fingerprint(), list(Question.objects.order_by("pk").values_list("pk", "live", "latest_revision_id")),
            list(QuestionBank.objects.order_by("pk").values_list("pk", "name")),
            list(QuestionImport.objects.order_by("pk").values_list("pk", "status")),
            list(Blueprint.objects.order_by("pk").values_list("pk", "spec")),
            list(Exam.objects.order_by("pk").values_list("pk", "items", "pdf_state"))]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.mark.parametrize("role", list(ROLES))
def test_every_url_of_the_question_bank_answers_each_role_as_the_table_says(demo, role):
    targets = QuestionTargets(demo)
    _walk(role, targets.requests(), TABLE, _bank_fingerprint, print_as=f"questions-{role}",
          default=lambda role: "404", admin=False)
