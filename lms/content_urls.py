"""URLs answered on CONTENT_ORIGIN: uploaded e-learning content, nothing else.

The e-learning player (a later part) serves packages under /content/; the platform's
pages, admin and log-in are not reachable on this host.
"""

from django.urls import path, re_path

from lms.core import views

urlpatterns = [
    path("", views.content_index, name="content_index"),
    path("healthz", views.healthz),
    path("probe", views.content_probe, name="content_probe"),
    re_path(r"^content/(?P<path>.+)$", views.content_file, name="content_file"),
]

handler404 = "lms.core.views.content_not_found"
