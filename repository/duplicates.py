"""Files already in the repository: a teacher who uploads one again is told where it is."""

from django.contrib import messages
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from repository.models import Resource, ResourceDocument
from repository.selectors import resources_visible


def resources_with_same_files(*, resource: Resource, user) -> QuerySet[Resource]:
    """Other resources the user can see that hold a file identical (SHA-256) to one of
    this resource's files, as it is being edited (its latest form, draft included)."""
    doc_ids = [f.document_id for f in resource.files.all() if f.document_id]
    hashes = set(
        ResourceDocument.objects.filter(pk__in=doc_ids).exclude(sha256="").values_list("sha256", flat=True)
    )
    if not hashes:
        return Resource.objects.none()
    return (
        resources_visible(user=user)
        .filter(files__document__sha256__in=hashes)
        .exclude(pk=resource.pk)
        .distinct()
    )


def warn_about_same_files(request, version: Resource) -> None:
    """A warning (not a refusal) naming up to five resources that hold one of the files
    of the version just saved (its latest form, draft included), on the site's authoring
    pages and in the admin alike."""
    others = list(resources_with_same_files(resource=version, user=request.user)[:5])
    if others:
        links = format_html_join(
            ", ", '<a href="{}">{}</a>',
            ((reverse("repository:resource", args=[r.pk]), r.title) for r in others),
        )
        messages.warning(request, format_html("{} {}", _("A file of this resource is already in the repository:"), links))
