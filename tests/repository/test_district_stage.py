"""The optional second stage: district officers approve after the group, per kind."""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import TaskState

import samples
from factories import ADD, act, admin_denied, admin_refused, client_for, resource_form, uploaded
from repository.models import Resource, ReviewSettings


def submit(demo, kind="lesson_plan"):
    teacher = demo.user("giaovien.toan")
    client = client_for(teacher)
    doc = uploaded(client, "Giáo án.pdf", samples.pdf())
    response = client.post(ADD, resource_form(demo, [doc], kind=kind, action="submit"))
    assert response.status_code == 302
    return Resource.objects.get()


SETTINGS = "/admin/snippets/repository/reviewsettings/"


def district_kinds(demo) -> set[str]:
    return ReviewSettings.kinds_for(demo.school("THCS-NT").district_id)


def set_district_kinds(demo, kinds: str) -> None:
    ReviewSettings.objects.update_or_create(
        district_id=demo.school("THCS-NT").district_id, defaults={"district_review_kinds": kinds}
    )


def test_officer_switches_the_district_stage_on_per_kind_for_their_own_district(demo):
    officer = client_for(demo.user("chuyenvien"))
    district = demo.school("THCS-NT").district
    assert officer.get(f"{SETTINGS}add/").status_code == 200
    response = officer.post(f"{SETTINGS}add/", {"district": district.pk, "district_review": ["lesson_plan", "video"]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert district_kinds(demo) == {"lesson_plan", "video"}
    row = ReviewSettings.objects.get(district=district)
    assert admin_refused(client_for(demo.user("giaovien.toan")).get(f"{SETTINGS}edit/{row.pk}/"))


def test_another_districts_officer_neither_sees_nor_changes_the_settings(demo):
    from lms.accounts.models import Role
    from lms.accounts.services import role_grant, user_create
    from lms.organisation.models import District

    set_district_kinds(demo, "lesson_plan")
    row = ReviewSettings.objects.get()
    other = District.objects.create(province=row.district.province, code="DEMO-BINH", name="Phòng GD&ĐT huyện Bình Minh")
    stranger = user_create(full_name="Trần Văn Khác", username="chuyenvien.binh", password="x-demo-12345",
                           must_change_password=False)
    role_grant(user=stranger, role=Role.DISTRICT_OFFICER, unit=other)
    client = client_for(stranger)
    listing = client.get(SETTINGS)
    assert listing.status_code == 200
    assert row.district.name not in listing.content.decode()
    assert admin_denied(client.get(f"{SETTINGS}edit/{row.pk}/"))
    assert admin_denied(client.post(f"{SETTINGS}edit/{row.pk}/", {"district": row.district_id, "district_review": []}))
    response = client.post(f"{SETTINGS}add/", {"district": row.district_id, "district_review": []})
    assert response.status_code == 200  # the form again: not a district of theirs
    assert district_kinds(demo) == {"lesson_plan"}
    # their own district's choice leaves the first district's alone
    response = client.post(f"{SETTINGS}add/", {"district": other.pk, "district_review": ["video"]})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert ReviewSettings.kinds_for(other.pk) == {"video"}
    assert district_kinds(demo) == {"lesson_plan"}


def test_without_the_stage_group_approval_publishes(demo):
    resource = submit(demo)
    assert act(client_for(demo.user("thamdinh.toan")), resource, "approve").status_code == 302
    resource.refresh_from_db()
    assert resource.live
    assert TaskState.objects.filter(status=TaskState.STATUS_SKIPPED).count() == 1


def test_with_the_stage_the_officer_approves_last(demo):
    set_district_kinds(demo, "lesson_plan")
    resource = submit(demo)
    act(client_for(demo.user("thamdinh.toan")), resource, "approve")
    resource.refresh_from_db()
    assert not resource.live  # waiting for the district
    # a reviewer cannot take the district's step
    assert act(client_for(demo.user("thamdinh.toan")), resource, "approve").status_code == 404
    resource.refresh_from_db()
    assert not resource.live
    assert act(client_for(demo.user("chuyenvien")), resource, "approve").status_code == 302
    resource.refresh_from_db()
    assert resource.live


def test_other_kinds_skip_the_district_stage(demo):
    set_district_kinds(demo, "video")
    resource = submit(demo, kind="worksheet")
    act(client_for(demo.user("thamdinh.toan")), resource, "approve")
    resource.refresh_from_db()
    assert resource.live


def test_seed_demo_publishes_reviewed_resources_once(db):
    from django.core.management import call_command

    call_command("seed_demo")
    live = Resource.objects.filter(live=True)
    count = live.count()
    assert count >= 10
    assert live.values("level").distinct().count() >= 3 and live.values("subject").distinct().count() >= 5
    resources = ContentType.objects.get_for_model(Resource)  # the demo's bank questions are reviewed too
    assert TaskState.objects.filter(status=TaskState.STATUS_APPROVED,
                                    workflow_state__base_content_type=resources).count() == count
    in_review = Resource.objects.count() - count
    assert in_review == 2  # one waiting for the group, one sent back
    call_command("seed_demo")
    assert Resource.objects.count() == count + in_review
