"""`manage.py reprocess_documents`: process repository files again (text for search,
thumbnail, page count, duration), through the same Celery task as an upload.

By default the files still waiting (their task lost, or the broker down at upload) or
failed; `--all` for every file (after a new reader is added, say); `--id N` (repeatable)
for given ones. Without a broker (CELERY_TASK_ALWAYS_EAGER) the files are processed here,
one after the other, before the command returns.
"""

from django.core.management.base import BaseCommand, CommandError

from repository import selectors, services
from repository.models import ResourceDocument


class Command(BaseCommand):
    help = "Queue repository files for processing again: by default those pending or failed."

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--all", action="store_true", dest="every", help="every repository file")
        which.add_argument("--id", type=int, action="append", dest="ids", metavar="N",
                           help="the repository file with this id (repeatable)")

    def handle(self, *args, every=False, ids=None, **options):
        if ids:
            documents = ResourceDocument.objects.filter(pk__in=ids)
            missing = sorted(set(ids) - set(documents.values_list("pk", flat=True)))
            if missing:
                raise CommandError(f"No repository file with id {', '.join(map(str, missing))}; nothing queued.")
        elif every:
            documents = ResourceDocument.objects.all()
        else:
            documents = selectors.documents_awaiting_processing()
        count = services.documents_reprocess(documents=documents)
        self.stdout.write(f"Queued {count} document{'' if count == 1 else 's'} for processing.")
