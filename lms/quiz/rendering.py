"""A question's text as the quiz page shows it: the platform's one renderer of question
text (lms/core/rich_text.py), under the names the quiz's templates use."""

from lms.core.rich_text import bare, render as rich  # noqa: F401 - re-exported

__all__ = ["rich", "bare"]
