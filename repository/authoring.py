"""Changes a teacher makes from the site's own pages: upload a file, save a resource as a
draft or send it to review, withdraw it from review. The same Wagtail machinery as the
admin's editor (revisions, the review workflow) does the work; the rules are the ones
registered in repository/permissions.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Collection

from lms.permissions import can
from lms.player import services as player_services
from lms.player.models import Package
from lms.uploads import selectors as upload_selectors
from lms.uploads import services as upload_services
from repository import filetypes, review
from repository.models import Resource, ResourceDocument, ResourceFile
from repository.permissions import is_author
from repository.services import resource_prepare_new

MAX_TITLE_CHARS = 255
PACKAGE_UPLOAD_PURPOSE = "player.package"  # a lecture's package in parts; registered in RepositoryConfig.ready


class NotSentToReview(Exception):
    """The version was saved as a draft, but not sent to review: `reason` says why (an
    e-learning lecture's package is not ready, or was refused)."""

    def __init__(self, resource, reason: str):
        super().__init__(reason)
        self.resource, self.reason = resource, reason


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


# --- an e-learning lecture's package -------------------------------------------------------


def package_upload_from_file(*, user, upload):
    """A package posted with the form itself (no JavaScript): kept as a finished upload
    of the lecture's purpose, like one sent in parts, so that a form refused for another
    reason keeps it. UploadError (with the reason) when it may not be kept."""
    if not can(user, "resource.add"):
        raise PermissionDenied
    kept = upload_services.create(user, purpose=PACKAGE_UPLOAD_PURPOSE, size=upload.size, filename=upload.name)
    upload.seek(0)
    return upload_services.append(kept, offset=0, length=upload.size, read=upload.read)


def _check_package_upload(upload) -> None:
    """Refuse at once what cannot be a package (not a zip, too large): the upload goes,
    the reason is the form's. The unpacking itself says later what else is wrong."""
    try:
        with upload_selectors.open_completed(upload) as file:
            player_services.check_upload(file, upload.size)
    except player_services.PackageRefused as refused:
        upload_services.consume(upload)
        raise ValidationError({"package": str(refused)}) from None


def _package_from_upload(user, upload) -> Package:
    """The lecture's new package, from the teacher's finished upload (unpacked in the
    background once the transaction commits); the upload is removed."""
    with upload_selectors.open_completed(upload) as file:
        package = player_services.package_create(owner=user, fileobj=file, name=upload.filename, size=upload.size)
    upload_services.consume(upload)
    return package


def lecture_problem(resource) -> str | None:
    """Why this version of an e-learning lecture may not go to review yet, or None."""
    if not filetypes.holds_package(resource.kind):
        return None
    package = resource.package
    if package is None:
        return _("it has no package yet. Upload the lecture's package (.zip), then send it to review.")
    if package.status == Package.Status.FAILED:
        return _("its package was refused (%(reason)s). Upload another file, then send it to review.") % {
            "reason": package.error.rstrip(".")}
    if package.status != Package.Status.READY:
        return _("its package is still being unpacked. Send it to review once the page says “Ready”.")
    return None


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


def resource_save(*, user, resource: Resource, documents, keywords, co_authors, submit: bool,
                  package_upload=None) -> Resource:
    """Save the author's version of `resource` (its fields already set from the form):
    a new or unpublished resource is saved as it is, a published one keeps its published
    version and holds the changes in a new revision until review approves them. With
    `submit`, the version goes to review (a resource sent back resumes its review).
    An e-learning lecture holds a package instead of files: `package_upload`, a finished
    upload, becomes its new one; it goes to review only once its package is ready
    (NotSentToReview, raised after the draft is saved, says why not).
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
    lecture = filetypes.holds_package(resource.kind)
    if submit and not documents and not lecture:
        raise ValidationError({"documents": _("Add at least one file before sending it to review.")})
    if lecture and package_upload is not None:
        _check_package_upload(package_upload)
    resource.school = resource.subject_group.school
    _set_files(resource, [] if lecture else documents)
    if not lecture:
        resource.package = None
    resource.keywords.set(keywords)
    resource.co_authors = [person for person in co_authors if person.pk != resource.owner_id]
    not_sent = None
    with transaction.atomic():
        if lecture and package_upload is not None:
            resource.package = _package_from_upload(user, package_upload)
        if not resource.live:
            resource.save()
        revision = resource.save_revision(user=user, log_action="wagtail.create" if creating else True)
        if submit:
            not_sent = lecture_problem(resource)
            if not_sent is None:
                review.send_to_review(resource, user)
    resource.latest_revision = revision
    if not_sent is not None:
        raise NotSentToReview(resource, not_sent)
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


def resource_withdraw_from_review(*, user, resource: Resource) -> None:
    """The authors take their submission back (to change it): the review is cancelled,
    logged in the history; the resource stays as it was saved."""
    state = resource.current_workflow_state
    if state is None or not can(user, "review.cancel", resource):
        raise PermissionDenied
    with transaction.atomic():
        state.cancel(user=user)  # logged in the history by Wagtail
