"""Fixtures shared by the question bank's tests (a test file may define its own `bank`)."""

import pytest

from factories import make_bank


@pytest.fixture
def bank(demo):
    """An empty bank of the demo's maths group (THCS Nguyễn Trãi), grade 6."""
    return make_bank(demo)
