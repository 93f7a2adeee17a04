"""Review by the author's subject group, as a Wagtail workflow task.

Wagtail links one workflow to a snippet model, so the routing lives in the task: it
asks each resource which subject group reviews it. The author never approves their
own submission, even when they are a reviewer of that group.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.models import Task, TaskState

from lms.permissions import officer_districts
from repository.models.settings import ReviewSettings
from repository.permissions import may_decide_at_district, may_review, reviewed_groups


class _ReviewDecision:
    """What both review tasks share: who may decide (`may_decide`, never an author) opens
    the editor, sees the actions and takes them; the queue lists the in-progress states
    of the resources they may decide on."""

    def may_decide(self, obj, user) -> bool:
        raise NotImplementedError

    def user_can_access_editor(self, obj, user):
        return self.may_decide(obj, user)

    def locked_for_user(self, obj, user):
        return not self.may_decide(obj, user)

    def get_actions(self, obj, user):
        if not self.may_decide(obj, user):
            return []
        return [
            ("reject", _("Send back with comments"), True),
            ("approve", _("Approve"), False),
            ("approve", _("Approve with comment"), True),
        ]

    def on_action(self, task_state, user, action_name, **kwargs):
        # Wagtail's action view does not check get_actions() itself: check here, on the
        # object as stored and as submitted (co-authors may differ between the two).
        stored = task_state.workflow_state.content_object
        submitted = task_state.revision.as_object()
        allowed = {name for name, _label, _modal in self.get_actions(stored, user)}
        if action_name not in allowed or not self.may_decide(submitted, user):
            raise PermissionDenied
        return super().on_action(task_state, user, action_name, **kwargs)

    def _states_for(self, user, scope):
        """In-progress states of this task on the reviewable objects that
        `scope(queryset)` keeps, minus the user's own work."""
        from repository import review  # the registry, filled once the app is ready

        states = TaskState.objects.filter(status=TaskState.STATUS_IN_PROGRESS, task=self.task_ptr)
        if user.is_superuser:
            return states.filter(workflow_state__base_content_type__in=list(review.content_types()))
        wanted = TaskState.objects.none()
        for type_id, model in review.content_types().items():
            ids = scope(model.objects.all()).exclude(owner=user).exclude(co_authors=user).values_list("pk", flat=True)
            wanted = wanted | states.filter(
                workflow_state__base_content_type_id=type_id,
                workflow_state__object_id__in=[str(pk) for pk in ids],
            )
        return wanted


class SubjectGroupReviewTask(_ReviewDecision, Task):
    """Reviewers (or the leader) of the resource's subject group approve or send back."""

    def may_decide(self, obj, user) -> bool:
        return may_review(user, obj)

    def user_can_lock(self, obj, user):
        return may_review(user, obj)

    def user_can_unlock(self, obj, user):
        return may_review(user, obj)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        groups = reviewed_groups(user)
        return self._states_for(user, lambda objects: objects.filter(subject_group__in=groups))

    @classmethod
    def get_description(cls):
        return _("Reviewers of the resource's subject group approve it or send it back")

    class Meta:
        verbose_name = _("subject group review")
        verbose_name_plural = _("subject group reviews")


class DistrictReviewTask(_ReviewDecision, Task):
    """A second stage: the district's officers approve after the group, for the kinds
    of content the district chose (ReviewSettings). For other kinds it is skipped."""

    def start(self, workflow_state, user=None):
        task_state = super().start(workflow_state, user=user)
        resource = workflow_state.content_object
        if resource.review_kind not in ReviewSettings.kinds_for(resource.school.district_id):
            task_state.status = TaskState.STATUS_SKIPPED
            task_state.finished_at = timezone.now()
            task_state.save()
        return task_state

    def may_decide(self, obj, user) -> bool:
        return may_decide_at_district(user, obj)

    def get_task_states_user_can_moderate(self, user, **kwargs):
        districts = officer_districts(user)
        return self._states_for(user, lambda objects: objects.filter(school__district__in=districts))

    @classmethod
    def get_description(cls):
        return _("District officers approve after the subject group, for the kinds the district chose")

    class Meta:
        verbose_name = _("district review")
        verbose_name_plural = _("district reviews")
