"""Organisation data in the Wagtail admin, for district officers."""

from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import BooleanColumn

from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from lms.core.admin_views import InstanceCheckedSnippetViewSet

from lms.accounts.models import RoleAssignment
from lms.organisation.forms import OrganisationAdminForm
from lms.organisation.models import (
    District, Level, Province, School, SchoolClass, SchoolYear, Semester, SubjectGroup,
)
from lms.permissions import OrganisationPermissionPolicy, organisation_queryset


class YesNoColumn(BooleanColumn):
    """Wagtail's tick or cross titled Có/Không (its own title is the English "True")."""

    cell_template_name = "wagtailadmin/tables/yes_no_cell.html"


ORGANISATION_MODELS = (
    Province, District, School, SubjectGroup, SchoolClass, SchoolYear, Semester, Level,
    RoleAssignment,
)
# Registered before the viewsets, which otherwise create a model-level fallback policy.
for _model in ORGANISATION_MODELS:
    register_permission_policy(_model, OrganisationPermissionPolicy(_model), exact_class=True)


def _field_label(model, name):
    """A column's heading from its field's verbose name (Wagtail's own columns name a
    field in English: "Is active")."""
    return capfirst(model._meta.get_field(name).verbose_name)


class OrganisationViewSet(InstanceCheckedSnippetViewSet):
    """Lists and edits only what the officer's district holds."""

    def get_edit_handler(self):
        form_class = getattr(self.model, "base_form_class", OrganisationAdminForm)
        return ObjectList(self.model.panels, base_form_class=form_class).bind_to_model(self.model)

    def get_queryset(self, request):
        return organisation_queryset(request.user, self.model)


class ProvinceViewSet(OrganisationViewSet):
    model = Province
    icon = "site"
    list_display = ["name", "code"]

    def get_queryset(self, request):
        return Province.objects.all()


class DistrictViewSet(OrganisationViewSet):
    model = District
    icon = "site"
    list_display = ["name", "code", "province"]


class SchoolViewSet(OrganisationViewSet):
    model = School
    icon = "home"
    list_display = [
        "name", "code", "district", YesNoColumn("is_active", label=_field_label(School, "is_active")),
    ]
    list_filter = ["levels", "is_active"]
    search_fields = ["name", "code"]


class SubjectGroupViewSet(OrganisationViewSet):
    model = SubjectGroup
    icon = "group"
    list_display = ["name", "school"]
    list_filter = ["school"]


class SchoolClassViewSet(OrganisationViewSet):
    model = SchoolClass
    icon = "group"
    list_display = ["name", "grade", "school", "school_year"]
    list_filter = ["school_year", "grade"]


class SchoolYearViewSet(OrganisationViewSet):
    model = SchoolYear
    icon = "date"
    list_display = [
        "name", "start_date", "end_date",
        YesNoColumn("is_current", label=_field_label(SchoolYear, "is_current")),
    ]


class SemesterViewSet(OrganisationViewSet):
    model = Semester
    icon = "date"
    list_display = ["code", "school_year", "start_date", "end_date"]


class LevelViewSet(OrganisationViewSet):
    model = Level
    icon = "list-ol"
    list_display = ["name", "code", "grade_from", "grade_to"]


class RoleAssignmentViewSet(OrganisationViewSet):
    model = RoleAssignment
    icon = "key"
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]


class OrganisationGroup(SnippetViewSetGroup):
    menu_label = _("Organisation")
    menu_icon = "site"
    menu_order = 150
    items = (
        ProvinceViewSet, DistrictViewSet, SchoolViewSet, SubjectGroupViewSet,
        SchoolClassViewSet, SchoolYearViewSet, SemesterViewSet, LevelViewSet,
        RoleAssignmentViewSet,
    )


register_snippet(OrganisationGroup)
