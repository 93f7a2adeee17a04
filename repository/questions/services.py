"""Changes to question banks: banks, an import from a teacher's file (read in the
background, bounded, then saved as the teacher chooses), questions sent to review."""

from __future__ import annotations

import copy
import hashlib
import unicodedata
from dataclasses import asdict
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from lms.core import collector, rich_text, sandbox
from lms.core.text import fold
from lms.organisation.models import SchoolYear
from repository.models import Question, QuestionBank, QuestionImport, QuestionMedia, QuestionPassage
from repository.models.questions import Difficulty, QuestionSettings
from repository.permissions import authoring_groups
from repository.questions import interchange as qi
from repository.questions import bulk, formats, levels

MAX_IMPORT_BYTES = 50 * 1024 * 1024
FORMATS = ("auto", "docx", "xlsx", "gift", "moodlexml", "aiken", "qti")
_DIFFICULTIES = {"de": Difficulty.EASY, "trung binh": Difficulty.MEDIUM, "tb": Difficulty.MEDIUM,
                 "kho": Difficulty.HARD, "easy": Difficulty.EASY, "medium": Difficulty.MEDIUM,
                 "hard": Difficulty.HARD}


# --- banks ------------------------------------------------------------------------------


def bank_create(*, user, subject_group, name: str, level, subject, grade=None, textbook_series=None,
                description: str = "") -> QuestionBank:
    """A bank of one of the user's subject groups; its name unique in the group."""
    if subject_group.pk not in authoring_groups(user) and not user.is_superuser:
        raise PermissionDenied
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": _("Give the bank a name.")})
    if QuestionBank.objects.filter(subject_group=subject_group, name__iexact=name).exists():
        raise ValidationError({"name": _("The group has a bank of this name already.")})
    return QuestionBank.objects.create(subject_group=subject_group, name=name, level=level, subject=subject,
                                       grade=grade, textbook_series=textbook_series, description=description,
                                       created_by=user)


def may_add_to(user, bank: QuestionBank) -> bool:
    """The teachers of the bank's subject group add questions to it."""
    return bool(user.is_authenticated and user.is_active
                and (user.is_superuser or bank.subject_group_id in authoring_groups(user)))


# --- what makes two questions the same ----------------------------------------------------


def _normal(text: str, text_format: str = qi.PLAIN) -> str:
    return unicodedata.normalize("NFC", rich_text.plain_words(text, text_format)).casefold()


def fingerprint(content: dict) -> str:
    """The same normalised stem and answers (options in any order) give the same print."""
    fmt = content.get("text_format", qi.PLAIN)
    parts = [content.get("kind", ""), _normal(content.get("stem", ""), fmt)]
    parts += sorted(_normal(o.get("text", ""), fmt) for o in content.get("options", []))
    parts += [_normal(s.get("text", ""), fmt) for s in content.get("statements", [])]
    parts += sorted(f"{_normal(a, fmt)}→{_normal(b, fmt)}" for a, b in content.get("pairs", []))
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def title_of(content: dict) -> str:
    title = rich_text.plain_words(content.get("stem", ""), content.get("text_format", qi.PLAIN), limit=200)
    return title.replace("[[", "…").replace("]]", "") or _("(question without text)")


# --- an import: read in the background, then saved as chosen -----------------------------


def import_start(*, user, bank: QuestionBank, upload, fmt: str = "auto") -> QuestionImport:
    """Keep the teacher's file and send it to be read (repository.read_question_import)."""
    from lms.core import background
    from repository.tasks import read_question_import

    if not may_add_to(user, bank):
        raise PermissionDenied
    if fmt not in FORMATS:
        raise ValidationError({"fmt": _("Choose one of the formats offered.")})
    if upload.size > MAX_IMPORT_BYTES:
        raise ValidationError({"file": _("The file is larger than %(mb)d MB.") % {"mb": MAX_IMPORT_BYTES // 2**20}})
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")})
    job = QuestionImport(bank=bank, created_by=user, original_name=upload.name[:255], fmt=fmt)
    job.file.save(f"{bank.pk}.bin", upload, save=False)
    job.save()
    background.send_after_commit(read_question_import, job.pk)
    return job


def _web_ready(result: qi.ParseResult) -> None:
    """Images browsers cannot show (MathType's WMF/EMF previews) converted to PNG, all
    of the file's in one bounded conversion; a question whose image cannot be shown
    becomes a problem (repository/questions/media.py)."""
    from repository.questions import media

    media.ready_result(result)


def import_read(job: QuestionImport) -> None:
    """Read the file of `job` in a bounded child process and keep what it holds, for the
    teacher's preview: questions, each question's problems, skipped types, duplicates."""
    job.status, job.progress = QuestionImport.Status.READING, 10
    job.save(update_fields=["status", "progress"])
    with job.file.open("rb") as f:
        data = f.read()
    try:
        result = read_bounded(data, job.fmt)
    except ValidationError as error:
        return _failed(job, error.messages[0])
    job.progress = 80
    job.save(update_fields=["progress"])
    job.result = preview(job.bank, result, job)
    job.status, job.progress = QuestionImport.Status.READ, 100
    job.save(update_fields=["result", "status", "progress"])


def _failed(job, message: str) -> None:
    job.status, job.error, job.progress = QuestionImport.Status.FAILED, message, 100
    job.save(update_fields=["status", "error", "progress"])


def _store_media(job, where: str, media: list[qi.Media]) -> list[dict]:
    stored = []
    for item in media:
        path = default_storage.save(f"repository/question-imports/{job.pk}/{where}/{item.name}",
                                    ContentFile(item.data))
        stored.append({"name": item.name, "mime": item.mime, "alt": item.alt, "path": path})
    return stored


def read_bounded(data: bytes, fmt: str) -> qi.ParseResult:
    """The file's questions, read in a bounded child process; ValidationError with the
    reason when the file cannot be read at all."""
    try:
        result = sandbox.run_bounded(formats.read_in_child, data, fmt, translation.get_language() or settings.LANGUAGE_CODE)
    except sandbox.TimeLimitExceeded:
        raise ValidationError(_("Reading the file took too long; split it into smaller files.")) from None
    except sandbox.MemoryLimitExceeded:
        raise ValidationError(_("The file needs too much memory to read; split it into smaller files.")) from None
    except sandbox.SandboxError:
        raise ValidationError(_("The file could not be read.")) from None
    _web_ready(result)
    return result


@collector.pausing
def preview(bank: QuestionBank, result: qi.ParseResult, job: QuestionImport | None = None) -> dict:
    """The parse result as JSON (with `job`, its media bytes kept in storage), each
    question's level mapped to the district's set, and duplicates found within the file
    and against the bank."""
    level_set = QuestionSettings.level_set_for(bank.subject_group.school.district_id)
    in_bank = set(Question.objects.filter(bank=bank).values_list("fingerprint", flat=True))
    seen: dict[str, int] = {}
    problems = [asdict(p) for p in result.problems]
    questions = []
    for question in result.questions:
        content = qi.to_content(question)
        row = {
            "number": question.number, "line": question.line, "content": content, "title": title_of(content),
            "topic": question.topic, "points": question.points, "source": question.source,
            "tags": question.tags, "group": question.group, "converted_from": question.converted_from,
            "media": _store_media(job, str(question.number), question.media) if job else [],
        }
        level = levels.level_in_set(question.cognitive_level, level_set)
        difficulty = _DIFFICULTIES.get(fold(rich_text.plain_words(question.difficulty)), None)
        reasons = []
        if level is None:
            reasons.append(_("the cognitive level “%(level)s” is none of the district's levels (%(levels)s).")
                           % {"level": question.cognitive_level, "levels": ", ".join(levels.LEVEL_SETS[level_set])})
        if question.difficulty and difficulty is None:
            reasons.append(_("the difficulty “%(value)s” is none of Dễ, Trung bình, Khó.") % {"value": question.difficulty})
        for reason in reasons:
            problems.append({"number": question.number, "line": question.line, "message": reason})
        if reasons:
            continue
        row["cognitive_level"], row["difficulty"] = level, difficulty or ""
        print_ = fingerprint(content)
        row["fingerprint"] = print_
        row["duplicate_in_bank"] = print_ in in_bank
        row["duplicate_of"] = seen.get(print_)
        seen.setdefault(print_, question.number)
        questions.append(row)
    passages = {key: {"title": p.title, "text": p.text, "text_format": p.text_format,
                      "media": _store_media(job, f"p-{key}", p.media) if job else []}
                for key, p in result.passages.items()}
    problems.sort(key=lambda p: (p["number"], p["line"]))
    return {"questions": questions, "problems": problems, "skipped": [asdict(p) for p in result.skipped],
            "passages": passages}


class ImportNotWaiting(ValidationError):
    """The import is not waiting for the teacher's choice: being saved, saved already, or
    not read (a second choice would save twice; the page answers 409)."""


def _not_waiting(job: QuestionImport) -> ImportNotWaiting:
    if job.status == QuestionImport.Status.SAVING:
        return ImportNotWaiting(_("These questions are being saved; wait until it is done."))
    if job.status == QuestionImport.Status.SAVED:
        return ImportNotWaiting(_("These questions are saved already."))
    return ImportNotWaiting(_("This import is not waiting for your choice."))


def _chosen(user, job: QuestionImport, numbers, grade, school_year, *, status=QuestionImport.Status.READ):
    """The rows of `job` chosen (by number), their grade and school year, as import_save
    takes them; PermissionDenied or ValidationError (ImportNotWaiting) as it refuses."""
    bank = job.bank
    if job.created_by_id != user.pk or not may_add_to(user, bank):
        raise PermissionDenied
    if job.status != status:
        raise _not_waiting(job)
    wanted = {int(n) for n in numbers}
    rows = [row for row in job.result.get("questions", []) if row["number"] in wanted]
    if not rows:
        raise ValidationError(_("Choose at least one question to save."))
    grade = grade or bank.grade
    if grade is None:
        raise ValidationError({"grade": _("Choose the grade of these questions.")})
    school_year = school_year or SchoolYear.objects.filter(is_current=True).first()
    if school_year is None:
        raise ValidationError(_("No current school year is set: ask the district's officer."))
    return rows, grade, school_year


def import_save(*, user, job: QuestionImport, numbers, submit: bool, grade=None, school_year=None,
                topic: str = "") -> list[Question]:
    """Save the questions of `job` the teacher chose (by number) into its bank, as the
    teacher's drafts, sent to the group's review with `submit`; here, in one transaction
    (manage.py import_questions, the demo; the import page saves through import_choose).
    The questions of a shared passage come together: choosing one brings its passage."""
    rows, grade, school_year = _chosen(user, job, numbers, grade, school_year)
    with transaction.atomic():
        saved = _save_rows(user, job, rows, submit=submit, grade=grade, school_year=school_year, topic=topic)
        job.status, job.saved_count, job.progress = QuestionImport.Status.SAVED, len(saved), 100
        job.save(update_fields=["status", "saved_count", "progress"])
    return saved


def import_choose(*, user, job: QuestionImport, numbers, submit: bool, grade=None, topic: str = "") -> None:
    """The teacher's choice on the import page, checked at once as import_save checks it,
    kept on `job`, which is then saved in the background (repository.save_question_import,
    once this transaction commits). Only one choice is taken: a second one while the
    first is saved, or after, is refused (ImportNotWaiting)."""
    from lms.core import background
    from repository.tasks import save_question_import

    rows, grade, school_year = _chosen(user, job, numbers, grade, None)
    choice = {"numbers": [row["number"] for row in rows], "submit": bool(submit), "grade": grade.pk,
              "school_year": school_year.pk, "topic": topic[:255], "at": timezone.now().isoformat()}
    with transaction.atomic():
        taken = (QuestionImport.objects.filter(pk=job.pk, status=QuestionImport.Status.READ)
                 .update(status=QuestionImport.Status.SAVING, choice=choice, progress=0, error="", saved_count=0))
        if not taken:  # another request took a choice meanwhile
            job.refresh_from_db(fields=["status"])
            raise _not_waiting(job)
        _saving_progress(job, 0)  # not what an earlier attempt reached
        background.send_after_commit(save_question_import, job.pk)
    job.status, job.choice, job.progress, job.error, job.saved_count = (
        QuestionImport.Status.SAVING, choice, 0, "", 0)


# A save not done this long after the choice was lost (its worker stopped before it
# committed, or the in-process pool with the process): nothing was saved, it may be chosen
# again. Far above the task's own time limit (repository/tasks.py) and a busy queue's wait.
SAVING_LOST_AFTER = timedelta(minutes=30)


def import_unstick(job: QuestionImport) -> None:
    """An import still "saving" long after its choice (SAVING_LOST_AFTER) waits for the
    teacher's choice again, with the reason; a save that commits meanwhile wins (the
    update only takes a job still saving the same choice)."""
    if job.status != QuestionImport.Status.SAVING:
        return
    stamp = (job.choice or {}).get("at", "")
    at = parse_datetime(stamp)
    if at is not None and timezone.now() - at < SAVING_LOST_AFTER:
        return
    message = _("Saving was interrupted: nothing was saved. Try again.")
    same = QuestionImport.objects.filter(pk=job.pk, status=QuestionImport.Status.SAVING)
    if (same.filter(choice__at=stamp) if stamp else same).update(
            status=QuestionImport.Status.READ, error=message, progress=100):
        job.status, job.error, job.progress = QuestionImport.Status.READ, message, 100


def saving_progress_key(job_pk: int) -> str:
    """The cache's key of an import's progress while it is saved: the saving transaction's
    writes are seen by no one else before it commits (selectors.import_progress)."""
    return f"repository:question-import:{job_pk}:saving"


def _saving_progress(job: QuestionImport, percent: int) -> None:
    from django.core.cache import cache

    cache.set(saving_progress_key(job.pk), percent, 60 * 60)


def import_save_chosen(job: QuestionImport) -> None:
    """repository.save_question_import: the choice kept on `job` (import_choose) saved by
    import_save's rules, in one transaction, its progress kept for the page; then SAVED
    with the count. When it cannot be saved nothing is, and the import waits for the
    teacher's choice again, with the reason. A job no longer being saved (the task run
    twice) is left as it is."""
    from repository.models import Grade

    if job.status != QuestionImport.Status.SAVING:
        return
    job.progress = 10
    job.save(update_fields=["progress"])
    choice = job.choice
    try:
        with transaction.atomic():
            if not QuestionImport.objects.select_for_update().filter(
                    pk=job.pk, status=QuestionImport.Status.SAVING).exists():
                return
            rows, grade, school_year = _chosen(
                job.created_by, job, choice.get("numbers", []), Grade.objects.filter(pk=choice.get("grade")).first(),
                SchoolYear.objects.filter(pk=choice.get("school_year")).first(), status=QuestionImport.Status.SAVING)
            saved = _save_rows(job.created_by, job, rows, submit=choice.get("submit", False), grade=grade,
                               school_year=school_year, topic=choice.get("topic", ""),
                               progress=lambda percent: _saving_progress(job, percent))
            job.status, job.saved_count, job.progress = QuestionImport.Status.SAVED, len(saved), 100
            job.save(update_fields=["status", "saved_count", "progress"])
    except ValidationError as error:
        _back_to_choice(job, error.messages[0])
    except PermissionDenied:
        _back_to_choice(job, _("You may no longer add questions to this bank: nothing was saved."))
    except Exception:
        _back_to_choice(job, _("The questions could not be saved: nothing was saved. Try again."))
        raise


def _back_to_choice(job: QuestionImport, message: str) -> None:
    job.status, job.error, job.progress, job.saved_count = QuestionImport.Status.READ, message, 100, 0
    job.save(update_fields=["status", "error", "progress", "saved_count"])


@collector.pausing
def _save_rows(user, job: QuestionImport, rows: list[dict], *, submit: bool, grade, school_year, topic: str,
               progress=None) -> list[Question]:
    """`rows` of `job` saved into its bank (inside the caller's transaction); `progress`
    is told the share done between the steps."""
    bank = job.bank
    tell = progress or (lambda percent: None)
    passages = {}
    for key, passage in job.result.get("passages", {}).items():
        if any(row["group"] == key for row in rows):
            passages[key] = QuestionPassage.objects.create(
                bank=bank, title=passage["title"][:255], text=passage["text"],
                text_format=passage["text_format"], media=passage["media"], created_by=user)
    # What every question of the import shares, copied for each (faster than building
    # each one from the start: ten thousand questions in a big file).
    shared = Question(bank=bank, level=bank.level, subject=bank.subject, grade=grade,
                      textbook_series=bank.textbook_series, school_year=school_year,
                      subject_group=bank.subject_group, school=bank.subject_group.school, owner=user,
                      imported_in=job, live=False)
    saved = []
    for row in rows:
        question = copy.copy(shared)
        question.kind, question.content = row["content"]["kind"], row["content"]
        question.title, question.topic = row["title"][:255], (row["topic"] or topic)[:255]
        question.cognitive_level, question.difficulty = row["cognitive_level"], row["difficulty"]
        question.source, question.fingerprint = row["source"][:255], row["fingerprint"]
        question.passage = passages.get(row["group"])
        if row["points"] is not None:
            question.points = row["points"]
        saved.append(question)
    tell(20)
    # As question.save() and save_revision(log_action="wagtail.create") then
    # review.send_to_review would store each one, in bulk (repository/questions/bulk.py).
    bulk.save_new(
        saved, user=user, tag_names=[[t[:100] for t in row["tags"]] for row in rows],
        media=[[QuestionMedia(name=m["name"], file=m["path"], mime=m["mime"], alt=m["alt"][:500])
                for m in row["media"]] for row in rows])
    tell(80 if submit else 95)
    if submit:
        bulk.send_new_to_review(saved, user, batch_title=_("%(count)d questions of the bank “%(bank)s”")
                                % {"count": len(saved), "bank": bank.name})
        tell(95)
    return saved
