"""Byte ranges (RFC 9110, section 14) for files that views hand out: a video player
seeks, a PDF viewer fetches the pages it shows, a download resumes.

One range per request. Several ranges (a multipart answer), a malformed header, a unit
other than bytes or an If-Range (these answers carry no validator to compare it with)
get the whole file: the RFC lets a server ignore Range, and every client copes.

Files are read through the storage API (open, seek, read), so that object storage works
as the disk does, and streamed in blocks: a range of a 1 GB video is never read whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase

# At most 20 digits (past any file's size): int() refuses thousands of them.
_SINGLE = re.compile(r"\s*bytes\s*=\s*(\d{0,20})\s*-\s*(\d{0,20})\s*", re.ASCII | re.IGNORECASE)


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as in Content-Range

    @property
    def length(self) -> int:
        return self.end - self.start + 1


class Unsatisfiable(Exception):
    """A well-formed range that lies outside the file: 416."""


def parse(header: str | None, size: int) -> ByteRange | None:
    """The range a Range header asks of a file of `size` bytes, or None for the whole
    file; raises Unsatisfiable when no byte of the file is in it."""
    match = _SINGLE.fullmatch(header or "")
    if match is None:
        return None
    first, last = match.groups()
    if first:
        start = int(first)
        if last and int(last) < start:
            return None  # "bytes=5-2" is invalid, not unsatisfiable
        if start >= size:
            raise Unsatisfiable
        return ByteRange(start, min(int(last), size - 1) if last else size - 1)
    if not last:
        return None  # "bytes=-"
    suffix = int(last)  # the last `suffix` bytes
    if suffix == 0 or size == 0:
        raise Unsatisfiable
    return ByteRange(max(size - suffix, 0), size - 1)


class _Slice:
    """Reads at most `length` bytes from where `file` stands, then closes it. Neither
    seek nor tell nor fileno: FileResponse must not measure the whole file, and a WSGI
    server must not sendfile() past the range."""

    def __init__(self, file, length: int):
        self._file = file
        self._left = length

    def read(self, size: int = -1) -> bytes:
        if self._left <= 0:
            return b""
        size = self._left if size is None or size < 0 else min(size, self._left)
        data = self._file.read(size)
        self._left -= len(data)
        return data

    def close(self) -> None:
        self._file.close()


def file_response(request, fieldfile, *, content_type: str, filename: str = "",
                  as_attachment: bool = False) -> HttpResponseBase:
    """The stored file, or the one range of it the request asks for (206), or 416."""
    size = fieldfile.size
    try:
        wanted = None if "HTTP_IF_RANGE" in request.META else parse(request.META.get("HTTP_RANGE"), size)
    except Unsatisfiable:
        response = HttpResponse(status=416, content_type="text/plain; charset=utf-8")
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    file = fieldfile.open("rb")
    if wanted is None:
        response = FileResponse(file, as_attachment=as_attachment, filename=filename, content_type=content_type)
    else:
        file.seek(wanted.start)
        response = FileResponse(_Slice(file, wanted.length), status=206, as_attachment=as_attachment,
                                filename=filename, content_type=content_type)
        response["Content-Length"] = str(wanted.length)
        response["Content-Range"] = f"bytes {wanted.start}-{wanted.end}/{size}"
    response["Accept-Ranges"] = "bytes"
    return response


def sends_first_byte(response) -> bool:
    """Whether the answer holds the start of the file: a whole file, or a range from 0
    (a download counted once, not once per resumed or parallel piece)."""
    if response.status_code == 200:
        return True
    return response.status_code == 206 and response.get("Content-Range", "").startswith("bytes 0-")
