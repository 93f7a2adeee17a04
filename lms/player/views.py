"""The platform's player page: the package's launcher (on the content origin) in a frame,
for whoever a policy lets play it (access.py), tracked for a logged-in learner."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from lms.core.origins import content_origin_for
from lms.core.security import platform_policy
from lms.player import access, launch
from lms.player.models import Package


def player_csp(request) -> str:
    """The platform's policy, stricter: frames from the content origin only, never
    framed itself, no media, fonts or requests of its own."""
    return platform_policy(request, img_src="'self' data:", media_src=None, font_src=None, connect_src=None,
                           frame_src=content_origin_for(request), frame_ancestors="'none'")


@require_safe
def play(request, uuid):
    package = get_object_or_404(Package, uuid=uuid)
    mode = access.mode_for(request.user, package)
    if mode is None:
        raise Http404
    response = render(request, "player/play.html", {
        "package": package,
        "mode": mode,
        "launcher_url": launch.launcher_url(request, package, mode, learner=request.user),
        "may_read_report": access.may_read_report(request.user, package),
    })
    response["Content-Security-Policy"] = player_csp(request)
    response["Cache-Control"] = "no-store"
    return response
