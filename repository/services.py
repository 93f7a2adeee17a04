"""Changes to the repository."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Avg, Count, F
from django.utils.translation import gettext as _

from lms.permissions import can
from repository.models import Resource, ResourceDocument, ResourceRating
from repository.models.ratings import MAX_STARS, MIN_STARS
from repository.signals import queue_processing


def resource_prepare_new(*, resource, author) -> None:
    """A new resource belongs to its author and the school of its subject group."""
    if not can(author, "resource.add"):
        raise PermissionDenied
    resource.owner = author
    resource.school = resource.subject_group.school


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


def resource_count_download(*, resource) -> None:
    """One more download, counted in the database itself so that none is lost."""
    Resource.objects.filter(pk=resource.pk).update(download_count=F("download_count") + 1)


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
