"""The SCORM run-time on the server: learners' attempts, what the browser's run-time
(scorm-again, static/vendor/scorm-again/) loads before a SCO starts, and the commits it
sends, validated and stored. Plain functions; the HTTP side is runtime_views.py.

Attempts. One Attempt per learner, SCO and try (`number` 1, 2…). `start_attempt` gives
the current one, or a new one once the last is over: over means completed (1.2 status
completed, passed or failed; 2004 completion_status completed) and the last exit not
"suspend". Anything else continues the same attempt with its data — also a 2004 SCO that
left with exit "normal" before completing, which the specification would start afresh:
the learner's progress is never dropped.

Commits. scorm-again sends the whole data model each time (`{"cmi": {...},
"commitSequence": n}`, plus "final": true on the terminate commit), numbering its commits
1, 2, 3… per run-time instance; the launcher puts a random launch id in the commit URL.
A commit is identified by (attempt, launch, commitSequence): one already applied, or
older than the newest applied of its launch, is acknowledged and not applied; since every
commit is a full snapshot, applying the newest is enough. Between launches the later
arrival wins (a launch follows the one before it). A snapshot is validated element by
element against the version's data model: writable elements only (read-only ones such as
student_id, credit, entry, total_time or mastery_score are the server's and dropped, as
are unknown keys); a value of the wrong type, vocabulary, range or length is ignored and
logged, the element keeping its previous value (as scorm-again does with a refused
SetValue), and the rest is kept. An element the body leaves out keeps its stored value;
a collection (interactions, objectives…) that is present replaces the stored one.

Server-side rules, whatever the client says: the attempt's time is the sum of its
sessions' session_time, each launch counted once at the largest it reported (the body's
total_time is ignored); SCORM 1.2 "not attempted" after a session is "incomplete", and a
completed/passed/failed status with a raw score is passed or failed against the item's
mastery score; SCORM 2004 completion_status follows progress_measure against the
completion threshold and success_status score.scaled against the scaled passing score,
when the item has them and the SCO reported the measure. suspend_data is stored whole
up to 64,000 characters (scorm-again's own limit in both versions); past 4,096 in SCORM
1.2 a warning is logged, as real exports (Storyline, Rise) go past the specification's
limit. A body naming another learner (student_id / learner_id: scorm-again's offline
replay can send one learner's queued commits to another's attempt on a shared computer)
is acknowledged and not applied.
"""

from __future__ import annotations

import logging
import math
import re
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from lms.player.models import Attempt, AttemptSession, Interaction, Package

logger = logging.getLogger(__name__)

MAX_BODY_BYTES = 1024 * 1024  # a commit's whole body (the view refuses more with 413)
SUSPEND_DATA_MAX = 64000  # scorm-again refuses more (1.2: 405, 2004: 406)
SUSPEND_DATA_WARN_12 = 4096  # SCORM 1.2's own limit, which real exports exceed
MAX_COLLECTION = 1000  # items kept of one collection (interactions, objectives…)
LENIENT_TEXT = 64000  # responses and patterns: scorm-again does not bound them
LAUNCH_PATTERN = r"[A-Za-z0-9_-]{1,64}"
_LAUNCH = re.compile(LAUNCH_PATTERN)

SCORM12 = Package.Standard.SCORM12
SCORM2004 = Package.Standard.SCORM2004

# Outcomes of a commit.
APPLIED = "applied"
DUPLICATE = "duplicate"  # this launch's newest applied commit, again
STALE = "stale"  # older than this launch's newest applied commit
REFUSED = "refused"
# Reasons of a refusal. The first ones are bodies the run-time never sends (400); a
# learner mismatch is acknowledged (200) so that the client drops it rather than retry.
NOT_OBJECT = "not-object"
NO_CMI = "no-cmi"
BAD_SEQUENCE = "bad-sequence"
BAD_LAUNCH = "bad-launch"
LEARNER_MISMATCH = "learner-mismatch"
NOT_GRANTED = "not-granted"  # no such attempt of the token's package
BAD_BODY = frozenset({NOT_OBJECT, NO_CMI, BAD_SEQUENCE, BAD_LAUNCH})


@dataclass(frozen=True)
class Outcome:
    """What became of a commit: applied, duplicate, stale, or refused (with a reason);
    `ignored` names the elements whose values were ignored ("cmi.core.score.raw")."""

    status: str
    reason: str = ""
    ignored: tuple[str, ...] = ()


# --- Values ------------------------------------------------------------------------------

_INVALID = object()


def _num(value: float) -> str:
    """A number as the data model writes it: "80", "0.8", "-0.25" (no exponent)."""
    text = f"{value:.10f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _float(value) -> float | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        number = float(value.replace(",", "."))
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _storable(value: str) -> bool:
    """No NUL and no lone surrogate ("\\ud800" in JSON): neither can be stored (PostgreSQL
    refuses both in text and jsonb)."""
    if "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(limit: int, pattern: str | None = None):
    regex = re.compile(pattern) if pattern else None

    def check(value):
        if not isinstance(value, str) or len(value) > limit or not _storable(value):
            return _INVALID
        if regex is not None and value and not regex.fullmatch(value):
            return _INVALID
        return value
    return check


_LANG_TAG = re.compile(r"\{lang=[A-Za-z0-9-]{1,20}\}")


def _lang_text(limit: int):
    """SCORM 2004's localized strings: the limit counts the text after a {lang=xx} tag."""
    def check(value):
        if not isinstance(value, str) or not _storable(value):
            return _INVALID
        tag = _LANG_TAG.match(value)
        return value if len(value) - (tag.end() if tag else 0) <= limit else _INVALID
    return check


def _vocab(*words: str):
    allowed = frozenset(words)

    def check(value):
        return value if isinstance(value, str) and value in allowed else _INVALID
    return check


_DECIMAL = re.compile(r"-?(\d{1,10}(\.\d{0,18})?|\.\d{1,18})")


def _decimal(low: float | None = None, high: float | None = None):
    """A real number written as a string ("" is blank). Numbers in JSON are accepted and
    written as strings."""
    def check(value):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if not math.isfinite(value):
                return _INVALID
            value = _num(float(value))
        if not isinstance(value, str):
            return _INVALID
        if value == "":
            return value
        if len(value) > 40 or not _DECIMAL.fullmatch(value):
            return _INVALID
        number = float(value)
        if (low is not None and number < low) or (high is not None and number > high):
            return _INVALID
        return value
    return check


def _integer(low: int, high: int):
    def check(value):
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            return _INVALID
        if value == "":
            return value
        if not re.fullmatch(r"-?\d{1,6}", value) or not low <= int(value) <= high:
            return _INVALID
        return value
    return check


_TIMESPAN_12 = re.compile(r"(\d{1,9}):(\d{2}):(\d{2})(\.\d{1,2})?")
_DURATION_2004 = re.compile(
    r"P(?:([.,\d]+)Y)?(?:([.,\d]+)M)?(?:([.,\d]+)W)?(?:([.,\d]+)D)?"
    r"(?:T?(?:([.,\d]+)H)?(?:([.,\d]+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?"
)
_DURATION_UNITS = (365 * 86400, 30 * 86400, 7 * 86400, 86400, 3600, 60, 1)  # as scorm-again counts
_TIME_12 = re.compile(r"(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,2})?")
_TIME_2004 = re.compile(  # scorm-again's CMITime: a date and time of ISO 8601, 1970–9999
    r"(19[7-9]\d|[2-9]\d{3})((-(0[1-9]|1[0-2]))((-(0[1-9]|[12]\d|3[01]))(T([01]\d|2[0-3])"
    r"((:[0-5]\d)((:[0-5]\d)((\.\d{1,6})((Z|([+-]([01]\d|2[0-3])))(:[0-5]\d)?)?)?)?)?)?)?)?"
)


def timespan_seconds_12(value) -> float | None:
    """Seconds of a SCORM 1.2 CMITimespan ("HHHH:MM:SS.SS", any number of hour digits as
    scorm-again writes them), or None."""
    match = _TIMESPAN_12.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    return int(hours) * 3600 + int(minutes) * 60 + int(seconds) + float(fraction or 0)


def duration_seconds_2004(value) -> float | None:
    """Seconds of a SCORM 2004 timeinterval (ISO 8601 duration "PT1H2M3.5S"; a year is
    365 days and a month 30, as scorm-again counts them), or None."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    match = _DURATION_2004.fullmatch(value)
    if match is None:
        return None
    total = 0.0
    for number, unit in zip(match.groups(), _DURATION_UNITS):
        if number:
            try:
                total += float(number.replace(",", ".")) * unit
            except ValueError:
                return None
    return total if math.isfinite(total) else None


def _timespan(parse):
    def check(value):
        return value if isinstance(value, str) and (value == "" or parse(value) is not None) else _INVALID
    return check


def format_timespan_12(seconds: float) -> str:
    """SCORM 1.2 CMITimespan, HHHH:MM:SS.SS: 3723.5 → "0001:02:03.50"."""
    centiseconds = round(max(seconds, 0) * 100)
    hours, rest = divmod(centiseconds, 360000)
    minutes, rest = divmod(rest, 6000)
    whole, fraction = divmod(rest, 100)
    return f"{hours:04d}:{minutes:02d}:{whole:02d}.{fraction:02d}"


def format_duration_2004(seconds: float) -> str:
    """SCORM 2004 timeinterval, ISO 8601: 3723.5 → "PT1H2M3.5S", 0 → "PT0S"."""
    centiseconds = round(max(seconds, 0) * 100)
    hours, rest = divmod(centiseconds, 360000)
    minutes, rest = divmod(rest, 6000)
    whole, fraction = divmod(rest, 100)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if whole or fraction:
        text += (f"{whole}.{fraction:02d}".rstrip("0") if fraction else str(whole)) + "S"
    return "PT0S" if text == "PT" else text


# --- The data models: their writable elements, in the order a loader sets them --------


class _Collection:
    """cmi.interactions and the like: objects keyed "0", "1"… (or a list), each item
    trimmed to `item`."""

    def __init__(self, item: dict):
        self.item = item


_STATUS_12 = ("passed", "completed", "failed", "incomplete", "browsed", "not attempted")
_IDENTIFIER_12 = _text(255, r"[\x21-\x7e\s]*")  # scorm-again's relaxed CMIIdentifier
_SCORE_12 = {"raw": _decimal(0, 100), "min": _decimal(0, 100), "max": _decimal(0, 100)}
_TIMESPAN_CHECK_12 = _timespan(timespan_seconds_12)

SCHEMA_12 = {
    "core": {
        "lesson_status": _vocab(*_STATUS_12),
        "lesson_location": _text(255),
        "score": _SCORE_12,
        "exit": _vocab("time-out", "suspend", "logout", ""),
        "session_time": _TIMESPAN_CHECK_12,
    },
    "suspend_data": _text(SUSPEND_DATA_MAX),
    "comments": _text(4096),
    "student_preference": {
        "audio": _integer(-1, 100), "language": _text(255), "speed": _integer(-100, 100), "text": _integer(-1, 1),
    },
    "objectives": _Collection({"id": _IDENTIFIER_12, "score": _SCORE_12, "status": _vocab(*_STATUS_12, "")}),
    "interactions": _Collection({
        "id": _IDENTIFIER_12,
        "type": _vocab("true-false", "choice", "fill-in", "matching", "performance", "sequencing", "likert",
                       "numeric", ""),
        "objectives": _Collection({"id": _IDENTIFIER_12}),
        "time": _text(16, _TIME_12.pattern),
        "correct_responses": _Collection({"pattern": _text(LENIENT_TEXT)}),
        "weighting": _decimal(),
        "student_response": _text(LENIENT_TEXT),
        "result": _text(32, r"correct|wrong|unanticipated|neutral|\d{0,3}(\.\d*)?"),
        "latency": _TIMESPAN_CHECK_12,
    }),
}

_COMPLETION_2004 = ("completed", "incomplete", "not attempted", "unknown")
_SUCCESS_2004 = ("passed", "failed", "unknown")
_LONG_IDENTIFIER = _text(4000, r"\S.*|.*\S")  # CMILongIdentifier: not blank
_SCORE_2004 = {"scaled": _decimal(-1, 1), "raw": _decimal(), "min": _decimal(), "max": _decimal()}
_DURATION_CHECK = _timespan(duration_seconds_2004)
_TIMESTAMP_2004 = _text(40, _TIME_2004.pattern)

SCHEMA_2004 = {
    "completion_status": _vocab(*_COMPLETION_2004),
    "success_status": _vocab(*_SUCCESS_2004),
    "location": _text(1000),
    "progress_measure": _decimal(0, 1),
    "score": _SCORE_2004,
    "exit": _vocab("time-out", "suspend", "logout", "normal", ""),
    "session_time": _DURATION_CHECK,
    "suspend_data": _text(SUSPEND_DATA_MAX),
    "learner_preference": {
        "audio_level": _decimal(0, 999.9999999), "language": _text(250),
        "delivery_speed": _decimal(0, 999.9999999), "audio_captioning": _vocab("-1", "0", "1", ""),
    },
    "comments_from_learner": _Collection({
        "comment": _lang_text(4000), "location": _text(250), "timestamp": _TIMESTAMP_2004,
    }),
    "objectives": _Collection({
        "id": _LONG_IDENTIFIER, "score": _SCORE_2004, "success_status": _vocab(*_SUCCESS_2004),
        "completion_status": _vocab(*_COMPLETION_2004), "progress_measure": _decimal(0, 1),
        "description": _lang_text(250),
    }),
    "interactions": _Collection({
        "id": _LONG_IDENTIFIER,
        "type": _vocab("true-false", "choice", "fill-in", "long-fill-in", "matching", "performance",
                       "sequencing", "likert", "numeric", "other", ""),
        "objectives": _Collection({"id": _LONG_IDENTIFIER}),
        "timestamp": _TIMESTAMP_2004,
        "correct_responses": _Collection({"pattern": _text(LENIENT_TEXT)}),
        "weighting": _decimal(),
        "learner_response": _text(LENIENT_TEXT),
        "result": _text(32, r"correct|incorrect|unanticipated|neutral|-?\d{1,4}(\.\d{1,18})?"),
        "latency": _DURATION_CHECK,
        "description": _lang_text(250),
    }),
}

SCHEMAS = {SCORM12: SCHEMA_12, SCORM2004: SCHEMA_2004}


def _items(value) -> list[tuple[int, object]] | None:
    """A collection's items in index order: from {"0": …, "1": …} or a list."""
    if isinstance(value, list):
        return list(enumerate(value))
    if isinstance(value, dict):
        return sorted((int(key), item) for key, item in value.items()
                      if isinstance(key, str) and key.isdigit() and len(key) < 7)
    return None


def _trim(schema: dict, data: dict, previous: dict, path: str, ignored: list[str]) -> dict:
    """`data` reduced to `schema`'s elements, each valid or else its `previous` value."""
    out = {}
    for key, spec in schema.items():
        before = previous.get(key) if isinstance(previous, dict) else None
        if key not in data:
            if before is not None:
                out[key] = before
            continue
        value, where = data[key], f"{path}.{key}"
        if isinstance(spec, dict):
            if isinstance(value, dict):
                out[key] = _trim(spec, value, before if isinstance(before, dict) else {}, where, ignored)
                continue
        elif isinstance(spec, _Collection):
            items = _items(value)
            if items is not None:
                before = before if isinstance(before, dict) else {}
                out[key] = _trim_collection(spec, items, before, where, ignored)
                continue
        else:
            checked = spec(value)
            if checked is not _INVALID:
                out[key] = checked
                continue
        ignored.append(where)
        if before is not None:
            out[key] = before
    return out


def _trim_collection(spec: _Collection, items, previous: dict, path: str, ignored: list[str]) -> dict:
    out = {}
    for index, item in items:
        where = f"{path}.{index}"
        if not isinstance(item, dict):
            ignored.append(where)
            continue
        if len(out) == MAX_COLLECTION:
            ignored.append(f"{path}.{index}…")
            break
        out[str(index)] = _trim(spec.item, item, previous.get(str(index)) or {}, where, ignored)
    return out


# --- Attempts ------------------------------------------------------------------------------


def learner_id(user_or_pk) -> str:
    """The learner's cmi.core.student_id / cmi.learner_id: the account's id, which stays
    when the username is changed (and is ASCII, as SCORM 1.2's identifiers must be)."""
    return str(getattr(user_or_pk, "pk", user_or_pk))


def is_finished(attempt: Attempt) -> bool:
    """An attempt is over once completed (1.2: completed, passed or failed) and not left
    suspended: the next launch starts a new one."""
    return attempt.completion_status == "completed" and attempt.exit != "suspend"


def start_attempt(learner, item) -> Attempt:
    """The learner's current attempt at the SCO `item`, or a new one (number + 1) when
    there is none or the last is finished (is_finished)."""
    package = item.package
    if not item.is_sco or not package.tracked:
        raise ValueError("attempts are kept for the SCOs of SCORM packages only")
    with transaction.atomic():
        latest = (Attempt.objects.select_for_update().filter(learner=learner, item=item)
                  .order_by("-number").first())
        if latest is not None and not is_finished(latest):
            return latest
        number = latest.number + 1 if latest else 1
        try:
            with transaction.atomic():
                return Attempt.objects.create(learner=learner, package=package, item=item, number=number)
        except IntegrityError:  # another request made it first
            return Attempt.objects.get(learner=learner, item=item, number=number)


# --- What the launcher loads -------------------------------------------------------------------

_TIME_LIMIT_ACTIONS = ("exit,message", "exit,no message", "continue,message", "continue,no message")


def _entry(attempt: Attempt) -> str:
    """cmi(.core).entry: "ab-initio" when the attempt has never been committed to,
    "resume" after a session left with exit "suspend" (both versions: SCORM 2004's
    "logout" ends the attempt, like "normal", and its "time-out" too), else ""."""
    if attempt.last_commit_at is None:
        return "ab-initio"
    return "resume" if attempt.exit == "suspend" else ""


def _loadable(schema: dict, stored, skip: tuple[str, ...] = ()) -> dict:
    """The stored values of `schema`'s elements, in the schema's order (an interaction's
    id and type before its response), empty ones left out: loadFromJSON skips falsy
    values anyway."""
    out = {}
    stored = stored if isinstance(stored, dict) else {}
    for key, spec in schema.items():
        if key in skip:
            continue
        value = stored.get(key)
        if isinstance(spec, dict):
            loaded = _loadable(spec, value)
        elif isinstance(spec, _Collection):
            items = [_loadable(spec.item, item) for _index, item in (_items(value) or [])]
            loaded = [item for item in items if item]
        else:
            loaded = value if isinstance(value, str) else ""
        if loaded:
            out[key] = loaded
    return out


def _setting(value, check) -> str:
    """An item's setting from the manifest as the run-time takes it, or "" when it
    would not (scorm-again refuses the value, so it is better not sent)."""
    if value is None or value == "":
        return ""
    text = _num(value) if isinstance(value, float) else str(value)
    return "" if check(text) is _INVALID else text


def launch_state(attempt: Attempt) -> dict:
    """What the launcher passes to `api.loadFromJSON` before the SCO initializes (the
    `cmi` object without its key, every value a string, empty ones left out): the
    learner, credit and normal mode, the entry (_entry), the item's settings from the
    manifest, and the attempt's stored data to resume with — location, suspend_data,
    statuses, score, objectives, interactions (so that a SCO adds its new ones after
    them), preferences, comments — and total_time in the version's format (1.2
    "HHHH:MM:SS.SS", 2004 ISO 8601). Never exit or session_time, which each session
    sets afresh."""
    item, learner = attempt.item, attempt.learner
    stored = attempt.cmi if isinstance(attempt.cmi, dict) else {}
    entry = _entry(attempt)
    name = learner.get_full_name()  # as Vietnamese write it, family name first, no comma
    if attempt.package.standard == SCORM2004:
        state = {
            "learner_id": learner_id(learner), "learner_name": name, "credit": "credit", "mode": "normal",
            "entry": entry,
            **_loadable(SCHEMA_2004, stored, skip=("exit", "session_time")),
            "total_time": format_duration_2004(attempt.total_seconds),
            "launch_data": _setting(item.data_from_lms, _text(4000)),
            "completion_threshold": _setting(item.completion_threshold, _decimal(0, 1)),
            "scaled_passing_score": _setting(item.scaled_passing_score, _decimal(-1, 1)),
            "max_time_allowed": _setting(item.max_time_allowed, _DURATION_CHECK),
            "time_limit_action": _setting(item.time_limit_action, _vocab(*_TIME_LIMIT_ACTIONS)),
        }
        return {key: value for key, value in state.items() if value}
    stored_core = stored.get("core") if isinstance(stored.get("core"), dict) else {}
    core = {
        "student_id": learner_id(learner), "student_name": name, "credit": "credit", "lesson_mode": "normal",
        "entry": entry,
        **_loadable(SCHEMA_12["core"], stored_core, skip=("exit", "session_time")),
        "total_time": format_timespan_12(attempt.total_seconds),
    }
    student_data = {
        "mastery_score": _setting(item.mastery_score, _decimal(0, 100)),
        "max_time_allowed": _setting(item.max_time_allowed, _TIMESPAN_CHECK_12),
        "time_limit_action": _setting(item.time_limit_action, _vocab(*_TIME_LIMIT_ACTIONS)),
    }
    state = {
        "core": {key: value for key, value in core.items() if value},
        **_loadable({key: spec for key, spec in SCHEMA_12.items() if key != "core"}, stored),
        "launch_data": _setting(item.data_from_lms, _text(4096)),
        "student_data": {key: value for key, value in student_data.items() if value},
    }
    return {key: value for key, value in state.items() if value}


# --- Commits ---------------------------------------------------------------------------------------


def _claimed_learner(cmi: dict):
    core = cmi.get("core")
    claimed = core.get("student_id") if isinstance(core, dict) else None
    return claimed if claimed not in (None, "") else cmi.get("learner_id")


def _session_seconds(standard: str, cmi: dict) -> float | None:
    """This commit's session_time in seconds, as reported (not the stored one, which may
    be another session's), bounded by a token's lifetime: a launch commits with one
    token, so its session cannot be longer."""
    if standard == SCORM12:
        core = cmi.get("core")
        seconds = timespan_seconds_12(core.get("session_time")) if isinstance(core, dict) else None
    else:
        seconds = duration_seconds_2004(cmi.get("session_time"))
    if seconds is None:
        return None
    return min(seconds, float(settings.PLAYER_TOKEN_SECONDS))


def _statuses_12(snapshot: dict, item) -> tuple[str, str]:
    """SCORM 1.2: lesson_status after the server's rules, as (completion, success)."""
    core = snapshot.setdefault("core", {})
    status = core.get("lesson_status") or "not attempted"
    if status == "not attempted":  # the SCO ran but never said: scorm-again leaves it so
        status = "incomplete"
    raw = _float((core.get("score") or {}).get("raw"))
    if item.mastery_score is not None and raw is not None and status in ("completed", "passed", "failed"):
        status = "passed" if raw >= item.mastery_score else "failed"
    core["lesson_status"] = status
    return {
        "passed": ("completed", "passed"), "failed": ("completed", "failed"),
        "completed": ("completed", "unknown"),
    }.get(status, ("incomplete", "unknown"))  # incomplete, browsed


def _statuses_2004(snapshot: dict, item) -> tuple[str, str]:
    completion = snapshot.get("completion_status") or "unknown"
    progress = _float(snapshot.get("progress_measure"))
    if item.completion_threshold is not None and progress is not None:
        completion = "completed" if progress >= item.completion_threshold else "incomplete"
    success = snapshot.get("success_status") or "unknown"
    scaled = _float((snapshot.get("score") or {}).get("scaled"))
    if item.scaled_passing_score is not None and scaled is not None:
        success = "passed" if scaled >= item.scaled_passing_score else "failed"
    snapshot["completion_status"], snapshot["success_status"] = completion, success
    return completion, success


def _interaction_rows(attempt: Attempt, interactions: dict, standard: str) -> list[Interaction]:
    rows = []
    for key, data in interactions.items():
        result = data.get("result", "")
        patterns = [pattern.get("pattern", "") for _index, pattern in _items(data.get("correct_responses")) or []]
        latency = data.get("latency", "")
        rows.append(Interaction(
            attempt=attempt, index=int(key), identifier=data.get("id", ""), type=data.get("type", ""),
            learner_response=data.get("student_response" if standard == SCORM12 else "learner_response", ""),
            result="incorrect" if result == "wrong" else result, correct_responses=patterns,
            weighting=_float(data.get("weighting")),
            latency_seconds=(timespan_seconds_12 if standard == SCORM12 else duration_seconds_2004)(latency),
            timestamp=data.get("time" if standard == SCORM12 else "timestamp", ""),
            description=data.get("description", ""),
        ))
    return rows


def _refused(reason: str) -> Outcome:
    return Outcome(REFUSED, reason)


def apply_commit(attempt: Attempt, body, *, launch: str, final: bool = False) -> Outcome:
    """Validate the commit `body` (parsed JSON, at most MAX_BODY_BYTES: the caller bounds
    it) of `attempt`'s launch `launch` and store it if it is the newest of its launch.
    Never raises for what the client sent: the Outcome says what became of it. `final`
    (or "final": true in the body) marks the terminate commit."""
    return apply_granted_commit(attempt.pk, None, body, launch=launch, final=final)


def apply_granted_commit(attempt_id: int, package_uuid, body, *, launch: str, final: bool = False) -> Outcome:
    """apply_commit for the attempt a token grants: `attempt_id` of the package
    `package_uuid` (None: any), read once, locked, with what the commit needs; refused
    (NOT_GRANTED) when there is no such attempt."""
    if not isinstance(body, dict):
        return _refused(NOT_OBJECT)
    cmi = body.get("cmi")
    if not isinstance(cmi, dict):
        return _refused(NO_CMI)
    sequence = body.get("commitSequence")
    if isinstance(sequence, bool) or not isinstance(sequence, int) or not 1 <= sequence < 2**31:
        return _refused(BAD_SEQUENCE)
    if not isinstance(launch, str) or not _LAUNCH.fullmatch(launch):
        return _refused(BAD_LAUNCH)
    final = final or body.get("final") is True
    claimed = _claimed_learner(cmi)

    with transaction.atomic():
        found = Attempt.objects.select_for_update(of=("self",)).select_related("package", "item").filter(pk=attempt_id)
        attempt = (found if package_uuid is None else found.filter(package__uuid=package_uuid)).first()
        if attempt is None:
            return _refused(NOT_GRANTED)
        if claimed not in (None, "") and str(claimed) != learner_id(attempt.learner_id):
            logger.warning("Commit %s of launch %s for attempt %s names another learner (%.40r): not applied",
                           sequence, launch, attempt.pk, claimed)
            return _refused(LEARNER_MISMATCH)
        # The attempt's row is locked: no other commit of it creates this session meanwhile.
        session = AttemptSession.objects.filter(attempt=attempt, launch=launch).first()
        if session is None:
            session = AttemptSession.objects.create(attempt=attempt, launch=launch)
        if sequence <= session.last_sequence:
            return Outcome(DUPLICATE if sequence == session.last_sequence else STALE)

        standard = attempt.package.standard
        ignored: list[str] = []
        previous = attempt.cmi if isinstance(attempt.cmi, dict) else {}
        snapshot = _trim(SCHEMAS[standard], cmi, previous, "cmi", ignored)
        if standard == SCORM12:
            completion, success = _statuses_12(snapshot, attempt.item)
            core = snapshot["core"]
            score = core.get("score") or {}
            attempt.location = core.get("lesson_location", "")
            attempt.exit = core.get("exit", "")
            attempt.progress_measure = None
        else:
            completion, success = _statuses_2004(snapshot, attempt.item)
            score = snapshot.get("score") or {}
            attempt.location = snapshot.get("location", "")
            attempt.exit = snapshot.get("exit", "")
            attempt.progress_measure = _float(snapshot.get("progress_measure"))
        suspend_data = snapshot.get("suspend_data", "")
        if standard == SCORM12 and len(suspend_data) > SUSPEND_DATA_WARN_12 >= len(attempt.suspend_data):
            logger.warning("SCORM 1.2 suspend_data of %d characters (the specification allows 4,096) "
                           "stored whole for attempt %s (package %s)", len(suspend_data), attempt.pk,
                           attempt.package.uuid)
        if ignored:
            logger.warning("Commit %s of launch %s for attempt %s: values ignored for %s", sequence, launch,
                           attempt.pk, ", ".join(ignored[:20]) + ("…" if len(ignored) > 20 else ""))

        if "interactions" in snapshot and snapshot["interactions"] != previous.get("interactions"):
            Interaction.objects.filter(attempt=attempt).delete()
            Interaction.objects.bulk_create(_interaction_rows(attempt, snapshot["interactions"], standard))

        now = timezone.now()
        seconds = _session_seconds(standard, cmi)
        if seconds is not None and seconds > session.session_seconds:
            attempt.total_seconds = max(attempt.total_seconds + seconds - session.session_seconds, 0.0)
            session.session_seconds = seconds
        session.last_sequence = sequence
        session.ended = session.ended or final
        session.last_commit_at = now
        session.save(update_fields=["last_sequence", "session_seconds", "ended", "last_commit_at"])

        attempt.cmi = snapshot
        attempt.completion_status, attempt.success_status = completion, success
        attempt.score_raw, attempt.score_min, attempt.score_max = (
            _float(score.get("raw")), _float(score.get("min")), _float(score.get("max")))
        attempt.score_scaled = _float(score.get("scaled"))
        attempt.suspend_data = suspend_data
        attempt.last_commit_at = now
        attempt.save(update_fields=_COMMITTED_FIELDS)
    return Outcome(APPLIED, ignored=tuple(ignored))


_COMMITTED_FIELDS = ("cmi", "completion_status", "success_status", "score_raw", "score_min", "score_max",
                     "score_scaled", "suspend_data", "location", "exit", "progress_measure", "total_seconds",
                     "last_commit_at", "updated_at")
