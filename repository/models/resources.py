"""A resource of the repository: metadata, files, review state."""

from django import forms
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable
from wagtail.search import index

from lms.core.text import search_fold
from repository import filetypes, presentation
from repository.choices import Licence, Visibility  # noqa: F401 - re-exported
from repository.models.documents import ResourceDocument
from repository.models.reviewed import ReviewedContent


class ResourceTag(TaggedItemBase):
    content_object = ParentalKey("repository.Resource", on_delete=models.CASCADE, related_name="tagged_items")


class Resource(ReviewedContent):
    """A lesson plan, slides, a worksheet, a video… with its files; or an e-learning
    lecture (kind "elearning"), whose content is one player package instead of files.

    Reviewed by the author's subject group before it is published (models/review_tasks.py).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=filetypes.KIND_CHOICES)
    # An e-learning lecture's SCORM or HTML5 package (lms.player), kept in every revision:
    # a published lecture plays its published package while a new one is in review.
    package = models.ForeignKey(
        "player.Package", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("e-learning package"),
    )
    keywords = ClusterTaggableManager(through=ResourceTag, blank=True, verbose_name=_("keywords"))
    download_count = models.PositiveIntegerField(_("downloads"), default=0, editable=False)
    rating_average = models.FloatField(_("rating"), default=0, editable=False)
    rating_count = models.PositiveIntegerField(_("ratings"), default=0, editable=False)
    # The catalogue's search on PostgreSQL (repository/search.py): the row's folded words,
    # weighted, with a GIN index made by migration 0014 (PostgreSQL only); empty elsewhere.
    # Not in revisions: it is always rewritten from the row.
    search_vector = SearchVectorField(null=True, editable=False, serialize=False)

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("description"),
        InlinePanel("files", label=_("Files"), min_num=1),
        MultiFieldPanel(
            [FieldPanel("level", widget=forms.Select), FieldPanel("grade", widget=forms.Select),
             FieldPanel("subject", widget=forms.Select),
             FieldPanel("textbook_series", widget=forms.Select), FieldPanel("topic"),
             FieldPanel("school_year", widget=forms.Select)],
            heading=_("Curriculum"),
        ),
        MultiFieldPanel(
            [FieldPanel("subject_group", widget=forms.Select), FieldPanel("co_authors"), FieldPanel("keywords"),
             FieldPanel("licence"), FieldPanel("visibility")],
            heading=_("Authors and use"),
        ),
    ]

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("description"),
        index.SearchField("topic"),
        index.SearchField("folded_text"),
        index.AutocompleteField("title"),
        index.FilterField("kind"),
        index.FilterField("level_id"),
        index.FilterField("grade_id"),
        index.FilterField("subject_id"),
        index.FilterField("textbook_series_id"),
        index.FilterField("topic"),
        index.FilterField("school_id"),
        index.FilterField("visibility"),
        index.FilterField("live"),
        # The public catalogue: keywords as typed rank accented queries; sort orders.
        index.RelatedFields("keywords", [index.SearchField("name")]),
        index.FilterField("first_published_at"),
        index.FilterField("download_count"),
        index.FilterField("rating_average"),
        index.FilterField("rating_count"),
    ]

    @property
    def review_kind(self) -> str:
        return self.kind

    def folded_text(self) -> str:
        """Everything searchable, folded: "dia ly" finds "Địa lý"."""
        files_text = " ".join(f.document.text[:20000] for f in self.files.all() if f.document_id)
        keywords = " ".join(t.name for t in self.keywords.all())
        subject = self.subject.name if self.subject_id else ""  # "dia li" finds "Lịch sử và Địa lí"
        return search_fold(" ".join([self.title, self.description, self.topic, subject, keywords, files_text]))

    def review_files(self) -> list:
        return presentation.draft_files(self)

    def get_preview_template(self, request, mode_name):
        return "repository/resource_preview.html"

    def get_preview_context(self, request, mode_name):
        return {**super().get_preview_context(request, mode_name), "files": presentation.draft_files(self)}

    class Meta(ReviewedContent.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("resources")
        ordering = ["-updated_at"]
        indexes = [
            # The catalogue counts its facets by grouping published resources by these five
            # fields (selectors._grouped), a range of one of these two indexes for each
            # active filter (selectors._facet_parts); each alone answers its query, for
            # visitors and teachers (whose internal resources are their schools').
            models.Index(
                fields=["level", "grade", "subject", "textbook_series", "kind", "visibility", "live",
                        "first_published_at", "school"],
                name="resource_facets_level_idx",
            ),
            models.Index(
                fields=["subject", "grade", "level", "textbook_series", "kind", "visibility", "live",
                        "first_published_at", "school"],
                name="resource_facets_subject_idx",
            ),
            # Search joins the search index, whose object ids are text, on the id cast to
            # text (modelsearch's relation): PostgreSQL then looks each match up here
            # instead of scanning every resource.
            models.Index(Cast("id", output_field=models.CharField(max_length=50)), name="resource_id_text_idx"),
        ]


class ResourceFile(Orderable):
    """One file of a resource: a lesson plan may come with its slides."""

    resource = ParentalKey(Resource, on_delete=models.CASCADE, related_name="files")
    document = models.ForeignKey(
        ResourceDocument, on_delete=models.PROTECT, related_name="resource_files", verbose_name=_("file")
    )
    caption = models.CharField(_("caption"), max_length=255, blank=True)

    panels = [FieldPanel("document"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("file")
        verbose_name_plural = _("files")
