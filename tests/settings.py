"""The project's settings plus a test-only app holding a second reviewable model."""

from lms.settings import *  # noqa: F401,F403
from lms.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.reviewable.apps.ReviewableTestConfig"]

# LibreOffice takes seconds per file: the tests that check previews of office files
# (marked `process`) turn it on; every other upload of a DOCX is processed without it.
PREVIEW_OFFICE_FILES = False
