"""Changes a teacher makes from the site's own pages: upload a file, save a resource as a
draft or send it to review, withdraw it from review. The same Wagtail machinery as the
admin's editor (revisions, the review workflow) does the work; the rules are the ones
registered in repository/permissions.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Collection, WorkflowState

from lms.permissions import can
from repository import filetypes
from repository.models import Resource, ResourceDocument, ResourceFile
from repository.permissions import is_author
from repository.services import resource_prepare_new

MAX_TITLE_CHARS = 255


# --- files --------------------------------------------------------------------------------


def document_upload(*, user, upload, kind: str | None = None) -> ResourceDocument:
    """A file a teacher sends for a resource, checked by its content (and against the
    resource's kind when it is known) before anything is stored. ValidationError with
    the reason in the teacher's words; PermissionDenied for someone who may not author."""
    if not can(user, "resource.add"):
        raise PermissionDenied
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:MAX_TITLE_CHARS] or "tệp"
    document = ResourceDocument(
        title=name, file=upload, uploaded_by_user=user, collection=Collection.get_first_root_node(),
    )
    try:
        document.clean()
    except ValidationError as error:
        raise ValidationError(_first_message(error)) from None
    document._set_document_file_metadata()
    if kind in filetypes.KINDS:
        problem = filetypes.problem_with(document, kind)
        if problem:
            raise ValidationError(problem)
    document.save()
    return document


def _first_message(error: ValidationError) -> str:
    messages = error.message_dict.get("file") if hasattr(error, "error_dict") else None
    return (messages or error.messages)[0]


# --- resources ------------------------------------------------------------------------------


def editable_version(resource: Resource) -> Resource:
    """What the authors edit: the latest version (a published resource's draft changes
    live in its latest revision)."""
    if resource.latest_revision_id and resource.has_unpublished_changes:
        return resource.get_latest_revision_as_object()
    return resource


def may_edit(user, resource: Resource) -> bool:
    """The authors edit on the site while the resource is not waiting for a decision."""
    return bool(user.is_authenticated and is_author(user, resource)) and not resource.workflow_in_progress


def resource_save(*, user, resource: Resource, documents, keywords, co_authors, submit: bool) -> Resource:
    """Save the author's version of `resource` (its fields already set from the form):
    a new or unpublished resource is saved as it is, a published one keeps its published
    version and holds the changes in a new revision until review approves them. With
    `submit`, the version goes to review (a resource sent back resumes its review).
    ValidationError for what the author must fix, PermissionDenied for others."""
    creating = resource.pk is None
    if creating:
        resource_prepare_new(resource=resource, author=user)
        resource.live = False  # published only by review (DraftStateMixin makes it live by default)
    elif not is_author(user, resource):
        raise PermissionDenied
    if not creating and resource.workflow_in_progress:
        raise ValidationError(_("This resource is waiting for review: withdraw it from review to change it."))
    if resource.locked and resource.locked_by_id != user.pk:
        raise ValidationError(_("This resource is locked by %(name)s.") % {"name": resource.locked_by.get_full_name()})
    if submit and not documents:
        raise ValidationError({"documents": _("Add at least one file before sending it to review.")})
    resource.school = resource.subject_group.school
    _set_files(resource, documents)
    resource.keywords.set(keywords)
    resource.co_authors = [person for person in co_authors if person.pk != resource.owner_id]
    with transaction.atomic():
        if not resource.live:
            resource.save()
        revision = resource.save_revision(user=user, log_action="wagtail.create" if creating else True)
        if submit:
            _send_to_review(resource, user)
    resource.latest_revision = revision
    return resource


def _set_files(resource: Resource, documents) -> None:
    """The files in the order given; a file already attached keeps its row (its address
    on the resource's page and its caption)."""
    existing = {f.document_id: f for f in resource.files.all()}
    rows = []
    for order, document in enumerate(documents):
        row = existing.get(document.pk) or ResourceFile(document=document)
        row.sort_order = order
        rows.append(row)
    resource.files.set(rows)


def _send_to_review(resource: Resource, user) -> None:
    state = WorkflowState.objects.active().for_instance(resource).first()
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        # Resumed on the version just saved: the state reads its object afresh.
        state.resume(user)
        return
    workflow = resource.get_workflow()
    if workflow is None:
        raise ValidationError(_("No review is set up for resources: ask the district's officer."))
    workflow.start(resource, user)


def resource_withdraw_from_review(*, user, resource: Resource) -> None:
    """The authors take their submission back (to change it): the review is cancelled,
    logged in the history; the resource stays as it was saved."""
    state = resource.current_workflow_state
    if state is None or not can(user, "review.cancel", resource):
        raise PermissionDenied
    with transaction.atomic():
        state.cancel(user=user)  # logged in the history by Wagtail
