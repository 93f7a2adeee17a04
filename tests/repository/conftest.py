"""Fixtures of the repository's tests."""

import pytest

from factories import make_resource
from repository.models import Resource


@pytest.fixture
def empty_catalogue(demo):
    """The demo district with no resources, whatever else loads demo content."""
    Resource.objects.all().delete()
    return demo


@pytest.fixture
def mixed(empty_catalogue):
    demo = empty_catalogue
    return {
        "public": make_resource(demo, "Bài giảng công khai"),
        "teachers": make_resource(demo, "Bài giảng nội bộ", visibility="teachers"),
        "draft": make_resource(demo, "Bài giảng bản nháp", state="draft"),
        "in_review": make_resource(demo, "Bài giảng chờ duyệt", state="in_review"),
    }
