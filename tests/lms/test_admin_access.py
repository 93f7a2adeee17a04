"""The Wagtail admin is for district officers and administrators: everyone else who is
logged in gets the site's Vietnamese 403 page (JSON for the admin's scripted endpoints)
at every admin URL; visitors are asked to log in; the role groups grant no admin access."""

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission

from factories import client_for
from lms.accounts.models import Role
from lms.accounts.services import ROLE_GROUP_NAMES, role_groups_ensure

pytestmark = pytest.mark.django_db

REFUSAL = "Khu quản trị dành cho chuyên viên Phòng GD&amp;ĐT và quản trị viên."
REFUSAL_TEXT = "Khu quản trị dành cho chuyên viên Phòng GD&ĐT và quản trị viên."
PAGES = ["/admin/", "/admin/snippets/repository/resource/add/"]
JSON = ["/admin/documents/chooser/", "/admin/api/main/documents/"]


def test_a_teacher_gets_the_vietnamese_403_page_and_the_officer_the_admin(demo):
    teacher = client_for(demo.user("giaovien.toan"))
    for url in PAGES:
        response = teacher.get(url)
        assert response.status_code == 403, url
        html = response.content.decode()
        assert REFUSAL in html, url
        assert '<html lang="vi">' in html and 'class="site-header"' in html  # the site's look
        for href, label in (("/hoc-lieu/cua-toi/", "Học liệu của tôi"), ("/me/", "Trang của tôi")):  # the site menu
            assert f'<li><a href="{href}">{label}</a></li>' in html, (url, label)
        assert "/hoc-lieu/cho-duyet/" not in html  # not a reviewer
        assert 'data-nav="admin"' not in html
    for url in JSON:
        response = teacher.get(url)
        assert (response.status_code, response["Content-Type"]) == (403, "application/json"), url
        assert response.json() == {"error": REFUSAL_TEXT}, url
    scripted = teacher.get("/admin/reports/", headers={"x-requested-with": "XMLHttpRequest"})
    assert (scripted.status_code, scripted.json()) == (403, {"error": REFUSAL_TEXT})

    officer = client_for(demo.user("chuyenvien"))
    for url in [*PAGES, *JSON]:
        if url == "/admin/snippets/repository/resource/add/":
            continue  # officers add no resources of their own (no subject group)
        assert officer.get(url).status_code == 200, url
    assert 'data-nav="admin"' in officer.get("/me/").content.decode()


def test_a_post_is_refused_before_wagtail_runs_and_a_reviewer_is_offered_the_queue(demo):
    reviewer = client_for(demo.user("thamdinh.toan"))
    response = reviewer.post("/admin/documents/add/", {"title": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert '<li><a href="/hoc-lieu/cho-duyet/">Hàng chờ duyệt</a></li>' in html
    assert '<li><a href="/hoc-lieu/cua-toi/">Học liệu của tôi</a></li>' in html  # reviewers author too
    # a path no Wagtail view serves yet is refused the same way: deny by default
    assert reviewer.get("/admin/some-future-view/").status_code == 403


@pytest.mark.parametrize("username", ["hieutruong.nt", "giamkhao", "hocsinh.6a", "totruong.toan"])
def test_leaders_judges_and_students_are_refused_too(demo, username):
    response = client_for(demo.user(username)).get("/admin/")
    assert response.status_code == 403
    assert REFUSAL in response.content.decode()


def test_a_visitor_is_still_asked_to_log_in(demo):
    response = client_for().get("/admin/snippets/repository/resource/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")


def test_role_groups_hold_no_admin_permission_but_the_officers(demo):
    """An existing database whose teacher group still has admin access loses it on the
    next migrate (role_groups_ensure runs after every migrate)."""
    teachers = Group.objects.get(name=ROLE_GROUP_NAMES[Role.TEACHER])
    access = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    teachers.permissions.add(access)
    choose = Permission.objects.get(content_type__app_label="wagtaildocs", codename="choose_document")
    GroupCollectionPermission.objects.create(group=teachers, collection=Collection.get_first_root_node(),
                                             permission=choose)
    role_groups_ensure()
    for role, name in ROLE_GROUP_NAMES.items():
        group = Group.objects.get(name=name)
        held = group.permissions.filter(codename="access_admin").exists()
        assert held == (role == Role.DISTRICT_OFFICER), role
        assert GroupCollectionPermission.objects.filter(group=group).exists() == (role == Role.DISTRICT_OFFICER), role
    teacher = demo.user("giaovien.toan")
    assert not teacher.has_perm("wagtailadmin.access_admin")
    assert demo.user("chuyenvien").has_perm("wagtailadmin.access_admin")


def test_the_review_queue_links_a_reviewer_to_the_sites_review_page_never_to_the_admin(demo_content):
    from repository.selectors import review_queue

    [item] = review_queue(user=demo_content.user("thamdinh.toan"))
    assert item.edit_url is None
    assert item.review_url == f"/hoc-lieu/cho-duyet/{item.task_state.workflow_state_id}/"
    html = client_for(demo_content.user("thamdinh.toan")).get("/hoc-lieu/cho-duyet/").content.decode()
    assert item.review_url in html and "/admin/" not in html
