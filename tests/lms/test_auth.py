"""Logging in and out, throttling, passwords: changed, reset by e-mail, reset by a leader."""

import re

import pytest
from django.core import mail

from lms.accounts.models import User


def test_login_and_logout(demo, client):
    response = client.post("/accounts/login/", {"username": "giaovien.toan", "password": demo.password})
    assert response.status_code == 302 and response["Location"] == "/me/"
    page = client.get("/me/")
    assert "Hoàng Minh Đức" in page.content.decode()
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/me/").status_code == 302


def test_wrong_password_is_refused_with_a_message(demo, client):
    response = client.post("/accounts/login/", {"username": "giaovien.toan", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_from_that_address(demo, client, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": "giaovien.toan", "password": "sai"})
    locked = client.post("/accounts/login/", {"username": "giaovien.toan", "password": demo.password})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session
    # another user at the same address is not locked out
    other = client.post("/accounts/login/", {"username": "giaovien.van", "password": demo.password})
    assert other.status_code == 302


def test_session_cookie_is_http_only_and_lax(demo, client):
    client.post("/accounts/login/", {"username": "giaovien.toan", "password": demo.password})
    from django.conf import settings

    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"


def test_password_change_keeps_the_user_logged_in(demo, client):
    client.post("/accounts/login/", {"username": "giaovien.toan", "password": demo.password})
    response = client.post("/accounts/password/", {
        "old_password": demo.password, "new_password1": "Lop-hoc-xanh-26", "new_password2": "Lop-hoc-xanh-26",
    })
    assert response.status_code == 302
    assert client.get("/me/").status_code == 200
    assert demo.user("giaovien.toan").check_password("Lop-hoc-xanh-26")


def test_password_reset_by_email_for_users_with_an_address(demo, client):
    response = client.post("/accounts/password/reset/", {"email": "duc.hm@example.edu.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert "giaovien.toan" in body
    link = re.search(r"http://\S+/accounts/password/reset/\S+/", body).group(0)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "Mua-thu-Ha-Noi-9", "new_password2": "Mua-thu-Ha-Noi-9"})
    assert done.status_code == 302
    assert demo.user("giaovien.toan").check_password("Mua-thu-Ha-Noi-9")


def test_password_reset_page_tells_users_without_email_whom_to_ask(demo, client):
    response = client.get("/accounts/password/reset/")
    assert response.status_code == 200
    assert "Ban giám hiệu" in response.content.decode()
    client.post("/accounts/password/reset/", {"email": "khong-co@example.vn"})
    assert mail.outbox == []


def test_school_leader_resets_a_students_password(demo, login, client):
    leader = login(demo.user("hieutruong.nt"))
    student = demo.user("hocsinh.6a")
    response = leader.post(f"/accounts/people/{student.pk}/reset-password/")
    assert response.status_code == 200
    new_password = response.context["new_password"]
    assert new_password in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    student.refresh_from_db()
    assert student.must_change_password and student.check_password(new_password)
    assert not student.check_password(demo.password)


def test_reset_password_needs_post(demo, login):
    leader = login(demo.user("hieutruong.nt"))
    student = demo.user("hocsinh.6a")
    assert leader.get(f"/accounts/people/{student.pk}/reset-password/").status_code == 405


def test_initial_password_hash_is_upgraded_at_login(demo, client):
    from lms.accounts.services import user_create

    user_create(full_name="Lê Văn Tám", username="tam.lv", password="mat-khau-dau", must_change_password=False)
    assert User.objects.get(username="tam.lv").password.startswith("pbkdf2_initial$")
    client.post("/accounts/login/", {"username": "tam.lv", "password": "mat-khau-dau"})
    assert User.objects.get(username="tam.lv").password.startswith("pbkdf2_sha256$")


@pytest.mark.parametrize("language, text", [("vi", "Đăng nhập"), ("en", "Log in")])
def test_language_switch(db, client, language, text):
    response = client.post("/i18n/setlang/", {"language": language, "next": "/accounts/login/"}, follow=True)
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()
    assert text in response.content.decode()


def test_dates_are_day_first(db):
    import datetime

    from django.template import Context, Template
    from django.utils import translation

    for language in ("vi", "en"):
        with translation.override(language):
            out = Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(Context({"d": datetime.date(2026, 3, 9)}))
            assert out == "09/03/2026", language


ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def test_an_english_browser_gets_vietnamese_until_the_user_switches(db):
    from django.test import Client

    client = Client(**ENGLISH_BROWSER)
    page = client.get("/accounts/login/")
    assert '<html lang="vi">' in page.content.decode() and "Đăng nhập" in page.content.decode()
    assert page["Content-Language"] == "vi"
    assert "Accept-Language" not in page.get("Vary", "")  # the header does not choose it

    client.get("/ngon-ngu/", {"language": "en", "next": "/accounts/login/"})
    page = client.get("/accounts/login/")
    assert '<html lang="en">' in page.content.decode() and "Log in" in page.content.decode()
    client.get("/ngon-ngu/", {"language": "vi", "next": "/"})
    assert '<html lang="vi">' in client.get("/accounts/login/").content.decode()


def test_a_chosen_language_that_does_not_exist_falls_back_to_vietnamese(db):
    from django.conf import settings
    from django.test import Client

    client = Client(**ENGLISH_BROWSER)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert '<html lang="vi">' in client.get("/accounts/login/").content.decode()


def test_the_admin_speaks_vietnamese_to_an_english_browser(demo):
    from factories import client_for

    officer = client_for(demo.user("chuyenvien"))
    officer.defaults.update(ENGLISH_BROWSER)
    dashboard = officer.get("/admin/").content.decode()
    assert 'lang="vi"' in dashboard and "Bảng điều khiển" in dashboard and ">Dashboard<" not in dashboard
