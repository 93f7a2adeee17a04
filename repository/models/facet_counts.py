from django.db import models
from django.utils.translation import gettext_lazy as _


class FacetCount(models.Model):
    """How many published resources share one combination of the catalogue's facets,
    by who may see them: `school_id` 0 for everyone's, else the school of resources
    that only the teachers of its district see. Kept by repository/facet_counts.py as
    resources are saved and deleted: browsing counts its facets from these few thousand
    rows instead of reading the resources. Ids are plain numbers (0: none), not foreign
    keys, so that the unique key holds without NULLs on every database."""

    level_id = models.PositiveBigIntegerField()
    subject_id = models.PositiveBigIntegerField()
    grade_id = models.PositiveBigIntegerField()
    textbook_series_id = models.PositiveBigIntegerField()  # 0: no series
    kind = models.CharField(max_length=20)
    school_id = models.PositiveBigIntegerField()  # 0: public
    n = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("catalogue facet count")
        verbose_name_plural = _("catalogue facet counts")
        constraints = [
            models.UniqueConstraint(
                fields=["level_id", "subject_id", "grade_id", "textbook_series_id", "kind", "school_id"],
                name="repository_facet_count_key",
            ),
        ]

    def __str__(self):
        return f"{self.level_id}/{self.subject_id}/{self.grade_id}/{self.textbook_series_id}/{self.kind}: {self.n}"
