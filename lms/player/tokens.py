"""Signed, expiring capability tokens that open a package's files on the content origin.

The content origin has no session by design (lms.core.middleware): whoever may play a
package gets a link whose path carries a token signed with SECRET_KEY, naming the package,
why it was handed out (`scope`) and, for a learner, the attempt; content_views.py serves
the package's files to any bearer of a valid one. A token is URL-safe (base64url, ":" and
"."), so it fits in a path segment, and it lasts PLAYER_TOKEN_SECONDS unless told otherwise.

Payload: {"p": package uuid hex, "s": scope, "a": attempt id or None, "e": expiry, Unix
seconds}. The expiry is in the signed payload (rather than signing's timestamp and a max_age
given when reading) so that tokens of different lifetimes are read alike.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from django.conf import settings
from django.core import signing

# Reading a package's files. Other purposes (committing run-time data) get salts of their own.
_SALT = "lms.player.tokens.content"

PREVIEW = "preview"  # reviewers, judges: no student record
PUBLIC = "public"  # visitors of a public package: not tracked
ATTEMPT = "attempt"  # a learner's attempt: reading, and later committing its run-time data
PACKAGE_SCOPES = frozenset({PREVIEW, PUBLIC})
SCOPES = PACKAGE_SCOPES | {ATTEMPT}


@dataclass(frozen=True)
class Grant:
    package_uuid: uuid.UUID
    scope: str
    attempt_id: int | None
    expires: datetime  # aware, UTC


def _lifetime(seconds: int | None) -> int:
    return settings.PLAYER_TOKEN_SECONDS if seconds is None else int(seconds)


def _sign(package_uuid: uuid.UUID, scope: str, attempt_id: int | None, seconds: int) -> str:
    payload = {"p": package_uuid.hex, "s": scope, "a": attempt_id, "e": int(time.time()) + seconds}
    return signing.Signer(salt=_SALT).sign_object(payload, compress=True)


def package_token(package, *, scope: str = PREVIEW, seconds: int | None = None) -> str:
    """A token that lets its bearer read `package`'s files for `seconds` (default
    PLAYER_TOKEN_SECONDS): previews by reviewers and judges, visitors of public packages."""
    if scope not in PACKAGE_SCOPES:
        raise ValueError(f"unknown scope for a package token: {scope!r}")
    return _sign(package.uuid, scope, None, _lifetime(seconds))


def attempt_token(attempt_id: int, package, seconds: int | None = None) -> str:
    """A token for one learner's attempt at `package`: reads its files and, later, commits
    the attempt's run-time data."""
    if isinstance(attempt_id, bool) or not isinstance(attempt_id, int):
        raise TypeError("attempt_id must be an int")
    return _sign(package.uuid, ATTEMPT, attempt_id, _lifetime(seconds))


def read_token(token) -> Grant | None:
    """What a token grants, or None when it is tampered with, expired or malformed
    (never raises, whatever it is given)."""
    if not isinstance(token, str) or not token or len(token) > 1000:
        return None
    try:
        payload = signing.Signer(salt=_SALT).unsign_object(token)
    except Exception:  # BadSignature, and whatever garbage makes base64, zlib or JSON raise
        return None
    if not isinstance(payload, dict):
        return None
    package_hex, scope, attempt_id, expires = (payload.get(key) for key in ("p", "s", "a", "e"))
    if scope not in SCOPES or not isinstance(package_hex, str) or len(package_hex) != 32:
        return None
    if isinstance(expires, bool) or not isinstance(expires, int) or expires <= time.time():
        return None
    if scope == ATTEMPT:
        if isinstance(attempt_id, bool) or not isinstance(attempt_id, int):
            return None
    elif attempt_id is not None:
        return None
    try:
        package_uuid = uuid.UUID(hex=package_hex)
    except ValueError:
        return None
    return Grant(package_uuid, scope, attempt_id, datetime.fromtimestamp(expires, tz=timezone.utc))
