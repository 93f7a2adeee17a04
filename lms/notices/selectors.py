"""Reads of notices: one's own only."""

from django.db.models import QuerySet

from lms.notices.models import Notice

PAGE_SIZE = 20


def _active(user) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active)


def unread_count(*, user) -> int:
    """The header's number: one COUNT."""
    return Notice.objects.filter(recipient=user, read_at__isnull=True).count() if _active(user) else 0


def notices_of(*, user) -> QuerySet[Notice]:
    """The user's notices, newest first."""
    if not _active(user):
        return Notice.objects.none()
    return Notice.objects.filter(recipient=user).select_related("actor").order_by("-created_at", "-pk")


def notice_get(*, user, pk: int) -> Notice | None:
    """One of the user's own notices, or None: nobody else's, whoever asks."""
    if not _active(user):
        return None
    return Notice.objects.filter(recipient=user, pk=pk).first()
