"""Snippet views that check the permission policy on the object, not only the model.

Wagtail's generic edit, delete, history, usage and inspect views fetch any object by
its id once the user holds the model-level permission; an officer of one district
could then open another district's school by URL. These views ask the policy about
the instance itself. Use `InstanceCheckedSnippetViewSet` for per-unit data.
"""

from django.core.exceptions import PermissionDenied
from wagtail.snippets.views import snippets
from wagtail.snippets.views.chooser import SnippetChooserViewSet

from lms.permissions import can


class InstancePermissionMixin:
    instance_action = "change"

    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        policy = self.permission_policy
        if policy is not None and not policy.user_has_permission_for_instance(
            self.request.user, self.instance_action, obj
        ) and not self.workflow_grants_access(obj):
            raise PermissionDenied
        return obj

    def workflow_grants_access(self, obj) -> bool:
        """A task in progress may open the editor to its reviewers (Task.user_can_access_editor)."""
        if self.instance_action != "change":
            return False
        task = getattr(obj, "current_workflow_task", None)
        return bool(task and task.specific.user_can_access_editor(obj, self.request.user))


# Who may withdraw a submission from review, asked of every reviewed object: a rule of
# the content's app (registered with lms.permissions). Wagtail also lets whoever may
# approve cancel it, one slip away from "Duyệt" in the reviewer's menu.
CANCEL_REVIEW = "review.cancel"


def may_cancel_review(user, obj) -> bool:
    if getattr(obj, "current_workflow_state", None) is None:
        return False  # nothing under review (or no workflow at all: grades, schools…)
    return can(user, CANCEL_REVIEW, obj)


class EditView(InstancePermissionMixin, snippets.EditView):
    def get_available_actions(self):
        actions = super().get_available_actions()
        if "cancel-workflow" in actions and not may_cancel_review(self.request.user, self.object):
            actions = [a for a in actions if a not in ("cancel-workflow", "restart-workflow")]
        return actions

    def submit_action(self):
        # Wagtail loaded the workflow state's object before this request saved the new
        # revision; a resubmitted review must start on the version just saved, not on
        # the one that was sent back. Every reviewable model's editor needs this.
        if getattr(self, "workflow_state", None) is not None:
            self.workflow_state.content_object = self.object
        return super().submit_action()


class CopyView(InstancePermissionMixin, snippets.CopyView):
    pass


class DeleteView(InstancePermissionMixin, snippets.DeleteView):
    instance_action = "delete"


class HistoryView(InstancePermissionMixin, snippets.HistoryView):
    instance_action = "view"


class UsageView(InstancePermissionMixin, snippets.UsageView):
    instance_action = "view"


class InspectView(InstancePermissionMixin, snippets.InspectView):
    instance_action = "view"


class ChooserViewSetWithoutCreate(SnippetChooserViewSet):
    """A snippet chooser without its "create" URL. Wagtail registers that URL even when
    the chooser has no creation form, and a POST to it then fails with a server error;
    nothing here is created from a chooser."""

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name != "create"]


class InstanceCheckedSnippetViewSet(snippets.SnippetViewSet):
    chooser_viewset_class = ChooserViewSetWithoutCreate
    edit_view_class = EditView
    copy_view_class = CopyView
    delete_view_class = DeleteView
    history_view_class = HistoryView
    usage_view_class = UsageView
    inspect_view_class = InspectView
