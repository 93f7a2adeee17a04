from django.urls import path

from lms.player import views

app_name = "player"

urlpatterns = [
    path("<uuid:uuid>/", views.play, name="play"),
]
