"""The launcher, on the content origin: the page that holds the SCORM run-time API
(scorm-again) beside the SCO's frame, opened by the platform's player page with a token
in its path (launch.py)."""

from django.shortcuts import render
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from lms.core.views import content_not_found
from lms.player import launch
from lms.player.content_views import framed_by_platform, refused
from lms.player.models import Package
from lms.player.tokens import read_token


@require_safe
@xframe_options_exempt  # framed by the platform's player page: CSP frame-ancestors instead
def launcher(request, token: str):
    grant = read_token(token)
    if grant is None:
        return refused()
    package = Package.objects.filter(uuid=grant.package_uuid, status=Package.Status.READY).first()
    config = launch.launcher_config(request, grant, package) if package is not None else None
    if config is None:
        return content_not_found(request)
    response = render(request, "player/launcher.html", {"config": config})
    return framed_by_platform(request, response, cache="no-store")  # the learner's state, and tokens
