"""Remove uploads left unfinished or unused past their expiry (UPLOADS_EXPIRY_HOURS
after their last part, or after they finished), and stray files under UPLOADS_DIR.

The project has no periodic scheduler: run it from cron, e.g. hourly
    0 * * * *  cd /srv/lms && .venv/bin/python manage.py purge_uploads
"""

from django.core.management import BaseCommand

from lms.uploads import services


class Command(BaseCommand):
    help = "Remove expired chunked uploads and their files."

    def handle(self, *args, **options):
        uploads, strays = services.purge()
        self.stdout.write(f"Removed {uploads} expired upload(s) and {strays} stray file(s).")
