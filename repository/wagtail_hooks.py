"""The repository in the Wagtail admin, for district officers and superusers (everyone
else works on the site's pages; lms.core.admin_access refuses them the admin)."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import ObjectList
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.permissions import policy_registry, register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets

from wagtail.documents.views.bulk_actions.add_tags import AddTagsBulkAction
from wagtail.documents.views.bulk_actions.add_to_collection import AddToCollectionBulkAction
from wagtail.documents.views.bulk_actions.delete import DeleteBulkAction as DocumentsDeleteBulkAction
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction as SnippetsDeleteBulkAction

from lms.core.admin_guard import POST, READ, WRITE, Access, GuardedViewSetMixin, VisibleOnlyBulkActionMixin
from lms.core.admin_views import ChooserViewSetWithoutCreate, InstanceCheckedSnippetViewSet
from lms.organisation.wagtail_hooks import OrganisationViewSet
from lms.permissions import SharedVocabularyPermissionPolicy, can
from repository.duplicates import warn_about_same_files
from repository.forms import ResourceForm
from repository.models import Grade, Resource, ResourceDocument, ReviewSettings, Subject, TextbookSeries
from repository.permissions import is_author, resources_visible_in_admin, works_in_admin
from repository.policies import (
    ResourceDocumentPermissionPolicy,
    ResourcePermissionPolicy,
    ReviewSettingsPermissionPolicy,
)
from repository.selectors import document_viewable
from repository.services import resource_prepare_new

register_permission_policy(Resource, ResourcePermissionPolicy(Resource), exact_class=True)
register_permission_policy(ReviewSettings, ReviewSettingsPermissionPolicy(ReviewSettings), exact_class=True)
# Every document view of Wagtail (listing, chooser and its search, chosen, edit, delete,
# bulk actions) asks this policy: one rule, where a chooser-queryset hook would leave
# the others open.
register_permission_policy(ResourceDocument, ResourceDocumentPermissionPolicy(ResourceDocument), exact_class=True)
for _model in (Grade, Subject, TextbookSeries):
    # Shared vocabularies: every district officer edits them.
    register_permission_policy(_model, SharedVocabularyPermissionPolicy(_model), exact_class=True)


class ResourceCreateView(snippets.CreateView):
    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Autosave on the add view creates the resource in the background; a teacher
        # who submits before it answers posts the add form again: two resources.
        self.autosave_enabled = False

    def save_instance(self):
        resource_prepare_new(resource=self.form.instance, author=self.request.user)
        return super().save_instance()


def _rule(action):
    def rule(user, obj):
        return can(user, action) if obj is None else can(user, action, obj)

    rule.__name__ = action
    return rule


# Every URL of the resource's admin views, and who may use it. Unlisted: superusers only
# (unpublish, unschedule, and whatever a Wagtail upgrade adds).
RESOURCE_ADMIN_ACCESS = {
    "list": Access(lambda user, obj: works_in_admin(user)),
    "list_results": Access(lambda user, obj: works_in_admin(user)),
    "add": Access(_rule("resource.add"), WRITE),
    "preview_on_add": Access(_rule("resource.add"), WRITE),
    "edit": Access(_rule("resource.change"), WRITE),
    "preview_on_edit": Access(_rule("resource.change"), WRITE),
    "revisions_revert": Access(_rule("resource.change"), WRITE),
    "copy": Access(lambda user, obj: is_author(user, obj)),
    "delete": Access(_rule("resource.delete"), WRITE),
    "usage": Access(_rule("resource.view_draft")),
    "history": Access(_rule("resource.view_draft")),
    "history_results": Access(_rule("resource.view_draft")),
    "revisions_view": Access(_rule("resource.view_draft")),
    "revisions_compare": Access(_rule("resource.view_draft")),
    "workflow_history": Access(_rule("resource.view_draft")),
    "workflow_history_detail": Access(_rule("resource.view_draft")),
    "workflow_preview": Access(_rule("resource.view_draft")),
    "workflow_action": Access(_rule("resource.decide"), WRITE),
    "collect_workflow_action_data": Access(_rule("resource.decide"), WRITE),
    "lock": Access(_rule("resource.decide"), POST),
    "unlock": Access(_rule("resource.decide"), POST),
    "confirm_workflow_cancellation": Access(_rule("resource.cancel_review")),
}


class GuardedChooserViewSet(GuardedViewSetMixin, ChooserViewSetWithoutCreate):
    """Nothing links to a resource through a chooser: superusers only."""

    access = {}


class ResourceViewSet(GuardedViewSetMixin, InstanceCheckedSnippetViewSet):
    access = RESOURCE_ADMIN_ACCESS
    chooser_viewset_class = GuardedChooserViewSet
    model = Resource
    icon = "doc-full-inverse"
    menu_label = _("Resources")
    menu_order = 110
    add_to_admin_menu = True
    add_view_class = ResourceCreateView
    list_display = ["title", "kind", "subject", "grade", "subject_group", "updated_at"]
    list_filter = ["kind", "subject", "grade", "live"]
    search_fields = ["title", "topic"]
    edit_handler = ObjectList(Resource.panels, base_form_class=ResourceForm)

    def get_queryset(self, request):
        return resources_visible_in_admin(
            request.user, Resource.objects.select_related("subject", "grade", "subject_group__school")
        )


class CurriculumViewSet(OrganisationViewSet):
    def get_queryset(self, request):
        return self.model.objects.all()


class GradeViewSet(CurriculumViewSet):
    model = Grade
    icon = "list-ol"
    list_display = ["name", "level", "number"]


class SubjectViewSet(CurriculumViewSet):
    model = Subject
    icon = "list-ul"
    list_display = ["name", "code"]
    list_filter = ["levels"]


class TextbookSeriesViewSet(CurriculumViewSet):
    model = TextbookSeries
    icon = "list-ul"
    list_display = ["name", "code"]


class CurriculumGroup(snippets.SnippetViewSetGroup):
    menu_label = _("Curriculum")
    menu_icon = "list-ul"
    menu_order = 160
    items = (GradeViewSet, SubjectViewSet, TextbookSeriesViewSet)


def _manages_settings(user, obj):
    return can(user, "review_settings.manage") if obj is None else can(user, "review_settings.manage", obj)


class ReviewSettingsViewSet(GuardedViewSetMixin, InstanceCheckedSnippetViewSet):
    """Each district's officers choose the kinds their district also approves."""

    model = ReviewSettings
    icon = "tasks"
    menu_label = _("Review settings")
    add_to_settings_menu = True
    list_display = ["district"]
    chooser_viewset_class = GuardedChooserViewSet
    access = {
        name: Access(_manages_settings, WRITE if name in ("add", "edit", "delete") else READ)
        for name in ("list", "list_results", "add", "edit", "delete", "history", "history_results", "usage")
    }

    def get_queryset(self, request):
        return ReviewSettings.objects.filter(
            pk__in=policy_registry.get_by_type(ReviewSettings)
            .instances_user_has_any_permission_for(request.user, ["change"]).values("pk")
        ).select_related("district")


register_snippet(ResourceViewSet)
register_snippet(ReviewSettingsViewSet)
register_snippet(CurriculumGroup)


# --- bulk actions: never list what the user may not see -----------------------------


class ResourceDeleteBulkAction(VisibleOnlyBulkActionMixin, SnippetsDeleteBulkAction):
    models = [Resource]


class DocumentDeleteBulkAction(VisibleOnlyBulkActionMixin, DocumentsDeleteBulkAction):
    models = [ResourceDocument]
    visible_actions = ("change", "choose")


class DocumentAddTagsBulkAction(VisibleOnlyBulkActionMixin, AddTagsBulkAction):
    models = [ResourceDocument]
    visible_actions = ("change", "choose")


class DocumentAddToCollectionBulkAction(VisibleOnlyBulkActionMixin, AddToCollectionBulkAction):
    models = [ResourceDocument]
    visible_actions = ("change", "choose")


GUARDED_BULK_ACTIONS = (
    ResourceDeleteBulkAction, DocumentDeleteBulkAction, DocumentAddTagsBulkAction,
    DocumentAddToCollectionBulkAction,
)
for _action in GUARDED_BULK_ACTIONS:
    # Registered after Wagtail's own (order), which they replace for these models.
    hooks.register("register_bulk_action", _action, order=100)


# --- serving files ---------------------------------------------------------------


@hooks.register("before_serve_document")
def serve_only_to_those_who_may_see(document, request):
    """/documents/<id>/<name>: a file of a published resource the requester may see, of a
    draft they may review (or author), or one they uploaded; otherwise "not found",
    so that a draft's or an internal resource's files give nothing away."""
    if not document_viewable(user=request.user, document=document):
        raise Http404


class ChoosableDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    """The admin API's documents (/admin/api/main/documents/): those the chooser offers,
    not every title of the district."""

    def get_queryset(self):
        choosable = policy_registry.get_by_type(ResourceDocument).instances_user_has_any_permission_for(
            self.request.user, ["choose"]
        )
        return super().get_queryset().filter(pk__in=choosable.values("pk"))


@hooks.register("construct_admin_api", order=1)  # after Wagtail's own, which it replaces
def documents_api_limited_as_the_chooser(router):
    router.register_endpoint("documents", ChoosableDocumentsAPIViewSet)


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def warn_about_files_already_in_the_repository(request, instance):
    if isinstance(instance, Resource):  # the row may hold the published version: the latest is the revision
        warn_about_same_files(request, instance.get_latest_revision_as_object())


@hooks.register("register_log_actions")
def register_withdraw_log_action(actions):
    from repository.services import WITHDRAW_ACTION

    def message(log_entry):
        return _("Withdrawn by a district officer: %(reason)s") % {"reason": log_entry.data.get("reason", "")}

    actions.register_action(WITHDRAW_ACTION, _("Withdraw"), message)
