"""Uploaded files. Each is a Wagtail document of its own, so that a resource's revisions
refer to files that never change and a file replaced in a revision stays available to
the version still published."""

import hashlib
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.documents.models import AbstractDocument, Document

from repository import filetypes


THUMBNAILS = "repository/thumbnails"
PREVIEWS = "repository/previews"


def generated_path(instance, filename):
    """Storage names are generated; the teacher's own file name is kept for download."""
    return f"repository/{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}"


class ResourceDocument(AbstractDocument):
    """A file of the repository, checked by content, with what processing found in it."""

    file = models.FileField(upload_to=generated_path, verbose_name=_("file"))

    class Processing(models.TextChoices):
        PENDING = "pending", _("Waiting to be processed")
        RUNNING = "running", _("Processing")
        DONE = "done", _("Processed")
        FAILED = "failed", _("Processing failed")

    original_name = models.CharField(_("original file name"), max_length=255, blank=True)
    mime_type = models.CharField(_("file type"), max_length=120, blank=True, editable=False)
    sha256 = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    processing = models.CharField(
        _("processing"), max_length=10, choices=Processing.choices, default=Processing.PENDING,
        editable=False,
    )
    processing_error = models.TextField(_("processing error"), blank=True, editable=False)
    text = models.TextField(_("extracted text"), blank=True, editable=False)
    # Under a protected prefix (settings.PROTECTED_MEDIA_PREFIXES): a draft's thumbnail
    # shows its first page, so it is served by a view that checks who may see the file.
    thumbnail = models.ImageField(_("thumbnail"), upload_to=THUMBNAILS, blank=True, editable=False)
    # An office file's PDF, made for its preview in the browser (repository/conversion.py),
    # served by the same views as the file, to the same people.
    preview_pdf = models.FileField(_("preview (PDF)"), upload_to=PREVIEWS, blank=True, editable=False)
    preview_error = models.CharField(_("preview error"), max_length=255, blank=True, editable=False)
    page_count = models.PositiveIntegerField(_("page count"), null=True, blank=True, editable=False)
    duration_seconds = models.PositiveIntegerField(_("duration (s)"), null=True, blank=True, editable=False)

    # The admin's upload and edit forms (single and multiple): no tags, which a teacher
    # took for a field to fill in; a resource has its own keywords.
    admin_form_fields = tuple(f for f in Document.admin_form_fields if f != "tags")

    def clean(self):
        upload = self.file
        if not upload or getattr(upload, "_committed", True):
            # A stored file was checked when it came, and its storage name (generated,
            # without extension) would fail Wagtail's extension check on every later edit.
            return
        super().clean()
        if upload.size == 0:
            raise ValidationError({"file": _("The file is empty.")})
        limit = filetypes.max_bytes_any()
        if upload.size > limit:
            raise ValidationError(
                {"file": _("The file is larger than %(size)d MB.") % {"size": limit // filetypes.MB}}
            )
        mime = filetypes.detect(upload)
        if mime not in filetypes.ALL_MIMES:
            raise ValidationError({"file": _(
                "This file's content is not a type the repository accepts, whatever its name. "
                "Accepted: %(types)s."
            ) % {"types": filetypes.names_of(filetypes.ALL_MIMES)}})
        self.mime_type = mime

    def _set_document_file_metadata(self):
        # Wagtail calls this in every view that takes a new file, before saving it.
        super()._set_document_file_metadata()
        self.set_file_facts()

    @property
    def filename(self):
        return self.original_name or super().filename

    @property
    def type_name(self) -> str:
        """The file's type as teachers know it ("Word (.docx)", "PDF")."""
        return filetypes.NAMES.get(self.mime_type, self.mime_type)

    @property
    def content_type(self):
        return self.mime_type or super().content_type

    def set_file_facts(self):
        """Original name, type and SHA-256 of a newly uploaded file."""
        if not self.file._committed:
            self.original_name = self.file.name.rsplit("/", 1)[-1][:255]
        digest = hashlib.sha256()
        self.file.seek(0)
        for chunk in iter(lambda: self.file.read(1024 * 1024), b""):
            digest.update(chunk)
        self.file.seek(0)
        self.sha256 = digest.hexdigest()
        self.mime_type = filetypes.detect(self.file)

    class Meta(AbstractDocument.Meta):
        verbose_name = _("repository file")
        verbose_name_plural = _("repository files")
        permissions = [("choose_document", "Can choose document")]
