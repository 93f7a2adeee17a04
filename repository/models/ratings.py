"""Teachers rate published resources, one rating each, 1 to 5 stars."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_STARS, MAX_STARS = 1, 5


class ResourceRating(models.Model):
    """One teacher's rating of one resource; rating again replaces it."""

    resource = models.ForeignKey(
        "repository.Resource", on_delete=models.CASCADE, related_name="ratings", verbose_name=_("resource")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="resource_ratings",
        verbose_name=_("user"),
    )
    stars = models.PositiveSmallIntegerField(
        _("stars"), validators=[MinValueValidator(MIN_STARS), MaxValueValidator(MAX_STARS)]
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    def __str__(self):
        return f"{self.resource_id}: {self.stars}"

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["resource", "user"], name="resourcerating_one_per_user"),
            models.CheckConstraint(
                condition=models.Q(stars__gte=MIN_STARS, stars__lte=MAX_STARS),
                name="resourcerating_stars_1_to_5",
            ),
        ]
