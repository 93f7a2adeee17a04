"""Choices of the repository's content, free of models so that rules can name them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Licence(models.TextChoices):
    CC_BY = "cc-by-4.0", _("Creative Commons Attribution 4.0 (CC BY 4.0)")
    INTERNAL = "internal", _("Internal use in the district's schools")


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Everyone, visitors included")
    TEACHERS = "teachers", _("Teachers of the district only")
