"""Reads about people."""

from django.db.models import Q, QuerySet

from lms.accounts.models import RoleAssignment, User
from lms.core.text import fold
from lms.organisation.models import School


def people_of_school(*, school: School, role: str = "", q: str = "") -> QuerySet[User]:
    in_school = RoleAssignment.objects.filter(school=school)
    if role:
        in_school = in_school.filter(role=role)
    people = User.objects.filter(pk__in=in_school.values("user")).select_related("school_class").prefetch_related("role_assignments__subject_group")
    if q:
        needle = fold(q).strip()
        people = people.filter(Q(full_name_folded__contains=needle) | Q(username__icontains=needle))
    return people.distinct().order_by("full_name", "username")


def subject_group_members(*, group) -> QuerySet[User]:
    ids = RoleAssignment.objects.filter(subject_group=group).values("user")
    return User.objects.filter(pk__in=ids).prefetch_related("role_assignments").order_by("full_name")
