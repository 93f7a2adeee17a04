"""The question bank's pages, under /ngan-hang/."""

from django.urls import path

from repository.questions import views

app_name = "questions"

urlpatterns = [
    path("", views.bank_list, name="banks"),
    path("<int:pk>/", views.bank_detail, name="bank"),
    path("<int:pk>/nhap/", views.import_start, name="import_start"),
    path("nhap/<int:pk>/", views.import_detail, name="import"),
    path("nhap/<int:pk>/trang-thai/", views.import_status, name="import_status"),
    path("nhap/<int:pk>/anh/", views.import_media, name="import_media"),
    path("cau-hoi/<int:pk>/", views.question_detail, name="question"),
    path("anh/<int:pk>/", views.media, name="media"),
    path("duyet/", views.batch_review, name="batch_review"),
    path("mau-excel/", views.excel_template, name="excel_template"),
]
