"""Whole pages cached for anonymous visitors, by namespace.

Public listings (the catalogue) are read far more than they change and look the same to
every visitor who is not logged in. `cache_for_visitors("catalogue")` keeps such a page
in the cache for PUBLIC_PAGE_CACHE_SECONDS, keyed by its namespace's version, the
language and the full path; `bump("catalogue")` (on any change of what the page shows)
starts a new version, so old copies are never served again. Counters that change
without a bump (downloads) are at most that many seconds old.

A request with `Cache-Control: no-cache` (a browser's hard reload) gets a freshly made
page, which then replaces the cached one. Only plain visitors are served from the cache: no logged-in user, no session, no flash
message waiting; and only answers that are 200, set no cookie and are not private.
With the default per-process cache, a bump reaches the process that made the change
at once and the others within the timeout; a shared cache (CACHE_URL=redis://...) makes
it immediate everywhere.
"""

from __future__ import annotations

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_vary_headers

_VERSION_KEY = "page-cache:version:%s"
_PAGE_KEY = "page-cache:page:%s:%s:%s:%s"


def version(namespace: str) -> int:
    found = cache.get(_VERSION_KEY % namespace)
    if found is None:
        cache.add(_VERSION_KEY % namespace, 1, timeout=None)
        found = cache.get(_VERSION_KEY % namespace, 1)
    return found


def bump(namespace: str) -> None:
    """Whatever was cached under `namespace` is out of date."""
    try:
        cache.incr(_VERSION_KEY % namespace)
    except ValueError:  # not there yet (or evicted): any new value is a new version
        cache.set(_VERSION_KEY % namespace, 2, timeout=None)


def _is_plain_visitor(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def _wants_fresh(request) -> bool:
    return "no-cache" in request.headers.get("Cache-Control", "") or "no-cache" in request.headers.get("Pragma", "")


def _key(namespace: str, request) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    language = getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE)
    return _PAGE_KEY % (namespace, version(namespace), language, path)


def cache_for_visitors(namespace: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
            if seconds <= 0 or not _is_plain_visitor(request):
                return view(request, *args, **kwargs)
            key = _key(namespace, request)
            cached = None if _wants_fresh(request) else cache.get(key)
            if cached is not None:
                return cached
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            cacheable = (
                response.status_code == 200
                and not response.cookies
                and "private" not in response.get("Cache-Control", "")
                and not getattr(response, "streaming", False)
            )
            if cacheable:
                # The page depends on the language (chosen by cookie or header).
                patch_vary_headers(response, ("Cookie", "Accept-Language"))
                cache.set(key, response, seconds)
            return response

        return wrapped

    return decorator
