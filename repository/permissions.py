"""Who may do what with resources; registered into lms.permissions so that `can()`
answers for them too, and wrapped as the Wagtail permission policy of Resource."""

from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from lms.accounts.models import Role, RoleAssignment, User
from lms.permissions import assignments, can, officer_districts, register_rule
from repository.workflows import is_author, may_review, officer_of, reviews_group

TEACHING_ROLES = (Role.TEACHER, Role.GROUP_LEADER, Role.REVIEWER)
REVIEWING_ROLES = (Role.REVIEWER, Role.GROUP_LEADER)


def authoring_groups(user) -> set[int]:
    """Subject groups the user may file resources under."""
    return {a.subject_group_id for a in assignments(user) if a.role in TEACHING_ROLES and a.subject_group_id}


def reviewed_groups(user) -> set[int]:
    return {a.subject_group_id for a in assignments(user) if a.role in REVIEWING_ROLES and a.subject_group_id}


def _add(user, obj=None) -> bool:
    return bool(authoring_groups(user))


def _change(user, resource) -> bool:
    return is_author(user, resource)


def _view_draft(user, resource) -> bool:
    return (
        is_author(user, resource)
        or reviews_group(user, resource.subject_group_id)
        or resource.school.district_id in officer_districts(user)
    )


def _delete(user, resource) -> bool:
    return resource.owner_id == user.pk and resource.first_published_at is None


register_rule("resource.add", _add)
register_rule("resource.change", _change)
register_rule("resource.view_draft", _view_draft)
register_rule("resource.delete", _delete)


def resources_visible_in_admin(user, queryset):
    if user.is_superuser:
        return queryset
    return queryset.filter(
        Q(owner=user) | Q(co_authors=user) | Q(subject_group__in=reviewed_groups(user))
        | Q(school__district__in=officer_districts(user))
    ).distinct()


class ResourcePermissionPolicy(BasePermissionPolicy):
    """Authors add and edit their own; reviewers see their group's; nobody publishes
    except through the review workflow (superusers aside)."""

    def user_has_permission(self, user, action):
        if user.is_superuser:
            return True
        if action in ("add", "delete"):
            return can(user, "resource.add")
        if action in ("change", "view"):
            return bool(authoring_groups(user) or reviewed_groups(user) or officer_districts(user))
        if action == "publish":
            return bool(reviewed_groups(user) or officer_districts(user))
        return False  # unpublish, lock-any: a superuser

    def user_has_permission_for_instance(self, user, action, instance):
        if user.is_superuser:
            return True
        if action == "change":
            return can(user, "resource.change", instance)
        if action == "view":
            return can(user, "resource.view_draft", instance)
        if action == "delete":
            return can(user, "resource.delete", instance)
        if action == "publish":
            # Approving in review publishes: the group's reviewers or, at the district
            # stage, its officers; never an author.
            return may_review(user, instance) or (
                officer_of(user, instance) and not is_author(user, instance)
            )
        return False

    def instances_user_has_any_permission_for(self, user, actions):
        return resources_visible_in_admin(user, self.model._default_manager.all())

    def users_with_any_permission(self, actions):
        teachers = RoleAssignment.objects.filter(role__in=TEACHING_ROLES).values("user")
        return User.objects.filter(Q(is_superuser=True) | Q(pk__in=teachers), is_active=True)


class ResourceDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's rules for documents (collection permissions; uploaders change their
    own), narrowed for everyone but superusers and district officers: teachers and
    reviewers hold "choose" on the whole district's collection, yet choose, list and
    open only their own uploads and the files of resources they may edit, so that the
    titles of other teachers' drafts never reach them."""

    def __init__(self, model):
        super().__init__(model, auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user")

    @staticmethod
    def _narrowed(user) -> bool:
        return user.is_authenticated and not user.is_superuser and not officer_districts(user)

    @staticmethod
    def _in_hand(user):
        from repository.selectors import documents_in_hand  # selectors import this module

        return documents_in_hand(user=user)

    def instances_user_has_any_permission_for(self, user, actions):
        found = super().instances_user_has_any_permission_for(user, actions)
        if self._narrowed(user):
            found = found.filter(pk__in=self._in_hand(user).values("pk"))
        return found

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not super().user_has_any_permission_for_instance(user, actions, instance):
            return False
        return not self._narrowed(user) or self._in_hand(user).filter(pk=instance.pk).exists()


# --- the public catalogue ----------------------------------------------------------

# Who sees resources shared with "teachers of the district only", in their district.
CATALOGUE_TEACHER_ROLES = (*TEACHING_ROLES, Role.DISTRICT_OFFICER)


def teacher_districts(user) -> set[int]:
    """Districts whose teachers-only resources the user sees."""
    return {a.district_id for a in assignments(user) if a.role in CATALOGUE_TEACHER_ROLES and a.district_id}


def may_view_published(user, resource) -> bool:
    """The published version of a resource, for anyone, visitors included."""
    from repository.models import Visibility

    if not resource.live:
        return False
    if resource.visibility == Visibility.PUBLIC:
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or resource.school.district_id in teacher_districts(user)


def _view(user, resource) -> bool:
    return may_view_published(user, resource)


def _rate(user, resource) -> bool:
    """Teachers rate what they may see, never their own work."""
    is_teacher = any(a.role in TEACHING_ROLES for a in assignments(user))
    return is_teacher and may_view_published(user, resource) and not is_author(user, resource)


register_rule("resource.view", _view)
register_rule("resource.rate", _rate)


def teaches(user) -> bool:
    """Teachers (and group leaders, reviewers) author and co-author resources."""
    return user.is_superuser or any(a.role in TEACHING_ROLES for a in assignments(user))


def moderates(user) -> bool:
    """Reviewers of a subject group and district officers decide on submissions."""
    return user.is_superuser or bool(reviewed_groups(user)) or bool(officer_districts(user))
