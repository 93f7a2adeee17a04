"""The question bank: a subject group's banks of questions, each question reviewed by the
group like any other content (ReviewedContent), with its answer as the neutral form's JSON
(repository/questions/interchange.py) and the images it shows as its own files (kept in
every revision, like a resource's files)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.models import Orderable
from wagtail.search import index

from lms.organisation.models import District, Level, SubjectGroup
from repository.models.curriculum import Grade, Subject, TextbookSeries
from repository.models.reviewed import ReviewedContent
from repository.questions import interchange
from repository.questions.levels import DEFAULT_LEVEL_SET, LEVEL_SET_CHOICES

QUESTION_KIND_CHOICES = [
    (interchange.SINGLE, _("Single choice")),
    (interchange.MULTIPLE, _("Multiple answers")),
    (interchange.TRUE_FALSE, _("True or false")),
    (interchange.TRUE_FALSE_GROUP, _("True/false statements (a–d)")),
    (interchange.SHORT_TEXT, _("Short answer (text)")),
    (interchange.NUMERIC, _("Short answer (number)")),
    (interchange.MATCHING, _("Matching")),
    (interchange.CLOZE, _("Fill in the blanks")),
    (interchange.ESSAY, _("Essay")),
]


class QuestionSettings(models.Model):
    """A district's choice of cognitive levels for its banks; without a row, the three
    levels of the 2018 curriculum's current guidance."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="question_settings",
                                    verbose_name=_("district"))
    level_set = models.CharField(_("cognitive levels"), max_length=10, choices=LEVEL_SET_CHOICES,
                                 default=DEFAULT_LEVEL_SET)

    @classmethod
    def level_set_for(cls, district_id) -> str:
        row = cls.objects.filter(district_id=district_id).first()
        return row.level_set if row else DEFAULT_LEVEL_SET

    class Meta:
        verbose_name = _("question bank settings")
        verbose_name_plural = _("question bank settings")


class QuestionBank(models.Model):
    """A subject group's named bank ("Toán 10 – Đại số"); its questions are reviewed by
    that group."""

    subject_group = models.ForeignKey(SubjectGroup, on_delete=models.PROTECT, related_name="question_banks",
                                      verbose_name=_("subject group"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # What its questions are about unless one says otherwise (an import fills them in).
    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="+", verbose_name=_("school level"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, related_name="+",
                                verbose_name=pgettext_lazy("school subject", "subject"))
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                              verbose_name=_("grade"))
    textbook_series = models.ForeignKey(TextbookSeries, on_delete=models.PROTECT, null=True, blank=True,
                                        related_name="+", verbose_name=_("textbook series"))
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    def __str__(self):
        return self.name

    class Meta:
        verbose_name = _("question bank")
        verbose_name_plural = _("question banks")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(
            fields=["subject_group", "name"], name="question_bank_name_unique",
            violation_error_message=_("The group has a bank of this name already."))]


class QuestionPassage(models.Model):
    """A text or figure several questions of a bank share ("Đọc đoạn văn sau và trả lời câu
    3–5"); exams keep its questions together."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="passages")
    title = models.CharField(_("title"), max_length=255, blank=True)
    text = models.TextField(_("text"))
    text_format = models.CharField(max_length=10, default=interchange.PLAIN)
    # Its images: [{"name", "path" (in storage), "mime", "alt"}]; a passage is never
    # edited in place, so its images need no revisions.
    media = models.JSONField(default=list, blank=True)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.title or self.text[:60]

    class Meta:
        verbose_name = _("shared passage")
        verbose_name_plural = _("shared passages")


class QuestionTag(TaggedItemBase):
    content_object = ParentalKey("repository.Question", on_delete=models.CASCADE, related_name="tagged_items")


class Difficulty(models.TextChoices):
    EASY = "easy", _("Easy")
    MEDIUM = "medium", _("Medium")
    HARD = "hard", _("Hard")


class Question(ReviewedContent):
    """One question of a bank. Its title is its stem's first words; `content` holds what
    the student reads and how it is graded (interchange.to_content)."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.PROTECT, related_name="questions",
                             verbose_name=_("question bank"))
    kind = models.CharField(_("question type"), max_length=20, choices=QUESTION_KIND_CHOICES)
    content = models.JSONField(_("content"), default=dict)
    cognitive_level = models.CharField(_("cognitive level"), max_length=40, blank=True)
    difficulty = models.CharField(_("difficulty"), max_length=10, choices=Difficulty.choices, blank=True)
    points = models.DecimalField(_("points"), max_digits=5, decimal_places=2, default=1)
    source = models.CharField(_("source"), max_length=255, blank=True)
    passage = models.ForeignKey(QuestionPassage, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="questions", verbose_name=_("shared passage"))
    keywords = ClusterTaggableManager(through=QuestionTag, blank=True, verbose_name=_("tags"))
    # The normalised stem and answers, hashed: the same question twice is flagged.
    fingerprint = models.CharField(max_length=64, db_index=True, editable=False, blank=True)
    imported_in = models.ForeignKey("repository.QuestionImport", on_delete=models.SET_NULL, null=True, blank=True,
                                    related_name="questions", editable=False)

    search_fields = [
        index.SearchField("title", boost=2),
        index.SearchField("topic"),
        index.FilterField("bank_id"),
        index.FilterField("kind"),
        index.FilterField("live"),
    ]

    @property
    def review_kind(self) -> str:
        return "question"

    def as_interchange(self, **metadata) -> interchange.Question:
        return interchange.from_content(self.content, title=self.title, topic=self.topic,
                                        cognitive_level=self.cognitive_level, points=float(self.points),
                                        source=self.source, **metadata)

    def get_preview_template(self, request, mode_name):
        return "repository/questions/question_preview.html"

    class Meta(ReviewedContent.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")


def media_path(instance, filename):
    return f"repository/questions/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class QuestionMedia(Orderable):
    """An image a question shows, named in its text as `media:NAME`; part of every
    revision, so a version keeps the images it was approved with."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="media")
    name = models.CharField(max_length=100)
    file = models.FileField(upload_to=media_path, max_length=255)
    mime = models.CharField(max_length=60)
    alt = models.CharField(_("description of the image"), max_length=500, blank=True)

    class Meta(Orderable.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")


class QuestionImport(models.Model):
    """A teacher's file of questions on its way into a bank: read in the background (the
    processing sandbox), previewed with each question's problems, saved as they choose."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be read")
        READING = "reading", _("Reading")
        READ = "read", _("Read: waiting for your choice")
        SAVING = "saving", _("Saving…")
        SAVED = "saved", _("Saved")
        FAILED = "failed", _("Could not be read")

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="imports")
    created_by = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    original_name = models.CharField(max_length=255)
    fmt = models.CharField(max_length=20, default="auto")
    file = models.FileField(upload_to="repository/question-imports/", max_length=255)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.WAITING)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    # What the file holds, read: the questions (to_content + metadata), problems, skipped.
    result = models.JSONField(default=dict, blank=True)
    # The teacher's choice, kept while it is saved in the background (numbers, submit,
    # grade, school_year, topic: services.import_choose), and how many were saved.
    choice = models.JSONField(default=dict, blank=True)
    saved_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]


class Blueprint(models.Model):
    """An exam's blueprint (ma trận đề): topics by cognitive levels, each cell a count of
    questions and their points, with the intended share of each level
    (repository/questions/exams/blueprint.py holds its rules; `spec` its JSON)."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="blueprints",
                             verbose_name=_("question bank"))
    name = models.CharField(_("name"), max_length=200)
    spec = models.JSONField(default=dict)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.name

    class Meta:
        verbose_name = _("blueprint")
        verbose_name_plural = _("blueprints")
        ordering = ["-updated_at"]


class Exam(models.Model):
    """An exam drawn from a blueprint: the questions it uses, each at the version drawn
    (a later edit of a question never changes it), printed in `variant_count` shuffled
    variants from `seed`."""

    bank = models.ForeignKey(QuestionBank, on_delete=models.CASCADE, related_name="exams")
    blueprint = models.ForeignKey(Blueprint, on_delete=models.SET_NULL, null=True, blank=True, related_name="exams")
    title = models.CharField(_("title"), max_length=255)
    minutes = models.PositiveSmallIntegerField(_("time allowed (minutes)"), default=45)
    variant_count = models.PositiveSmallIntegerField(_("number of variants"), default=4)
    first_code = models.PositiveSmallIntegerField(_("first variant code"), default=101)
    seed = models.CharField(max_length=40)
    shuffle_questions = models.BooleanField(_("shuffle the questions"), default=True)
    shuffle_options = models.BooleanField(_("shuffle the options"), default=True)
    # [{"question": id, "revision": id, "cell": [topic, level, kind], "points": float}], in order
    items = models.JSONField(default=list)
    created_by = models.ForeignKey("accounts.User", on_delete=models.PROTECT, related_name="+", editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # Its PDFs, made in the background: {"status": "waiting|working|done|failed", "progress": %,
    # "files": {code: storage path}, "error": text}.
    pdf_state = models.JSONField(default=dict, blank=True, editable=False)
    # Where it went: the online quiz it was published as, the test paper saved in the repository.
    quiz_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    quiz_classes = models.JSONField(default=list, blank=True, editable=False)  # ids of the classes that take it
    paper = models.ForeignKey("repository.Resource", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", editable=False)

    def __str__(self):
        return self.title

    class Meta:
        verbose_name = _("exam")
        verbose_name_plural = _("exams")
        ordering = ["-created_at"]
