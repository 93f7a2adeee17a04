"""URLs answered on CONTENT_ORIGIN: uploaded e-learning content, nothing else.

A package's files are under /content/p/<token>/ (lms.player.content_views: the token in
the path grants the package, as this origin has no session), the SCORM run-time's commits
go to /content/api/<token>/<launch id>/commit (lms.player.runtime_views); the platform's
pages, admin and log-in are not reachable on this host.
"""

from django.urls import path, re_path

from lms.core import views
from lms.player import content_views, launcher_views, runtime_views
from lms.player.runtime import LAUNCH_PATTERN

urlpatterns = [
    path("", views.content_index, name="content_index"),
    path("healthz", views.healthz),
    path("probe", views.content_probe, name="content_probe"),
    re_path(rf"^content/api/(?P<token>[^/]+)/(?P<launch>{LAUNCH_PATTERN})/commit$", runtime_views.commit,
            name="runtime_commit"),
    path("content/api/<str:token>/state", runtime_views.state, name="runtime_state"),
    path("content/launch/<str:token>/", launcher_views.launcher, name="player_launcher"),
    re_path(r"^content/p/(?P<token>[^/]+)/(?P<path>.*)$", content_views.package_file, name="package_file"),
]

handler404 = "lms.core.views.content_not_found"
