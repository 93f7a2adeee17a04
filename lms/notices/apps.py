from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "lms.notices"
    label = "notices"
    verbose_name = _("Notices")

    def ready(self):
        from lms.notices import navigation  # noqa: F401 - registers the menu entry
