"""Reports on how an e-learning package is played: reads only, plain functions.

The unit of a report is one learner on one SCO (a "pair"): the database groups the
learner's attempts at the SCO into one row (attempts, the best score, whether any
attempt completed, passed or failed, the time summed, the last activity), and every
figure is counted from those rows — never from the attempts' JSON snapshots, never one
query per learner. A package's report costs the same handful of queries whatever its
number of learners (tests/player/test_reports.py bounds it).

Definitions (what the page and the XLSX say):
- learners: distinct learners with an attempt at one of the package's SCOs; attempts:
  the attempts begun at its SCOs (one per SCO and try, once a commit arrived: the launcher
  opens an attempt at every SCO of a lecture it starts, begun or not).
- completion: a learner completed a SCO when any attempt at it completed; the package,
  when they completed every SCO of it. Completion rate = completed / learners.
- success: passed when any attempt passed, else failed when any failed, else no status.
  Success rate = passed / (passed + failed): only of those with a success status. The
  package's counts add up its SCOs' (one per learner and SCO).
- score: a percentage, score.scaled × 100 when the SCO reported it, else score.raw on
  its min–max range (0–100 when no max), between 0 and 100; a learner's score on a SCO is
  their best attempt's. The distribution counts learners per SCO in 0–9, 10–19, …,
  90–100.
- time: each attempt's total_seconds (the server's own sum of its sessions); per
  learner, over all their attempts; the median is over learners.
"""

from __future__ import annotations

import io
import statistics
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth import get_user_model
from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, F, FloatField, Max, Min, Q, Sum, Value, When, Window
from django.db.models.functions import Coalesce, Greatest, Least, RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lms.core.spreadsheets import append_row
from lms.player.models import Attempt, Interaction, Package, PackageItem

PAGE_SIZE = 50  # learners per page of the report
TOP_RESPONSES = 5
BUCKETS = tuple(f"{low}–{low + 9}" if low < 90 else "90–100" for low in range(0, 100, 10))
XLSX_CELL_MAX = 32767  # a spreadsheet cell's longest text

COMPLETED, INCOMPLETE, NOT_ATTEMPTED = "completed", "incomplete", "not attempted"
PASSED, FAILED, UNKNOWN = "passed", "failed", "unknown"


# --- Expressions -------------------------------------------------------------------------


def score_percent():
    """An attempt's score as a percentage (0–100), or NULL: scaled × 100, else raw on its
    min–max range, else raw as it is (SCORM 1.2's 0–100)."""
    def within(expression):  # each branch on its own: PostgreSQL's GREATEST skips NULLs
        return Least(Greatest(expression, Value(0.0)), Value(100.0), output_field=FloatField())

    low = Coalesce(F("score_min"), Value(0.0))
    return Case(
        When(score_scaled__isnull=False, then=within(F("score_scaled") * 100.0)),
        When(Q(score_raw__isnull=False, score_max__isnull=False, score_max__gt=low),
             then=within((F("score_raw") - low) * 100.0 / (F("score_max") - low))),
        When(score_raw__isnull=False, then=within(F("score_raw"))),
        default=Value(None), output_field=FloatField(),
    )


def _flag(**lookup):
    return Max(Case(When(Q(**lookup), then=Value(1)), default=Value(0)))


def _pairs(attempts):
    """One row per learner and SCO of `attempts` (a queryset), aggregated in the database."""
    return (attempts.values("learner_id", "item_id").order_by().annotate(
        attempts=Count("pk"),
        begun=Count("pk", filter=Q(last_commit_at__isnull=False)),
        number=Max("number"),
        completed=_flag(completion_status=COMPLETED),
        passed=_flag(success_status=PASSED),
        failed=_flag(success_status=FAILED),
        started=_flag(last_commit_at__isnull=False),
        best=Max(score_percent()),
        seconds=Sum("total_seconds"),
        first=Min("started_at"),
        last=Max(Coalesce("last_commit_at", "started_at")),
    ))


def _tracked(package: Package):
    return Attempt.objects.filter(package=package, item__is_sco=True)


def bucket(percent: float) -> int:
    """The distribution's bucket of a percentage: 0 for 0–9.99…, 9 for 90–100."""
    return min(int(percent // 10), 9)


def format_duration(seconds: float | None) -> str:
    """h:mm:ss, as the report writes time spent: 3723.4 → "1:02:03"."""
    if seconds is None:
        return ""
    hours, rest = divmod(int(round(seconds)), 3600)
    minutes, whole = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{whole:02d}"


def _rate(part: int, whole: int) -> float | None:
    return round(part * 100.0 / whole, 1) if whole else None


def _median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


# --- A learner on a SCO ----------------------------------------------------------------------


@dataclass
class Progress:
    """One learner on one SCO (one pair)."""

    item: PackageItem
    attempts: int = 0  # opened, begun or not
    begun: int = 0  # of which the learner began (a commit arrived)
    number: int = 0  # the latest attempt's number
    completion: str = NOT_ATTEMPTED
    success: str = UNKNOWN
    score: float | None = None  # best, %
    seconds: float = 0.0
    first: datetime | None = None
    last: datetime | None = None

    @classmethod
    def from_row(cls, item, row: dict) -> "Progress":
        return cls(
            item=item, attempts=row["attempts"], begun=row["begun"], number=row["number"],
            completion=COMPLETED if row["completed"] else INCOMPLETE if row["started"] else NOT_ATTEMPTED,
            success=PASSED if row["passed"] else FAILED if row["failed"] else UNKNOWN,
            score=None if row["best"] is None else round(row["best"], 1),
            seconds=row["seconds"] or 0.0, first=row["first"], last=row["last"],
        )

    @property
    def completion_label(self) -> str:
        return completion_label(self.completion)

    @property
    def success_label(self) -> str:
        return success_label(self.success)

    @property
    def duration(self) -> str:
        return format_duration(self.seconds)


def completion_label(status: str) -> str:
    if status == COMPLETED:
        return pgettext("e-learning report", "Completed")
    if status == INCOMPLETE:
        return pgettext("e-learning report", "In progress")
    return pgettext("e-learning report", "Not started")


def success_label(status: str) -> str:
    if status == PASSED:
        return pgettext("e-learning report", "Passed")
    return pgettext("e-learning report", "Not passed") if status == FAILED else ""


# --- The package's figures ---------------------------------------------------------------------


@dataclass
class Figures:
    """Learners, attempts, completion, success, scores and time: of the whole package or
    of one SCO."""

    learners: int = 0
    attempts: int = 0
    completed: int = 0  # learners who completed
    passed: int = 0
    with_success: int = 0  # passed + failed
    scored: int = 0
    distribution: list[int] = field(default_factory=lambda: [0] * len(BUCKETS))
    total_seconds: float = 0.0
    median_seconds: float | None = None
    item: PackageItem | None = None

    @property
    def completion_rate(self) -> float | None:
        return _rate(self.completed, self.learners)

    @property
    def success_rate(self) -> float | None:
        return _rate(self.passed, self.with_success)

    @property
    def total_duration(self) -> str:
        return format_duration(self.total_seconds)

    @property
    def median_duration(self) -> str:
        return format_duration(self.median_seconds)

    @property
    def buckets(self) -> list[tuple[str, int]]:
        return list(zip(BUCKETS, self.distribution))

    @property
    def largest_bucket(self) -> int:
        return max(self.distribution) or 1


@dataclass
class Summary:
    package: Package
    items: list[PackageItem]  # the package's SCOs, in order
    overall: Figures
    per_item: list[Figures]


def scos(package: Package) -> list[PackageItem]:
    return list(package.items.filter(is_sco=True).order_by("sort_order", "pk"))


def summary(package: Package, items: list[PackageItem] | None = None) -> Summary:
    """The package's figures and each SCO's (two queries with `items` not given, one with)."""
    items = scos(package) if items is None else items
    per_item = {item.pk: Figures(item=item) for item in items}
    overall = Figures()
    learner_seconds: dict[int, float] = {}
    learner_completed: dict[int, int] = {}
    item_seconds: dict[int, list[float]] = {item.pk: [] for item in items}
    for row in _pairs(_tracked(package)):
        figures = per_item.get(row["item_id"])
        if figures is None:  # an item that is no longer a SCO
            continue
        progress = Progress.from_row(figures.item, row)
        for target in (figures, overall):
            target.attempts += progress.begun
            target.total_seconds += progress.seconds
            if progress.success in (PASSED, FAILED):
                target.with_success += 1
                target.passed += progress.success == PASSED
            if progress.score is not None:
                target.scored += 1
                target.distribution[bucket(progress.score)] += 1
        figures.learners += 1
        figures.completed += progress.completion == COMPLETED
        item_seconds[figures.item.pk].append(progress.seconds)
        learner_seconds[row["learner_id"]] = learner_seconds.get(row["learner_id"], 0.0) + progress.seconds
        learner_completed[row["learner_id"]] = (learner_completed.get(row["learner_id"], 0)
                                                + (progress.completion == COMPLETED))
    overall.learners = len(learner_seconds)
    overall.completed = sum(1 for done in learner_completed.values() if items and done == len(items))
    overall.median_seconds = _median(list(learner_seconds.values()))
    for item in items:
        per_item[item.pk].median_seconds = _median(item_seconds[item.pk])
    return Summary(package=package, items=items, overall=overall, per_item=list(per_item.values()))


# --- Per learner ------------------------------------------------------------------------------


@dataclass
class LearnerRow:
    learner: object  # the user
    school_class: str
    school: str
    progress: list[Progress]  # one per SCO of the package, in order

    @property
    def started(self) -> list[Progress]:
        return [p for p in self.progress if p.attempts]


def learners_of(package: Package):
    """The package's learners, by name (their class and school joined)."""
    learners = _tracked(package).values("learner_id")
    return (get_user_model().objects.filter(pk__in=learners)
            .select_related("school_class__school").order_by("full_name", "username", "pk"))


def _learner_rows(package: Package, items: list[PackageItem], learners, *, every=False) -> list[LearnerRow]:
    """Each of `learners`' progress on each SCO; `every` when they are all the package's
    learners (their rows are then read without a list of ids)."""
    learners = list(learners)
    by_item = {item.pk: item for item in items}
    attempts = _tracked(package)
    if not every:
        attempts = attempts.filter(learner_id__in=[learner.pk for learner in learners])
    rows: dict[tuple[int, int], dict] = {}
    for row in _pairs(attempts):
        rows[(row["learner_id"], row["item_id"])] = row
    out = []
    for learner in learners:
        school_class = learner.school_class
        progress = [Progress.from_row(item, rows[(learner.pk, item.pk)]) if (learner.pk, item.pk) in rows
                    else Progress(item=item) for item in by_item.values()]
        out.append(LearnerRow(learner=learner, school_class=school_class.name if school_class else "",
                              school=school_class.school.name if school_class else "", progress=progress))
    return out


def learners_page(package: Package, items: list[PackageItem], number) -> tuple[Page, list[LearnerRow]]:
    """One page of PAGE_SIZE learners (three queries: the count, the learners, their rows)."""
    page = Paginator(learners_of(package), PAGE_SIZE).get_page(number)
    return page, _learner_rows(package, items, page.object_list)


# --- Per interaction -----------------------------------------------------------------------------


@dataclass
class Response:
    text: str
    count: int
    correct: int
    incorrect: int

    @property
    def verdict(self) -> str:
        """"correct" / "incorrect" when every answer of it was judged so, "unjudged" when
        none was (neutral, unanticipated, a numeric result), else "mixed"."""
        if self.correct == self.count:
            return "correct"
        if self.incorrect == self.count:
            return "incorrect"
        return "unjudged" if self.correct + self.incorrect == 0 else "mixed"

    @property
    def verdict_label(self) -> str:
        if self.verdict == "unjudged":
            return pgettext("e-learning report", "Not judged")
        if self.verdict == "mixed":
            return pgettext("e-learning report", "Sometimes correct")
        return result_label(self.verdict)


@dataclass
class Question:
    item: PackageItem
    identifier: str
    description: str
    type: str
    learners: int  # distinct learners who answered
    answers: int  # answers (interaction records: one per attempt, or more)
    correct: int
    responses: list[Response] = field(default_factory=list)  # the TOP_RESPONSES most common

    @property
    def correct_rate(self) -> float | None:
        return _rate(self.correct, self.answers)


def questions(package: Package, items: list[PackageItem]) -> list[Question]:
    """Each interaction (by SCO and identifier) across learners, in the order the SCO
    first records it, with its most common responses (two queries)."""
    by_item = {item.pk: item for item in items}
    interactions = Interaction.objects.filter(attempt__package=package, attempt__item__in=list(by_item))
    grouped = (interactions.values("attempt__item_id", "identifier").order_by().annotate(
        learners=Count("attempt__learner_id", distinct=True), answers=Count("pk"),
        correct=Count("pk", filter=Q(result="correct")), description=Max("description"), kind=Max("type"),
        first=Min("index"),
    ))
    found = {}
    for row in grouped:
        item = by_item[row["attempt__item_id"]]
        found[(item.pk, row["identifier"])] = Question(
            item=item, identifier=row["identifier"], description=row["description"] or "", type=row["kind"] or "",
            learners=row["learners"], answers=row["answers"], correct=row["correct"])
    partition = [F("attempt__item_id"), F("identifier")]
    responses = (interactions.values("attempt__item_id", "identifier", "learner_response").order_by()
                 .annotate(n=Count("pk"), correct=Count("pk", filter=Q(result="correct")),
                           incorrect=Count("pk", filter=Q(result="incorrect")))
                 .annotate(rank=Window(RowNumber(), partition_by=partition,
                                       order_by=[F("n").desc(), F("learner_response").asc()]))
                 .filter(rank__lte=TOP_RESPONSES))
    for row in responses:
        question = found.get((row["attempt__item_id"], row["identifier"]))
        if question is not None:
            question.responses.append(Response(row["learner_response"], row["n"], row["correct"], row["incorrect"]))
    order = {item.pk: index for index, item in enumerate(items)}
    first = {(row["attempt__item_id"], row["identifier"]): row["first"] for row in grouped}
    for question in found.values():
        question.responses.sort(key=lambda r: (-r.count, r.text))
    return sorted(found.values(), key=lambda q: (order[q.item.pk], first[(q.item.pk, q.identifier)], q.identifier))


# --- A student's own learning -----------------------------------------------------------------------


@dataclass
class Learning:
    """What one learner did with one package."""

    package: Package
    sco_count: int
    progress: list[Progress]  # the SCOs they opened

    @property
    def completed(self) -> int:
        return sum(1 for p in self.progress if p.completion == COMPLETED)

    @property
    def finished(self) -> bool:
        return bool(self.sco_count) and self.completed >= self.sco_count

    @property
    def status_label(self) -> str:
        if self.finished:
            return completion_label(COMPLETED)
        if any(p.completion != NOT_ATTEMPTED for p in self.progress):
            return completion_label(INCOMPLETE)
        return completion_label(NOT_ATTEMPTED)

    @property
    def success(self) -> str:
        statuses = {p.success for p in self.progress}
        if FAILED in statuses:
            return FAILED
        return PASSED if PASSED in statuses else UNKNOWN

    @property
    def success_label(self) -> str:
        return success_label(self.success)

    @property
    def score(self) -> float | None:
        """The mean of the SCOs' best scores, over the SCOs that gave one."""
        scores = [p.score for p in self.progress if p.score is not None]
        return round(sum(scores) / len(scores), 1) if scores else None

    @property
    def seconds(self) -> float:
        return sum(p.seconds for p in self.progress)

    @property
    def duration(self) -> str:
        return format_duration(self.seconds)

    @property
    def first(self) -> datetime | None:
        return min((p.first for p in self.progress if p.first), default=None)

    @property
    def last(self) -> datetime | None:
        return max((p.last for p in self.progress if p.last), default=None)


def learning_of(user) -> list[Learning]:
    """Every package `user` has attempts at, newest activity first (two queries; the
    caller keeps those the learner may still play)."""
    rows = list(_pairs(Attempt.objects.filter(learner=user, item__is_sco=True)).values(
        "item_id", "attempts", "begun", "number", "completed", "passed", "failed", "started", "best", "seconds",
        "first", "last", "item__package_id"))
    if not rows:
        return []
    items = PackageItem.objects.filter(pk__in={row["item_id"] for row in rows}).select_related("package")
    items = {item.pk: item for item in items}
    counts = dict(PackageItem.objects.filter(package_id__in={item.package_id for item in items.values()},
                                             is_sco=True)
                  .values("package_id").order_by().annotate(n=Count("pk")).values_list("package_id", "n"))
    learning: dict[int, Learning] = {}
    for row in rows:
        item = items[row["item_id"]]
        entry = learning.setdefault(item.package_id, Learning(item.package, counts.get(item.package_id, 0), []))
        entry.progress.append(Progress.from_row(item, row))
    for entry in learning.values():
        entry.progress.sort(key=lambda p: (p.item.sort_order, p.item.pk))
    oldest = timezone.now() - timedelta(days=365 * 100)
    return sorted(learning.values(), key=lambda e: (e.last or oldest, e.package.pk), reverse=True)


# --- XLSX ---------------------------------------------------------------------------------------------

DATE_FORMAT = "dd/mm/yyyy hh:mm"
DURATION_FORMAT = "[h]:mm:ss"


def result_label(result: str) -> str:
    """An interaction's result as the report writes it (a numeric result as it is)."""
    labels = {
        "correct": pgettext("e-learning report", "Correct"),
        "incorrect": pgettext("e-learning report", "Incorrect"),
        "neutral": pgettext("e-learning report", "Neutral"),
        "unanticipated": pgettext("e-learning report", "Unanticipated"),
    }
    return labels.get(result, result)


def _local(moment: datetime | None):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


def _duration(seconds: float | None):
    return timedelta(seconds=round(seconds)) if seconds is not None else None


def _cut(text: str) -> str:
    return text if len(text) <= XLSX_CELL_MAX else text[:XLSX_CELL_MAX - 1] + "…"


def _formats(ws, formats: dict[int, str]) -> None:
    """Number formats of the last row's cells, by column (1-based)."""
    for column, number_format in formats.items():
        ws.cell(row=ws.max_row, column=column).number_format = number_format


def _header(ws, values: list[str], widths: tuple[int, ...] = ()) -> None:
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    append_row(ws, values)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = width


def _summary_sheet(ws, package: Package, report: Summary) -> None:
    from lms.player.selectors import package_version

    fig = report.overall
    append_row(ws, [pgettext("e-learning report", "E-learning package"), str(package)])
    append_row(ws, [pgettext("e-learning report", "Standard"), package_version(package)])
    append_row(ws, [pgettext("e-learning report", "Exported"), _local(timezone.now())])
    _formats(ws, {2: DATE_FORMAT})
    append_row(ws, [])
    append_row(ws, [pgettext("e-learning report", "Learners"), fig.learners])
    append_row(ws, [pgettext("e-learning report", "Attempts"), fig.attempts])
    append_row(ws, [pgettext("e-learning report", "Learners who completed it"), fig.completed])
    append_row(ws, [pgettext("e-learning report", "Completion rate (%)"), fig.completion_rate])
    append_row(ws, [pgettext("e-learning report", "Passed"), fig.passed])
    append_row(ws, [pgettext("e-learning report", "With a pass or fail status"), fig.with_success])
    append_row(ws, [pgettext("e-learning report", "Success rate (%)"), fig.success_rate])
    append_row(ws, [pgettext("e-learning report", "Total time spent"), _duration(fig.total_seconds)])
    _formats(ws, {2: DURATION_FORMAT})
    append_row(ws, [pgettext("e-learning report", "Median time per learner"), _duration(fig.median_seconds)])
    _formats(ws, {2: DURATION_FORMAT})
    append_row(ws, [])
    _header(ws, [
        pgettext("e-learning report", "Part"),
        pgettext("e-learning report", "Learners"),
        pgettext("e-learning report", "Attempts"),
        pgettext("e-learning report", "Completed"),
        pgettext("e-learning report", "Completion rate (%)"),
        pgettext("e-learning report", "Passed"),
        pgettext("e-learning report", "With a pass or fail status"),
        pgettext("e-learning report", "Success rate (%)"),
        pgettext("e-learning report", "Total time spent"),
        pgettext("e-learning report", "Median time per learner"),
        *BUCKETS,
    ], widths=(34, 22, 10, 12, 14, 10, 14, 14, 14, 14))
    for figures in report.per_item:
        append_row(ws, [figures.item.title, figures.learners, figures.attempts, figures.completed,
                        figures.completion_rate, figures.passed, figures.with_success, figures.success_rate,
                        _duration(figures.total_seconds), _duration(figures.median_seconds),
                        *figures.distribution])
        _formats(ws, {9: DURATION_FORMAT, 10: DURATION_FORMAT})
    append_row(ws, [])
    _header(ws, [pgettext("e-learning report", "Score (%)"), pgettext("e-learning report", "Learners")])
    for label, count in fig.buckets:
        append_row(ws, [label, count])


def _learners_sheet(ws, package: Package, items: list[PackageItem]) -> None:
    _header(ws, [
        _("Full name"), _("Username"), _("Class"), _("School"),
        pgettext("e-learning report", "Part"),
        pgettext("e-learning report", "Completion"),
        pgettext("e-learning report", "Result"),
        pgettext("e-learning report", "Score (%)"),
        pgettext("e-learning report", "Time spent"),
        pgettext("e-learning report", "Attempt"),
        pgettext("e-learning report", "Started"),
        pgettext("e-learning report", "Last activity"),
    ], widths=(28, 18, 8, 28, 28, 16, 12, 10, 12, 8, 17, 17))
    for row in _learner_rows(package, items, learners_of(package), every=True):
        for progress in row.started:
            append_row(ws, [row.learner.get_full_name(), row.learner.username, row.school_class, row.school,
                            progress.item.title, progress.completion_label, progress.success_label,
                            progress.score, _duration(progress.seconds), progress.number,
                            _local(progress.first), _local(progress.last)])
            _formats(ws, {9: DURATION_FORMAT, 11: DATE_FORMAT, 12: DATE_FORMAT})


def _questions_sheet(ws, package: Package, items: list[PackageItem]) -> None:
    _header(ws, [
        pgettext("e-learning report", "Part"),
        pgettext("e-learning report", "Question"),
        pgettext("e-learning report", "Description"),
        pgettext("e-learning report", "Type"),
        pgettext("e-learning report", "Learners who answered"),
        pgettext("e-learning report", "Answers given"),
        pgettext("e-learning report", "Correct"),
        pgettext("e-learning report", "Correct (%)"),
        *[pgettext("nth most common response", "Response %(n)s") % {"n": n} for n in range(1, TOP_RESPONSES + 1)],
    ], widths=(24, 20, 40, 12, 12, 10, 10, 10, 24, 24, 24, 24, 24))
    for question in questions(package, items):
        append_row(ws, [question.item.title, question.identifier, question.description, question.type,
                        question.learners, question.answers, question.correct, question.correct_rate,
                        *[_cut(f"{r.text} ({r.count}, {r.verdict_label})") for r in question.responses]])


def _answers_sheet(ws, package: Package, items: list[PackageItem]) -> None:
    _header(ws, [
        _("Full name"), _("Username"), _("Class"),
        pgettext("e-learning report", "Part"),
        pgettext("e-learning report", "Attempt"),
        pgettext("e-learning report", "Question"),
        pgettext("e-learning report", "Response"),
        pgettext("e-learning report", "Result"),
        pgettext("e-learning report", "Response time"),
        pgettext("e-learning report", "Answered"),
    ], widths=(28, 18, 8, 24, 8, 20, 40, 12, 12, 22))
    answers = (Interaction.objects.filter(attempt__package=package, attempt__item__in=items)
               .order_by("attempt__learner__full_name", "attempt__learner__username", "attempt__learner_id",
                         "attempt__item__sort_order", "attempt__number", "index")
               .values_list("attempt__learner__full_name", "attempt__learner__username",
                            "attempt__learner__school_class__name", "attempt__item__title", "attempt__number",
                            "identifier", "learner_response", "result", "latency_seconds", "timestamp"))
    for name, username, class_name, part, number, identifier, response, result, latency, when in answers:
        append_row(ws, [name or username, username, class_name or "", part, number, identifier, _cut(response),
                        result_label(result), _duration(latency), when])
        _formats(ws, {9: DURATION_FORMAT})


def workbook(package: Package) -> bytes:
    """The report as an XLSX workbook: sheets "Tổng quan" (the figures, each SCO's, the
    score distribution), "Học sinh" (a row per learner and SCO they opened), "Câu hỏi"
    (a row per question) and "Câu trả lời" (every answer). Dates are dd/mm/yyyy hh:mm,
    durations [h]:mm:ss, rates and scores percentages with one decimal; text is stored
    as text (lms.core.spreadsheets)."""
    from openpyxl import Workbook

    items = scos(package)
    wb = Workbook()
    wb.active.title = pgettext("report sheet", "Summary")
    _summary_sheet(wb.active, package, summary(package, items))
    _learners_sheet(wb.create_sheet(pgettext("report sheet", "Learners")), package, items)
    _questions_sheet(wb.create_sheet(pgettext("report sheet", "Questions")), package, items)
    _answers_sheet(wb.create_sheet(pgettext("report sheet", "Answers")), package, items)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
