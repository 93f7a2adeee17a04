"""Unpack an e-learning package from a file, as an upload would be: prints a short JSON
summary, or the reason it is refused (exit status 1)."""

import json
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lms.accounts.models import User
from lms.player import selectors, services


class Command(BaseCommand):
    help = "Unpack a SCORM 1.2/2004 or HTML5 package (zip) and print its summary as JSON."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the package's zip file")
        parser.add_argument("--owner", required=True, help="username of the package's owner")

    def handle(self, *args, path, owner, **options):
        with translation.override(settings.LANGUAGE_CODE):  # the reasons the web shows, in its words
            return self._ingest(path, owner)

    def _ingest(self, path, owner):
        user = User.objects.filter(username=owner).first()
        if user is None:
            raise CommandError(f"No user named {owner!r}.")
        try:
            size = os.path.getsize(path)
            with open(path, "rb") as f:
                package = services.package_create(owner=user, fileobj=f, name=os.path.basename(path), size=size,
                                                  process=False)
        except OSError as exc:
            raise CommandError(f"{path}: {exc.strerror}") from exc
        except services.PackageRefused as exc:
            raise CommandError(str(exc)) from exc
        package = services.ingest(package)
        if not package.ready:
            raise CommandError(package.error)
        self.stdout.write(json.dumps(selectors.package_summary(package), ensure_ascii=False))
