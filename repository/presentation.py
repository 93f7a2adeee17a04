"""How a resource's files are shown: one rule for the public page and the admin's
preview of a draft, which differ only in where the file's bytes are fetched from.

A published resource's files go through its page's file URLs (visibility of the
resource, download counter); a draft's through the document URLs, which give them to
its authors and reviewers only (selectors.document_viewable).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from repository import conversion, filetypes

# What a browser shows inline, by the type the content was checked to be.
PREVIEWABLE = {
    filetypes.PDF: "pdf",
    filetypes.JPEG: "image", filetypes.PNG: "image", filetypes.GIF: "image", filetypes.WEBP: "image",
    filetypes.MP4: "video", filetypes.WEBM: "video",
    filetypes.MP3: "audio", filetypes.OGG: "audio", filetypes.WAV: "audio", filetypes.M4A: "audio",
}


def preview_kind(document) -> str | None:
    """How a browser shows this file inline: pdf (an office file by the PDF made of it),
    image, video, audio; "preparing" while an office file's PDF is being made; or None."""
    kind = PREVIEWABLE.get(document.mime_type)
    if kind or not conversion.convertible(document.mime_type):
        return kind
    if document.preview_pdf:
        return "pdf"
    waiting = document.processing in (document.Processing.PENDING, document.Processing.RUNNING)
    return "preparing" if waiting and settings.PREVIEW_OFFICE_FILES else None


def inline_file(document):
    """What the inline view sends for a file previewed as `preview_kind` says: the file
    itself, or an office file's PDF. (field file, content type, file name)."""
    if PREVIEWABLE.get(document.mime_type):
        return document.file, document.content_type, document.filename
    stem = document.filename.rsplit(".", 1)[0]
    return document.preview_pdf, filetypes.PDF, f"{stem}.pdf"


@dataclass(frozen=True)
class PresentedFile:
    key: int  # the resource file's id on a published page, the document's on a draft
    document: object
    caption: str
    preview: str | None
    preview_url: str
    download_url: str
    thumbnail_url: str

    @property
    def name(self) -> str:
        return self.caption or self.document.filename


def published_files(resource) -> list[PresentedFile]:
    """The files of a published resource, through its page's file URLs."""
    presented = []
    for item in resource.files.all():
        args = [resource.pk, item.pk]
        presented.append(PresentedFile(
            key=item.pk, document=item.document, caption=item.caption,
            preview=preview_kind(item.document),
            preview_url=reverse("repository:file_preview", args=args),
            download_url=reverse("repository:file_download", args=args),
            thumbnail_url=reverse("repository:file_thumbnail", args=args),
        ))
    return presented


def draft_files(resource) -> list[PresentedFile]:
    """The files of a version not published (the admin's preview), through the document
    URLs; nothing is counted."""
    presented = []
    for item in resource.files.all():
        if not item.document_id:  # a preview of a form whose file row is still empty
            continue
        document = item.document
        args = [document.pk]
        presented.append(PresentedFile(
            key=document.pk, document=document, caption=item.caption,
            preview=preview_kind(document),
            preview_url=reverse("repository:document_preview", args=args),
            download_url=reverse("repository:document_download", args=args),
            thumbnail_url=reverse("repository:document_thumbnail", args=args),
        ))
    return presented
