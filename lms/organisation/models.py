"""The education administration: province office → district office → school →
subject group, plus school years, semesters and classes."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from lms.core.text import search_fold


class Province(models.Model):
    """A province's Department of Education and Training (Sở GD&ĐT)."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(_("code"), max_length=20, unique=True)

    panels = [FieldPanel("name"), FieldPanel("code")]

    def __str__(self):
        return self.name

    class Meta:
        verbose_name = _("province office")
        verbose_name_plural = _("province offices")
        ordering = ["name"]


class District(index.Indexed, models.Model):
    """A district's Office of Education and Training (Phòng GD&ĐT)."""

    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="districts", verbose_name=_("province office")
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(_("code"), max_length=20, unique=True)

    panels = [FieldPanel("province"), FieldPanel("name"), FieldPanel("code")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    def __str__(self):
        return self.name

    class Meta:
        verbose_name = _("district office")
        verbose_name_plural = _("district offices")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["province", "name"], name="district_unique_name")
        ]


class Level(models.Model):
    """A school level (cấp học) and the grades it spans.

    Data, not code: the district can rename levels or add one.
    """

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    grade_from = models.PositiveSmallIntegerField(
        _("first grade"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Empty for preschool, which has age groups instead of grades."),
    )
    grade_to = models.PositiveSmallIntegerField(
        _("last grade"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(12)],
    )
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldPanel("name"), FieldPanel("code"), FieldPanel("grade_from"),
        FieldPanel("grade_to"), FieldPanel("sort_order"),
    ]

    def __str__(self):
        return self.name

    @property
    def grades(self) -> range:
        if self.grade_from is None or self.grade_to is None:
            return range(0)
        return range(self.grade_from, self.grade_to + 1)

    def clean(self):
        if (self.grade_from is None) != (self.grade_to is None):
            raise ValidationError(_("Give both the first and the last grade, or neither."))
        if self.grade_from and self.grade_to and self.grade_from > self.grade_to:
            raise ValidationError(_("The first grade must not come after the last grade."))

    class Meta:
        verbose_name = _("school level")
        verbose_name_plural = _("school levels")
        ordering = ["sort_order", "name"]


class School(index.Indexed, models.Model):
    """A school (trường). A combined school (liên cấp) has several levels."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="schools", verbose_name=_("district office")
    )
    name = models.CharField(_("name"), max_length=200)
    code = models.CharField(
        _("code"), max_length=30, unique=True,
        help_text=_("Short code, used in usernames and reports, e.g. THCS-NT."),
    )
    levels = models.ManyToManyField(Level, related_name="schools", verbose_name=_("levels"))
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("district"), FieldPanel("name"), FieldPanel("code"),
        FieldPanel("levels", widget=forms.CheckboxSelectMultiple),
        FieldPanel("address"), FieldPanel("phone"), FieldPanel("is_active"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("code"),
        index.SearchField("name_folded"),
        index.AutocompleteField("name"),
        index.FilterField("district"),
        index.FilterField("is_active"),
    ]

    def name_folded(self) -> str:
        return search_fold(self.name)

    def __str__(self):
        return self.name

    @property
    def grades(self) -> list[int]:
        return sorted({g for level in self.levels.all() for g in level.grades})

    class Meta:
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="school_unique_name")
        ]


class SubjectGroup(models.Model):
    """A school's subject group (tổ chuyên môn), e.g. "Tổ Toán – Tin"."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="subject_groups", verbose_name=_("school")
    )
    name = models.CharField(_("name"), max_length=200)

    panels = [FieldPanel("school"), FieldPanel("name")]

    def __str__(self):
        return f"{self.name} – {self.school.name}"

    class Meta:
        verbose_name = _("subject group")
        verbose_name_plural = _("subject groups")
        ordering = ["school__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="subjectgroup_unique_name")
        ]


class Period(models.Model):
    """A span of days: a school year or a semester."""

    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))

    def clean(self):
        if self.start_date and self.end_date and self.start_date >= self.end_date:
            raise ValidationError(_("The first day must come before the last day."))

    class Meta:
        abstract = True


class SchoolYear(Period):
    """A school year, written 2025–2026."""

    start_year = models.PositiveSmallIntegerField(
        _("starting year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    is_current = models.BooleanField(_("current school year"), default=False)

    panels = [
        FieldPanel("start_year"), FieldPanel("start_date"), FieldPanel("end_date"),
        FieldPanel("is_current"),
    ]

    @property
    def name(self) -> str:
        return f"{self.start_year}–{self.start_year + 1}"

    # the admin's column heading, and its sort order
    name.fget.short_description = _("school year")
    name.fget.admin_order_field = "start_year"

    def __str__(self):
        return self.name

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-start_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"], condition=models.Q(is_current=True),
                name="schoolyear_one_current",
            )
        ]


class Semester(Period):
    """A semester (học kỳ) of a school year: HK1 or HK2."""

    class Code(models.TextChoices):
        HK1 = "HK1", _("Semester 1")
        HK2 = "HK2", _("Semester 2")

    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.CASCADE, related_name="semesters", verbose_name=_("school year")
    )
    code = models.CharField(_("semester"), max_length=3, choices=Code.choices)

    panels = [FieldPanel("school_year"), FieldPanel("code"), FieldPanel("start_date"), FieldPanel("end_date")]

    def __str__(self):
        return f"{self.code} {self.school_year}"

    class Meta:
        verbose_name = _("semester")
        verbose_name_plural = _("semesters")
        ordering = ["-school_year__start_year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "code"], name="semester_unique_code")
        ]


class SchoolClass(models.Model):
    """A class (lớp) of a school in a school year, e.g. 6A."""

    school = models.ForeignKey(
        School, on_delete=models.CASCADE, related_name="classes", verbose_name=_("school")
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="classes", verbose_name=_("school year")
    )
    grade = models.PositiveSmallIntegerField(
        _("grade"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)],
        help_text=_("Empty for preschool age groups."),
    )
    name = models.CharField(_("name"), max_length=50)

    panels = [FieldPanel("school"), FieldPanel("school_year"), FieldPanel("grade"), FieldPanel("name")]

    def __str__(self):
        return f"{self.name} ({self.school_year})"

    class Meta:
        verbose_name = _("class")
        verbose_name_plural = _("classes")
        ordering = ["school__name", "grade", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"], name="schoolclass_unique_name"
            )
        ]
