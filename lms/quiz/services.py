"""Changes to quizzes and attempts: publishing a quiz, starting, saving, submitting and
expiring attempts, grading essays. Who may do them is the views' question (access.py);
these functions keep the quiz's own rules (its window, attempts allowed, time limit)."""

from __future__ import annotations

import random
from datetime import timedelta
from typing import Iterable, Mapping

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from lms.quiz import grading
from lms.quiz.models import Answer, Attempt, Quiz, QuizItem

# A save or a submission that reaches the server this long after the deadline is still
# taken (the page submits itself when its countdown ends; the request takes a moment).
GRACE_SECONDS = 30


class Refused(Exception):
    """What the quiz's rules do not allow, in the student's or teacher's language."""

    def __init__(self, message, params: dict | None = None):
        super().__init__(message, params)
        self.message, self.params = message, params or {}

    def __str__(self):
        return str(self.message) % self.params if self.params else str(self.message)


# --- publishing ---------------------------------------------------------------------------

ITEM_FIELDS = ("content", "points", "label", "group_key", "passage_title", "passage", "passage_format", "media")
QUIZ_SETTINGS = ("instructions", "time_limit_minutes", "attempts_allowed", "opens_at", "closes_at",
                 "show_feedback", "shuffle")


def create_quiz(*, title: str, items: Iterable[Mapping], owner=None, source=None, source_label: str = "",
                **settings) -> Quiz:
    """A quiz of `items`, in order: each a mapping with "content" (the bank's JSON, copied:
    later changes to the bank's question do not reach it) and optionally "points" (1),
    "label", "group_key", "passage_title", "passage", "passage_format" ("plain" or "html")
    and "media" ({NAME: URL} for <img src="media:NAME">). `settings`: instructions,
    time_limit_minutes (None: untimed), attempts_allowed (None: unlimited; 1 by default),
    opens_at, closes_at, show_feedback, shuffle. `source`: the object it is published
    from (its content type and id are kept, with `source_label`, default its str)."""
    unknown = set(settings) - set(QUIZ_SETTINGS)
    if unknown:
        raise TypeError(f"unknown quiz settings: {sorted(unknown)}")
    rows = []
    for position, item in enumerate(items, start=1):
        extra = set(item) - set(ITEM_FIELDS)
        if extra:
            raise TypeError(f"item {position}: unknown fields {sorted(extra)}")
        content = dict(item["content"])
        if content.get("kind") not in grading.KINDS:
            raise ValueError(f"item {position}: unknown kind {content.get('kind')!r}")
        points = float(item.get("points", 1.0))
        if points < 0:
            raise ValueError(f"item {position}: negative points")
        if item.get("passage_format", "plain") not in ("plain", "html"):
            raise ValueError(f"item {position}: passage_format is plain or html")
        rows.append(QuizItem(position=position, content=content, points=points,
                             **{f: item[f] for f in ITEM_FIELDS[2:] if f in item}))
    if not rows:
        raise ValueError("a quiz needs at least one item")
    if settings.get("time_limit_minutes") is not None and settings["time_limit_minutes"] < 1:
        raise ValueError("time_limit_minutes is at least 1 (None: untimed)")
    if settings.get("attempts_allowed") is not None and settings["attempts_allowed"] < 1:
        raise ValueError("attempts_allowed is at least 1 (None: unlimited)")
    if settings.get("opens_at") and settings.get("closes_at") and settings["opens_at"] >= settings["closes_at"]:
        raise ValueError("opens_at must come before closes_at")
    quiz = Quiz(title=title, owner=owner, **settings)
    if source is not None:
        quiz.source_type = ContentType.objects.get_for_model(source)
        quiz.source_id = str(source.pk)
        quiz.source_label = source_label or str(source)
    else:
        quiz.source_label = source_label
    with transaction.atomic():
        quiz.save()
        for row in rows:
            row.quiz = quiz
        QuizItem.objects.bulk_create(rows)
    return quiz


# --- attempts -------------------------------------------------------------------------------


def points_text(value: float) -> str:
    """2, 1,5 or 0,25 (as the site writes numbers)."""
    value = round(value, 4)
    return str(int(value)) if value == int(value) else formats.number_format(value, use_l10n=True)


def _when(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def _layout(quiz: Quiz, items: list[QuizItem], seed: str) -> dict:
    """The order this attempt shows: items (the shared-passage groups kept together and in
    order), options (fixed ones in place) when the quiz shuffles; a matching question's
    answers always (in the order written they would give the pairs away)."""
    rng = random.Random(seed)
    blocks: dict[str, list[int]] = {}
    for item in items:
        blocks.setdefault(item.group_key or f"#{item.pk}", []).append(item.pk)
    order = list(blocks.values())
    if quiz.shuffle:
        rng.shuffle(order)
    layout = {"items": [pk for block in order for pk in block], "options": {}, "choices": {}}
    for item in items:
        content = item.content or {}
        if quiz.shuffle and item.kind in (grading.SINGLE, grading.MULTIPLE):
            options = content.get("options") or []
            movable = [i for i, o in enumerate(options) if not o.get("fixed")]
            shuffled = movable[:]
            rng.shuffle(shuffled)
            moved = iter(shuffled)
            layout["options"][str(item.pk)] = [i if options[i].get("fixed") else next(moved)
                                               for i in range(len(options))]
        if item.kind == grading.MATCHING:
            texts = [p[1] for p in content.get("pairs") or []] + list(content.get("distractors") or [])
            choices = list(dict.fromkeys(t for t in texts if t))
            rng.shuffle(choices)
            layout["choices"][str(item.pk)] = choices
    return layout


def deadline_for(quiz: Quiz, started) -> object:
    ends = [t for t in (started + timedelta(minutes=quiz.time_limit_minutes) if quiz.time_limit_minutes else None,
                        quiz.closes_at) if t is not None]
    return min(ends) if ends else None


def overdue(attempt: Attempt, now=None) -> bool:
    now = now or timezone.now()
    return (attempt.in_progress and attempt.deadline is not None
            and now > attempt.deadline + timedelta(seconds=GRACE_SECONDS))


def start(user, quiz: Quiz, now=None) -> Attempt:
    """The student's attempt in progress, or a new one if the quiz's window and attempts
    allow it (Refused otherwise, saying why)."""
    now = now or timezone.now()
    expire_overdue(Attempt.objects.filter(quiz=quiz, user=user), now)
    current = Attempt.objects.filter(quiz=quiz, user=user, state=Attempt.State.IN_PROGRESS).first()
    if current is not None:
        return current
    if quiz.opens_at and now < quiz.opens_at:
        raise Refused(_("This quiz opens on %(when)s."), {"when": _when(quiz.opens_at)})
    if quiz.closes_at and now >= quiz.closes_at:
        raise Refused(_("This quiz closed on %(when)s."), {"when": _when(quiz.closes_at)})
    used = Attempt.objects.filter(quiz=quiz, user=user).aggregate(n=Max("number"))["n"] or 0
    if quiz.attempts_allowed is not None and used >= quiz.attempts_allowed:
        raise Refused(_("You have used every attempt this quiz allows (%(count)d)."), {"count": quiz.attempts_allowed})
    items = list(quiz.items.all())
    if not items:
        raise Refused(_("This quiz has no questions."))
    number = used + 1
    attempt = Attempt(quiz=quiz, user=user, number=number, started=now, deadline=deadline_for(quiz, now),
                      max_score=round(sum(item.points for item in items), 4),
                      layout=_layout(quiz, items, f"{quiz.pk}:{user.pk}:{number}"))
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:  # the same student started it at the same moment (two clicks)
        current = Attempt.objects.filter(quiz=quiz, user=user, state=Attempt.State.IN_PROGRESS).first()
        if current is None:
            raise
        return current
    return attempt


def save_answers(attempt: Attempt, responses: Mapping[int, object], now=None) -> int:
    """Keep the responses (item id → JSON, None: nothing given) of an attempt in progress;
    the number changed. After its time: the attempt is submitted and Refused says so."""
    now = now or timezone.now()
    if overdue(attempt, now):
        submit(attempt, now)
        raise Refused(_("Time is up: the answers saved before the end were submitted."))
    item_ids = set(attempt.quiz.items.values_list("pk", flat=True))
    wanted = {pk: response for pk, response in responses.items() if pk in item_ids}
    with transaction.atomic():
        # one save at a time per attempt (autosave and a click), never after the submission
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if not locked.in_progress:
            _refresh(attempt, locked)
            raise Refused(_("This attempt has been submitted: its answers can no longer be changed."))
        existing = {a.item_id: a for a in Answer.objects.select_for_update().filter(attempt=attempt, item_id__in=wanted)}
        changed = [a for pk, a in existing.items() if a.response != wanted[pk]]
        for answer in changed:
            answer.response = wanted[answer.item_id]
            answer.saved = now
        Answer.objects.bulk_update(changed, ["response", "saved"])
        new = [Answer(attempt=attempt, item_id=pk, response=r) for pk, r in wanted.items()
               if pk not in existing and r is not None]
        Answer.objects.bulk_create(new)
        Attempt.objects.filter(pk=attempt.pk).update(updated=now)
    return len(changed) + len(new)


def _total(answers) -> float:
    return round(sum(a.points or 0 for a in answers if not a.needs_hand), 4)


def submit(attempt: Attempt, now=None) -> Attempt:
    """Grade the objective answers, queue the essays, close the attempt. Submitting twice
    changes nothing. Past its deadline (expiry), it is submitted as of its deadline."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Attempt.objects.select_for_update().get(pk=attempt.pk)
        if not locked.in_progress:
            _refresh(attempt, locked)
            return attempt
        expired = overdue(locked, now)
        answers = {a.item_id: a for a in locked.answers.all()}
        for item in locked.quiz.items.all():
            answer = answers.get(item.pk) or Answer(attempt=locked, item=item)
            graded = grading.grade(item.content, answer.response)
            answer.fraction = graded.fraction
            answer.points = round(graded.fraction * item.points, 4)
            answer.needs_hand = graded.needs_hand
            answer.save()
            answers[item.pk] = answer
        locked.score = _total(answers.values())
        locked.state = (Attempt.State.SUBMITTED if any(a.needs_hand for a in answers.values())
                        else Attempt.State.GRADED)
        locked.expired = expired
        locked.submitted = min(now, locked.deadline) if expired else now
        locked.save()
    _refresh(attempt, locked)
    return attempt


def _refresh(attempt: Attempt, fresh: Attempt) -> None:
    for name in ("state", "score", "submitted", "expired", "max_score"):
        setattr(attempt, name, getattr(fresh, name))


def expire_overdue(attempts, now=None) -> int:
    """Submit the attempts of `attempts` (a queryset) whose time ran out; how many. Called
    before reading attempts: nobody has to be on the page when the time ends."""
    now = now or timezone.now()
    late = list(attempts.filter(state=Attempt.State.IN_PROGRESS,
                                deadline__lt=now - timedelta(seconds=GRACE_SECONDS)))
    for attempt in late:
        submit(attempt, now)
    return len(late)


def grade_by_hand(answer: Answer, grader, points: float, comment: str = "", now=None) -> Answer:
    """A teacher's points for an essay (or an answer left to a teacher), with a comment;
    a grade already given may be changed. The attempt is graded once no answer waits."""
    now = now or timezone.now()
    item = answer.item
    if answer.attempt.in_progress:
        raise Refused(_("This attempt has not been submitted yet."))
    if not (answer.needs_hand or answer.graded_by_id or item.kind == grading.ESSAY):
        raise Refused(_("This answer was graded automatically."))
    if points is None or not 0 <= points <= item.points:
        raise Refused(_("Give between 0 and %(max)s points."), {"max": points_text(item.points)})
    with transaction.atomic():
        attempt = Attempt.objects.select_for_update().get(pk=answer.attempt_id)
        answer.points = round(points, 4)
        answer.fraction = round(points / item.points, 6) if item.points else 1.0
        answer.needs_hand = False
        answer.graded_by = grader
        answer.graded_at = now
        answer.comment = comment
        answer.save()
        answers = list(attempt.answers.all())
        attempt.score = _total(answers)
        if not any(a.needs_hand for a in answers):
            attempt.state = Attempt.State.GRADED
        attempt.save(update_fields=["score", "state", "updated"])
    answer.attempt = attempt
    return answer
