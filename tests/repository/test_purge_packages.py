"""`manage.py purge_packages` removes the e-learning packages nobody uses any more (their
unpacked files, original zip and rows) and keeps every package a lecture or one of its
revisions points at, any package a learner has an attempt at, and recent uploads."""

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision

from lms.player.models import Attempt, Package
from player import packages
from repository import authoring
from lectures import finished_upload, make_lecture

pytestmark = pytest.mark.django_db


def ingested(tmp_path, teacher, name: str) -> Package:
    """A package unpacked by `manage.py ingest_package` (files on disk, its zip kept)."""
    path = packages.write(tmp_path / name / "package.zip", packages.scorm12_single())
    out = io.StringIO()
    call_command("ingest_package", str(path), owner=teacher.username, stdout=out)
    return Package.objects.get(pk=json.loads(out.getvalue())["id"])


def on_disk(package: Package) -> tuple[bool, bool]:
    """(its unpacked folder exists, its original zip exists)."""
    return (Path(default_storage.path(package.files_prefix)).is_dir(),
            default_storage.exists(package.original.name))


def aged(*found: Package, days: int = 8) -> None:
    Package.objects.filter(pk__in=[p.pk for p in found]).update(created_at=timezone.now() - timedelta(days=days))


def purge() -> str:
    out = io.StringIO()
    call_command("purge_packages", stdout=out)
    return out.getvalue().strip()


def test_unused_packages_go_and_used_ones_stay(demo, tmp_path, settings):
    settings.PLAYER_UNUSED_PACKAGE_DAYS = 7
    teacher, student = demo.user("giaovien.toan"), demo.user("hocsinh.6a")
    never_attached = ingested(tmp_path, teacher, "a")
    published = ingested(tmp_path, teacher, "b")
    make_lecture(demo, "Phân số", published)
    replaced = ingested(tmp_path, teacher, "c")
    draft = make_lecture(demo, "Số thập phân", replaced, state="draft")
    played = ingested(tmp_path, teacher, "d")
    Attempt.objects.create(learner=student, package=played, item=played.items.filter(is_sco=True).first(), number=1)
    recent = ingested(tmp_path, teacher, "e")
    aged(never_attached, published, replaced, played)
    aged(recent, days=1)

    # The teacher uploads another package for the draft: the first stays in its revision.
    authoring.resource_save(user=teacher, resource=draft, documents=[], keywords=[], co_authors=[], submit=False,
                            package_upload=finished_upload(teacher, packages.scorm12_single()))
    draft.refresh_from_db()
    assert draft.package_id not in {replaced.pk, None}
    aged(draft.package)

    assert purge() == "Removed 1 unused package(s)."
    assert not Package.objects.filter(pk=never_attached.pk).exists()
    assert on_disk(never_attached) == (False, False)
    for kept in (published, replaced, played, recent):
        assert Package.objects.filter(pk=kept.pk).exists()
        assert on_disk(kept) == (True, True)
    assert Package.objects.filter(pk=draft.package_id).exists()  # unpacked once the save commits
    assert Attempt.objects.filter(package=played).count() == 1

    # Once the revisions that held it are gone (Wagtail's purge_revisions), so is it.
    Revision.objects.filter(object_id=str(draft.pk)).exclude(pk=draft.latest_revision_id).delete()
    assert purge() == "Removed 1 unused package(s)."
    assert not Package.objects.filter(pk=replaced.pk).exists()
    assert on_disk(replaced) == (False, False)
    assert purge() == "Removed 0 unused package(s)."
