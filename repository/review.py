"""The registry of reviewable models: each kind of reviewed content (Resource today)
registers here once, in RepositoryConfig.ready(). The review tasks, the queue, the
sent-back and waiting counts and the reviewers' e-mails read the registry instead of
naming a model; attaching the review workflow to a model is `attach_review_workflow`,
run after every migrate for every registered model."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

REVIEW_WORKFLOW_NAME = "Thẩm định học liệu"

_REVIEWABLE: list[type] = []


class AlreadyReviewable(Exception):
    pass


def register_reviewable(model) -> None:
    from repository.models.reviewed import ReviewedContent

    if not issubclass(model, ReviewedContent):
        raise TypeError(f"{model.__name__} is not ReviewedContent")
    if model in _REVIEWABLE:
        raise AlreadyReviewable(f"{model.__name__} is registered already")
    _REVIEWABLE.append(model)


def unregister_reviewable(model) -> None:
    """For tests that register a model of their own."""
    _REVIEWABLE.remove(model)


def reviewable_models() -> tuple[type, ...]:
    return tuple(_REVIEWABLE)


def reviewable_model_for(obj) -> type | None:
    return next((m for m in _REVIEWABLE if isinstance(obj, m)), None)


def content_types() -> dict[int, type]:
    """Content type id -> model, as workflow states name them (base content types)."""
    return {ContentType.objects.get_for_model(m, for_concrete_model=False).pk: m for m in _REVIEWABLE}


def attach_review_workflow(model) -> None:
    """Reviewed the one way every reviewable model is: the district's review workflow
    (the subject group, then the district stage where the district chose it)."""
    from wagtail.models import Workflow, WorkflowContentType

    workflow = Workflow.objects.filter(name=REVIEW_WORKFLOW_NAME).first()
    if workflow is None:
        return  # before the repository's migrations created it
    WorkflowContentType.objects.get_or_create(
        content_type=ContentType.objects.get_for_model(model, for_concrete_model=False),
        defaults={"workflow": workflow},
    )


def attach_after_migrate(sender, **kwargs) -> None:
    for model in _REVIEWABLE:
        attach_review_workflow(model)


def send_to_review(obj, user) -> None:
    """Start the review of `obj`'s latest revision, or resume it where it was sent back
    (the state then reads its object afresh)."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _
    from wagtail.models import WorkflowState

    state = WorkflowState.objects.active().for_instance(obj).first()
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(user)
        return
    workflow = obj.get_workflow()
    if workflow is None:
        raise ValidationError(_("No review is set up for resources: ask the district's officer."))
    workflow.start(obj, user)
