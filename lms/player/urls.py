from django.urls import path

from lms.player import learning_views, report_views, views

app_name = "player"

urlpatterns = [
    path("cua-toi/", learning_views.my_learning, name="my_learning"),
    path("<uuid:uuid>/", views.play, name="play"),
    path("<uuid:uuid>/bao-cao/", report_views.report, name="report"),
    path("<uuid:uuid>/bao-cao.xlsx", report_views.report_xlsx, name="report_xlsx"),
]
