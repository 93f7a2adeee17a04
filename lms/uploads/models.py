"""An upload in progress or finished, sent in parts over the tus protocol (views.py).

Its bytes are appended to one file under settings.UPLOADS_DIR, named after the upload's
id (never after what the browser called it); the row says how far it has come. The page
that asked for it takes the finished file (selectors.completed_upload, open_completed)
and, once its content is stored elsewhere, removes it (services.consume). An upload that
sits unused past `expires_at` is removed by `manage.py purge_uploads`.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def uploads_dir() -> Path:
    return Path(settings.UPLOADS_DIR)


class Upload(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uploads", verbose_name=_("uploaded by")
    )
    purpose = models.CharField(_("used for"), max_length=64)  # purposes.py: "player.package"…
    filename = models.CharField(_("file name"), max_length=255)  # as the browser named it
    size = models.BigIntegerField(_("size in bytes"))  # bytes, announced at creation (Upload-Length)
    offset = models.BigIntegerField(_("bytes received"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    completed_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("chunked upload")
        verbose_name_plural = _("chunked uploads")
        indexes = [models.Index(fields=["owner", "expires_at"], name="uploads_owner_expires")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.offset}/{self.size})"

    @property
    def path(self) -> Path:
        return uploads_dir() / f"{self.id.hex}.part"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None
