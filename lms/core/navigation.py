"""The site menu: each app registers the entries it offers and who may see them.

Apps call `register()` from their AppConfig.ready(); the header shows, for the user
at hand, the entries whose `visible(user)` is true, in `order`.
"""

from dataclasses import dataclass
from typing import Callable

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: str  # a lazy translation
    url: Callable[[object], str | None]  # user -> URL, or None to hide
    visible: Callable[[object], bool]
    order: int = 100
    # user -> how many things wait for them there (a sent-back resource, a submission
    # to review), shown beside the entry: the site's own notification.
    count: Callable[[object], int] | None = None


_registry: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _registry[item.key] = item


def url_to(name: str, *args) -> Callable[[object], str]:
    return lambda user: reverse(name, args=args)


def menu_for(user) -> list[dict]:
    if user is None or not user.is_authenticated:
        return []
    entries = []
    for item in sorted(_registry.values(), key=lambda i: (i.order, i.key)):
        if not item.visible(user):
            continue
        url = item.url(user)
        if url:
            count = item.count(user) if item.count else 0
            entries.append({"key": item.key, "label": item.label, "url": url, "count": count})
    return entries
