from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlayerConfig(AppConfig):
    name = "lms.player"
    label = "player"
    verbose_name = _("E-learning player")

    def ready(self):
        from lms.player import navigation  # noqa: F401 - registers the menu entry
