"""Curriculum vocabularies: data the district can edit, seeded with the 2018 programme."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel

from lms.organisation.models import Level


class Grade(models.Model):
    """A grade (khối lớp 1–12) or, in preschool, an age group."""

    level = models.ForeignKey(Level, on_delete=models.PROTECT, related_name="grade_set", verbose_name=_("school level"))
    name = models.CharField(_("name"), max_length=100)
    number = models.PositiveSmallIntegerField(
        _("grade number"), null=True, blank=True, unique=True,
        help_text=_("1 to 12; empty for preschool age groups."),
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("level"), FieldPanel("name"), FieldPanel("number"), FieldPanel("sort_order")]

    def __str__(self):
        return self.name

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["sort_order"]


class Subject(models.Model):
    """A subject or, in preschool, an area of development, taught at some levels."""

    name = models.CharField(_("name"), max_length=150)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    levels = models.ManyToManyField(Level, related_name="subjects", verbose_name=_("school levels"))
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("levels"), FieldPanel("sort_order")]

    def __str__(self):
        return self.name

    class Meta:
        verbose_name = pgettext_lazy("school subject", "subject")
        verbose_name_plural = pgettext_lazy("school subject", "subjects")
        ordering = ["sort_order", "name"]


class TextbookSeries(models.Model):
    """A textbook series (bộ sách)."""

    name = models.CharField(_("name"), max_length=150, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("sort_order")]

    def __str__(self):
        return self.name

    class Meta:
        verbose_name = _("textbook series")
        verbose_name_plural = _("textbook series")
        ordering = ["sort_order", "name"]
