"""The launcher, on the content origin: the page that holds the SCORM run-time API
(scorm-again) beside the SCO's frame, opened by the platform's player page with a token
in its path (launch.py)."""

from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from lms.core.origins import content_origin_for, platform_origin_for
from lms.core.views import content_not_found
from lms.player import launch
from lms.player.content_views import _refused
from lms.player.models import Package
from lms.player.tokens import read_token


@require_safe
@xframe_options_exempt  # framed by the platform's player page: CSP frame-ancestors instead
def launcher(request, token: str):
    grant = read_token(token)
    if grant is None:
        return _refused()
    package = Package.objects.filter(uuid=grant.package_uuid, status=Package.Status.READY).first()
    config = launch.launcher_config(request, grant, package) if package is not None else None
    if config is None:
        return content_not_found(request)
    response = render(request, "player/launcher.html", {"config": config, "platform": platform_origin_for(request)})
    response["Content-Security-Policy"] = (
        f"frame-ancestors {platform_origin_for(request)} {content_origin_for(request)}"
    )
    response["Cache-Control"] = "no-store"  # the learner's state, and tokens
    response["Referrer-Policy"] = "no-referrer"
    response["X-Content-Type-Options"] = "nosniff"
    return response
