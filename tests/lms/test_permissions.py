"""Who may do what: the permission module, and the pages and admin that use it."""

import pytest

from factories import admin_denied, admin_refused
from lms.accounts.models import Role, RoleAssignment, User
from lms.accounts.services import role_grant, user_create
from lms.organisation.models import District, Province, School
from lms.permissions import can


@pytest.fixture
def other_district(demo):
    """A second district with one school, its leader and a teacher."""
    province = Province.objects.get(code="DEMO")
    district = District.objects.create(province=province, name="Phòng GD&ĐT huyện Bình Minh", code="DEMO-BM")
    school = School.objects.create(district=district, name="Trường THCS Bình Minh", code="THCS-BM")
    leader = user_create(full_name="Cao Văn Bình", username="hieutruong.bm", password="x" * 12)
    role_grant(user=leader, role=Role.SCHOOL_LEADER, unit=school)
    teacher = user_create(full_name="Mạc Thị Hoa", username="giaovien.bm", password="x" * 12)
    role_grant(user=teacher, role=Role.TEACHER, unit=school)
    return {"district": district, "school": school, "leader": leader, "teacher": teacher}


# --- the rules themselves ---------------------------------------------------------


def test_school_leader_manages_own_school_only(demo, other_district):
    leader = demo.user("hieutruong.nt")
    assert can(leader, "school.manage_people", demo.school("THCS-NT"))
    assert not can(leader, "school.manage_people", demo.school("TH-KD"))
    assert not can(leader, "school.manage_people", other_district["school"])


def test_school_leader_manages_teachers_and_students_of_own_school(demo, other_district):
    leader = demo.user("hieutruong.nt")
    assert can(leader, "user.reset_password", demo.user("giaovien.toan"))
    assert can(leader, "user.reset_password", demo.user("hocsinh.6a"))
    # another school's people, another leader, the officer, oneself: no
    assert not can(leader, "user.view", demo.user("giaovien.th"))
    assert not can(leader, "user.view", demo.user("hocsinh.5a"))
    assert not can(leader, "user.reset_password", demo.user("hieutruong.kd"))
    assert not can(leader, "user.reset_password", demo.user("chuyenvien"))
    assert not can(leader, "user.reset_password", leader)
    assert not can(leader, "user.view", other_district["teacher"])


def test_officer_acts_within_own_district(demo, other_district):
    officer = demo.user("chuyenvien")
    assert can(officer, "organisation.manage", demo.school("THCS-NT"))
    assert can(officer, "organisation.manage", demo.group("THCS-NT", "Tổ Toán – Tin"))
    assert not can(officer, "organisation.manage", other_district["school"])
    assert not can(officer, "organisation.manage", other_district["district"])
    assert can(officer, "user.reset_password", demo.user("hieutruong.nt"))
    assert not can(officer, "user.reset_password", other_district["leader"])
    assert not can(officer, "user.reset_password", demo.user("admin"))


def test_teacher_student_and_judge_manage_nothing(demo):
    school = demo.school("THCS-NT")
    for username in ("giaovien.toan", "hocsinh.6a", "giamkhao", "totruong.toan"):
        user = demo.user(username)
        assert not can(user, "admin.access"), username
        assert not can(user, "organisation.manage", school), username
        assert not can(user, "school.manage_people", school), username
        other = demo.user("hocsinh.5a" if username == "hocsinh.6a" else "hocsinh.6a")
        assert not can(user, "user.view", other), username
        assert not can(user, "user.change", user), username  # one's own page is to read only


def test_group_members_see_their_group_only(demo):
    maths = demo.group("THCS-NT", "Tổ Toán – Tin")
    letters = demo.group("THCS-NT", "Tổ Ngữ văn – Lịch sử – Địa lý")
    assert can(demo.user("giaovien.toan"), "group.view_members", maths)
    assert not can(demo.user("giaovien.toan"), "group.view_members", letters)
    assert not can(demo.user("hocsinh.6a"), "group.view_members", maths)


def test_inactive_and_anonymous_users_may_do_nothing(demo):
    from django.contrib.auth.models import AnonymousUser

    officer = demo.user("chuyenvien")
    officer.is_active = False
    assert not can(officer, "admin.access")
    assert not can(AnonymousUser(), "admin.access")


def test_unknown_action_is_an_error_not_a_grant(demo):
    with pytest.raises(KeyError):
        can(demo.user("admin"), "school.burn_down")


# --- pages ------------------------------------------------------------------------


def test_school_leader_cannot_see_or_edit_users_of_another_school(demo, login):
    client = login(demo.user("hieutruong.nt"))
    other_school = demo.school("TH-KD")
    other_teacher = demo.user("giaovien.th")
    assert client.get(f"/accounts/people/school/{other_school.pk}/").status_code == 403
    assert client.get(f"/accounts/people/school/{other_school.pk}/import/").status_code == 403
    assert client.get(f"/accounts/people/{other_teacher.pk}/").status_code == 403
    before = other_teacher.password
    response = client.post(f"/accounts/people/{other_teacher.pk}/reset-password/")
    assert response.status_code == 403
    other_teacher.refresh_from_db()
    assert other_teacher.password == before and not other_teacher.must_change_password


def test_school_leader_sees_own_school_people(demo, login):
    client = login(demo.user("hieutruong.nt"))
    response = client.get("/accounts/people/", follow=True)
    assert response.status_code == 200
    text = response.content.decode()
    assert "Trường THCS Nguyễn Trãi" in text
    assert "Hoàng Minh Đức" in text and "Phan Gia Bảo" in text
    assert "Ngô Thị Lan" not in text  # a teacher of another school


def test_people_search_ignores_diacritics(demo, login):
    client = login(demo.user("hieutruong.nt"))
    school = demo.school("THCS-NT")
    response = client.get(f"/accounts/people/school/{school.pk}/", {"q": "duc"})
    text = response.content.decode()
    assert "Hoàng Minh Đức" in text and "Phan Gia Bảo" not in text


def test_teacher_cannot_reach_people_pages(demo, login):
    client = login(demo.user("giaovien.toan"))
    assert client.get("/accounts/people/").status_code == 403
    school = demo.school("THCS-NT")
    assert client.get(f"/accounts/people/school/{school.pk}/").status_code == 403


def test_anonymous_is_sent_to_login(demo, client):
    response = client.get("/accounts/people/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_group_page_for_members_only(demo, login):
    maths = demo.group("THCS-NT", "Tổ Toán – Tin")
    response = login(demo.user("thamdinh.toan")).get(f"/accounts/groups/{maths.pk}/")
    assert response.status_code == 200
    assert "Hoàng Minh Đức" in response.content.decode()
    assert login(demo.user("giaovien.van")).get(f"/accounts/groups/{maths.pk}/").status_code == 403


# --- the Wagtail admin ---------------------------------------------------------------


SCHOOL_ADMIN = "/admin/snippets/organisation/school/"


def test_teacher_cannot_reach_the_admin_for_organisation_data(demo, login):
    client = login(demo.user("giaovien.toan"))
    school = demo.school("THCS-NT")
    # teachers author their resources on the site: the admin is not theirs at all
    for url in ("/admin/", SCHOOL_ADMIN, f"{SCHOOL_ADMIN}edit/{school.pk}/", f"{SCHOOL_ADMIN}add/",
                "/admin/snippets/accounts/roleassignment/", "/admin/users/", "/admin/groups/"):
        assert admin_refused(client.get(url)), url
    response = client.post(f"{SCHOOL_ADMIN}edit/{school.pk}/", {"name": "Đổi tên"})
    assert admin_refused(response)
    school.refresh_from_db()
    assert school.name == "Trường THCS Nguyễn Trãi"


def test_student_cannot_reach_the_admin(demo, login):
    response = login(demo.user("hocsinh.6a")).get("/admin/")
    assert admin_refused(response)  # the site's page, not a log-in page that would send her back


def test_school_leader_cannot_edit_schools_in_admin(demo, login):
    client = login(demo.user("hieutruong.nt"))
    school = demo.school("THCS-NT")
    response = client.post(f"{SCHOOL_ADMIN}edit/{school.pk}/", {"name": "Đổi tên"})
    assert admin_refused(response)  # school leaders work on the site's pages, not in the admin
    school.refresh_from_db()
    assert school.name == "Trường THCS Nguyễn Trãi"


def test_officer_lists_and_edits_own_district_schools_only(demo, other_district, login):
    client = login(demo.user("chuyenvien"))
    listing = client.get(SCHOOL_ADMIN)
    assert listing.status_code == 200
    text = listing.content.decode()
    assert "Trường THCS Nguyễn Trãi" in text
    assert "Trường THCS Bình Minh" not in text
    foreign = other_district["school"]
    assert admin_denied(client.get(f"{SCHOOL_ADMIN}edit/{foreign.pk}/"))
    own = demo.school("THCS-NT")
    assert client.get(f"{SCHOOL_ADMIN}edit/{own.pk}/").status_code == 200


def test_officer_creates_a_school_in_own_district_not_in_another(demo, other_district, login):
    client = login(demo.user("chuyenvien"))
    own_district = District.objects.get(code="DEMO-AN")
    level = own_district.schools.first().levels.first()
    form = client.get(f"{SCHOOL_ADMIN}add/")
    assert form.status_code == 200
    assert "Phòng GD&amp;ĐT huyện Bình Minh" not in form.content.decode()
    data = {"district": own_district.pk, "name": "Trường Tiểu học Hòa Bình", "code": "TH-HB",
            "levels": [level.pk], "address": "", "phone": "", "is_active": "on"}
    response = client.post(f"{SCHOOL_ADMIN}add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert School.objects.filter(code="TH-HB", district=own_district).exists()
    response = client.post(f"{SCHOOL_ADMIN}add/", {**data, "code": "TH-X", "name": "X",
                                                   "district": other_district["district"].pk})
    assert response.status_code == 200  # the form comes back with an error
    assert not School.objects.filter(code="TH-X").exists()


@pytest.mark.parametrize("view", ["history", "usage", "delete", "copy"])
def test_officer_admin_object_views_are_checked_per_district(demo, other_district, login, view):
    client = login(demo.user("chuyenvien"))
    own, foreign = demo.school("THCS-NT"), other_district["school"]
    assert client.get(f"{SCHOOL_ADMIN}{view}/{own.pk}/").status_code == 200
    assert admin_denied(client.get(f"{SCHOOL_ADMIN}{view}/{foreign.pk}/"))
    if view == "delete":
        client.post(f"{SCHOOL_ADMIN}delete/{foreign.pk}/")
        assert School.objects.filter(pk=foreign.pk).exists()


ROLE_ADMIN = "/admin/snippets/accounts/roleassignment/"


def test_officer_grants_a_role_in_own_district_through_the_admin(demo, other_district, login):
    client = login(demo.user("chuyenvien"))
    form = client.get(f"{ROLE_ADMIN}add/").content.decode()
    assert "giaovien.toan" in form
    assert "giaovien.bm" not in form  # another district's teacher
    assert "hocsinh.6a" not in form  # students get no roles here
    teacher = demo.user("giaovien.toan")
    school = demo.school("THCS-NT")
    response = client.post(f"{ROLE_ADMIN}add/", {"user": teacher.pk, "role": Role.SCHOOL_LEADER, "school": school.pk})
    assert response.status_code == 302
    grant = RoleAssignment.objects.get(user=teacher, role=Role.SCHOOL_LEADER)
    assert grant.district_id == school.district_id
    assert can(demo.user("giaovien.toan"), "school.manage_people", school)
    # granting on another district's school is refused
    response = client.post(f"{ROLE_ADMIN}add/", {"user": teacher.pk, "role": Role.SCHOOL_LEADER,
                                                 "school": other_district["school"].pk})
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(school=other_district["school"], user=teacher).exists()


def test_officer_role_opens_the_admin_and_revoking_closes_it(demo, login):
    from django.test import Client

    person = user_create(full_name="Lại Văn Mới", username="moi.lv", password="x" * 12, must_change_password=False)
    client = Client()
    client.force_login(person)
    assert client.get("/admin/").status_code == 403
    grant = role_grant(user=person, role=Role.DISTRICT_OFFICER, unit=District.objects.get(code="DEMO-AN"))
    assert client.get("/admin/").status_code == 200
    grant.delete()
    assert client.get("/admin/").status_code == 403


def test_unit_ids_and_holders_answer_both_directions_of_a_role(demo):
    from lms.permissions import GROUP_ROLES, holders, unit_ids
    from repository.permissions import REVIEWING_ROLES

    math = demo.group("THCS-NT", "Tổ Toán – Tin")
    leader = demo.user("totruong.toan")
    assert unit_ids(leader, REVIEWING_ROLES, "subject_group") == {math.pk}
    assert unit_ids(leader, Role.DISTRICT_OFFICER, "district") == set()
    assert unit_ids(demo.user("chuyenvien"), Role.DISTRICT_OFFICER, "district") == {math.school.district_id}
    assert {u.username for u in holders(REVIEWING_ROLES, math)} == {"thamdinh.toan", "totruong.toan"}
    assert {u.username for u in holders(Role.SCHOOL_LEADER, demo.school("THCS-NT"))} == {"hieutruong.nt"}
    assert "giaovien.toan" in {u.username for u in holders(GROUP_ROLES, math)}
    reviewer = demo.user("thamdinh.toan")
    reviewer.is_active = False
    reviewer.save()
    assert {u.username for u in holders(REVIEWING_ROLES, math)} == {"totruong.toan"}  # only active people


def test_a_school_leader_opens_his_own_page_but_does_not_reset_his_own_password(demo, login):
    leader = demo.user("hieutruong.nt")
    client = login(leader)
    listing = client.get(f"/accounts/people/school/{demo.school('THCS-NT').pk}/").content.decode()
    assert f'href="/accounts/people/{leader.pk}/"' in listing  # his own name in the list links…
    page = client.get(f"/accounts/people/{leader.pk}/")
    assert page.status_code == 200  # …to his own page
    html = page.content.decode()
    assert "Lê Văn Minh" in html and 'href="/accounts/password/"' in html
    assert "reset-password" not in html and 'class="danger"' not in html
    before = User.objects.get(pk=leader.pk).password
    assert client.post(f"/accounts/people/{leader.pk}/reset-password/").status_code == 403
    assert User.objects.get(pk=leader.pk).password == before
    # and still no other leader's page
    assert client.get(f"/accounts/people/{demo.user('hieutruong.kd').pk}/").status_code == 403
