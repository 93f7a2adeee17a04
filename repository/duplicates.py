"""Files already in the repository: a teacher who uploads one again is told where it is."""

from django.db.models import QuerySet

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
