"""Withdrawing published content is an officer's decision for their own district,
logged with its reason and told to the author; nobody else can do it."""

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import ModelLogEntry

from factories import client_for
from repository.models import Resource

REASON = "Tài liệu có nội dung sai chương trình, cần chỉnh sửa."


@pytest.fixture
def published(demo_content):
    return Resource.objects.filter(owner__username="giaovien.toan", live=True).first()


def test_the_officer_withdraws_with_a_reason_logged_and_mailed_to_the_author(demo_content, published):
    officer = client_for(demo_content.user("chuyenvien"))
    page = officer.get(f"/hoc-lieu/{published.pk}/")
    assert 'name="reason"' in page.content.decode()  # the form is there for her
    mail.outbox.clear()
    response = officer.post(f"/hoc-lieu/{published.pk}/go-xuong/", {"reason": REASON})
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.live is False
    assert Client().get(f"/hoc-lieu/{published.pk}/").status_code == 404
    entry = ModelLogEntry.objects.filter(object_id=str(published.pk), action="repository.withdraw").get()
    assert entry.user.username == "chuyenvien"
    assert entry.data["reason"] == REASON
    assert [m.to for m in mail.outbox] == [["duc.hm@example.edu.vn"]]
    assert REASON in mail.outbox[0].body


@pytest.mark.parametrize("reason", ["", "   "])
def test_without_a_reason_nothing_is_withdrawn(demo_content, published, reason):
    officer = client_for(demo_content.user("chuyenvien"))
    response = officer.post(f"/hoc-lieu/{published.pk}/go-xuong/", {"reason": reason})
    assert response.status_code == 400
    assert "Hãy nêu lý do" in response.content.decode()
    published.refresh_from_db()
    assert published.live is True


@pytest.mark.parametrize("username", ["giaovien.toan", "thamdinh.toan", "totruong.toan", "hieutruong.nt", "giaovien.van"])
def test_authors_reviewers_and_teachers_cannot_withdraw(demo_content, published, username):
    client = client_for(demo_content.user(username))
    assert 'name="reason"' not in client.get(f"/hoc-lieu/{published.pk}/").content.decode()
    response = client.post(f"/hoc-lieu/{published.pk}/go-xuong/", {"reason": REASON})
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.live is True
    assert not ModelLogEntry.objects.filter(action="repository.withdraw").exists()


def test_an_officer_of_another_district_cannot_withdraw(demo_content, published):
    from lms.accounts.models import Role
    from lms.accounts.services import role_grant, user_create
    from lms.organisation.models import District

    other = District.objects.create(province=published.school.district.province, code="DEMO-BINH",
                                    name="Phòng GD&ĐT huyện Bình Minh")
    stranger = user_create(full_name="Trần Văn Khác", username="chuyenvien.binh", password="x-demo-12345",
                           must_change_password=False)
    role_grant(user=stranger, role=Role.DISTRICT_OFFICER, unit=other)
    response = client_for(stranger).post(f"/hoc-lieu/{published.pk}/go-xuong/", {"reason": REASON})
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.live is True
