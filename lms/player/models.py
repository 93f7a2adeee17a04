"""E-learning packages (SCORM 1.2, SCORM 2004, plain HTML5) as the player keeps them.

A package is uploaded as a zip, kept whole (`original`, for reviewers to download) and
unpacked under `files_prefix` in the default storage (services.ingest), from where the
content origin serves it (views on CONTENT_ORIGIN, tokens.py). Its table of contents
comes from its manifest: one PackageItem per item, in order. The repository's e-learning
lectures and contest entries point at a package; the player leans on neither.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

FILES_ROOT = "player/packages"
ORIGINALS_ROOT = "player/originals"


def _original_path(package, filename: str) -> str:
    # The uploader's name is kept in `original_name`; the stored one is ours.
    return f"{ORIGINALS_ROOT}/{package.uuid}.zip"


class Package(models.Model):
    class Standard(models.TextChoices):
        SCORM12 = "scorm12", "SCORM 1.2"
        SCORM2004 = "scorm2004", "SCORM 2004"
        HTML = "html", _("HTML5 web package (not tracked)")

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting to be processed")
        PROCESSING = "processing", _("Being processed")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Refused")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("uploaded by"),
    )
    original = models.FileField(_("package file"), upload_to=_original_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    original_size = models.BigIntegerField(_("file size"), default=0)

    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.WAITING)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    error = models.TextField(_("reason refused"), blank=True)  # in the platform's language

    standard = models.CharField(_("standard"), max_length=12, choices=Standard.choices, blank=True)
    edition = models.CharField(_("edition"), max_length=8, blank=True)  # SCORM 2004: 2nd, 3rd, 4th
    identifier = models.CharField(_("manifest identifier"), max_length=255, blank=True)
    title = models.CharField(_("package title"), max_length=255, blank=True)  # the package's own
    tool = models.CharField(_("authoring tool"), max_length=64, blank=True)
    root = models.CharField(_("folder in the zip"), max_length=255, blank=True)  # "" or "course/"
    file_count = models.PositiveIntegerField(_("files"), default=0)
    unpacked_bytes = models.BigIntegerField(_("unpacked size"), default=0)

    created_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    processed_at = models.DateTimeField(_("processed"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-learning package")
        verbose_name_plural = _("e-learning packages")
        ordering = ("-created_at", "-pk")

    def __str__(self):
        return self.title or self.original_name or str(self.uuid)

    @property
    def files_prefix(self) -> str:
        """Where the unpacked files are, in the default storage (no trailing slash)."""
        return f"{FILES_ROOT}/{self.uuid}"

    @property
    def ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def tracked(self) -> bool:
        return self.standard in (self.Standard.SCORM12, self.Standard.SCORM2004)


class PackageItem(models.Model):
    """One item of the package's table of contents (default organization), in order:
    a SCO or asset to launch (`href`), or a heading over nested items (href "")."""

    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="items")
    sort_order = models.PositiveIntegerField(default=0)
    depth = models.PositiveSmallIntegerField(default=0)
    parent_identifier = models.CharField(max_length=255, blank=True)
    identifier = models.CharField(_("identifier"), max_length=255)
    title = models.CharField(_("title"), max_length=255)
    href = models.CharField(_("launch file"), max_length=1000, blank=True)  # relative to the package
    parameters = models.CharField(_("launch parameters"), max_length=1000, blank=True)
    is_sco = models.BooleanField(_("tracked (SCO)"), default=False)
    visible = models.BooleanField(default=True)
    mastery_score = models.FloatField(_("mastery score"), null=True, blank=True)  # SCORM 1.2, 0–100
    scaled_passing_score = models.FloatField(null=True, blank=True)  # SCORM 2004, -1–1
    completion_threshold = models.FloatField(null=True, blank=True)  # SCORM 2004, 0–1
    data_from_lms = models.TextField(blank=True)
    time_limit_action = models.CharField(max_length=32, blank=True)
    max_time_allowed = models.CharField(max_length=32, blank=True)
    sequencing = models.JSONField(default=dict, blank=True)  # SCORM 2004 control mode and the like

    class Meta:
        ordering = ("package", "sort_order")
        constraints = [
            models.UniqueConstraint(fields=["package", "identifier"], name="player_item_unique_identifier"),
        ]

    def __str__(self):
        return self.title
