"""What an upload is for, and who may send one for it.

The app that consumes uploads registers its purpose, in its AppConfig.ready():

    from lms.uploads import purposes
    purposes.register("player.package", allowed=lambda user: can(user, "package.add"),
                      max_mb=lambda: settings.PLAYER_MAX_UPLOAD_MB)

An upload names its purpose when it is created; an unknown purpose, or a person the
purpose does not allow, is refused (deny by default). A purpose may ask for less than
UPLOADS_MAX_MB, never for more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from django.conf import settings

MB = 1024 * 1024


@dataclass(frozen=True)
class Purpose:
    name: str
    allowed: Callable[..., bool]  # allowed(user): may this (logged-in, active) person upload?
    max_mb: int | Callable[[], int] | None = None  # None: UPLOADS_MAX_MB

    def max_bytes(self) -> int:
        limit = settings.UPLOADS_MAX_MB
        own = self.max_mb() if callable(self.max_mb) else self.max_mb
        if own is not None:
            limit = min(limit, own)
        return limit * MB


_PURPOSES: dict[str, Purpose] = {}


def register(name: str, *, allowed: Callable[..., bool], max_mb: int | Callable[[], int] | None = None) -> Purpose:
    """Register (or replace) a purpose; returns it."""
    if not name or len(name) > 64:
        raise ValueError(f"a purpose's name is 1 to 64 characters: {name!r}")
    purpose = Purpose(name=name, allowed=allowed, max_mb=max_mb)
    _PURPOSES[name] = purpose
    return purpose


def unregister(name: str) -> None:
    _PURPOSES.pop(name, None)


def get(name: str) -> Purpose | None:
    return _PURPOSES.get(name)


def max_bytes() -> int:
    """The most any upload may be (UPLOADS_MAX_MB)."""
    return settings.UPLOADS_MAX_MB * MB
