"""E-mail to the people who must act. Wagtail mails the author when a decision is made;
for a submission it mails only the groups of its own group-approval tasks, so the
reviewers of the resource's subject group are told here."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils.translation import gettext as _

from lms.permissions import holders
from repository import review
from repository.models import SubjectGroupReviewTask
from repository.permissions import REVIEWING_ROLES


def reviewers_to_tell(resource):
    return holders(REVIEWING_ROLES, resource.subject_group).exclude(email="").exclude(pk=resource.owner_id)


def tell_reviewers_of_submission(sender, instance, user=None, **kwargs):
    """task_submitted: a resource waits for its subject group's review."""
    task = instance.task.specific
    resource = instance.workflow_state.content_object
    if not isinstance(task, SubjectGroupReviewTask) or review.reviewable_model_for(resource) is None:
        return
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("repository:review_queue")
    subject = _("To review: %(title)s") % {"title": resource.title}
    body = _(
        "%(author)s submitted “%(title)s” to %(group)s for review.\n\nYour review queue: %(link)s"
    ) % {
        "author": resource.owner.get_full_name(), "title": resource.title,
        "group": resource.subject_group.name, "link": link,
    }
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [r.email]) for r in reviewers_to_tell(resource)]
    if messages:
        send_mass_mail(messages, fail_silently=True)


def tell_reviewers_of_batch(objects, batch_title: str) -> None:
    """Many new objects of one author sent to their subject groups' review at once (an
    import): each group's reviewers get one e-mail naming the batch `batch_title` ("120
    questions of the bank …"), not one an object; a batch of one is told as
    tell_reviewers_of_submission tells it."""
    groups: dict[tuple[int, int], list] = {}
    for obj in objects:
        if review.reviewable_model_for(obj) is not None:
            groups.setdefault((obj.subject_group_id, obj.owner_id), []).append(obj)
    link = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("repository:review_queue")
    messages = []
    for batch in groups.values():
        first = batch[0]
        title = first.title if len(batch) == 1 else batch_title
        subject = _("To review: %(title)s") % {"title": title}
        body = _(
            "%(author)s submitted “%(title)s” to %(group)s for review.\n\nYour review queue: %(link)s"
        ) % {"author": first.owner.get_full_name(), "title": title, "group": first.subject_group.name, "link": link}
        messages += [(subject, body, settings.DEFAULT_FROM_EMAIL, [r.email]) for r in reviewers_to_tell(first)]
    if messages:
        send_mass_mail(messages, fail_silently=True)
