from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from lms.accounts import views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("people/", views.people_home, name="people"),
    path("people/school/<int:school_id>/", views.school_people, name="school_people"),
    path("people/school/<int:school_id>/import/", views.people_import_view, name="people_import"),
    path("people/school/<int:school_id>/import/<str:token>/", views.people_import_done, name="people_import_done"),
    path("people/school/<int:school_id>/template.xlsx", views.import_template, name="import_template"),
    path("people/credentials/<str:token>/", views.credentials_download, name="credentials_download"),
    path("people/<int:user_id>/", views.person_detail, name="person"),
    path("people/<int:user_id>/reset-password/", views.person_reset_password, name="person_reset_password"),
    path("groups/<int:group_id>/", views.subject_group_view, name="subject_group"),
]
