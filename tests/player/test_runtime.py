"""The SCORM run-time on the server (lms/player/runtime.py, runtime_views.py): commits as
scorm-again 3.4.3 sends them to POST /content/api/<token>/<launch>/commit on the content
origin, stored, validated, idempotent and ordered; the server's own statuses and time;
what the launcher loads before a SCO starts (launch_state)."""

import copy
import json
import logging

import pytest
from django.test import Client

from lms.player import runtime
from lms.player.models import Attempt, AttemptSession, Interaction, Package, PackageItem
from lms.player.runtime import apply_commit, launch_state, start_attempt
from lms.player.tokens import attempt_token, package_token

CONTENT_HOST = "localhost:8000"  # CONTENT_ORIGIN http://localhost follows the request's port
OK = {"result": True, "errorCode": 0}
FAILED = {"result": False, "errorCode": 101}
LAUNCH = "5f0c2a9e41b84d7c9a3e6b2d1c0f8e7a"
LAUNCH_2 = "b3d1e0f2a4c64b6e8d0a2c4e6f8a0b1c"


@pytest.fixture(autouse=True)
def _origins(settings):
    settings.CONTENT_ORIGIN = "http://localhost"
    settings.PLATFORM_ORIGIN = ""
    settings.WAGTAILADMIN_BASE_URL = "http://127.0.0.1:8000"


@pytest.fixture
def learner(django_user_model):
    return django_user_model.objects.create_user("hs001", password="x", full_name="Nguyễn Văn An")


def make_item(standard=Package.Standard.SCORM12, **settings):
    package = Package.objects.create(status=Package.Status.READY, standard=standard,
                                     original="player/originals/test.zip", title="Phân số")
    return PackageItem.objects.create(package=package, identifier="SCO-1", title="Bài 1: Phân số",
                                      href="index.html", is_sco=True, **settings)


@pytest.fixture
def attempt12(db, learner):
    return start_attempt(learner, make_item(mastery_score=80))


@pytest.fixture
def attempt2004(db, learner):
    return start_attempt(learner, make_item(Package.Standard.SCORM2004, completion_threshold=0.8,
                                            scaled_passing_score=0.7))


def merged(base: dict, changes: dict) -> dict:
    out = copy.deepcopy(base)
    for key, value in changes.items():
        out[key] = merged(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def body12(attempt, sequence, **cmi):
    """A SCORM 1.2 commit as scorm-again sends it (dataCommitFormat 'json')."""
    base = {
        "suspend_data": "", "launch_data": "", "comments": "", "comments_from_lms": "",
        "core": {"student_id": str(attempt.learner_id), "student_name": "Nguyễn Văn An", "lesson_location": "",
                 "credit": "credit", "lesson_status": "incomplete", "entry": "ab-initio", "lesson_mode": "normal",
                 "exit": "", "session_time": "00:00:00", "score": {"raw": "", "min": "", "max": ""}},
        "objectives": {},
        "student_data": {"mastery_score": "80", "max_time_allowed": "", "time_limit_action": ""},
        "student_preference": {"audio": "", "language": "", "speed": "", "text": ""},
        "interactions": {},
    }
    return {"cmi": merged(base, cmi), "commitSequence": sequence}


def body2004(attempt, sequence, **cmi):
    """A SCORM 2004 commit as scorm-again sends it."""
    base = {
        "comments_from_learner": {}, "comments_from_lms": {}, "completion_status": "unknown",
        "completion_threshold": "0.8", "credit": "credit", "entry": "ab-initio", "exit": "", "interactions": {},
        "launch_data": "", "learner_id": str(attempt.learner_id), "learner_name": "Nguyễn Văn An",
        "learner_preference": {"audio_level": "1", "language": "", "delivery_speed": "1", "audio_captioning": "0"},
        "location": "", "max_time_allowed": "", "mode": "normal", "objectives": {}, "progress_measure": "",
        "scaled_passing_score": "0.7", "score": {"scaled": "", "raw": "", "min": "", "max": ""},
        "session_time": "PT0S", "success_status": "unknown", "suspend_data": "", "time_limit_action": "",
    }
    return {"cmi": merged(base, cmi), "commitSequence": sequence}


def commit_url(attempt, launch=LAUNCH, token=None, final=False):
    token = token or attempt_token(attempt.pk, attempt.package)
    return f"/content/api/{token}/{launch}/commit" + ("?final=true" if final else "")


def post(client, url, body, content_type="application/json;charset=UTF-8"):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    response = client.post(url, data=data, content_type=content_type, HTTP_HOST=CONTENT_HOST)
    assert not response.cookies and not response.has_header("Set-Cookie")
    return response


def send(client, attempt, body, launch=LAUNCH, final=False):
    response = post(client, commit_url(attempt, launch, final=final), body)
    assert (response.status_code, response.json()) == (200, OK)
    attempt.refresh_from_db()
    return response


INTERACTION_12 = {"id": "Cau 1", "time": "10:15:00", "type": "choice", "weighting": "1", "student_response": "b",
                  "result": "wrong", "latency": "00:00:12.5", "objectives": {"0": {"id": "obj-1"}},
                  "correct_responses": {"0": {"pattern": "a"}}}


def test_a_scorm12_commit_is_stored_trimmed_to_the_data_model(client, attempt12, settings):
    body = body12(attempt12, 1, suspend_data="slide=7;answers=ab", comments="Bài hay",
                  core={"lesson_location": "slide-7", "lesson_status": "incomplete", "exit": "suspend",
                        "session_time": "00:05:00", "score": {"raw": "40", "max": "100"}},
                  student_preference={"language": "vi"},
                  interactions={"0": INTERACTION_12, "1": {**INTERACTION_12, "id": "Cau 2",
                                                           "student_response": "a", "result": "correct"}},
                  unknown_key="x")

    response = post(Client(enforce_csrf_checks=True), commit_url(attempt12), body)

    assert response.status_code == 200
    assert response.json() == OK
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    attempt12.refresh_from_db()
    interaction_0 = {key: INTERACTION_12[key] for key in runtime.SCHEMA_12["interactions"].item}
    assert attempt12.cmi == {
        "core": {"lesson_status": "incomplete", "lesson_location": "slide-7",
                 "score": {"raw": "40", "min": "", "max": "100"}, "exit": "suspend", "session_time": "00:05:00"},
        "suspend_data": "slide=7;answers=ab", "comments": "Bài hay",
        "student_preference": {"audio": "", "language": "vi", "speed": "", "text": ""},
        "objectives": {},
        "interactions": {"0": interaction_0,
                         "1": {**interaction_0, "id": "Cau 2", "student_response": "a", "result": "correct"}},
    }
    assert (attempt12.completion_status, attempt12.success_status) == ("incomplete", "unknown")
    assert (attempt12.score_raw, attempt12.score_min, attempt12.score_max, attempt12.score_scaled) == (
        40, None, 100, None)
    assert (attempt12.location, attempt12.suspend_data, attempt12.exit) == (
        "slide-7", "slide=7;answers=ab", "suspend")
    assert attempt12.total_seconds == 300
    assert attempt12.last_commit_at is not None
    rows = list(Interaction.objects.filter(attempt=attempt12).values(
        "index", "identifier", "type", "learner_response", "result", "correct_responses", "weighting",
        "latency_seconds", "timestamp", "description"))
    assert rows == [
        {"index": 0, "identifier": "Cau 1", "type": "choice", "learner_response": "b", "result": "incorrect",
         "correct_responses": ["a"], "weighting": 1.0, "latency_seconds": 12.5, "timestamp": "10:15:00",
         "description": ""},
        {"index": 1, "identifier": "Cau 2", "type": "choice", "learner_response": "a", "result": "correct",
         "correct_responses": ["a"], "weighting": 1.0, "latency_seconds": 12.5, "timestamp": "10:15:00",
         "description": ""},
    ]
    session = AttemptSession.objects.get(attempt=attempt12)
    assert (session.launch, session.last_sequence, session.session_seconds, session.ended) == (
        LAUNCH, 1, 300, False)


def test_a_scorm2004_commit_is_stored(client, attempt2004):
    interaction = {"id": "urn:truong:cau-1", "type": "fill-in", "objectives": {},
                   "timestamp": "2026-12-06T10:15:00", "weighting": "2", "learner_response": "Hà Nội",
                   "result": "correct", "latency": "PT12S", "description": "Thủ đô của Việt Nam?",
                   "correct_responses": {"0": {"pattern": "Hà Nội"}}}
    body = body2004(attempt2004, 1, location="trang-3", suspend_data="{\"page\":3}", exit="suspend",
                    completion_status="incomplete", progress_measure="0.5", session_time="PT10M30S",
                    score={"scaled": "0.9", "raw": "9", "min": "0", "max": "10"},
                    interactions={"0": interaction},
                    objectives={"0": {"id": "muc-tieu-1", "success_status": "passed",
                                      "completion_status": "completed", "progress_measure": "1", "description": "",
                                      "score": {"scaled": "1", "raw": "", "min": "", "max": ""}}})

    send(client, attempt2004, body)

    assert attempt2004.cmi["location"] == "trang-3"
    assert attempt2004.cmi["completion_status"] == "incomplete"  # 0.5 < threshold 0.8
    assert attempt2004.cmi["success_status"] == "passed"  # 0.9 >= 0.7
    assert attempt2004.cmi["interactions"] == {"0": interaction}
    assert attempt2004.cmi["objectives"]["0"]["id"] == "muc-tieu-1"
    assert "learner_id" not in attempt2004.cmi and "scaled_passing_score" not in attempt2004.cmi
    assert (attempt2004.completion_status, attempt2004.success_status) == ("incomplete", "passed")
    assert (attempt2004.score_scaled, attempt2004.score_raw, attempt2004.score_min, attempt2004.score_max) == (
        0.9, 9, 0, 10)
    assert (attempt2004.progress_measure, attempt2004.location, attempt2004.exit) == (0.5, "trang-3", "suspend")
    assert attempt2004.suspend_data == "{\"page\":3}"
    assert attempt2004.total_seconds == 630
    row = Interaction.objects.get(attempt=attempt2004)
    assert (row.identifier, row.type, row.learner_response, row.result, row.correct_responses, row.weighting,
            row.latency_seconds, row.timestamp, row.description) == (
        "urn:truong:cau-1", "fill-in", "Hà Nội", "correct", ["Hà Nội"], 2.0, 12.0, "2026-12-06T10:15:00",
        "Thủ đô của Việt Nam?")


def test_a_duplicate_or_older_commit_is_acknowledged_and_the_newest_kept(client, attempt12):
    send(client, attempt12, body12(attempt12, 1, core={"lesson_location": "p1"}))
    send(client, attempt12, body12(attempt12, 3, core={"lesson_location": "p3"}))
    send(client, attempt12, body12(attempt12, 2, core={"lesson_location": "p2"}))  # late: acknowledged
    send(client, attempt12, body12(attempt12, 3, core={"lesson_location": "p3 again"}))  # a retry

    assert attempt12.location == "p3"
    assert attempt12.cmi["core"]["lesson_location"] == "p3"
    assert AttemptSession.objects.get(attempt=attempt12).last_sequence == 3
    assert apply_commit(attempt12, body12(attempt12, 3), launch=LAUNCH).status == runtime.DUPLICATE
    assert apply_commit(attempt12, body12(attempt12, 2), launch=LAUNCH).status == runtime.STALE
    # Another launch (a new page load) numbers from 1 again.
    assert apply_commit(attempt12, body12(attempt12, 1, core={"lesson_location": "p9"}),
                        launch=LAUNCH_2).status == runtime.APPLIED
    attempt12.refresh_from_db()
    assert attempt12.location == "p9"


def test_each_session_is_counted_once_at_its_longest_and_total_time_is_ignored(client, attempt12):
    send(client, attempt12, body12(attempt12, 1, core={"session_time": "00:04:00"}))
    # The terminate commit comes by sendBeacon: text/plain, ?final=true and "final": true.
    final = {**body12(attempt12, 2, core={"session_time": "00:10:00", "total_time": "9999:00:00"}), "final": True}
    response = post(client, commit_url(attempt12, final=True), json.dumps(final),
                    content_type="text/plain;charset=UTF-8")
    assert (response.status_code, response.json()) == (200, OK)
    send(client, attempt12, body12(attempt12, 2, core={"session_time": "00:10:00"}))  # the same again
    send(client, attempt12, body12(attempt12, 1, core={"session_time": "00:03:00.5"}), launch=LAUNCH_2)
    send(client, attempt12, body12(attempt12, 2, core={"session_time": "00:02:00"}), launch=LAUNCH_2)  # smaller

    assert attempt12.total_seconds == 780.5
    sessions = list(AttemptSession.objects.filter(attempt=attempt12).order_by("pk")
                    .values_list("launch", "last_sequence", "session_seconds", "ended"))
    assert sessions == [(LAUNCH, 2, 600, True), (LAUNCH_2, 2, 180.5, False)]
    assert "total_time" not in attempt12.cmi["core"]


def test_a_2004_session_time_in_iso_8601_and_a_session_longer_than_a_token_lasts(client, attempt2004, settings):
    settings.PLAYER_TOKEN_SECONDS = 3600
    send(client, attempt2004, body2004(attempt2004, 1, session_time="PT1H30M", total_time="P1Y"))
    send(client, attempt2004, body2004(attempt2004, 1, session_time="PT2M3.25S"), launch=LAUNCH_2)

    assert attempt2004.total_seconds == 3600 + 123.25


@pytest.mark.parametrize("status, raw, expected", [
    ("completed", "90", ("passed", "completed", "passed")),
    ("passed", "50", ("failed", "completed", "failed")),  # the client's "passed" is not taken
    ("failed", "80", ("passed", "completed", "passed")),
    ("incomplete", "50", ("incomplete", "incomplete", "unknown")),  # still working on it
    ("completed", "", ("completed", "completed", "unknown")),  # no score to judge
])
def test_scorm12_mastery_score_decides_passed_or_failed_on_the_server(client, attempt12, status, raw, expected):
    send(client, attempt12, body12(attempt12, 1, core={"lesson_status": status, "score": {"raw": raw}}))

    core = attempt12.cmi["core"]
    assert (core["lesson_status"], attempt12.completion_status, attempt12.success_status) == expected


def test_scorm12_without_mastery_score_keeps_the_scos_status(client, learner):
    attempt = start_attempt(learner, make_item())
    send(client, attempt, body12(attempt, 1, core={"lesson_status": "passed", "score": {"raw": "10"}}))

    assert (attempt.completion_status, attempt.success_status) == ("completed", "passed")


def test_scorm12_not_attempted_after_a_session_is_incomplete(client, attempt12):
    send(client, attempt12, body12(attempt12, 1, core={"lesson_status": "not attempted"}))

    assert attempt12.cmi["core"]["lesson_status"] == "incomplete"
    assert attempt12.completion_status == "incomplete"


@pytest.mark.parametrize("cmi, expected", [
    # progress 0.9 >= threshold 0.8 and scaled 0.65 < passing 0.7, whatever the SCO says
    ({"completion_status": "incomplete", "progress_measure": "0.9", "success_status": "passed",
      "score": {"scaled": "0.65"}}, ("completed", "failed")),
    ({"completion_status": "completed", "progress_measure": "0.5", "success_status": "failed",
      "score": {"scaled": "0.7"}}, ("incomplete", "passed")),
    # No measure reported: the SCO's statuses stand.
    ({"completion_status": "completed", "success_status": "failed"}, ("completed", "failed")),
])
def test_scorm2004_threshold_and_passing_score_decide_on_the_server(client, attempt2004, cmi, expected):
    send(client, attempt2004, body2004(attempt2004, 1, **cmi))

    assert (attempt2004.completion_status, attempt2004.success_status) == expected
    assert (attempt2004.cmi["completion_status"], attempt2004.cmi["success_status"]) == expected


def test_long_scorm12_suspend_data_is_stored_whole_with_a_warning(client, attempt12, caplog):
    suspend_data = "Tiến độ;" * 1250  # 10,000 characters, as Storyline writes past 4,096

    with caplog.at_level(logging.WARNING, logger="lms.player.runtime"):
        send(client, attempt12, body12(attempt12, 1, suspend_data=suspend_data))

    assert len(suspend_data) == 10000
    assert attempt12.suspend_data == suspend_data
    assert attempt12.cmi["suspend_data"] == suspend_data
    assert [record.getMessage() for record in caplog.records] == [
        f"SCORM 1.2 suspend_data of 10000 characters (the specification allows 4,096) stored whole for "
        f"attempt {attempt12.pk} (package {attempt12.package.uuid})"]


def test_suspend_data_beyond_64000_characters_is_ignored_and_the_rest_kept(client, attempt2004):
    send(client, attempt2004, body2004(attempt2004, 1, suspend_data="a" * 64000))
    send(client, attempt2004, body2004(attempt2004, 2, suspend_data="b" * 64001, location="p2"))

    assert attempt2004.suspend_data == "a" * 64000
    assert attempt2004.location == "p2"


def test_bad_values_are_ignored_one_by_one_and_the_rest_kept(client, attempt12, caplog):
    send(client, attempt12, body12(attempt12, 1, core={"lesson_status": "incomplete", "lesson_location": "p1",
                                                      "exit": "suspend", "score": {"raw": "40", "max": "100"}},
                                   interactions={"0": INTERACTION_12}))
    bad = body12(attempt12, 2, suspend_data="moi", core={
        "lesson_status": "done", "lesson_location": "x" * 256, "exit": "bye", "session_time": "5 phút",
        "score": {"raw": "150", "min": "abc", "max": 100}}, comments=["not", "text"],
        interactions={"0": {**INTERACTION_12, "type": "essay", "result": "maybe", "student_response": "c"},
                      "1": "not an interaction"})

    with caplog.at_level(logging.WARNING, logger="lms.player.runtime"):
        send(client, attempt12, bad)

    core = attempt12.cmi["core"]
    assert (core["lesson_status"], core["lesson_location"], core["exit"], core["session_time"]) == (
        "incomplete", "p1", "suspend", "00:00:00")
    assert core["score"] == {"raw": "40", "min": "", "max": "100"}  # the JSON number 100 taken as "100"
    assert attempt12.cmi["suspend_data"] == "moi"
    assert attempt12.cmi["comments"] == ""
    assert attempt12.cmi["interactions"] == {"0": {**attempt12.cmi["interactions"]["0"], "student_response": "c"}}
    assert attempt12.cmi["interactions"]["0"]["type"] == "choice"
    assert attempt12.cmi["interactions"]["0"]["result"] == "wrong"
    assert (attempt12.score_raw, attempt12.location, attempt12.exit, attempt12.total_seconds) == (
        40, "p1", "suspend", 0)
    assert [record.getMessage() for record in caplog.records] == [
        f"Commit 2 of launch {LAUNCH} for attempt {attempt12.pk}: values ignored for cmi.core.lesson_status, "
        "cmi.core.lesson_location, cmi.core.score.raw, cmi.core.score.min, cmi.core.exit, cmi.core.session_time, "
        "cmi.comments, cmi.interactions.0.type, cmi.interactions.0.result, cmi.interactions.1"]


def test_text_that_cannot_be_stored_is_ignored(client, attempt2004):
    send(client, attempt2004, body2004(attempt2004, 1, location="p1", suspend_data="ok"))
    # NUL and a lone surrogate: PostgreSQL stores neither in text nor in jsonb.
    data = json.dumps(body2004(attempt2004, 2, location="p2\ud800", suspend_data="a\u0000b",
                               progress_measure="0.5"))
    assert "\\ud800" in data and "\\u0000" in data

    send(client, attempt2004, data)

    assert (attempt2004.location, attempt2004.suspend_data, attempt2004.progress_measure) == ("p1", "ok", 0.5)


def test_a_commit_naming_another_learner_is_acknowledged_and_not_applied(client, attempt12, caplog):
    body = body12(attempt12, 1, core={"student_id": "999999", "lesson_location": "someone else's"})

    with caplog.at_level(logging.WARNING, logger="lms.player.runtime"):
        send(client, attempt12, body)

    assert (attempt12.location, attempt12.cmi, attempt12.last_commit_at) == ("", {}, None)
    assert not AttemptSession.objects.exists()
    outcome = apply_commit(attempt12, body, launch=LAUNCH)
    assert outcome == runtime.Outcome(runtime.REFUSED, runtime.LEARNER_MISMATCH)
    assert caplog.records[0].getMessage() == (
        f"Commit 1 of launch {LAUNCH} for attempt {attempt12.pk} names another learner ('999999'): not applied")


def test_a_token_for_another_package_or_attempt_is_refused(client, attempt12, learner):
    other_item = make_item()
    other = start_attempt(learner, other_item)
    body = body12(attempt12, 1, core={"lesson_location": "p1"})

    for token in (attempt_token(attempt12.pk, other_item.package),  # right attempt, wrong package
                  attempt_token(other.pk + 1000, attempt12.package),  # no such attempt
                  "not-a-token"):
        response = post(client, commit_url(attempt12, token=token), body)
        assert (response.status_code, response.json()) == (403, FAILED)
    attempt12.refresh_from_db()
    assert attempt12.cmi == {}
    assert not AttemptSession.objects.exists()


def test_a_preview_stores_nothing(client, db):
    item = make_item()

    for scope in ("preview", "public"):
        response = post(client, f"/content/api/{package_token(item.package, scope=scope)}/{LAUNCH}/commit",
                        {"cmi": {"core": {"lesson_status": "passed"}}, "commitSequence": 1})
        assert (response.status_code, response.json()) == (200, OK)
    assert not Attempt.objects.exists() and not AttemptSession.objects.exists()


@pytest.mark.parametrize("data", [
    b"{not json", b"\xff\xfe\x00", b"[1, 2]", b'"cmi"', b'{"commitSequence": 1}',
    b'{"cmi": {}, "commitSequence": "1"}', b'{"cmi": {}}', b'{"cmi": {}, "commitSequence": true}',
    b'{"cmi": {}, "commitSequence": 0}', b'{"cmi": [], "commitSequence": 1}', b"[" * 100000,
])
def test_a_body_the_run_time_never_sends_is_refused_with_400(client, attempt12, data):
    response = post(client, commit_url(attempt12), data)

    assert (response.status_code, response.json()) == (400, FAILED)
    attempt12.refresh_from_db()
    assert attempt12.last_commit_at is None


def test_a_body_over_one_megabyte_is_refused_with_413(client, attempt12):
    body = body12(attempt12, 1, suspend_data="x" * runtime.MAX_BODY_BYTES)

    response = post(client, commit_url(attempt12), body)

    assert (response.status_code, response.json()) == (413, FAILED)
    attempt12.refresh_from_db()
    assert attempt12.last_commit_at is None


def test_only_post(client, attempt12):
    response = client.get(commit_url(attempt12), HTTP_HOST=CONTENT_HOST)

    assert response.status_code == 405
    assert not response.cookies


def test_the_platform_host_has_no_commit_endpoint(client, attempt12):
    response = client.post(commit_url(attempt12), data=json.dumps(body12(attempt12, 1)),
                           content_type="application/json", HTTP_HOST="127.0.0.1:8000")

    assert response.status_code == 404


def test_first_launch_of_scorm12(attempt12):
    assert launch_state(attempt12) == {
        "core": {"student_id": str(attempt12.learner_id), "student_name": "Nguyễn Văn An", "credit": "credit",
                 "lesson_mode": "normal", "entry": "ab-initio", "total_time": "0000:00:00.00"},
        "student_data": {"mastery_score": "80"},
    }


def test_scorm12_resumes_after_exit_suspend(client, learner):
    item = make_item(mastery_score=80, data_from_lms="level=2", max_time_allowed="00:30:00",
                     time_limit_action="continue,no message")
    attempt = start_attempt(learner, item)
    send(client, attempt, body12(attempt, 1, suspend_data="slide=7", core={
        "lesson_location": "slide-7", "exit": "suspend", "session_time": "01:02:03.5",
        "score": {"raw": "45", "min": "0", "max": "100"}}, interactions={"0": INTERACTION_12}))

    assert start_attempt(learner, item) == attempt
    assert launch_state(attempt) == {
        "core": {"student_id": str(learner.pk), "student_name": "Nguyễn Văn An", "credit": "credit",
                 "lesson_mode": "normal", "entry": "resume", "lesson_status": "incomplete",
                 "lesson_location": "slide-7", "score": {"raw": "45", "min": "0", "max": "100"},
                 "total_time": "0001:02:03.50"},
        "suspend_data": "slide=7",
        "interactions": [{"id": "Cau 1", "type": "choice", "objectives": [{"id": "obj-1"}], "time": "10:15:00",
                          "correct_responses": [{"pattern": "a"}], "weighting": "1", "student_response": "b",
                          "result": "wrong", "latency": "00:00:12.5"}],
        "launch_data": "level=2",
        "student_data": {"mastery_score": "80", "max_time_allowed": "00:30:00",
                         "time_limit_action": "continue,no message"},
    }
    assert list(launch_state(attempt)["interactions"][0]) == [  # id and type before the rest
        "id", "type", "objectives", "time", "correct_responses", "weighting", "student_response", "result",
        "latency"]


def test_scorm12_entry_is_empty_after_a_session_left_without_suspend(client, attempt12):
    send(client, attempt12, body12(attempt12, 1, core={"lesson_location": "p2", "exit": ""}))

    state = launch_state(attempt12)
    assert "entry" not in state["core"]  # "": loadFromJSON skips it, cmi.core.entry reads ""
    assert state["core"]["lesson_location"] == "p2"


def test_first_launch_of_scorm2004(learner):
    attempt = start_attempt(learner, make_item(Package.Standard.SCORM2004, completion_threshold=0.8,
                                               scaled_passing_score=-0.25, max_time_allowed="PT1H",
                                               time_limit_action="exit,message", data_from_lms="x" * 4001))

    assert launch_state(attempt) == {
        "learner_id": str(learner.pk), "learner_name": "Nguyễn Văn An", "credit": "credit", "mode": "normal",
        "entry": "ab-initio", "total_time": "PT0S", "completion_threshold": "0.8", "scaled_passing_score": "-0.25",
        "max_time_allowed": "PT1H", "time_limit_action": "exit,message",  # launch_data over 4,000: not sent
    }


def test_scorm2004_resumes_after_exit_suspend(client, attempt2004):
    send(client, attempt2004, body2004(attempt2004, 1, location="trang-3", suspend_data="{\"p\":3}",
                                       exit="suspend", session_time="PT1H2M3.5S", completion_status="incomplete",
                                       score={"scaled": "0", "raw": "0", "min": "0", "max": "10"},
                                       comments_from_learner={"0": {"comment": "Khó", "location": "trang-2",
                                                                    "timestamp": "2026-12-06T10:00:00"}}))

    assert launch_state(attempt2004) == {
        "learner_id": str(attempt2004.learner_id), "learner_name": "Nguyễn Văn An", "credit": "credit",
        "mode": "normal", "entry": "resume", "completion_status": "incomplete", "success_status": "failed",
        "location": "trang-3", "score": {"scaled": "0", "raw": "0", "min": "0", "max": "10"},
        "suspend_data": "{\"p\":3}",
        "learner_preference": {"audio_level": "1", "delivery_speed": "1", "audio_captioning": "0"},
        "comments_from_learner": [{"comment": "Khó", "location": "trang-2", "timestamp": "2026-12-06T10:00:00"}],
        "total_time": "PT1H2M3.5S", "completion_threshold": "0.8", "scaled_passing_score": "0.7",
    }


def test_a_new_attempt_starts_once_the_last_is_completed_and_not_suspended(client, attempt12, learner):
    send(client, attempt12, body12(attempt12, 1, core={"lesson_status": "completed", "exit": "suspend"}))
    assert start_attempt(learner, attempt12.item) == attempt12

    send(client, attempt12, body12(attempt12, 2, core={"lesson_status": "completed", "exit": ""}))
    second = start_attempt(learner, attempt12.item)

    assert (second.number, second.cmi, second.total_seconds) == (2, {}, 0)
    assert launch_state(second)["core"]["entry"] == "ab-initio"
    assert start_attempt(learner, attempt12.item) == second


def test_formats_of_time():
    assert runtime.format_timespan_12(0) == "0000:00:00.00"
    assert runtime.format_timespan_12(3723.456) == "0001:02:03.46"
    assert runtime.format_timespan_12(360000) == "0100:00:00.00"
    assert runtime.format_duration_2004(0) == "PT0S"
    assert runtime.format_duration_2004(3723.5) == "PT1H2M3.5S"
    assert runtime.format_duration_2004(90000) == "PT25H"
    assert runtime.timespan_seconds_12("0001:02:03.50") == 3723.5
    assert runtime.timespan_seconds_12("1:2:3") is None
    assert runtime.duration_seconds_2004("P1DT1H1M1.5S") == 86400 + 3661.5
    assert runtime.duration_seconds_2004("PT1,5M") == 90
    assert runtime.duration_seconds_2004("1H") is None
