"""The optional second stage: district officers approve after the group, per kind."""

import pytest
from wagtail.models import TaskState

from repository.models import Resource, ReviewSettings
from factories import act, client_for, resource_form, task_state, uploaded  # noqa: F401
import samples

ADD = "/admin/snippets/repository/resource/add/"


def submit(demo, kind="lesson_plan"):
    teacher = demo.user("giaovien.toan")
    client = client_for(teacher)
    doc = uploaded(client, "Giáo án.pdf", samples.pdf())
    response = client.post(ADD, {**resource_form(demo, [doc], kind=kind), "action-submit": "submit"})
    assert response.status_code == 302
    return Resource.objects.get()


def test_officer_switches_the_district_stage_on_per_kind(demo):
    officer = client_for(demo.user("chuyenvien"))
    url = "/admin/settings/repository/reviewsettings/"
    page = officer.get(url, follow=True)
    assert page.status_code == 200
    response = officer.post(page.redirect_chain[-1][0] if page.redirect_chain else url,
                            {"district_review": ["lesson_plan", "video"]})
    assert response.status_code == 302
    assert ReviewSettings.load().district_kinds() == {"lesson_plan", "video"}
    assert client_for(demo.user("giaovien.toan")).get(url).status_code in (302, 403)


def test_without_the_stage_group_approval_publishes(demo):
    resource = submit(demo)
    act(client_for(demo.user("thamdinh.toan")), resource, "approve")
    resource.refresh_from_db()
    assert resource.live
    assert TaskState.objects.filter(status=TaskState.STATUS_SKIPPED).count() == 1


def test_with_the_stage_the_officer_approves_last(demo):
    settings = ReviewSettings.load()
    settings.district_review_kinds = "lesson_plan"
    settings.save()
    resource = submit(demo)
    act(client_for(demo.user("thamdinh.toan")), resource, "approve")
    resource.refresh_from_db()
    assert not resource.live  # waiting for the district
    # a reviewer cannot take the district's step
    assert act(client_for(demo.user("thamdinh.toan")), resource, "approve").status_code in (302, 403)
    resource.refresh_from_db()
    assert not resource.live
    act(client_for(demo.user("chuyenvien")), resource, "approve")
    resource.refresh_from_db()
    assert resource.live


def test_other_kinds_skip_the_district_stage(demo):
    settings = ReviewSettings.load()
    settings.district_review_kinds = "video"
    settings.save()
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
    assert TaskState.objects.filter(status=TaskState.STATUS_APPROVED).count() == count
    in_review = Resource.objects.count() - count
    assert in_review == 2  # one waiting for the group, one sent back
    call_command("seed_demo")
    assert Resource.objects.count() == count + in_review
