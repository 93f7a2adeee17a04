"""The tus 1.0.0 protocol (https://tus.io/protocols/resumable-upload), the subset the
browser's tus-js-client uses: creation, HEAD for the offset, PATCH to append, expiration
and termination. Under /tai-len/ on the platform's origin, with the session and CSRF
token of the page (the client sends X-CSRFToken).

    POST   /tai-len/            Upload-Length, Upload-Metadata (purpose, filename) -> 201 Location
    HEAD   /tai-len/<id>/       -> Upload-Offset, Upload-Length
    PATCH  /tai-len/<id>/       Upload-Offset, application/offset+octet-stream -> 204 Upload-Offset
    DELETE /tai-len/<id>/       -> 204

Only the owner (logged in, active) reaches an upload; for anyone else it does not exist
(404). Refusals carry a plain-text reason in the reader's language.
"""

from __future__ import annotations

import base64
import binascii

from django.http import HttpResponse
from django.urls import reverse
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lms.uploads import purposes, selectors, services

TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,expiration,termination"
OFFSET_TYPE = "application/offset+octet-stream"


def _answer(status: int, message: str = "", **headers) -> HttpResponse:
    response = HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")
    response["Tus-Resumable"] = TUS_VERSION
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = str(value)
    return response


def _options() -> HttpResponse:
    return _answer(204, Tus_Version=TUS_VERSION, Tus_Extension=TUS_EXTENSIONS,
                   Tus_Max_Size=purposes.max_bytes())


def _wrong_version(request) -> HttpResponse | None:
    if request.headers.get("Tus-Resumable") != TUS_VERSION:
        return _answer(412, _("This upload protocol version is not supported."), Tus_Version=TUS_VERSION)
    return None


def _expires(upload) -> str:
    return http_date(upload.expires_at.timestamp())


def _count(value: str | None) -> int | None:
    """A header holding a non-negative integer, or None."""
    if value is None or not value.isascii() or not value.isdigit() or len(value) > 18:
        return None
    return int(value)


def _metadata(value: str) -> dict[str, str] | None:
    """Upload-Metadata: comma-separated "key base64value" pairs (the value may be left
    out); None when it cannot be read."""
    found = {}
    for pair in filter(None, (p.strip() for p in value.split(","))):
        key, _sep, encoded = pair.partition(" ")
        try:
            found[key] = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            return None
    return found


def _refused(error: services.UploadError) -> HttpResponse:
    return _answer(error.status, error.message)


@require_http_methods(["POST", "OPTIONS"])
def create(request):
    if request.method == "OPTIONS":
        return _options()
    if (wrong := _wrong_version(request)) is not None:
        return wrong
    if not request.user.is_authenticated or not request.user.is_active:
        return _answer(403, _("Log in again to upload files."))
    if "Upload-Defer-Length" in request.headers:
        return _answer(400, _("The file's size must be given when the upload starts."))
    size = _count(request.headers.get("Upload-Length"))
    metadata = _metadata(request.headers.get("Upload-Metadata", ""))
    if size is None or metadata is None:
        return _answer(400, _("The upload's size or description is missing or wrong."))
    try:
        upload = services.create(request.user, purpose=metadata.get("purpose", ""), size=size,
                                 filename=metadata.get("filename", ""))
    except services.UploadError as error:
        return _refused(error)
    return _answer(201, Location=reverse("uploads:upload", args=[upload.pk]),
                   Upload_Expires=_expires(upload), Upload_Offset=0)


@require_http_methods(["HEAD", "PATCH", "DELETE", "OPTIONS"])
def upload(request, upload_id):
    if request.method == "OPTIONS":
        return _options()
    if (wrong := _wrong_version(request)) is not None:
        return wrong
    found = selectors.owned_upload(request.user, upload_id)
    if found is None:
        if not request.user.is_authenticated:
            return _answer(404, _("Log in again to upload files."))
        return _answer(404, _("This upload no longer exists. Choose the file again."))
    try:
        if request.method == "HEAD":
            return _answer(200, Upload_Offset=found.offset, Upload_Length=found.size,
                           Upload_Expires=_expires(found))
        if request.method == "DELETE":
            services.terminate(found)
            return _answer(204)
        return _patch(request, found)
    except services.UploadError as error:
        return _refused(error)


def _patch(request, found) -> HttpResponse:
    if request.content_type != OFFSET_TYPE:
        return _answer(415, _("The part was not sent as the upload protocol requires."))
    offset = _count(request.headers.get("Upload-Offset"))
    length = _count(request.META.get("CONTENT_LENGTH") or "0")
    if offset is None or length is None:
        return _answer(400, _("The part's size or position is wrong."))
    found = services.append(found, offset=offset, length=length, read=request.read)
    return _answer(204, Upload_Offset=found.offset, Upload_Expires=_expires(found))
