"""Packages nobody uses any more leave the storage: a lecture's package replaced by a
new upload (and never approved), a refused upload the teacher replaced, a package
ingested from the command line and never attached. Such packages keep their unpacked
files and original zip until `manage.py purge_packages` removes them.

A package is kept while an app says it uses it (the repository: any resource, or any
revision of one, that points at it; registered with `register_keeper`), while any
learner has an attempt at it (students' records are never removed with it), and for
PLAYER_UNUSED_PACKAGE_DAYS after it was uploaded (an upload not yet attached to its
lecture).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from lms.player.models import Package
from lms.player.services import remove_files

logger = logging.getLogger(__name__)

Keeper = Callable[[], Iterable[int]]  # -> ids of the packages an app still uses
_keepers: list[Keeper] = []


def register_keeper(keeper: Keeper) -> Keeper:
    if keeper not in _keepers:
        _keepers.append(keeper)
    return keeper


def unused(*, now=None):
    """The packages that may go: old enough, without attempts, used by no app."""
    now = now or timezone.now()
    kept: set[int] = set()
    for keeper in _keepers:
        kept.update(pk for pk in keeper() if pk is not None)
    cutoff = now - timedelta(days=settings.PLAYER_UNUSED_PACKAGE_DAYS)
    return (Package.objects.filter(created_at__lt=cutoff, attempts__isnull=True)
            .exclude(pk__in=kept).exclude(status=Package.Status.PROCESSING))


def remove(package: Package) -> None:
    """The package's unpacked files, original zip and rows (its table of contents)."""
    remove_files(package)
    if package.original:
        package.original.delete(save=False)
    with transaction.atomic():
        package.delete()


def purge(*, now=None) -> int:
    """Remove every unused package; returns how many went."""
    removed = 0
    for package in unused(now=now).order_by("pk"):
        remove(package)
        logger.info("Package %s (%s) removed: unused", package.uuid, package.original_name)
        removed += 1
    return removed
