"""The repository's models, by topic."""

from repository.models.curriculum import Grade, Subject, TextbookSeries
from repository.models.documents import ResourceDocument
from repository.models.settings import ReviewSettings
from repository.models.resources import Licence, Resource, ResourceFile, ResourceTag, Visibility
from repository.models.review_tasks import DistrictReviewTask, SubjectGroupReviewTask
from repository.models.ratings import ResourceRating
from repository.models.downloads import DownloadMark
from repository.models.facet_counts import FacetCount
from repository.models.questions import (
    Blueprint, Exam, Question, QuestionBank, QuestionImport, QuestionMedia, QuestionPassage, QuestionSettings, QuestionTag,
)

__all__ = [
    "Grade", "Subject", "TextbookSeries", "ResourceDocument", "Licence", "Resource",
    "ResourceFile", "ResourceTag", "Visibility", "SubjectGroupReviewTask", "ResourceRating",
    "DistrictReviewTask", "ReviewSettings", "DownloadMark", "FacetCount", "Question", "QuestionBank",
    "QuestionImport", "QuestionMedia", "Blueprint", "Exam", "QuestionPassage", "QuestionSettings", "QuestionTag",
]
