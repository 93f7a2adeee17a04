"""Who may do what with the repository's content: plain rules, registered into
lms.permissions (RepositoryConfig.ready) so that `can()` answers for them too.

Nothing here publishes: only the review workflow does (see workflows.py). Authors
never decide on their own work; reviewers decide for their subject group; district
officers decide at the district stage and withdraw published content of their district.
Drafts that were never submitted belong to their authors alone.
"""

from django.db.models import Q
from wagtail.models import WorkflowState

from lms.accounts.models import Role
from lms.permissions import GROUP_ROLES, officer_districts, unit_ids
from repository.choices import Visibility

TEACHING_ROLES = GROUP_ROLES
REVIEWING_ROLES = (Role.REVIEWER, Role.GROUP_LEADER)
# Who sees content shared with "teachers of the district only", in their district.
CATALOGUE_TEACHER_ROLES = (*TEACHING_ROLES, Role.DISTRICT_OFFICER)


# --- the units a user acts on ---------------------------------------------------------


def authoring_groups(user) -> set[int]:
    """Subject groups the user may file content under."""
    return unit_ids(user, TEACHING_ROLES, "subject_group")


def reviewed_groups(user) -> set[int]:
    return unit_ids(user, REVIEWING_ROLES, "subject_group")


def teacher_districts(user) -> set[int]:
    """Districts whose teachers-only content the user sees."""
    return unit_ids(user, CATALOGUE_TEACHER_ROLES, "district")


def _active(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active


# --- predicates on one object ------------------------------------------------------------


def is_author(user, obj) -> bool:
    # A revision's object holds co-authors in memory, where only plain iteration works.
    return obj.owner_id == user.pk or any(u.pk == user.pk for u in obj.co_authors.all())


def reviews_group(user, group_id) -> bool:
    return group_id in reviewed_groups(user)


def officer_of(user, obj) -> bool:
    return obj.school.district_id in officer_districts(user)


def may_review(user, obj) -> bool:
    """A reviewer (or the leader) of the object's subject group, never one of its authors."""
    if not _active(user) or is_author(user, obj):
        return False
    return user.is_superuser or reviews_group(user, obj.subject_group_id)


def may_decide_at_district(user, obj) -> bool:
    if not _active(user) or is_author(user, obj):
        return False
    return user.is_superuser or officer_of(user, obj)


def was_submitted(obj) -> bool:
    """Published once, or sent to review at least once: no longer the author's alone."""
    return obj.first_published_at is not None or WorkflowState.objects.for_instance(obj).exists()


def deciding_now(user, obj) -> bool:
    """The task the object waits on offers this user a decision."""
    task = obj.current_workflow_task
    return bool(task and task.specific.get_actions(obj, user))


# --- rules -------------------------------------------------------------------------------


def _add(user, obj=None) -> bool:
    return bool(authoring_groups(user))


def _change(user, obj) -> bool:
    """Open the editor and save a new version: the authors, and whoever decides now."""
    return is_author(user, obj) or deciding_now(user, obj)


def _view_draft(user, obj) -> bool:
    """The latest version, its history, revisions and reviews: the authors; once
    submitted, the group's reviewers and the district's officers."""
    if is_author(user, obj):
        return True
    return (reviews_group(user, obj.subject_group_id) or officer_of(user, obj)) and was_submitted(obj)


def _delete(user, obj) -> bool:
    return obj.owner_id == user.pk and obj.first_published_at is None


def _cancel_review(user, obj) -> bool:
    return is_author(user, obj) and obj.workflow_in_progress


def _decide(user, obj) -> bool:
    return deciding_now(user, obj)


def _withdraw(user, obj) -> bool:
    """Take published content down: an officer of its district, never its author."""
    return obj.live and officer_of(user, obj) and not is_author(user, obj)


def may_view_published(user, obj) -> bool:
    """The published version, for anyone, visitors included."""
    if not obj.live:
        return False
    if obj.visibility == Visibility.PUBLIC:
        return True
    if not _active(user):
        return False
    return user.is_superuser or obj.school.district_id in teacher_districts(user)


def _rate(user, obj) -> bool:
    """Teachers rate what they may see, never their own work."""
    return bool(authoring_groups(user)) and may_view_published(user, obj) and not is_author(user, obj)


def _manage_review_settings(user, obj=None) -> bool:
    """A district's officers choose its review settings."""
    districts = officer_districts(user)
    return bool(districts) if obj is None else obj.district_id in districts


RULES = {
    "review_settings.manage": _manage_review_settings,
    "resource.add": _add,
    "resource.change": _change,
    "resource.view_draft": _view_draft,
    "resource.delete": _delete,
    "resource.cancel_review": _cancel_review,
    "review.cancel": _cancel_review,  # the editor of any reviewed model (lms.core.admin_views)
    "resource.decide": _decide,
    "resource.withdraw": _withdraw,
    "resource.view": may_view_published,
    "resource.rate": _rate,
}


# --- who sees the admin's lists ------------------------------------------------------------


def resources_visible_in_admin(user, queryset):
    """What `resource.view_draft` allows, as a queryset."""
    if user.is_superuser:
        return queryset
    submitted = Q(first_published_at__isnull=False) | Q(workflow_states__isnull=False)
    return queryset.filter(
        Q(owner=user) | Q(co_authors=user)
        | ((Q(subject_group__in=reviewed_groups(user)) | Q(school__district__in=officer_districts(user))) & submitted)
    ).distinct()


def teaches(user) -> bool:
    """Teachers (and group leaders, reviewers) author and co-author resources."""
    return user.is_superuser or bool(authoring_groups(user))


def moderates(user) -> bool:
    """Reviewers of a subject group and district officers decide on submissions."""
    return user.is_superuser or bool(reviewed_groups(user)) or bool(officer_districts(user))


def works_in_admin(user, obj=None) -> bool:
    """The Wagtail admin is for district officers and superusers; teachers and reviewers
    work on the site's pages (lms.core.admin_access refuses them every admin URL)."""
    return user.is_superuser or bool(officer_districts(user))

