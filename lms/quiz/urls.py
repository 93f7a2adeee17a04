from django.urls import path

from lms.quiz import views

app_name = "quiz"

urlpatterns = [
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bat-dau/", views.start, name="start"),
    path("<int:pk>/ket-qua/", views.results, name="results"),
    path("bai-lam/<int:pk>/", views.attempt, name="attempt"),
    path("bai-lam/<int:pk>/luu/", views.save, name="save"),
    path("bai-lam/<int:pk>/nop-bai/", views.submit, name="submit"),
    path("bai-lam/<int:pk>/ket-qua/", views.result, name="result"),
    path("cham-bai/<int:pk>/", views.grade, name="grade"),
]
