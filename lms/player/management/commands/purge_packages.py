"""Remove e-learning packages nobody uses any more (lms/player/cleanup.py): replaced or
refused uploads and packages never attached to a lecture, once PLAYER_UNUSED_PACKAGE_DAYS
old, without any learner's attempt. Their unpacked files, original zip and rows go.

The project has no periodic scheduler: run it from cron, e.g. nightly
    30 2 * * *  cd /srv/lms && .venv/bin/python manage.py purge_packages
"""

from django.core.management import BaseCommand

from lms.player import cleanup


class Command(BaseCommand):
    help = "Remove e-learning packages that no lecture, revision or attempt uses any more."

    def handle(self, *args, **options):
        removed = cleanup.purge()
        self.stdout.write(f"Removed {removed} unused package(s).")
