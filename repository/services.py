"""Changes to the repository."""

from django.core.exceptions import PermissionDenied

from lms.permissions import can


def resource_prepare_new(*, resource, author) -> None:
    """A new resource belongs to its author and the school of its subject group."""
    if not can(author, "resource.add"):
        raise PermissionDenied
    resource.owner = author
    resource.school = resource.subject_group.school
