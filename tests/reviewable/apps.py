from django.apps import AppConfig


class ReviewableTestConfig(AppConfig):
    """A second kind of reviewed content, for tests only: proves the review is not bound
    to Resource (tests/repository/test_second_reviewable_model.py)."""

    name = "tests.reviewable"
    label = "reviewable_test"

    def ready(self):
        from repository.review import register_reviewable
        from tests.reviewable.models import LessonNote

        register_reviewable(LessonNote)
