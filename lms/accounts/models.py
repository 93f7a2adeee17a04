"""People and the roles they hold in the organisation."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from lms.core.text import fold
from lms.organisation.models import District, School, SchoolClass, SubjectGroup


class Role(models.TextChoices):
    DISTRICT_OFFICER = "district_officer", _("District officer")
    SCHOOL_LEADER = "school_leader", _("School leader / IT contact")
    GROUP_LEADER = "group_leader", _("Subject-group leader")
    REVIEWER = "reviewer", _("Reviewer")
    TEACHER = "teacher", _("Teacher")
    JUDGE = "judge", _("Judge")
    STUDENT = "student", _("Student")


# Which organisation unit each role is granted on.
ROLE_SCOPE = {
    Role.DISTRICT_OFFICER: "district",
    Role.SCHOOL_LEADER: "school",
    Role.GROUP_LEADER: "subject_group",
    Role.REVIEWER: "subject_group",
    Role.TEACHER: "school",
    Role.JUDGE: "district",  # the district's pool; each contest assigns its own judges
    Role.STUDENT: "school",
}


class User(AbstractUser):
    """A person. Many teachers and all students have no e-mail address."""

    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("email address"), blank=True)
    must_change_password = models.BooleanField(
        _("must change password"), default=False,
        help_text=_("Set for initial and reset passwords; cleared when the user picks one."),
    )
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="students", verbose_name=_("class"),
    )

    # For diacritic-blind look-ups: "lan" finds "Lân", "dung" finds "Dũng".
    full_name_folded = models.CharField(max_length=150, editable=False, db_index=True, default="")

    objects = UserManager()

    REQUIRED_FIELDS = ["full_name"]

    def save(self, *args, **kwargs):
        self.full_name_folded = fold(self.full_name)
        if kwargs.get("update_fields") is not None and "full_name" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "full_name_folded"}
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name or self.username

    def get_short_name(self):
        # Vietnamese names are called by their last word: "Nguyễn Thị Lan" -> "Lan".
        return (self.full_name.split() or [self.username])[-1]

    def __str__(self):
        return f"{self.full_name} ({self.username})" if self.full_name else self.username

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["full_name", "username"]


class RoleAssignment(models.Model):
    """A role a user holds on one organisation unit."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments",
        verbose_name=_("district office"),
    )
    school = models.ForeignKey(
        School, on_delete=models.CASCADE, null=True, blank=True, related_name="role_assignments",
        verbose_name=_("school"),
    )
    subject_group = models.ForeignKey(
        SubjectGroup, on_delete=models.CASCADE, null=True, blank=True,
        related_name="role_assignments", verbose_name=_("subject group"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    # "school:12": one key per unit, so the same role is not granted twice on it.
    unit_key = models.CharField(max_length=40, editable=False)

    panels = [
        FieldPanel("user"), FieldPanel("role"), FieldPanel("district"),
        FieldPanel("school"), FieldPanel("subject_group"),
    ]

    def fill_hierarchy(self):
        """A role on a group is also held within its school and district."""
        if self.subject_group_id:
            self.school_id = self.subject_group.school_id
        if self.school_id:
            self.district_id = self.school.district_id
        # Keyed by the most specific unit: a teacher may be held on a school or,
        # more precisely, on one of its subject groups.
        self.unit_key = ""
        for level in ("subject_group", "school", "district"):
            if getattr(self, f"{level}_id"):
                self.unit_key = f"{level}:{getattr(self, f'{level}_id')}"
                break

    def save(self, *args, **kwargs):
        self.fill_hierarchy()
        super().save(*args, **kwargs)

    def clean(self):
        self.fill_hierarchy()
        scope = ROLE_SCOPE.get(self.role)
        if scope and getattr(self, f"{scope}_id") is None:
            field = self._meta.get_field(scope)
            raise ValidationError(
                {scope: _("This role is granted on a %(unit)s.") % {"unit": field.verbose_name}}
            )

    @property
    def unit(self):
        return self.subject_group or self.school or self.district

    unit.fget.short_description = _("organisation unit")  # the admin's column heading

    def __str__(self):
        return f"{self.get_role_display()} – {self.unit}"

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["user__full_name", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "unit_key"], name="roleassignment_unique"
            )
        ]
