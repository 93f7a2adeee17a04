"""Changes to notices: sending them, reading them. Apps call `notify`; lms knows
nothing of what they are about (the kinds are registered by the apps)."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from django.utils import timezone
from django.utils.text import Truncator

from lms.core.bulk_insert import insert_rows
from lms.notices import kinds
from lms.notices.models import Notice

DETAIL_CHARS = 300  # an excerpt of the comment or reason; the whole is on the target page


def _is_site_path(url: str) -> bool:
    return url.startswith("/") and not url.startswith("//") and "\\" not in url


def notify(*, recipients: Iterable, kind: str, title: str, url: str, actor=None, detail: str = "") -> list[Notice]:
    """One notice per recipient (each user once; never the actor themself, who knows
    what they did). `url` is a path on this site; `detail` is cut to an excerpt."""
    return Notice.objects.bulk_create(_notices(recipients, kind, title, url, actor, detail, timezone.now()))


def notify_many(*, kind: str, actor=None, items: Iterable[tuple[Iterable, str, str, str]]) -> int:
    """`notify` for many things at once (a batch of submissions): for each item
    (recipients, title, url, detail), the notices `notify` would make, written together
    (lms.core.bulk_insert); how many."""
    now = timezone.now()
    rows = [row for recipients, title, url, detail in items
            for row in _notices(recipients, kind, title, url, actor, detail, now, build=_row)]
    return len(insert_rows(Notice, rows))


def _row(*, recipient, kind, title, url, actor, detail, created_at) -> dict:
    """A notice's values, without a model instance (notify_many)."""
    return {"recipient_id": recipient.pk, "kind": kind, "title": title, "url": url,
            "actor_id": actor.pk if actor is not None else None, "detail": detail, "created_at": created_at,
            "read_at": None}


def _cut(text: str, chars: int) -> str:
    """Truncator(text).chars(chars), without its slow walk where the text is short."""
    text = unicodedata.normalize("NFC", text)
    return text if len(text) <= chars else Truncator(text).chars(chars)


def _notices(recipients: Iterable, kind: str, title: str, url: str, actor, detail: str, now, build=Notice) -> list:
    if not kinds.is_registered(kind):
        raise kinds.UnknownKind(kind)
    if not _is_site_path(url):
        raise ValueError(f"a notice links to a path on this site, not {url!r}")
    actor_id = getattr(actor, "pk", None)
    seen, rows = set(), []
    title = _cut(title, 255)
    detail = _cut(" ".join((detail or "").split()), DETAIL_CHARS)
    for user in recipients:
        if user.pk in seen or user.pk == actor_id:
            continue
        seen.add(user.pk)
        rows.append(build(recipient=user, kind=kind, title=title, url=url, actor=actor if actor_id else None,
                          detail=detail, created_at=now))
    return rows


def notices_mark_read(*, user, notices: Iterable[Notice] | None = None) -> int:
    """Mark the user's unread notices read (those of `notices` only, when given); how many."""
    scope = Notice.objects.filter(recipient=user, read_at__isnull=True)
    if notices is not None:
        ids = [n.pk for n in notices]
        if not ids:
            return 0
        scope = scope.filter(pk__in=ids)
    return scope.update(read_at=timezone.now())


def notice_open(*, notice: Notice) -> str:
    """The recipient follows the notice: it is read; where it leads."""
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at"])
    return notice.url


def notices_settle(*, kind: str, url: str, new_url: str | None = None) -> None:
    """Notices of `kind` that lead to `url` no longer wait for anyone (the submission was
    decided): they are marked read, and lead to `new_url` instead when the old page is
    gone."""
    if new_url is not None and not _is_site_path(new_url):
        raise ValueError(f"a notice links to a path on this site, not {new_url!r}")
    moved = {"url": new_url} if new_url and new_url != url else {}
    Notice.objects.filter(kind=kind, url=url, read_at__isnull=True).update(read_at=timezone.now(), **moved)
    if moved:  # those read already
        Notice.objects.filter(kind=kind, url=url).update(**moved)
