"""Changes to the repository."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count, F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from lms.permissions import can
from repository.models import DownloadMark, Resource, ResourceDocument, ResourceRating
from repository.models.ratings import MAX_STARS, MIN_STARS
from repository.signals import queue_processing


def resource_prepare_new(*, resource, author) -> None:
    """A new resource belongs to its author and the school of its subject group."""
    if not can(author, "resource.add"):
        raise PermissionDenied
    resource.owner = author
    resource.school = resource.subject_group.school


# --- withdrawing published content -------------------------------------------------


WITHDRAW_ACTION = "repository.withdraw"
MAX_REASON_CHARS = 1000


def resource_withdraw(*, resource, user, reason: str) -> None:
    """Take a published resource down: an officer of its district decides, with a reason
    that is logged and sent to its author. PermissionDenied for anyone else,
    ValidationError without a reason. The content and its history are kept; the authors
    may revise it and submit it again."""
    from django.conf import settings
    from django.core.mail import send_mail
    from wagtail.log_actions import log

    if not can(user, "resource.withdraw", resource):
        raise PermissionDenied
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationError(_("Say why the resource is withdrawn: its author reads it."), code="reason")
    if len(reason) > MAX_REASON_CHARS:
        raise ValidationError(
            _("The reason is longer than %(max)d characters.") % {"max": MAX_REASON_CHARS}, code="reason"
        )
    with transaction.atomic():
        # Wagtail's own unpublish asks for a permission nobody holds (only the workflow
        # publishes); the rule above is the check, and the reason goes into the log.
        from wagtail.actions.unpublish import UnpublishAction

        UnpublishAction(resource, user=user, log_action=False).execute(skip_permission_checks=True)
        log(instance=resource, action=WITHDRAW_ACTION, user=user, data={"reason": reason})
    if resource.owner.email:
        send_mail(
            _("Withdrawn: %(title)s") % {"title": resource.title},
            _("%(officer)s withdrew “%(title)s” from the repository.\n\nReason: %(reason)s") % {
                "officer": user.get_full_name(), "title": resource.title, "reason": reason,
            },
            settings.DEFAULT_FROM_EMAIL, [resource.owner.email], fail_silently=True,
        )


# --- files ------------------------------------------------------------------------


def documents_reprocess(*, documents) -> int:
    """Process these files again, through the upload's path (the `repository.process_document`
    task, sent once this commits): each is marked waiting until its task runs, so that one
    whose task is lost is found again by the next run. How many were queued."""
    ids = list(documents.exclude(file="").values_list("pk", flat=True))
    with transaction.atomic():
        ResourceDocument.objects.filter(pk__in=ids).update(
            processing=ResourceDocument.Processing.PENDING, processing_error=""
        )
        for document_id in ids:
            queue_processing(document_id)
    return len(ids)


# --- the public catalogue ----------------------------------------------------------


def download_visitor(request) -> str:
    """Who is downloading, for counting each visitor once a day: "u:<id>" when logged
    in, otherwise "a:" and a keyed hash (HMAC-SHA256 with SECRET_KEY) of the IP address
    and User-Agent. The raw address is never stored; without SECRET_KEY the hash cannot
    be turned back into one by trying the few billion IPv4 addresses."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return f"u:{user.pk}"
    ip = request.META.get("REMOTE_ADDR", "")
    agent = request.META.get("HTTP_USER_AGENT", "")[:512]
    digest = salted_hmac("repository.download_visitor", f"{ip}\n{agent}", algorithm="sha256")
    return "a:" + digest.hexdigest()[:62]


def resource_count_download(*, resource, visitor: str) -> bool:
    """Count a download of `resource` by `visitor` (see download_visitor): once per
    visitor, resource and day (the district's local date, settings.TIME_ZONE); whether
    this one counted. The counter is raised in the database itself so that none is lost,
    and only by the request that inserted the day's mark: a race between two requests
    (on SQLite or PostgreSQL) counts once, through the unique constraint.

    Marks of earlier days no longer matter and may be deleted (see DownloadMark)."""
    day = timezone.localdate()
    mark = DownloadMark(resource_id=resource.pk, visitor=visitor[:64], day=day)
    with transaction.atomic():
        try:
            with transaction.atomic():  # a savepoint: the rest goes on after a clash
                mark.save(force_insert=True)
        except IntegrityError:
            return False
        Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)
    return True


def resource_rate(*, resource, user, stars):
    """The user's rating of a published resource (1 to 5), replacing an earlier one;
    the resource's average and count follow. ValidationError for a bad value,
    PermissionDenied for someone who may not rate it."""
    if not resource.live or not can(user, "resource.rate", resource):
        raise PermissionDenied
    try:
        stars = int(stars)
    except (TypeError, ValueError):
        stars = None
    if stars is None or not MIN_STARS <= stars <= MAX_STARS:
        raise ValidationError(
            _("Choose from %(min)d to %(max)d stars.") % {"min": MIN_STARS, "max": MAX_STARS},
            code="stars",
        )
    with transaction.atomic():
        # Lock the resource's row first: concurrent ratings then count each other.
        Resource.objects.select_for_update().filter(pk=resource.pk).values_list("pk").first()
        rating, _created = ResourceRating.objects.update_or_create(
            resource=resource, user=user, defaults={"stars": stars}
        )
        totals = ResourceRating.objects.filter(resource=resource).aggregate(avg=Avg("stars"), n=Count("pk"))
        Resource.objects.filter(pk=resource.pk).update(
            rating_average=round(totals["avg"] or 0, 2), rating_count=totals["n"]
        )
    resource.rating_average, resource.rating_count = round(totals["avg"] or 0, 2), totals["n"]
    return rating


# --- a reviewer's decision, from the site's review page -------------------------------


class Decision:
    APPROVE = "approve"
    REJECT = "reject"


MAX_COMMENT_CHARS = 4000


def review_decide(*, user, submission, action: str, comment: str) -> str:
    """Approve or send back a submission (selectors.submission_get) for the user, through
    the task's own rule (it refuses anyone who may not decide). Sending back needs a
    comment: the author reads it. What happened, in words for the reviewer."""
    comment = (comment or "").strip()
    if action not in (Decision.APPROVE, Decision.REJECT):
        raise ValidationError(_("Choose “Approve” or “Send back”."), code="action")
    if action == Decision.REJECT and not comment:
        raise ValidationError(_("Say what the author should change: the comment is required to send it back."),
                              code="comment")
    if len(comment) > MAX_COMMENT_CHARS:
        raise ValidationError(_("The comment is longer than %(max)d characters.") % {"max": MAX_COMMENT_CHARS},
                              code="comment")
    task_state = submission.task_state
    with transaction.atomic():
        task_state.task.specific.on_action(task_state, user, action, comment=comment)
    if action == Decision.REJECT:
        return _("Sent back to the author.")
    state = submission.workflow_state
    state.refresh_from_db()
    if state.status == state.STATUS_APPROVED:
        return _("Approved and published.")
    return _("Approved; it now waits for the next step of review.")
