from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "lms.home"
    label = "home"
    verbose_name = _("Public site")

    def ready(self):
        from lms.home import navigation  # noqa: F401 - registers menu entries
