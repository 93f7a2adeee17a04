"""The SCORM run-time's commit endpoint, on the content origin (the launcher's own
origin: no CORS, and no cookies — the token in the path is the authority):

    POST /content/api/<token>/<launch id>/commit[?final=true]

scorm-again posts the whole data model as JSON (`dataCommitFormat: 'json'`), by
synchronous XHR (application/json) and, for the terminate commit, by sendBeacon
(text/plain): the body is read as JSON whatever its Content-Type. What is stored and why
is lms.player.runtime.apply_commit's business; this view maps it to answers the run-time
understands: 200 {"result": true, "errorCode": 0} for a commit applied, a duplicate, a
stale one and one naming another learner (so that the client neither retries nor shows
the SCO an error), 400 {"result": false, "errorCode": 101} for a body that is no JSON
object with "cmi" and a commitSequence, 413 past runtime.MAX_BODY_BYTES, 403 for a token
that is not an attempt's (or expired), 405 for anything but POST.

Previews: a package token (scope "preview" — reviewers, contest judges — or "public",
visitors of a public package) gets 200 {"result": true, "errorCode": 0} and nothing is
read or stored, so that previewing creates no learner records.
"""

from __future__ import annotations

import json

from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from lms.player import runtime
from lms.player.models import Attempt
from lms.player.tokens import ATTEMPT, PACKAGE_SCOPES, read_token


def _answer(status: int, result: bool) -> JsonResponse:
    response = JsonResponse({"result": result, "errorCode": 0 if result else 101}, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _granted_attempt(grant, attempts) -> Attempt | None:
    """The attempt an attempt token grants (of `attempts`, a queryset), or None for any
    other token or an attempt that is gone."""
    if grant is None or grant.scope != ATTEMPT:
        return None
    return attempts.filter(pk=grant.attempt_id, package__uuid=grant.package_uuid).first()


def _read_body(request) -> bytes | None:
    """The request's body, or None when it is larger than MAX_BODY_BYTES (read no
    further than that)."""
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > runtime.MAX_BODY_BYTES:
        return None
    data = request.read(runtime.MAX_BODY_BYTES + 1)
    return None if len(data) > runtime.MAX_BODY_BYTES else data


@csrf_exempt  # the content origin has no cookies, hence no CSRF token: the token is the authority
@require_POST
def commit(request, token: str, launch: str):
    """Store a commit of the attempt the token grants (see the module's docstring)."""
    grant = read_token(token)
    if grant is None:
        return _answer(403, False)
    if grant.scope in PACKAGE_SCOPES:  # a preview: acknowledged, nothing stored
        return _answer(200, True)
    if grant.scope != ATTEMPT or grant.attempt_id is None:
        return _answer(403, False)
    data = _read_body(request)
    if data is None:
        return _answer(413, False)
    try:
        body = json.loads(data)
    except (ValueError, RecursionError):  # not JSON, not UTF-8, nested beyond reason
        return _answer(400, False)
    # The attempt is read (and locked) once, by the commit itself.
    outcome = runtime.apply_granted_commit(grant.attempt_id, grant.package_uuid, body, launch=launch,
                                           final=request.GET.get("final") == "true")
    if outcome.status == runtime.REFUSED and outcome.reason == runtime.NOT_GRANTED:
        return _answer(403, False)
    if outcome.status == runtime.REFUSED and outcome.reason in runtime.BAD_BODY:
        return _answer(400, False)
    return _answer(200, True)


@require_safe
def state(request, token: str):
    """What the launcher loads before it starts the attempt's SCO again in the same page
    (the learner went back to it): runtime.launch_state, as the page got it at first,
    but from what the SCO has committed since. 403 for any token but this attempt's."""
    attempt = _granted_attempt(read_token(token), Attempt.objects.select_related("item", "learner", "package"))
    if attempt is None:
        response = JsonResponse({"error": "forbidden"}, status=403)
    else:
        response = JsonResponse(runtime.launch_state(attempt))
    response["Cache-Control"] = "no-store"
    return response
