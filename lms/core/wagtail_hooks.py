"""Admin hooks every reviewed model shares."""

from wagtail import hooks

from lms.core.admin_views import may_cancel_review


@hooks.register("construct_snippet_action_menu")
def hide_cancelling_a_review_from_reviewers(menu_items, request, context):
    """The editor's "cancel workflow" item is for the authors alone (EditView refuses the
    action to others as well)."""
    if may_cancel_review(request.user, context.get("instance")):
        return
    menu_items[:] = [item for item in menu_items if item.name not in ("action-cancel-workflow", "action-restart-workflow")]
