"""Rewrite every resource's catalogue search vector and recount the words that
spelling suggestions offer (PostgreSQL; repository/search.py). Nothing to do on SQLite.

`--words` recounts the words only: new words are added as resources are published, but
their counts (and words no published resource uses any more) wait for this.
"""

import sys
import time

from django.core.management.base import BaseCommand
from django.db import connection

from repository import search


class Command(BaseCommand):
    help = "Rebuild the catalogue's search vectors and its suggestions' words (PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--words", action="store_true", help="Recount the suggestions' words only.")

    def handle(self, *args, words, **options):
        if connection.vendor != "postgresql":
            self.stdout.write("Nothing to do: the catalogue's own search vectors are for PostgreSQL.")
            return
        started = time.monotonic()
        if words:
            n = search.refresh_words()
            self.stdout.write(f"{n} words counted in {time.monotonic() - started:.1f} s.")
            return
        n = search.refresh_all(log=lambda line: print(line, file=sys.stderr, flush=True))
        self.stdout.write(f"{n} search vectors written in {time.monotonic() - started:.1f} s.")
