"""Who has already downloaded a resource today, so that each visitor counts once a day."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DownloadMark(models.Model):
    """One visitor downloaded one resource on one day (the district's local date).

    `visitor` is "u:<user id>" for someone logged in, otherwise "a:" and a keyed hash
    (HMAC-SHA256 with SECRET_KEY) of the IP address and User-Agent: no raw address is
    stored. Marks older than a day no longer change any count; they may be deleted at
    any time (e.g. `DownloadMark.objects.filter(day__lt=timezone.localdate()).delete()`
    from a periodic task), which loses nothing but the history of who downloaded when.
    """

    resource = models.ForeignKey(
        "repository.Resource", on_delete=models.CASCADE, related_name="download_marks",
        verbose_name=_("resource"),
    )
    visitor = models.CharField(_("visitor"), max_length=64)
    day = models.DateField(_("day"))

    def __str__(self):
        return f"{self.resource_id}: {self.visitor} {self.day}"

    class Meta:
        verbose_name = _("download mark")
        verbose_name_plural = _("download marks")
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "visitor", "day"], name="downloadmark_once_a_day"
            ),
        ]
        indexes = [models.Index(fields=["day"], name="downloadmark_day")]
