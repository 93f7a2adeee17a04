"""lms.core.ranges: one byte range of a stored file (RFC 9110), read through the storage
API and streamed. The repository's views are tested in tests/repository/test_files.py."""

import tracemalloc

import pytest
from django.core.files.base import ContentFile
from django.test import RequestFactory

from lms.core import ranges
from lms.core.ranges import ByteRange, Unsatisfiable

DATA = bytes(range(256)) * 40  # 10,240 bytes, each position recognisable


@pytest.mark.parametrize("header, size, expected", [
    ("bytes=0-0", 100, ByteRange(0, 0)),
    ("bytes=0-99", 100, ByteRange(0, 99)),
    ("bytes=10-", 100, ByteRange(10, 99)),
    ("bytes=90-500", 100, ByteRange(90, 99)),
    ("bytes=-10", 100, ByteRange(90, 99)),
    ("bytes=-500", 100, ByteRange(0, 99)),
    ("BYTES = 1 - 2 ", 100, ByteRange(1, 2)),  # case and spaces are tolerated
    ("bytes=99-99", 100, ByteRange(99, 99)),
    ("bytes=0-" + "9" * 20, 100, ByteRange(0, 99)),
])
def test_a_single_range_is_read(header, size, expected):
    assert ranges.parse(header, size) == expected


@pytest.mark.parametrize("header", [
    None, "", "bytes=", "bytes=-", "bytes=a-b", "bytes=5-2", "bytes=0-1,4-5", "bytes=0-1, 4-5", "items=0-1",
    "bytes 0-1", "bytes=0x10-", "bytes=1.5-2", "bytes=--1", "bytes=٣-٤",  # Arabic-Indic digits are not digits here
    "bytes=0-" + "9" * 5000,  # more digits than int() takes
])
def test_no_range_several_or_a_malformed_one_means_the_whole_file(header):
    assert ranges.parse(header, 100) is None


@pytest.mark.parametrize("header, size", [
    ("bytes=100-", 100), ("bytes=100-200", 100), ("bytes=-0", 100), ("bytes=0-", 0), ("bytes=-5", 0),
])
def test_a_range_outside_the_file_is_unsatisfiable(header, size):
    with pytest.raises(Unsatisfiable):
        ranges.parse(header, size)


def _document(name="tep.bin", data=DATA):
    from repository.models import ResourceDocument

    document = ResourceDocument(title=name)
    document.file.save(name, ContentFile(data), save=False)
    return document


def _get(fieldfile, **headers):
    request = RequestFactory().get("/", **headers)
    response = ranges.file_response(request, fieldfile, content_type="application/octet-stream",
                                    filename="Tệp.bin", as_attachment=True)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return response, content


def test_ranges_are_read_through_the_storage_api(db, settings):
    # Object storage (S3) has no local path: only open, seek and read.
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    fieldfile = _document().file

    response, content = _get(fieldfile, HTTP_RANGE="bytes=1000-1999")
    assert response.status_code == 206 and content == DATA[1000:2000]
    assert response["Content-Range"] == f"bytes 1000-1999/{len(DATA)}"
    assert response["Content-Length"] == "1000"
    assert response["Content-Disposition"].startswith("attachment;")
    assert ranges.sends_first_byte(response) is False

    response, content = _get(fieldfile, HTTP_RANGE="bytes=0-9")
    assert content == DATA[:10] and ranges.sends_first_byte(response)

    response, content = _get(fieldfile)
    assert response.status_code == 200 and content == DATA and response["Accept-Ranges"] == "bytes"
    assert ranges.sends_first_byte(response)

    response, content = _get(fieldfile, HTTP_RANGE=f"bytes={len(DATA)}-")
    assert response.status_code == 416 and response["Content-Range"] == f"bytes */{len(DATA)}"
    assert not ranges.sends_first_byte(response)


def test_a_range_of_a_large_file_is_streamed_from_its_offset(db, settings):
    # 1 GB, sparse (no disk used): the last megabyte is sent without reading the rest.
    from repository.models import ResourceDocument

    size, tail = 1024 * 1024 * 1024, b"the last bytes"
    (settings.MEDIA_ROOT / "repository/ab").mkdir(parents=True)
    with open(settings.MEDIA_ROOT / "repository/ab/large", "wb") as f:
        f.seek(size - len(tail))
        f.write(tail)
    fieldfile = ResourceDocument(title="Video dài", file="repository/ab/large").file

    tracemalloc.start()
    try:
        response = ranges.file_response(RequestFactory().get("/", HTTP_RANGE=f"bytes={size - 1024 * 1024}-"),
                                        fieldfile, content_type="video/mp4")
        received = 0
        for chunk in response.streaming_content:
            received += len(chunk)
            last = chunk
        response.close()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert response.status_code == 206 and received == 1024 * 1024
    assert last.endswith(tail)
    assert response["Content-Range"] == f"bytes {size - 1024 * 1024}-{size - 1}/{size}"
    assert peak < 2 * 1024 * 1024, peak
