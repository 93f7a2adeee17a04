from django.urls import path

from lms.home import views

app_name = "home"
urlpatterns = [path("", views.me, name="me")]
