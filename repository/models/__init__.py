"""The repository's models, by topic."""

from repository.models.curriculum import Grade, Subject, TextbookSeries
from repository.models.documents import ResourceDocument
from repository.workflows import SubjectGroupReviewTask
from repository.models.resources import Licence, Resource, ResourceFile, ResourceTag, Visibility

__all__ = [
    "Grade", "Subject", "TextbookSeries", "ResourceDocument", "Licence", "Resource",
    "ResourceFile", "ResourceTag", "Visibility", "SubjectGroupReviewTask",
]
