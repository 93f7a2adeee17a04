"""Launching a package: the platform's player page frames the launcher, a page on the
content origin (a SCO finds the run-time API by walking `window.parent`, which stops at
an origin boundary, so the API lives beside the SCO). The launcher's URL carries a token
(tokens.py): for a tracked learner an attempt token, which also names the learner, so
that the launcher makes or resumes the learner's attempt at each SCO; otherwise a
package token (preview, public), and nothing is stored."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from lms.core.origins import content_origin_for
from lms.player import access, runtime, tokens
from lms.player.content_views import file_url
from lms.player.models import Attempt, Package, PackageItem


# What a SCO may ask the player to hide (adlnav:hideLMSUI) among the buttons it has.
HIDEABLE = ("previous", "continue", "suspendAll", "exit", "exitAll", "abandon", "abandonAll")


def resume_item(package: Package, learner) -> PackageItem | None:
    """Where a learner goes back to: the SCO of their last unfinished attempt, else the
    first item to launch."""
    last = (Attempt.objects.filter(package=package, learner=learner).select_related("item")
            .order_by("-updated_at", "-pk").first())
    if last is not None and not runtime.is_finished(last):
        return last.item
    return package.items.exclude(href="").order_by("sort_order").first()


def launcher_url(request, package: Package, mode: str, learner=None) -> str:
    """The launcher's address on the content origin for `mode` (access.py); TRACK needs
    the learner."""
    if mode == access.TRACK:
        item = resume_item(package, learner)
        if item is not None and not item.is_sco:
            item = package.items.filter(is_sco=True).order_by("sort_order").first()
        token = tokens.attempt_token(runtime.start_attempt(learner, item).pk, package)
    else:
        token = tokens.package_token(package, scope=tokens.PUBLIC if mode == access.PUBLIC else tokens.PREVIEW)
    path = reverse("player_launcher", urlconf=settings.CONTENT_URLCONF, kwargs={"token": token})
    return content_origin_for(request) + path


def _status(attempt: Attempt | None) -> str:
    """The table of contents' word for a SCO: "passed", "failed", "completed",
    "incomplete" or "" (not started)."""
    if attempt is None or attempt.last_commit_at is None:
        return ""
    if attempt.success_status in ("passed", "failed"):
        return attempt.success_status
    return attempt.completion_status if attempt.completion_status in ("completed", "incomplete") else "incomplete"


def launcher_config(request, grant: tokens.Grant, package: Package) -> dict | None:
    """What the launcher needs, from the token it was opened with: each item of the
    table of contents with its file's URL, and for a tracked learner its commit URL and
    the state to load before the SCO starts; None if the token's attempt is gone."""
    items = list(package.items.order_by("sort_order"))
    attempts: dict[int, Attempt] = {}
    start = None
    if grant.scope == tokens.ATTEMPT:
        first = Attempt.objects.filter(pk=grant.attempt_id, package=package).select_related("learner").first()
        if first is None:
            return None
        learner, start = first.learner, first.item_id
        for item in items:
            if item.is_sco:
                attempt = first if item.pk == first.item_id else runtime.start_attempt(learner, item)
                attempt.item = item
                attempts[item.pk] = attempt
    entries = []
    for item in items:
        attempt = attempts.get(item.pk)
        token = tokens.attempt_token(attempt.pk, package) if attempt else _shared_token(grant, attempts, package)
        entry = {"id": item.identifier, "title": item.title, "depth": item.depth, "sco": item.is_sco,
                 "url": "", "commit": "", "state": None, "state_url": "", "status": _status(attempt),
                 "hide": [ui for ui in (item.sequencing or {}).get("hide_lms_ui", []) if ui in HIDEABLE]}
        if item.href:
            entry["url"] = file_url(request, token, package.root + item.href) + item.parameters
        if attempt is not None:
            entry["commit"] = content_origin_for(request) + reverse(
                "runtime_commit", urlconf=settings.CONTENT_URLCONF, kwargs={"token": token, "launch": "LAUNCH"})
            entry["state"] = runtime.launch_state(attempt)
            entry["state_url"] = content_origin_for(request) + reverse(
                "runtime_state", urlconf=settings.CONTENT_URLCONF, kwargs={"token": token})
        entries.append(entry)
    launchable = [i for i, entry in enumerate(entries) if entry["url"]]
    start_index = next((i for i, item in enumerate(items) if item.pk == start), launchable[0] if launchable else 0)
    return {
        "standard": package.standard,
        "title": package.title or str(package),
        "tracked": bool(attempts),
        "items": entries,
        "start": start_index,
        "choice": _choice_allowed(package),
        "flow": _flow_allowed(package),
    }


def _shared_token(grant: tokens.Grant, attempts: dict, package: Package) -> str:
    """The token that opens an item without an attempt of its own (an asset)."""
    if attempts:
        return tokens.attempt_token(next(iter(attempts.values())).pk, package)
    return tokens.package_token(package, scope=grant.scope)


def _flow_allowed(package: Package) -> bool:
    """May the learner go to the previous or next item with the player's buttons? SCORM
    1.2 and HTML: yes. 2004: as the organization's control mode says (flow is false by
    default: a package without one is navigated by its table of contents)."""
    if package.standard != Package.Standard.SCORM2004:
        return True
    return bool((package.sequencing or {}).get("flow", False))


def _choice_allowed(package: Package) -> bool:
    """May the learner pick any item of the table of contents? SCORM 1.2: always. 2004:
    as the items' control mode says (choice is true by default)."""
    if package.standard != Package.Standard.SCORM2004:
        return True
    return (package.sequencing or {}).get("choice", True) is not False
