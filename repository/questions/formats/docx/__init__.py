"""Questions typed in a Word document (.docx): the reader is being split into this package."""

from repository.questions.formats.docx.runs import read

__all__ = ["read"]
