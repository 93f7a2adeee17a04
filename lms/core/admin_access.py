"""The Wagtail admin is for district officers and platform administrators only.

Teachers, reviewers, leaders, judges and students work on the site's own pages. One
middleware answers for every URL under the admin's prefix, including views a Wagtail
upgrade adds later: a logged-in person who may not use the admin gets the site's 403
page (JSON for the admin's API, choosers and scripted requests) before any Wagtail view
runs. Wagtail's own refusal would send them to the log-in page, which sends a logged-in
person back: a loop. Visitors go on to Wagtail, which asks them to log in.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from lms.core.navigation import menu_for
from lms.permissions import can


def may_use_admin(user) -> bool:
    """District officers and superusers (the rule "admin.access")."""
    return can(user, "admin.access")


def _wants_json(request, prefix: str) -> bool:
    rest = request.path[len(prefix):]
    if rest.startswith("api/") or "/chooser/" in f"/{rest}" or "/choose/" in f"/{rest}":
        return True
    if request.headers.get("x-requested-with") == "XMLHttpRequest":
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def admin_refused(request, prefix: str):
    message = _("The administration area is for the district education office's officers and administrators.")
    if _wants_json(request, prefix):
        return JsonResponse({"error": message}, status=403)
    # Where this person works instead: their own site menu (each app registers its
    # entries, lms.core.navigation), so this module names no app above it.
    links = [(item["url"], item["label"]) for item in menu_for(request.user) if item["key"] != "admin"]
    response = render(request, "core/admin_refused.html", {"message": message, "links": links}, status=403)
    response["Cache-Control"] = "private, no-store"
    return response


class AdminAccessMiddleware:
    """Deny by default under the admin's prefix: only `may_use_admin` passes."""

    def __init__(self, get_response):
        self.get_response = get_response
        self._prefix = None

    @property
    def prefix(self) -> str:
        if self._prefix is None:
            self._prefix = reverse("wagtailadmin_home")
        return self._prefix

    def __call__(self, request):
        if not getattr(request, "is_content_origin", False) and request.path.startswith(self.prefix):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated and not may_use_admin(user):
                return admin_refused(request, self.prefix)
        return self.get_response(request)
