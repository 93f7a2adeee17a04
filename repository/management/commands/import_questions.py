"""`manage.py import_questions PATH --format auto|docx|xlsx|gift|moodlexml|aiken|qti --bank BANK [--dry-run]`

Reads a file of questions (in the processing sandbox, as the import page does), prints
how many questions it holds, each question's problems (number, line, reason), the types
skipped and the duplicates, and — unless --dry-run — saves the valid questions that are
not already in the bank into BANK (its id or name) as drafts of --author (by default the
bank's creator), sent to the subject group's review unless --draft. Exits 1 when the
file had errors (the valid questions are saved all the same: one bad question never
sinks the file), 2 when it could not be read at all.
"""

from __future__ import annotations

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from lms.accounts.models import User
from repository.models import Grade, QuestionBank, QuestionImport
from repository.questions import services


class Command(BaseCommand):
    help = "Import questions from a file into a question bank."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--format", dest="fmt", default="auto", choices=services.FORMATS)
        parser.add_argument("--bank", required=True, help="the bank's id or name")
        parser.add_argument("--dry-run", action="store_true", help="read and report, save nothing")
        parser.add_argument("--author", help="username of the questions' author (default: the bank's creator)")
        parser.add_argument("--grade", type=int, help="grade number, when the bank has none")
        parser.add_argument("--draft", action="store_true", help="keep the questions as drafts, not sent to review")

    def handle(self, path, fmt, bank, dry_run, author, grade, draft, **options):
        bank_row = self._bank(bank)
        file = Path(path)
        if not file.is_file():
            raise CommandError(_("No file at %(path)s.") % {"path": path})
        data = file.read_bytes()
        try:
            result = services.read_bounded(data, fmt)
        except ValidationError as error:
            self.stderr.write(error.messages[0])
            raise SystemExit(2) from None
        user, grade_row = self._author(bank_row, author), self._grade(bank_row, grade)
        job = None
        if not dry_run:  # kept, with the images of its questions, for the questions saved
            job = QuestionImport(bank=bank_row, created_by=user, original_name=file.name[:255], fmt=fmt,
                                 status=QuestionImport.Status.READ, progress=100)
            job.file.save(f"{bank_row.pk}.bin", ContentFile(data), save=False)
            job.save()
        found = services.preview(bank_row, result, job)
        questions, problems = found["questions"], found["problems"]
        duplicates = [q for q in questions if q["duplicate_in_bank"] or q["duplicate_of"]]
        self.stdout.write(_("%(questions)d questions read, %(problems)d with errors, %(skipped)d skipped, "
                            "%(duplicates)d duplicates.")
                          % {"questions": len(questions), "problems": len({p["number"] for p in problems}),
                             "skipped": len(found["skipped"]), "duplicates": len(duplicates)})
        for problem in problems:
            if problem["number"]:
                self.stdout.write(_("Question %(number)d (line %(line)d): %(message)s") % problem)
            elif problem["line"]:
                self.stdout.write(_("Line %(line)d: %(message)s") % problem)
            else:
                self.stdout.write(_("The file: %(message)s") % problem)
        for skipped in found["skipped"]:
            self.stdout.write(_("Skipped: question %(number)d (line %(line)d): %(message)s") % skipped)
        for row in duplicates:
            where = (_("already in the bank") if row["duplicate_in_bank"]
                     else _("same as question %(number)d") % {"number": row["duplicate_of"]})
            self.stdout.write(_("Duplicate: question %(number)d, %(where)s.") % {"number": row["number"], "where": where})
        if job is not None:
            job.result = found
            job.save(update_fields=["result"])
            self._save(job, user, grade_row, draft, duplicates)
        if problems:
            raise SystemExit(1)

    def _bank(self, key: str) -> QuestionBank:
        banks = QuestionBank.objects.filter(pk=int(key)) if key.isdigit() else QuestionBank.objects.filter(name=key)
        found = list(banks.select_related("subject_group__school")[:2])
        if not found:
            raise CommandError(_("No question bank “%(bank)s”.") % {"bank": key})
        if len(found) > 1:
            raise CommandError(_("Several banks are named “%(bank)s”: give its id.") % {"bank": key})
        return found[0]

    def _author(self, bank, author):
        if not author:
            return bank.created_by
        user = User.objects.filter(username=author).first()
        if user is None:
            raise CommandError(_("No user “%(name)s”.") % {"name": author})
        return user

    def _grade(self, bank, grade):
        if grade is None:
            return None
        grade_row = Grade.objects.filter(level=bank.level, number=grade).first()
        if grade_row is None:
            raise CommandError(_("No grade %(grade)d at this bank's level.") % {"grade": grade})
        return grade_row

    def _save(self, job, user, grade, draft, duplicates):
        skip = {row["number"] for row in duplicates}
        numbers = [row["number"] for row in job.result["questions"] if row["number"] not in skip]
        if not numbers:
            self.stdout.write(_("Nothing to save."))
            return
        try:
            saved = services.import_save(user=user, job=job, numbers=numbers, submit=not draft, grade=grade)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        self.stdout.write(_("%(count)d questions saved into “%(bank)s”.") % {"count": len(saved), "bank": job.bank.name})
