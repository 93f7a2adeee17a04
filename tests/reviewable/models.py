from django.db import models

from repository.models.reviewed import ReviewedContent


class LessonNote(ReviewedContent):
    """A teacher's lesson note: reviewed curriculum content with a body of text."""

    body = models.TextField(blank=True)

    @property
    def review_kind(self) -> str:
        return "lesson_note"

    class Meta(ReviewedContent.Meta):
        app_label = "reviewable_test"
