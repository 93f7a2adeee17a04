"""Browsing's facet counts are kept per combination as resources change
(repository/facet_counts.py): after each change a teacher, reviewer or officer makes, the
counts table equals a count of the resources themselves, and the catalogue page shows the
new numbers; a change rolled back leaves them as they were; writes that bypass the model
are recounted by `manage.py refresh_catalogue_search`."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count

from factories import CATALOGUE, client_for, make_resource
from repository.models import FacetCount, Resource, Subject
from test_catalogue_pages import parse

pytestmark = pytest.mark.django_db


def stored() -> dict:
    return {(c.level_id, c.subject_id, c.grade_id, c.textbook_series_id, c.kind, c.school_id): c.n
            for c in FacetCount.objects.all()}


def expected() -> dict:
    """The same counts straight from the published resources."""
    rows = (Resource.objects.filter(live=True, first_published_at__isnull=False)
            .values_list("level_id", "subject_id", "grade_id", "textbook_series_id", "kind", "visibility", "school_id")
            .annotate(n=Count("*")).order_by())
    counts: dict = {}
    for level, subject, grade, series, kind, visibility, school, n in rows:
        key = (level, subject, grade, series or 0, kind, 0 if visibility == "public" else school)
        counts[key] = counts.get(key, 0) + n
    return counts


def subject_counts(client, **params) -> dict:
    return parse(client.get(CATALOGUE, params)).facets["subject"]


def test_counts_follow_publishing_editing_unpublishing_and_deleting(empty_catalogue):
    demo = empty_catalogue
    toan, van = Subject.objects.get(code="toan"), Subject.objects.get(code="ngu-van")
    assert stored() == {}

    first = make_resource(demo, "Phân số")
    second = make_resource(demo, "Số nguyên", kind="worksheet")
    make_resource(demo, "Bản nháp", state="draft")
    make_resource(demo, "Chờ duyệt", state="in_review")
    internal = make_resource(demo, "Nội bộ", visibility="teachers")
    assert stored() == expected()
    assert sum(stored().values()) == 3
    visitor, teacher = client_for(), client_for(demo.user("giaovien.toan"))
    assert subject_counts(visitor) == {str(toan.pk): 2}
    assert subject_counts(teacher) == {str(toan.pk): 3}

    # An approved edit moves the resource to another subject.
    first.subject = van
    first.save_revision(user=first.owner).publish()
    assert stored() == expected()
    assert subject_counts(visitor) == {str(toan.pk): 1, str(van.pk): 1}
    assert subject_counts(visitor, kind="worksheet") == {str(toan.pk): 1}

    # Made public; then unpublished; then deleted.
    internal.visibility = "public"
    internal.save_revision(user=internal.owner).publish()
    assert stored() == expected()
    assert subject_counts(visitor) == {str(toan.pk): 2, str(van.pk): 1}
    second.unpublish()
    assert stored() == expected()
    assert subject_counts(visitor) == {str(toan.pk): 1, str(van.pk): 1}
    Resource.objects.get(pk=internal.pk).delete()
    assert stored() == expected()
    assert subject_counts(visitor) == {str(van.pk): 1}
    Resource.objects.all().delete()
    assert stored() == {}


def test_a_change_rolled_back_leaves_the_counts_as_they_were(empty_catalogue):
    resource = make_resource(empty_catalogue, "Phân số")
    before = stored()

    with pytest.raises(RuntimeError), transaction.atomic():
        resource.unpublish()
        assert sum(stored().values()) == 0
        raise RuntimeError("the request failed after the save")

    assert stored() == before == expected()


def test_refresh_catalogue_search_recounts_what_bypassed_the_model(empty_catalogue):
    demo = empty_catalogue
    resource = make_resource(demo, "Phân số")
    Resource.objects.filter(pk=resource.pk).update(kind="worksheet", visibility="teachers")  # no signal
    assert stored() != expected()

    out = StringIO()
    call_command("refresh_catalogue_search", stdout=out)

    assert stored() == expected() == {
        (resource.level_id, resource.subject_id, resource.grade_id, 0, "worksheet", resource.school_id): 1}
    assert "1 facet combinations counted." in out.getvalue()
    assert subject_counts(client_for()) == {}
    assert subject_counts(client_for(demo.user("giaovien.toan"))) == {str(resource.subject_id): 1}
