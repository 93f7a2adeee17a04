"""A package's files, served on the content origin (never on the platform's) to the
bearer of a token that grants the package (tokens.py): the content origin has no session.

    GET/HEAD /content/p/<token>/<path inside the package>

Files are read through the storage API (the local disk or S3), one byte range at a time
when asked (video seeking: lms.core.ranges). Only the platform's pages and the content
origin itself (the launcher frames the SCO) may frame them. The token in the URL must not
outlive the page: private caching only, and no Referer to the sites a package links to.
"""

from __future__ import annotations

import io
import posixpath
import unicodedata
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import default_storage
from django.http import HttpResponse, HttpResponseForbidden
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_safe

from lms.core import ranges
from lms.core.origins import content_origin_for, platform_origin_for
from lms.core.views import content_not_found
from lms.player.models import Package
from lms.player.tokens import read_token

# What authoring tools ship (iSpring, Storyline, Rise, Captivate, …), by extension.
# `mimetypes` answers from the machine's own tables, which differ between systems.
CONTENT_TYPES = {
    "html": "text/html", "htm": "text/html", "xhtml": "application/xhtml+xml",
    "js": "text/javascript", "mjs": "text/javascript", "css": "text/css",
    "json": "application/json", "map": "application/json",
    "xml": "application/xml", "xsd": "application/xml", "dtd": "application/xml-dtd",
    "txt": "text/plain", "csv": "text/csv", "vtt": "text/vtt", "srt": "text/plain",
    "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg",
    "gif": "image/gif", "webp": "image/webp", "avif": "image/avif", "bmp": "image/bmp",
    "ico": "image/vnd.microsoft.icon", "cur": "image/vnd.microsoft.icon",
    "mp4": "video/mp4", "m4v": "video/mp4", "webm": "video/webm", "ogv": "video/ogg",
    "ogg": "audio/ogg", "oga": "audio/ogg", "opus": "audio/ogg", "mp3": "audio/mpeg",
    "m4a": "audio/mp4", "aac": "audio/aac", "wav": "audio/wav", "flv": "video/x-flv",
    "woff": "font/woff", "woff2": "font/woff2", "ttf": "font/ttf", "otf": "font/otf",
    "eot": "application/vnd.ms-fontobject", "swf": "application/x-shockwave-flash",
    "pdf": "application/pdf", "wasm": "application/wasm", "zip": "application/zip",
}
UNKNOWN_TYPE = "application/octet-stream"
# Text the browser reads as UTF-8 when the header says so. Not HTML, scripts, styles
# and XML: they declare their own encoding (a meta tag, @charset, the XML declaration)
# or take the page's, and a charset in the header would override what an older
# package's files declare.
_TEXT_TYPES = {"text/plain", "text/csv", "text/vtt", "application/json"}


def content_type_for(path: str) -> str:
    """The Content-Type a package's file is served with, from its extension."""
    _stem, dot, extension = path.rpartition("/")[2].rpartition(".")
    content_type = CONTENT_TYPES.get(extension.lower(), UNKNOWN_TYPE) if dot else UNKNOWN_TYPE
    if content_type in _TEXT_TYPES:
        return f"{content_type}; charset=utf-8"
    return content_type


def package_path(path: str) -> str | None:
    """`path` (percent-decoded once, by Django, as every URL path) as a file name inside
    a package, or None when it could name anything outside it or is no plain relative
    path: an empty, "." or ".." part (so no absolute path either), a backslash (a
    separator on Windows), NUL or another control character."""
    if not path or "\\" in path or any(ord(char) < 0x20 or char == "\x7f" for char in path):
        return None
    path = unicodedata.normalize("NFC", path)  # as ingest stores names (a Mac's zip writes NFD)
    parts = path.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return None
    return "/".join(parts)


def file_url(request, token: str, path: str) -> str:
    """The absolute URL of a package's file on the content origin, as a browser that
    made `request` (to either origin) reaches it."""
    url = reverse("package_file", urlconf=settings.CONTENT_URLCONF, kwargs={"token": token, "path": "x"})
    return content_origin_for(request) + url[:-1] + quote(path, safe="/")


class _ObjectReader(io.RawIOBase):
    """An object in S3 read from where it is sought to, streamed: django-storages' own
    file downloads the whole object before the first byte (a 500 MB video for a range
    of 1 MB). A GET only when read, from the position on."""

    def __init__(self, s3file):
        super().__init__()
        self._s3file = s3file  # opened: the object's size is known (HEAD)
        self._position = 0
        self._body = None

    @property
    def size(self) -> int:
        return self._s3file.obj.content_length

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self.size}[whence]
        position = max(base + offset, 0)
        if position != self._position:
            self._drop_body()
            self._position = position
        return position

    def tell(self) -> int:
        return self._position

    def read(self, size: int = -1) -> bytes:
        if self._position >= self.size:
            return b""
        if self._body is None:
            self._body = self._s3file.obj.get(Range=f"bytes={self._position}-")["Body"]
        data = self._body.read(None if size is None or size < 0 else size)
        self._position += len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def _drop_body(self) -> None:
        if self._body is not None:
            self._body.close()
            self._body = None

    def close(self) -> None:
        self._drop_body()
        self._s3file.close()
        super().close()


class _Opened:
    """An opened stored file as lms.core.ranges.file_response takes it (size, open)."""

    def __init__(self, file, size: int):
        self._file = file
        self.size = size

    def open(self, mode: str = "rb"):
        return self._file

    def close(self) -> None:
        self._file.close()


def _open(name: str) -> _Opened | None:
    """The stored file `name` of the default storage, opened, or None when there is none."""
    try:
        file = default_storage.open(name, "rb")
    except (OSError, SuspiciousOperation):  # FileNotFoundError, IsADirectoryError, …
        return None
    if hasattr(file, "obj") and hasattr(file.obj, "get"):  # S3 (django-storages' S3File)
        reader = _ObjectReader(file)
        return _Opened(reader, reader.size)
    try:
        return _Opened(file, file.size)
    except OSError:
        file.close()
        return None


def refused() -> HttpResponse:
    response = HttpResponseForbidden(_("This link has expired or is not valid."),
                                     content_type="text/plain; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@xframe_options_exempt  # framed by the platform's player page: CSP frame-ancestors instead
def package_file(request, token: str, path: str):
    """A file of a ready package that the token grants, or 403 (bad token) or the
    content origin's own 404 (no such package, not ready, no such file)."""
    grant = read_token(token)
    if grant is None:
        return refused()
    name = package_path(path)
    if name is None:
        return content_not_found(request)
    package = Package.objects.filter(uuid=grant.package_uuid, status=Package.Status.READY).first()
    if package is None:
        return content_not_found(request)
    opened = _open(posixpath.join(package.files_prefix, name))
    if opened is None:
        return content_not_found(request)
    response = ranges.file_response(request, opened, content_type=content_type_for(name))
    if not response.streaming:  # 416: nothing of the file is sent
        opened.close()
        return response
    if request.method == "HEAD":
        response.streaming_content = []  # the headers only; the file is closed with the response
    # The token is in the URL: no shared cache may keep the file.
    return framed_by_platform(request, response, cache="private, max-age=3600")


def framed_by_platform(request, response, *, cache: str):
    """The headers of a page or file of a package on the content origin: framed by the
    platform's player page and the content origin (the launcher frames the SCO) only,
    typed as said, cached as `cache` says, and no Referer, which would take the token in
    the URL to the sites a package links to. Relative loads inside the package do not
    need a Referer (the browser resolves them against the document's URL), so
    no-referrer rather than same-origin."""
    response["Content-Security-Policy"] = (
        f"frame-ancestors {platform_origin_for(request)} {content_origin_for(request)}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = cache
    response["Referrer-Policy"] = "no-referrer"
    return response
