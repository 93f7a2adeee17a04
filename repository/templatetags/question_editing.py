"""What a question's authors see of its editing on the bank's pages: the "Edit" (or
"Revise and send again") link, and on the question's page their latest version when a
published question has changes not yet approved, or the way to withdraw it from review."""

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext

from repository import selectors as repository_selectors
from repository.permissions import is_author
from repository.questions import selectors

register = template.Library()


def _author(context, question) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and is_author(user, question))


def _edit_label(status: str) -> str:
    if status == repository_selectors.ReviewStatus.NEEDS_CHANGES:
        return gettext("Revise and send again")
    return pgettext("one's own resource", "Edit")


@register.simple_tag(takes_context=True)
def question_edit_link(context, question):
    """The authors' link to the question's editor, unless it waits for a decision."""
    if not _author(context, question) or question.workflow_in_progress:
        return ""
    label = _edit_label(repository_selectors.review_status(question))
    return format_html('<a href="{}" class="edit-link" data-edit-question="{}">{}</a>',
                       reverse("questions:question_edit", args=[question.pk]), question.pk, label)


@register.inclusion_tag("repository/questions/includes/author_tools.html", takes_context=True)
def question_author_tools(context, question):
    if not _author(context, question):
        return {"show": False}
    status = repository_selectors.review_status(question)
    changes = None
    if question.live and question.has_unpublished_changes and question.latest_revision_id:
        changes = selectors.shown(question.get_latest_revision_as_object())
    return {"show": True, "question": question, "waiting": question.workflow_in_progress,
            "edit_label": _edit_label(status), "changes": changes, "csrf_token": context.get("csrf_token")}
