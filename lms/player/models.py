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
    # SCORM 2004: the organization's own control mode and rules (flow, choice among its
    # top-level items…), as manifest.py reads them; {} otherwise.
    sequencing = models.JSONField(default=dict, blank=True)
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


class Attempt(models.Model):
    """One learner's attempt at one SCO, with what the run-time last committed.

    `cmi` is the last accepted snapshot of the run-time data model (lms.player.runtime:
    validated, trimmed to the data model's writable elements, statuses as the server
    computed them, collections as objects keyed "0", "1"… as scorm-again sends them).
    The fields after it repeat what reports and resuming read, so that neither opens the
    JSON. `total_seconds` is the server's own sum of the sessions' session times
    (AttemptSession), never the client's total_time.
    """

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="player_attempts",
        verbose_name=_("learner"),
    )
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="attempts")
    item = models.ForeignKey(PackageItem, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField(_("attempt"), default=1)  # 1, 2… per learner and item
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    last_commit_at = models.DateTimeField(_("last saved"), null=True, blank=True)

    cmi = models.JSONField(default=dict, blank=True)

    # SCORM 2004's two statuses; SCORM 1.2's lesson_status is split into them (runtime.py).
    completion_status = models.CharField(_("completion"), max_length=16, default="not attempted")
    success_status = models.CharField(_("success"), max_length=8, default="unknown")
    score_raw = models.FloatField(null=True, blank=True)
    score_min = models.FloatField(null=True, blank=True)
    score_max = models.FloatField(null=True, blank=True)
    score_scaled = models.FloatField(null=True, blank=True)
    progress_measure = models.FloatField(null=True, blank=True)
    location = models.CharField(max_length=1000, blank=True)
    suspend_data = models.TextField(blank=True)  # whole, as long as the run-time allows
    exit = models.CharField(max_length=16, blank=True)  # the last snapshot's cmi(.core).exit
    total_seconds = models.FloatField(_("time spent (seconds)"), default=0)

    class Meta:
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        ordering = ("item", "learner", "number")
        constraints = [
            models.UniqueConstraint(fields=["learner", "item", "number"], name="player_attempt_unique_number"),
        ]
        indexes = [
            models.Index(fields=["package", "learner"], name="player_attempt_package_learner"),
        ]

    def __str__(self):
        return f"{self.learner_id} / {self.item_id} #{self.number}"


class AttemptSession(models.Model):
    """One launch of an attempt (one page load of the launcher, one run-time instance):
    the commit log that makes commits idempotent and ordered, and the session's time.

    scorm-again numbers its commits 1, 2, 3… per run-time instance, so a commit is
    identified by (attempt, launch, commitSequence); `last_sequence` is the newest one
    applied. `session_seconds` is the largest session_time the launch reported: the
    attempt's total is the sum over its sessions, each counted once.
    """

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="sessions")
    launch = models.CharField(max_length=64)  # the launcher's random id, from the commit URL
    last_sequence = models.PositiveIntegerField(default=0)
    session_seconds = models.FloatField(default=0)
    ended = models.BooleanField(default=False)  # its terminate ("final") commit was applied
    started_at = models.DateTimeField(auto_now_add=True)  # its first commit
    last_commit_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("attempt", "started_at", "pk")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "launch"], name="player_session_unique_launch"),
        ]

    def __str__(self):
        return f"{self.attempt_id} / {self.launch}"


class Interaction(models.Model):
    """One interaction (a question answered) of an attempt, from its last snapshot:
    replaced whole when a commit brings a different set. For the per-question reports."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="interactions")
    index = models.PositiveIntegerField()  # n of cmi.interactions.n
    identifier = models.CharField(max_length=4000, blank=True)
    type = models.CharField(max_length=16, blank=True)
    learner_response = models.TextField(blank=True)  # 1.2 student_response
    result = models.CharField(max_length=32, blank=True)  # 1.2 "wrong" is stored "incorrect"
    correct_responses = models.JSONField(default=list, blank=True)  # the patterns, in order
    weighting = models.FloatField(null=True, blank=True)
    latency_seconds = models.FloatField(null=True, blank=True)
    timestamp = models.CharField(max_length=64, blank=True)  # 1.2 time (HH:MM:SS), 2004 ISO 8601
    description = models.TextField(blank=True)

    class Meta:
        ordering = ("attempt", "index")
        constraints = [
            models.UniqueConstraint(fields=["attempt", "index"], name="player_interaction_unique_index"),
        ]

    def __str__(self):
        return self.identifier
