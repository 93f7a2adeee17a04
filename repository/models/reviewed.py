"""What every kind of reviewed curriculum content shares: lessons' resources today,
e-learning lectures and question banks next. A concrete model adds its own content
(files, a package, questions) and registers itself as reviewable (repository/review.py):
the subject group's review, the queue, the counts and the e-mails then work for it."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import DraftStateMixin, LockableMixin, PreviewableMixin, RevisionMixin, WorkflowMixin
from wagtail.search import index

from lms.organisation.models import Level, School, SchoolYear, SubjectGroup
from repository.choices import Licence, Visibility
from repository.models.curriculum import Grade, Subject, TextbookSeries


class ReviewedContent(
    WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, PreviewableMixin,
    index.Indexed, ClusterableModel,
):
    """Curriculum metadata, authorship, the school and subject group that review it,
    licence and visibility, with Wagtail's workflow, drafts, revisions, locks and previews.
    Keywords are the concrete model's (a tag needs its own through model)."""

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    level = models.ForeignKey(Level, on_delete=models.PROTECT, verbose_name=_("school level"))
    grade = models.ForeignKey(Grade, on_delete=models.PROTECT, verbose_name=_("grade"))
    subject = models.ForeignKey(Subject, on_delete=models.PROTECT, verbose_name=pgettext_lazy("school subject", "subject"))
    textbook_series = models.ForeignKey(
        TextbookSeries, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("textbook series")
    )
    topic = models.CharField(_("topic or lesson"), max_length=255, blank=True)
    school_year = models.ForeignKey(SchoolYear, on_delete=models.PROTECT, verbose_name=_("school year"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="%(class)ss",
        verbose_name=_("author"), editable=False,
    )
    co_authors = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="co_authored_%(class)ss",
        verbose_name=_("co-authors"),
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, verbose_name=_("school"), editable=False)
    subject_group = models.ForeignKey(
        SubjectGroup, on_delete=models.PROTECT, verbose_name=_("subject group"),
        help_text=_("The group whose reviewers evaluate this resource."),
    )
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.CC_BY)
    visibility = models.CharField(
        _("who can see it"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="%(class)s", for_concrete_model=False,
    )
    revisions = GenericRelation(
        "wagtailcore.Revision", content_type_field="base_content_type",
        object_id_field="object_id", related_query_name="%(class)s", for_concrete_model=False,
    )

    @property
    def review_kind(self) -> str:
        """The kind the district's review settings name (ReviewSettings)."""
        raise NotImplementedError

    def review_files(self) -> list:
        """This version's files as repository.presentation presents them, for the
        reviewer's page; a model whose content is not files gives its own preview."""
        return []

    def clean(self):
        super().clean()
        if self.grade_id and self.level_id and self.grade.level_id != self.level_id:
            raise ValidationError({"grade": _("This grade belongs to another school level.")})
        if self.subject_id and self.level_id and not self.subject.levels.filter(pk=self.level_id).exists():
            raise ValidationError({"subject": _("This subject is not taught at this school level.")})

    def __str__(self):
        return self.title

    class Meta:
        abstract = True
        ordering = ["-updated_at"]
