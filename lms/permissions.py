"""May this user do this action on this object? The one answer for views and admin.

Every rule follows the organisation: a district officer acts within their district,
a school leader within their school, a subject-group leader or reviewer within their
group. Superusers may do everything. Rules are plain functions; `can()` looks them up.
"""

from __future__ import annotations

from typing import Callable

from django.db.models import Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from lms.accounts.models import Role, RoleAssignment, User
from lms.organisation.models import (
    District,
    Level,
    Province,
    School,
    SchoolClass,
    SchoolYear,
    Semester,
    SubjectGroup,
)

# Roles above teacher and student: only someone higher may manage such a person.
MANAGING_ROLES = {Role.DISTRICT_OFFICER, Role.SCHOOL_LEADER}
# The roles held on a subject group: its members.
GROUP_ROLES = (Role.TEACHER, Role.GROUP_LEADER, Role.REVIEWER)


def assignments(user) -> list[RoleAssignment]:
    """The user's role assignments, read once per user object (one per request)."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_lms_assignments", None)
    if cached is None:
        cached = list(user.role_assignments.all())
        user._lms_assignments = cached
    return cached


def forget_assignments(user) -> None:
    user.__dict__.pop("_lms_assignments", None)


def has_role(user, role: str, **unit) -> bool:
    """True when the user holds `role`, on the given unit if one is given."""
    for a in assignments(user):
        if a.role != role:
            continue
        if all(getattr(a, f"{k}_id") == (v.pk if v is not None else None) for k, v in unit.items()):
            return True
    return False


def roles(user) -> set[str]:
    return {a.role for a in assignments(user)}


def _as_role_set(roles) -> set[str]:
    """One role or several, as a set."""
    return {roles} if isinstance(roles, str) else set(roles)


def unit_ids(user, roles, unit: str) -> set[int]:
    """Ids of the units (`district`, `school` or `subject_group`) on which the user holds
    any of `roles` (one role or several): the one answer to "where is this user a …"."""
    wanted = _as_role_set(roles)
    return {
        getattr(a, f"{unit}_id") for a in assignments(user)
        if a.role in wanted and getattr(a, f"{unit}_id") is not None
    }


_UNIT_FIELDS = {District: "district", School: "school", SubjectGroup: "subject_group"}


def holders(roles, unit=None) -> QuerySet[User]:
    """Active users holding any of `roles`, on `unit` (a district, school or subject
    group) when one is given: the other direction of `unit_ids`."""
    held = RoleAssignment.objects.filter(role__in=_as_role_set(roles))
    if unit is not None:
        held = held.filter(**{_UNIT_FIELDS[type(unit)]: unit})
    return User.objects.filter(pk__in=held.values("user"), is_active=True)


def officer_districts(user) -> set[int]:
    return unit_ids(user, Role.DISTRICT_OFFICER, "district")


def led_schools(user) -> set[int]:
    return unit_ids(user, Role.SCHOOL_LEADER, "school")


def is_officer(user) -> bool:
    return bool(officer_districts(user))


def district_of(obj) -> int | None:
    if isinstance(obj, District):
        return obj.pk
    if isinstance(obj, School):
        return obj.district_id
    if isinstance(obj, (SubjectGroup, SchoolClass)):
        return obj.school.district_id
    if isinstance(obj, RoleAssignment):
        obj.fill_hierarchy()
        return obj.district_id
    return None


def school_ids_of(person: User) -> set[int]:
    ids = {a.school_id for a in assignments(person) if a.school_id}
    if person.school_class_id:
        ids.add(person.school_class.school_id)
    return ids


def district_ids_of(person: User) -> set[int]:
    ids = {a.district_id for a in assignments(person) if a.district_id}
    if person.school_class_id:
        ids.add(person.school_class.school.district_id)
    return ids


# --- rules -------------------------------------------------------------------


def _admin_access(user, obj=None) -> bool:
    return is_officer(user)


def _organisation_manage(user, obj=None) -> bool:
    """Officers manage their district's units and the shared calendars and levels."""
    if obj is None or isinstance(obj, (SchoolYear, Semester, Level)):
        return is_officer(user)
    if isinstance(obj, Province):
        return False  # the province tier is set up by the platform's administrators
    district = district_of(obj)
    return district is not None and district in officer_districts(user)


def _school_manage_people(user, school: School) -> bool:
    return school.pk in led_schools(user) or school.district_id in officer_districts(user)


def _user_view(user, person: User) -> bool:
    """Everyone opens their own page (a leader finds his own name in his school's list)."""
    return person.pk == user.pk or _user_manage(user, person)


def _user_manage(user, person: User) -> bool:
    """View, change or reset the password of a person."""
    if person.is_superuser or person.pk == user.pk:
        return False
    person_roles = roles(person)
    if Role.DISTRICT_OFFICER in person_roles:
        return False
    if officer_districts(user) & district_ids_of(person):
        return True
    if Role.SCHOOL_LEADER in person_roles:
        return False
    return bool(led_schools(user) & school_ids_of(person))


def _group_view_members(user, group: SubjectGroup) -> bool:
    in_group = any(a.subject_group_id == group.pk for a in assignments(user))
    return in_group or _school_manage_people(user, group.school)


# action -> its rules; any rule that says yes grants the action.
RULES: dict[str, list[Callable[..., bool]]] = {}


class DuplicateRule(Exception):
    pass


def register_rule(action: str, rule: Callable[..., bool]) -> None:
    """Apps register the rules of their own objects (in AppConfig.ready()), so that
    `can()` stays the one answer. An action may have several rules; registering the
    same rule twice for an action is a mistake and fails loudly."""
    rules = RULES.setdefault(action, [])
    if any(r is rule or (r.__module__, r.__qualname__) == (rule.__module__, rule.__qualname__) for r in rules):
        raise DuplicateRule(f"{rule.__module__}.{rule.__qualname__} is already a rule of {action!r}")
    rules.append(rule)


def register_rules(rules: dict[str, Callable[..., bool]]) -> None:
    for action, rule in rules.items():
        register_rule(action, rule)


def can(user, action: str, obj=None) -> bool:
    """May `user` do `action` on `obj`? Unknown actions are an error, not a silent no."""
    if action not in RULES:
        raise KeyError(f"unknown action {action!r}")
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return any(rule(user, obj) if obj is not None else rule(user) for rule in RULES[action])


PLATFORM_RULES = {
    "admin.access": _admin_access,
    "organisation.manage": _organisation_manage,
    "school.manage_people": _school_manage_people,
    "user.view": _user_view,
    "user.change": _user_manage,
    "user.reset_password": _user_manage,
    "group.view_members": _group_view_members,
}


# --- querysets of what a user may act on --------------------------------------


def schools_managed_by(user) -> QuerySet[School]:
    if user.is_superuser:
        return School.objects.all()
    return School.objects.filter(
        Q(pk__in=led_schools(user)) | Q(district__in=officer_districts(user))
    )


def organisation_queryset(user, model) -> QuerySet:
    """Instances of an organisation model the user may manage."""
    qs = model._default_manager.all()
    if user.is_superuser:
        return qs
    districts = officer_districts(user)
    if model in (SchoolYear, Semester, Level):
        return qs if districts else qs.none()
    paths = {
        District: "pk__in",
        School: "district__in",
        SubjectGroup: "school__district__in",
        SchoolClass: "school__district__in",
        RoleAssignment: "district__in",
    }
    if model not in paths:
        return qs.none()
    return qs.filter(**{paths[model]: districts})


def people_managed_by(user) -> QuerySet[User]:
    """Staff (everyone but students) of the districts the user is an officer of."""
    people = User.objects.filter(is_active=True)
    if user.is_superuser:
        return people
    staff = RoleAssignment.objects.filter(district__in=officer_districts(user)).exclude(
        role=Role.STUDENT
    )
    return people.filter(pk__in=staff.values("user"), is_superuser=False)


# --- the same rules for Wagtail's admin -----------------------------------------


class OrganisationPermissionPolicy(BasePermissionPolicy):
    """Wagtail permission policy for organisation models, answered by `can()`."""

    def user_has_permission(self, user, action):
        if user.is_superuser:
            return True
        if self.model is Province:
            return action == "view" and is_officer(user)
        return can(user, "organisation.manage")

    def user_has_permission_for_instance(self, user, action, instance):
        if user.is_superuser:
            return True
        if action == "view" and self.model is Province:
            return is_officer(user)
        return can(user, "organisation.manage", instance)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.model is Province and set(actions) <= {"view"} and is_officer(user):
            return Province.objects.all()
        return organisation_queryset(user, self.model)

    def users_with_any_permission(self, actions):
        officers = holders(Role.DISTRICT_OFFICER).values("pk")
        return User.objects.filter(Q(is_superuser=True) | Q(pk__in=officers), is_active=True)

    def users_with_any_permission_for_instance(self, actions, instance):
        district = district_of(instance)
        officers = RoleAssignment.objects.filter(role=Role.DISTRICT_OFFICER)
        if district is not None:
            officers = officers.filter(district_id=district)
        return User.objects.filter(
            Q(is_superuser=True) | Q(pk__in=officers.values("user")), is_active=True
        )


class SharedVocabularyPermissionPolicy(OrganisationPermissionPolicy):
    """Data every district shares (curriculum vocabularies): any officer edits it."""

    def user_has_permission(self, user, action):
        return user.is_superuser or is_officer(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        qs = self.model._default_manager.all()
        return qs if self.user_has_permission(user, "change") else qs.none()
