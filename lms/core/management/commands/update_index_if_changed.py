"""Rebuild the search index when the way text is folded for search has changed.

The index holds folded copies of the texts (lms.core.text.search_fold); a new folding
only finds what was indexed with it. `make run` calls this after `migrate`: nothing
happens unless SEARCH_FOLD_VERSION differs from the one recorded in the var folder.
"""

from django.conf import settings
from django.core.management import BaseCommand, call_command

from lms.core.text import SEARCH_FOLD_VERSION


class Command(BaseCommand):
    help = "Rebuild the search index if the search folding changed since it was built."

    def handle(self, *args, **options):
        marker = settings.VAR_DIR / ".search-fold-version"
        recorded = marker.read_text().strip() if marker.exists() else ""
        if recorded == str(SEARCH_FOLD_VERSION):
            self.stdout.write("The search index is up to date.")
            return
        call_command("update_index", verbosity=options["verbosity"])
        # The catalogue's own search vectors on PostgreSQL hold folded words too.
        call_command("refresh_catalogue_search", verbosity=options["verbosity"], stdout=self.stdout)
        marker.write_text(f"{SEARCH_FOLD_VERSION}\n")
        self.stdout.write(f"The search index was rebuilt (search folding version {SEARCH_FOLD_VERSION}).")
