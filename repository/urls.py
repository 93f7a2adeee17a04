"""The repository's public pages, under /hoc-lieu/."""

from django.urls import path

from repository import authoring_views, views

app_name = "repository"

urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("cua-toi/", views.my_resources, name="my_resources"),
    path("dang/", authoring_views.resource_add, name="resource_add"),
    path("dang/tep/", authoring_views.file_upload, name="file_upload"),
    path("dang/dong-tac-gia/", authoring_views.co_author_search, name="co_author_search"),
    path("<int:pk>/sua/", authoring_views.resource_edit, name="resource_edit"),
    path("<int:pk>/rut-lai/", authoring_views.resource_withdraw_from_review, name="resource_withdraw_from_review"),
    path("<int:pk>/bai-giang/trang-thai/", authoring_views.package_status, name="package_status"),
    path("<int:pk>/bai-giang/tai-ve/", views.package_download, name="package_download"),
    path("cho-duyet/", views.review_queue, name="review_queue"),
    path("cho-duyet/<int:state_pk>/", views.review, name="review"),
    path("<int:pk>/", views.resource_detail, name="resource"),
    path("<int:pk>/danh-gia/", views.resource_rate, name="rate"),
    path("<int:pk>/go-xuong/", views.resource_withdraw, name="withdraw"),
    path("<int:pk>/tep/<int:file_pk>/tai-ve/", views.file_download, name="file_download"),
    path("<int:pk>/tep/<int:file_pk>/xem/", views.file_preview, name="file_preview"),
    path("<int:pk>/tep/<int:file_pk>/anh-nho/", views.file_thumbnail, name="file_thumbnail"),
    path("tep/<int:document_pk>/anh-nho/", views.document_thumbnail, name="document_thumbnail"),
    path("tep/<int:document_pk>/xem/", views.document_preview, name="document_preview"),
    path("tep/<int:document_pk>/tai-ve/", views.document_download, name="document_download"),
]
