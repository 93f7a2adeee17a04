"""The question bank's pages, under /ngan-hang/."""

from django.urls import path

from repository.questions import editor_views, exam_views, views

app_name = "questions"

urlpatterns = [
    path("", views.bank_list, name="banks"),
    path("<int:pk>/", views.bank_detail, name="bank"),
    path("<int:pk>/nhap/", views.import_start, name="import_start"),
    path("<int:pk>/xuat/", views.bank_export, name="bank_export"),
    path("<int:pk>/xuat/<slug:fmt>/", views.bank_export, name="bank_export_format"),
    path("nhap/<int:pk>/", views.import_detail, name="import"),
    path("nhap/<int:pk>/trang-thai/", views.import_status, name="import_status"),
    path("nhap/<int:pk>/anh/", views.import_media, name="import_media"),
    path("cau-hoi/<int:pk>/", views.question_detail, name="question"),
    path("<int:pk>/cau-hoi-moi/", editor_views.question_new, name="question_new"),
    path("cau-hoi/<int:pk>/sua/", editor_views.question_edit, name="question_edit"),
    path("cau-hoi/<int:pk>/rut-lai/", editor_views.question_withdraw, name="question_withdraw"),
    path("anh/<int:pk>/", views.media, name="media"),
    path("duyet/", views.batch_review, name="batch_review"),
    path("mau-excel/", views.excel_template, name="excel_template"),
    path("<int:pk>/ma-tran/", exam_views.blueprint_list, name="blueprints"),
    path("ma-tran/<int:pk>/", exam_views.blueprint_detail, name="blueprint"),
    path("de/<int:pk>/", exam_views.exam_detail, name="exam"),
    path("de/<int:pk>/doi-cau/", exam_views.exam_swap, name="exam_swap"),
    path("de/<int:pk>/ma-de/<int:code>.docx", exam_views.exam_variant, name="exam_variant"),
    path("de/<int:pk>/ma-de/<int:code>.pdf", exam_views.exam_pdf, name="exam_pdf"),
    path("de/<int:pk>/dap-an.docx", exam_views.exam_key, name="exam_key"),
    path("de/<int:pk>/phieu-tra-loi.docx", exam_views.exam_sheet, name="exam_sheet"),
    path("de/<int:pk>/pdf/", exam_views.exam_pdf_start, name="exam_pdf_start"),
    path("de/<int:pk>/pdf/trang-thai/", exam_views.exam_pdf_status, name="exam_pdf_status"),
    path("de/<int:pk>/xuat-ban/", exam_views.exam_publish, name="exam_publish"),
    path("de/<int:pk>/luu-kho/", exam_views.exam_save_paper, name="exam_save_paper"),
    path("de/<int:pk>/cau-hoi/<int:question>/anh/<str:name>", exam_views.quiz_media, name="quiz_media"),
    path("luyen-tap/", exam_views.my_quizzes, name="my_quizzes"),
]
