"""Menu entries for managing people and groups."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lms.core.navigation import NavItem, register, url_to
from lms.permissions import GROUP_ROLES, can, is_officer, led_schools, unit_ids


def _first_group_url(user):
    groups = unit_ids(user, GROUP_ROLES, "subject_group")
    return reverse("accounts:subject_group", args=[min(groups)]) if groups else None


register(NavItem(
    key="admin", label=_("Administration"), url=lambda u: "/admin/",
    visible=lambda u: can(u, "admin.access"), order=90,  # officers and superusers
))
register(NavItem(
    key="people", label=_("People"), url=url_to("accounts:people"),
    visible=lambda u: is_officer(u) or bool(led_schools(u)) or u.is_superuser, order=30,
))
register(NavItem(
    key="subject_group", label=_("My subject group"), url=_first_group_url,
    visible=lambda u: True, order=40,
))
