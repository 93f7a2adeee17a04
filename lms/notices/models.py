"""A notice on the site: something that happened to one's work or waits for one, shown
on /thong-bao/ with an unread count in the header. The sentence is not stored: the kind,
the object's title and who acted are, and the sentence is rendered through gettext when
the notice is shown, in the reader's language (lms/notices/kinds.py)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.notices import kinds


class Notice(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", verbose_name=_("recipient")
    )
    kind = models.CharField(_("notice kind"), max_length=64)
    title = models.CharField(_("title"), max_length=255)  # the object's, when it happened
    url = models.CharField(_("link"), max_length=500)  # a path on this site
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("who acted"),
    )
    detail = models.TextField(_("detail"), blank=True)  # the reviewer's comment, the reason
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    @property
    def unread(self) -> bool:
        return self.read_at is None

    def actor_name(self) -> str:
        return self.actor.get_full_name() if self.actor_id and self.actor else str(_("Someone"))

    def sentence(self) -> str:
        """What happened, in the active language (plain text: templates escape it)."""
        return kinds.sentence(self.kind, actor=self.actor_name(), title=self.title)

    def detail_label(self) -> str:
        return kinds.detail_label(self.kind)

    def __str__(self):
        return self.sentence()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        indexes = [
            # the header's unread count, and the list, newest first
            models.Index(fields=["recipient", "read_at"], name="notice_unread_idx"),
            models.Index(fields=["recipient", "-created_at"], name="notice_list_idx"),
        ]
