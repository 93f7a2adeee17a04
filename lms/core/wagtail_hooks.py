"""Admin hooks every reviewed model shares."""

from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from lms.core.admin_views import may_cancel_review


@hooks.register("construct_snippet_action_menu")
def hide_cancelling_a_review_from_reviewers(menu_items, request, context):
    """The editor's "cancel workflow" item is for the authors alone (EditView refuses the
    action to others as well)."""
    if may_cancel_review(request.user, context.get("instance")):
        return
    menu_items[:] = [item for item in menu_items if item.name not in ("action-cancel-workflow", "action-restart-workflow")]


@hooks.register("construct_help_menu")
def the_platforms_own_guide(request, menu_items):
    """Help points to the platform's Vietnamese guide, not to Wagtail's English editor
    guide and release notes."""
    kept = [item for item in menu_items if item.name != "editor-guide" and not item.name.startswith("whats-new")]
    guide = MenuItem(_("Guide to the platform"), reverse("guide"), name="guide", icon_name="help", order=1100)
    menu_items[:] = [guide, *kept]


@hooks.register("insert_global_admin_css")
def admin_fits_a_phone():
    """Admin forms no wider than a 360 px screen (static/css/admin.css)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin.css"))
