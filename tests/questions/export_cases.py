"""What the tests of the question writers share (test_moodlexml_export, test_qti_export,
test_xlsx_export): questions built in a line, a 1×1 PNG, the Vietnamese their messages
are asserted in, and questions written to a file and read back the same."""

import base64
import dataclasses

import pytest
from django.utils import translation

from repository.questions import interchange as qi

O = qi.Option
# A 1×1 PNG.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJ"
                       "RU5ErkJggg==")


@pytest.fixture(autouse=True)
def vietnamese():
    """Autouse in each test module importing it."""
    with translation.override("vi"):
        yield


def q(number, kind, stem, **fields):
    return qi.Question(kind=kind, stem=stem, number=number, line=0, **fields)


def round_trip_through(write, read):
    """`round_trip(questions, passages=None) -> (data, result)`: every question written by
    `write`, and the file read back by `read` without a problem or a question skipped."""
    def round_trip(questions, passages=None):
        data, problems = write(questions, passages)
        assert problems == []
        result = read(data)
        assert result.problems == [] and result.skipped == []
        return data, result
    return round_trip


def as_written(written, back):
    """The question read back, but for the reader's own number and line."""
    return dataclasses.replace(back, number=written.number, line=written.line)


def reads_back_the_same(round_trip, written):
    """`round_trip(written)`, asserting each question read back, in order, is the one written."""
    data, result = round_trip(written)
    assert [as_written(w, b) for w, b in zip(written, result.questions)] == written
    assert len(result.questions) == len(written)
    return data, result
