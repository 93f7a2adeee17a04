"""Reads about quizzes and attempts: a student's attempts, a quiz's results by class,
its item statistics, the essays waiting for a teacher. Callers expire overdue attempts
first (services.expire_overdue)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone

from lms.organisation.models import SchoolClass
from lms.quiz import presentation, statistics
from lms.quiz.models import Answer, Attempt, Quiz
from lms.quiz.rendering import bare

FINISHED = (Attempt.State.SUBMITTED, Attempt.State.GRADED)


def attempts_of(user, quiz: Quiz) -> list[Attempt]:
    return list(Attempt.objects.filter(quiz=quiz, user=user).order_by("number"))


def attempts_left(quiz: Quiz, attempts: list[Attempt]) -> int | None:
    """None: unlimited."""
    if quiz.attempts_allowed is None:
        return None
    return max(0, quiz.attempts_allowed - len(attempts))


def window(quiz: Quiz, now=None) -> str:
    """"not_open", "open" or "closed"."""
    now = now or timezone.now()
    if quiz.opens_at and now < quiz.opens_at:
        return "not_open"
    if quiz.closes_at and now >= quiz.closes_at:
        return "closed"
    return "open"


def answers_by_item(attempt: Attempt) -> dict[int, Answer]:
    return {a.item_id: a for a in attempt.answers.select_related("graded_by")}


@dataclass
class ClassResults:
    school_class: object  # None: students with no class
    rows: list[Attempt] = field(default_factory=list)

    @property
    def students(self) -> int:
        return len({a.user_id for a in self.rows})

    @property
    def mean_score(self) -> float | None:
        scores = [a.score for a in self.rows if a.state in FINISHED and a.score is not None]
        return sum(scores) / len(scores) if scores else None


def results_by_class(quiz: Quiz, school_class_id: int | None = None) -> list[ClassResults]:
    """Every attempt (those in progress too) by the student's class (their class now):
    classes by school and name, students by name, attempts by number; no class last."""
    attempts = (Attempt.objects.filter(quiz=quiz)
                .select_related("user", "user__school_class", "user__school_class__school")
                .order_by("user__school_class__school__name", "user__school_class__name", "user__full_name",
                          "user__username", "number"))
    if school_class_id is not None:
        attempts = attempts.filter(user__school_class_id=school_class_id)
    groups: dict[object, ClassResults] = {}
    for attempt in attempts:
        key = attempt.user.school_class_id
        groups.setdefault(key, ClassResults(attempt.user.school_class)).rows.append(attempt)
    # students without a class last
    return sorted(groups.values(), key=lambda g: g.school_class is None)


def classes_of(quiz: Quiz) -> list:
    """The classes whose students made attempts, for the filter."""
    return list(SchoolClass.objects.filter(students__quiz_attempts__quiz=quiz).distinct()
                .select_related("school", "school_year").order_by("school__name", "name"))


@dataclass
class Summary:
    students: int
    finished: int
    in_progress: int
    mean_score: float | None
    pending: int


def summary(quiz: Quiz) -> Summary:
    rows = list(Attempt.objects.filter(quiz=quiz).values_list("user_id", "state", "score"))
    finished = [score for _user, state, score in rows if state in FINISHED]
    return Summary(
        students=len({user for user, _s, _sc in rows}),
        finished=len(finished),
        in_progress=sum(1 for _u, state, _s in rows if state == Attempt.State.IN_PROGRESS),
        mean_score=sum(s or 0 for s in finished) / len(finished) if finished else None,
        pending=Answer.objects.filter(attempt__quiz=quiz, needs_hand=True).exclude(
            attempt__state=Attempt.State.IN_PROGRESS).count(),
    )


@dataclass
class ItemRow:
    number: int
    item: object
    kind_label: str
    stats: statistics.ItemStatistics
    distribution: list[tuple[str, int, bool]]  # (label, count, right)


def _choice_label(item, choice: statistics.Choice) -> str:
    content = item.content or {}
    kind = content.get("kind")
    if choice.part is None and isinstance(choice.value, bool):
        return str(presentation.TRUTH_LABELS[choice.value])
    if choice.part is None:
        return presentation.letter(choice.value)
    if kind == "true_false_group":
        return f"{presentation.statement_letter(choice.part)}) {presentation.TRUTH_LABELS[choice.value]}"
    return f"{choice.part + 1}. {bare(choice.value, content.get('text_format', 'plain'))}"


def item_statistics(quiz: Quiz) -> list[ItemRow]:
    """The statistics of each item, in the quiz's order, over each student's first finished
    attempt (the one taken without having seen the questions)."""
    items = list(quiz.items.all())
    firsts: dict[int, Attempt] = {}
    finished = (Attempt.objects.filter(quiz=quiz, state__in=FINISHED).order_by("user_id", "number")
                .prefetch_related(Prefetch("answers", queryset=Answer.objects.only(
                    "attempt_id", "item_id", "response", "fraction", "needs_hand"))))
    for attempt in finished:
        firsts.setdefault(attempt.user_id, attempt)
    scored = []
    for attempt in firsts.values():
        answers = {a.item_id: a for a in attempt.answers.all()}
        scored.append(statistics.Scored(
            total=attempt.score or 0,
            fractions={pk: (None if a.needs_hand else a.fraction) for pk, a in answers.items()},
            responses={pk: a.response for pk, a in answers.items()},
        ))
    stats = statistics.item_statistics(scored, {item.pk: item.content for item in items})
    return [ItemRow(number=n, item=item, kind_label=presentation.KIND_LABELS.get(item.kind, item.kind), stats=s,
                    distribution=[(_choice_label(item, c), c.count, c.correct) for c in s.distribution])
            for n, (item, s) in enumerate(zip(items, stats), start=1)]


def pending_answers(quiz: Quiz):
    """The answers waiting for a teacher, oldest submission first."""
    return (Answer.objects.filter(attempt__quiz=quiz, needs_hand=True)
            .exclude(attempt__state=Attempt.State.IN_PROGRESS)
            .select_related("attempt", "attempt__user", "item").order_by("attempt__submitted", "attempt_id",
                                                                         "item__position"))
