"""The repository's rules as Wagtail permission policies, which every admin view asks.

Model-level answers say only whether a view may open at all; the object's answer comes
from `can()`. Nobody but a superuser publishes, unpublishes or locks directly: the
review workflow publishes (a reviewer locks an item only while its task waits on her,
through the task), and officers withdraw through their own logged view.
"""

from django.db.models import Q
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permission_policies.collections import CollectionOwnershipPermissionPolicy

from lms.accounts.models import User
from lms.permissions import can, holders, officer_districts
from repository.permissions import TEACHING_ROLES, resources_visible_in_admin, works_in_admin
from repository.selectors import documents_in_hand

# Wagtail's action -> our rule, on one object. Unlisted actions (publish, unpublish,
# lock, unlock, lock_any…) are refused.
INSTANCE_RULES = {
    "change": "resource.change",
    "view": "resource.view_draft",
    "delete": "resource.delete",
}


class ResourcePermissionPolicy(BasePermissionPolicy):
    def user_has_permission(self, user, action):
        if user.is_superuser:
            return True
        if action == "add":
            return works_in_admin(user) and can(user, "resource.add")
        if action in ("change", "view", "delete"):
            return works_in_admin(user)
        return False

    def user_has_permission_for_instance(self, user, action, instance):
        if user.is_superuser:
            return True
        rule = INSTANCE_RULES.get(action)
        return rule is not None and works_in_admin(user) and can(user, rule, instance)

    def instances_user_has_any_permission_for(self, user, actions):
        return resources_visible_in_admin(user, self.model._default_manager.all())

    def users_with_any_permission(self, actions):
        teachers = holders(TEACHING_ROLES).values("pk")
        return User.objects.filter(Q(is_superuser=True) | Q(pk__in=teachers), is_active=True)


class ResourceDocumentPermissionPolicy(CollectionOwnershipPermissionPolicy):
    """Wagtail's rules for documents (collection permissions; uploaders change their
    own), narrowed for everyone but superusers to the files in their hands
    (selectors.documents_in_hand): teachers and reviewers hold "choose" on the whole
    district's collection, yet choose, list and open only their own uploads and the
    files of resources they author, so that the titles of other teachers' drafts never
    reach them and nobody attaches a file of a submission they review to their own work."""

    def __init__(self, model):
        super().__init__(model, auth_model="wagtaildocs.Document", owner_field_name="uploaded_by_user")

    @staticmethod
    def _narrowed(user) -> bool:
        return user.is_authenticated and not user.is_superuser

    def instances_user_has_any_permission_for(self, user, actions):
        found = super().instances_user_has_any_permission_for(user, actions)
        if self._narrowed(user):
            found = found.filter(pk__in=documents_in_hand(user=user).values("pk"))
        return found

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if "delete" in actions and instance.pk and instance.resource_files.exists():
            # A file of a resource goes with the resource (or is replaced in it), never alone.
            actions = [a for a in actions if a != "delete"]
            if not actions:
                return False
        if not super().user_has_any_permission_for_instance(user, actions, instance):
            return False
        return not self._narrowed(user) or documents_in_hand(user=user).filter(pk=instance.pk).exists()


class ReviewSettingsPermissionPolicy(BasePermissionPolicy):
    """Each district's officers, for their own district's settings only."""

    def user_has_permission(self, user, action):
        return can(user, "review_settings.manage")

    def user_has_permission_for_instance(self, user, action, instance):
        return can(user, "review_settings.manage", instance)

    def instances_user_has_any_permission_for(self, user, actions):
        rows = self.model._default_manager.all()
        return rows if user.is_superuser else rows.filter(district__in=officer_districts(user))

    def users_with_any_permission(self, actions):
        return User.objects.filter(is_superuser=True, is_active=True)
