"""Rewrite the catalogue's own search index (repository/search.py): every resource's
search vector and the words that spelling suggestions offer on PostgreSQL, the FTS5
table's rows on SQLite; and the facet counts that browsing reads
(repository/facet_counts.py), after writes that bypassed the model.

`--words` recounts the words only: new words are added as resources are published, but
their counts (and words no published resource uses any more) wait for this.
"""

import sys
import time

from django.core.management.base import BaseCommand
from django.db import connection

from repository import facet_counts, search


class Command(BaseCommand):
    help = "Rebuild the catalogue's own search index (and, on PostgreSQL, its suggestions' words)."

    def add_arguments(self, parser):
        parser.add_argument("--words", action="store_true", help="Recount the suggestions' words only.")

    def handle(self, *args, words, **options):
        if not words:
            combinations = facet_counts.recount()
            self.stdout.write(f"{combinations} facet combinations counted.")
        if not search.enabled():
            self.stdout.write("Nothing to do: the catalogue searches through Wagtail's backend here.")
            return
        started = time.monotonic()
        if words and connection.vendor == "postgresql":
            n = search.refresh_words()
            self.stdout.write(f"{n} words counted in {time.monotonic() - started:.1f} s.")
            return
        n = search.refresh_all(log=lambda line: print(line, file=sys.stderr, flush=True))
        self.stdout.write(f"{n} resources indexed for the catalogue in {time.monotonic() - started:.1f} s.")
