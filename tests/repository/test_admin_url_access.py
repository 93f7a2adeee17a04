"""Every admin URL of the repository's models, for every demo role, against another
group's draft, an item in review and a published item, with GET and POST, compared
with the table below. A URL nobody classified fails the test: a Wagtail upgrade that
adds a view has to be looked at before it ships.

Outcomes: "ok" (the view answers: 200 or a redirect), "deny" (403, or Wagtail's
redirect to the dashboard with an error), "login" (sent to log in), or another status
("404", "405"). A denied POST must change nothing.
Set WALK_PRINT=1 to print what the code answers today in the table's format.
"""

from __future__ import annotations

import hashlib
import os
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import get_resolver, reverse
from django.urls.resolvers import URLResolver
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.models import Page, Revision, TaskState, WorkflowState

from factories import admin_denied, admin_refused
from lms.accounts.models import User
from lms.organisation.models import SchoolYear
from repository.models import Resource, ResourceDocument, ResourceFile

ROLES = {
    "author": "giaovien.toan",      # the targets' author, Tổ Toán – Tin of THCS Nguyễn Trãi
    "reviewer": "thamdinh.toan",    # reviewer of that group
    "leader": "totruong.toan",      # its leader, also a reviewer
    "officer": "chuyenvien",        # the district's officer
    "principal": "hieutruong.nt",   # leader of the targets' school
    "teacher": "giaovien.van",      # another group of the same school
    "judge": "giamkhao",            # a judge, teacher at another school
    "student": "hocsinh.6a",
    "visitor": None,
}
TARGETS = ("D", "R", "P")  # a draft never submitted, an item in review, a published item
# Whose responses may name the draft's and the in-review item's titles, anywhere.
MAY_READ_TITLE = {"D": set(), "R": {"officer"}}

# The namespaces that serve the repository's models in the admin.
NAMESPACES = (
    "wagtailsnippets_repository_resource", "wagtailsnippetchoosers_repository_resource",
    "wagtaildocs", "wagtaildocs_chooser", "wagtailadmin_api:documents", "wagtailadmin_reports",
    # the review's workflow and its tasks: editing them would change the review itself
    "wagtailadmin_workflows",
)
REPOSITORY_MODELS = ("resource", "resourcedocument")

# The admin is the officers' (and superusers'): a visitor is sent to log in; every other
# role gets the site's 403 page at every URL ("deny"), before any Wagtail view runs. The
# officer is denied what his row does not list. A cell is "role:targets" (the view
# answers on those targets) or "role:targets=outcome". A row with no cell is classified
# all the same: denied to everyone but superusers.
OUTSIDE_ADMIN = ("visitor",)
ADMIN_ROLES = ("officer",)


def _parse_table(text: str) -> dict[tuple[str, str], dict[tuple[str, str], str]]:
    table = {}
    for line in text.strip().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, method, *cells = line.split()
        assert (name, method) not in table, f"{name} {method} twice in the table"
        expected = {}
        for cell in cells:
            roles, _, spec = cell.partition(":")
            targets, _, outcome = spec.partition("=")
            for role in roles.split(","):
                for target in targets:
                    expected[(role, target)] = outcome or "ok"
        table[(name, method)] = expected
    return table


TABLE = _parse_table("""
# name                                                             method cells (D draft, R in review, P published)
bulk:resource:delete                                               GET   officer:RP
bulk:resource:delete                                               POST  officer:RP
bulk:resourcedocument:add_tags                                     GET   officer:RP
bulk:resourcedocument:add_tags                                     POST  officer:RP
bulk:resourcedocument:add_to_collection                            GET   officer:RP
bulk:resourcedocument:add_to_collection                            POST  officer:RP
bulk:resourcedocument:delete                                       GET   officer:RP
bulk:resourcedocument:delete                                       POST  officer:RP
wagtailadmin_api:documents:detail                                  GET   officer:D=404 officer:RP
wagtailadmin_api:documents:detail                                  POST  officer:DRP=405
wagtailadmin_api:documents:find                                    GET   officer:DRP=404
wagtailadmin_api:documents:find                                    POST  officer:DRP=405
wagtailadmin_api:documents:listing                                 GET   officer:DRP
wagtailadmin_api:documents:listing                                 POST  officer:DRP=405
wagtailadmin_reports:aging_pages                                   GET   officer:DRP
wagtailadmin_reports:aging_pages                                   POST  officer:DRP=405
wagtailadmin_reports:aging_pages_results                           GET   officer:DRP
wagtailadmin_reports:aging_pages_results                           POST  officer:DRP=405
wagtailadmin_reports:locked_pages                                  GET
wagtailadmin_reports:locked_pages                                  POST
wagtailadmin_reports:locked_pages_results                          GET
wagtailadmin_reports:locked_pages_results                          POST
wagtailadmin_reports:page_types_usage                              GET   officer:DRP
wagtailadmin_reports:page_types_usage                              POST  officer:DRP=405
wagtailadmin_reports:page_types_usage_results                      GET   officer:DRP
wagtailadmin_reports:page_types_usage_results                      POST  officer:DRP=405
wagtailadmin_reports:site_history                                  GET   officer:DRP
wagtailadmin_reports:site_history                                  POST  officer:DRP=405
wagtailadmin_reports:site_history_results                          GET   officer:DRP
wagtailadmin_reports:site_history_results                          POST  officer:DRP=405
wagtailadmin_reports:workflow                                      GET   officer:DRP
wagtailadmin_reports:workflow                                      POST  officer:DRP=405
wagtailadmin_reports:workflow_results                              GET   officer:DRP
wagtailadmin_reports:workflow_results                              POST  officer:DRP=405
wagtailadmin_reports:workflow_tasks                                GET   officer:DRP
wagtailadmin_reports:workflow_tasks                                POST  officer:DRP=405
wagtailadmin_reports:workflow_tasks_results                        GET   officer:DRP
wagtailadmin_reports:workflow_tasks_results                        POST  officer:DRP=405
# The workflow admin: nobody but superusers; the task chooser lists the tasks' names and
# creates nothing without the model's "add" permission (400).
wagtailadmin_workflows:add                                         GET
wagtailadmin_workflows:add                                         POST
wagtailadmin_workflows:add_task                                    GET
wagtailadmin_workflows:add_task                                    POST
wagtailadmin_workflows:disable                                     GET
wagtailadmin_workflows:disable                                     POST
wagtailadmin_workflows:disable_task                                GET
wagtailadmin_workflows:disable_task                                POST
wagtailadmin_workflows:edit                                        GET
wagtailadmin_workflows:edit                                        POST
wagtailadmin_workflows:edit_task                                   GET
wagtailadmin_workflows:edit_task                                   POST
wagtailadmin_workflows:enable                                      GET   officer:D=405
wagtailadmin_workflows:enable                                      POST
wagtailadmin_workflows:enable_task                                 GET   officer:D=405
wagtailadmin_workflows:enable_task                                 POST
wagtailadmin_workflows:index                                       GET
wagtailadmin_workflows:index                                       POST
wagtailadmin_workflows:index_results                               GET
wagtailadmin_workflows:index_results                               POST
wagtailadmin_workflows:remove                                      GET   officer:D=405
wagtailadmin_workflows:remove                                      POST
wagtailadmin_workflows:select_task_type                            GET
wagtailadmin_workflows:select_task_type                            POST
wagtailadmin_workflows:task_chooser                                GET   officer:D
wagtailadmin_workflows:task_chooser                                POST  officer:D=405
wagtailadmin_workflows:task_chooser_create                         GET   officer:D
wagtailadmin_workflows:task_chooser_create                         POST  officer:D=400
wagtailadmin_workflows:task_chooser_results                        GET   officer:D
wagtailadmin_workflows:task_chooser_results                        POST  officer:D=405
wagtailadmin_workflows:task_chosen                                 GET   officer:D
wagtailadmin_workflows:task_chosen                                 POST  officer:D
wagtailadmin_workflows:task_index                                  GET
wagtailadmin_workflows:task_index                                  POST
wagtailadmin_workflows:task_index_results                          GET
wagtailadmin_workflows:task_index_results                          POST
wagtailadmin_workflows:usage                                       GET
wagtailadmin_workflows:usage                                       POST
wagtailadmin_workflows:usage_results                               GET
wagtailadmin_workflows:usage_results                               POST
wagtaildocs:add                                                    GET   officer:DRP
wagtaildocs:add                                                    POST  officer:DRP
wagtaildocs:add_multiple                                           GET   officer:DRP
wagtaildocs:add_multiple                                           POST  officer:DRP=400
wagtaildocs:create_multiple_from_uploaded_document                 GET   officer:DRP=405
wagtaildocs:create_multiple_from_uploaded_document                 POST  officer:DRP=404
wagtaildocs:delete                                                 GET
wagtaildocs:delete                                                 POST
wagtaildocs:delete_multiple                                        GET   officer:DRP=405
wagtaildocs:delete_multiple                                        POST
wagtaildocs:delete_upload_multiple                                 GET   officer:DRP=405
wagtaildocs:delete_upload_multiple                                 POST  officer:DRP=404
wagtaildocs:document_usage                                         GET   officer:RP
wagtaildocs:document_usage                                         POST  officer:RP=405
wagtaildocs:edit                                                   GET   officer:RP
wagtaildocs:edit                                                   POST  officer:RP
wagtaildocs:edit_multiple                                          GET   officer:DRP=405
wagtaildocs:edit_multiple                                          POST  officer:RP
wagtaildocs:index                                                  GET   officer:DRP
wagtaildocs:index                                                  POST  officer:DRP=405
wagtaildocs:index_results                                          GET   officer:DRP
wagtaildocs:index_results                                          POST  officer:DRP=405
wagtaildocs_chooser:choose                                         GET   officer:DRP
wagtaildocs_chooser:choose                                         POST  officer:DRP=405
wagtaildocs_chooser:choose_results                                 GET   officer:DRP
wagtaildocs_chooser:choose_results                                 POST  officer:DRP=405
wagtaildocs_chooser:chosen                                         GET   officer:RP
wagtaildocs_chooser:chosen                                         POST  officer:DRP=405
wagtaildocs_chooser:chosen_multiple                                GET   officer:DRP
wagtaildocs_chooser:chosen_multiple                                POST  officer:DRP=405
wagtaildocs_chooser:create                                         GET   officer:DRP
wagtaildocs_chooser:create                                         POST  officer:DRP
wagtailsnippetchoosers_repository_resource:choose                  GET
wagtailsnippetchoosers_repository_resource:choose                  POST
wagtailsnippetchoosers_repository_resource:choose_results          GET
wagtailsnippetchoosers_repository_resource:choose_results          POST
wagtailsnippetchoosers_repository_resource:chosen                  GET
wagtailsnippetchoosers_repository_resource:chosen                  POST
wagtailsnippetchoosers_repository_resource:chosen_multiple         GET
wagtailsnippetchoosers_repository_resource:chosen_multiple         POST
wagtailsnippets_repository_resource:add                            GET
wagtailsnippets_repository_resource:add                            POST
wagtailsnippets_repository_resource:collect_workflow_action_data   GET
wagtailsnippets_repository_resource:collect_workflow_action_data   POST
wagtailsnippets_repository_resource:confirm_workflow_cancellation  GET
wagtailsnippets_repository_resource:confirm_workflow_cancellation  POST
wagtailsnippets_repository_resource:copy                           GET
wagtailsnippets_repository_resource:copy                           POST
wagtailsnippets_repository_resource:delete                         GET
wagtailsnippets_repository_resource:delete                         POST
wagtailsnippets_repository_resource:edit                           GET
wagtailsnippets_repository_resource:edit                           POST
wagtailsnippets_repository_resource:history                        GET   officer:RP
wagtailsnippets_repository_resource:history                        POST
wagtailsnippets_repository_resource:history_results                GET   officer:RP
wagtailsnippets_repository_resource:history_results                POST
wagtailsnippets_repository_resource:list                           GET   officer:DRP
wagtailsnippets_repository_resource:list                           POST
wagtailsnippets_repository_resource:list_results                   GET   officer:DRP
wagtailsnippets_repository_resource:list_results                   POST
wagtailsnippets_repository_resource:lock                           GET
wagtailsnippets_repository_resource:lock                           POST
wagtailsnippets_repository_resource:preview_on_add                 GET
wagtailsnippets_repository_resource:preview_on_add                 POST
wagtailsnippets_repository_resource:preview_on_edit                GET
wagtailsnippets_repository_resource:preview_on_edit                POST
wagtailsnippets_repository_resource:revisions_compare              GET   officer:RP
wagtailsnippets_repository_resource:revisions_compare              POST
wagtailsnippets_repository_resource:revisions_revert               GET
wagtailsnippets_repository_resource:revisions_revert               POST
wagtailsnippets_repository_resource:revisions_unschedule           GET
wagtailsnippets_repository_resource:revisions_unschedule           POST
wagtailsnippets_repository_resource:revisions_view                 GET   officer:RP
wagtailsnippets_repository_resource:revisions_view                 POST
wagtailsnippets_repository_resource:unlock                         GET
wagtailsnippets_repository_resource:unlock                         POST
wagtailsnippets_repository_resource:unpublish                      GET
wagtailsnippets_repository_resource:unpublish                      POST
wagtailsnippets_repository_resource:usage                          GET   officer:RP
wagtailsnippets_repository_resource:usage                          POST
wagtailsnippets_repository_resource:workflow_action                GET
wagtailsnippets_repository_resource:workflow_action                POST
wagtailsnippets_repository_resource:workflow_history               GET   officer:RP
wagtailsnippets_repository_resource:workflow_history               POST
wagtailsnippets_repository_resource:workflow_history_detail        GET   officer:RP
wagtailsnippets_repository_resource:workflow_history_detail        POST
wagtailsnippets_repository_resource:workflow_preview               GET
wagtailsnippets_repository_resource:workflow_preview               POST
""")


# --- the walk -------------------------------------------------------------------------


def _patterns(namespaces=NAMESPACES):
    """(qualified name, kwarg names) of every URL of these namespaces."""

    def walk(resolver, namespaces):
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                yield from walk(entry, namespaces + ((entry.namespace,) if entry.namespace else ()))
            else:
                yield ":".join((*namespaces, entry.name or "")), list(entry.pattern.regex.groupindex)

    for name, kwargs in walk(get_resolver(), ()):
        if any(name.startswith(namespace + ":") for namespace in namespaces):
            yield name, kwargs


def _bulk_urls():
    for model_name in REPOSITORY_MODELS:
        for action in bulk_action_registry.get_bulk_actions_for_model("repository", model_name):
            yield f"bulk:{model_name}:{action.action_type}", model_name, action.action_type


class Targets:
    def __init__(self, demo):
        author = demo.user(ROLES["author"])
        # Resources with files: the demo's e-learning lecture has its own walk (test_elearning_url_access.py).
        mine = Resource.objects.filter(owner=author, subject_group__name="Tổ Toán – Tin").exclude(kind="elearning")
        self.objects = {
            "P": mine.filter(live=True).first(),
            "R": next(r for r in mine.filter(live=False) if r.workflow_in_progress),
            "D": _draft(author, mine.filter(live=True).first()),
        }
        self.review_state = TaskState.objects.get(
            workflow_state__object_id=str(self.objects["R"].pk), status=TaskState.STATUS_IN_PROGRESS,
            workflow_state__base_content_type__model="resource",  # the demo's questions have ids too
        )

    def document(self, target):
        return self.objects[target].files.first().document

    def kwargs(self, name: str, names: list[str], target: str) -> dict:
        obj = self.objects[target]
        if name.startswith("wagtailadmin_workflows:"):
            return self._workflow_kwargs(name, names)
        values = {}
        for kw in names:
            if kw == "pk":
                values[kw] = self.document(target).pk if name.startswith(("wagtaildocs", "wagtailadmin_api")) else obj.pk
            elif kw in ("document_id", "doc_id"):
                values[kw] = self.document(target).pk
            elif kw == "revision_id":
                values[kw] = obj.latest_revision_id
            elif kw == "revision_id_a":
                values[kw] = "earliest"
            elif kw == "revision_id_b":
                values[kw] = "latest"
            elif kw == "action_name":
                values[kw] = "approve"
            elif kw == "task_state_id":
                state = obj.current_workflow_state
                values[kw] = state.current_task_state_id if state else self.review_state.pk
            elif kw == "workflow_state_id":
                state = WorkflowState.objects.for_instance(obj).order_by("-pk").first()
                values[kw] = (state or self.review_state.workflow_state).pk
            elif kw == "task_id":
                values[kw] = self.review_state.task_id
            elif kw == "file_pk":
                values[kw] = obj.files.first().pk
            elif kw == "document_pk":
                values[kw] = self.document(target).pk
            elif kw == "state_pk":
                state = WorkflowState.objects.for_instance(obj).order_by("-pk").first()
                values[kw] = (state or self.review_state.workflow_state).pk
            elif kw == "uploaded_file_id":
                values[kw] = 999_999
            else:
                raise AssertionError(f"{name}: no value for the URL's {kw!r}")
        return values


    def _workflow_kwargs(self, name: str, names: list[str]) -> dict:
        task = self.review_state.task
        workflow = self.review_state.workflow_state.workflow
        values = {
            "pk": task.pk if name.endswith("_task") else workflow.pk,
            "task_id": task.pk, "workflow_pk": workflow.pk, "page_pk": Page.get_first_root_node().pk,
            "app_label": task.specific._meta.app_label, "model_name": task.specific._meta.model_name,
        }
        missing = set(names) - set(values)
        assert not missing, f"{name}: no value for the URL's {missing}"
        return {kw: values[kw] for kw in names}


def _draft(author, like: Resource) -> Resource:
    """A lesson plan its author saved and never submitted."""
    doc = ResourceDocument.objects.create(
        title="Bản nháp chưa gửi", file=like.files.first().document.file.name,
        uploaded_by_user=author, original_name="ban-nhap.pdf",
    )
    draft = Resource(
        kind="lesson_plan", title="Bản nháp chưa gửi", level=like.level, grade=like.grade,
        subject=like.subject, school_year=SchoolYear.objects.get(is_current=True), owner=author,
        school=like.school, subject_group=like.subject_group, live=False,
    )
    draft.save()
    ResourceFile.objects.create(resource=draft, document=doc, sort_order=0)
    draft.save_revision(user=author)
    return draft


def _fingerprint() -> str:
    """What a denied POST must leave as it was."""
    rows = [
        list(Resource.objects.order_by("pk").values_list("pk", "live", "latest_revision_id", "locked",
                                                          "title", "has_unpublished_changes")),
        list(Revision.objects.order_by("pk").values_list("pk")),
        list(WorkflowState.objects.order_by("pk").values_list("pk", "status")),
        list(TaskState.objects.order_by("pk").values_list("pk", "status")),
        list(ResourceDocument.objects.order_by("pk").values_list("pk", "title", "file", "collection_id")),
    ]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def outcome(response, login_url: str) -> str:
    if admin_denied(response):
        return "deny"
    if response.status_code == 302 and response.headers["Location"].startswith(login_url):
        return "login"
    return "ok" if response.status_code in (200, 302) else str(response.status_code)


def _client(username):
    client = Client(raise_request_exception=False)  # a 500 is an outcome the table does not allow
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def _requests(targets, namespaces=NAMESPACES):
    """(row name, method, target, url) for every URL of the walk."""
    for name, names in sorted(_patterns(namespaces)):
        # A URL that names no object answers the same whichever target: asked once; so do
        # the workflow admin's, which name the workflow or its task.
        names_object = bool(names) and not name.startswith("wagtailadmin_workflows:")
        for target in TARGETS if names_object else TARGETS[:1]:
            url = reverse(name, kwargs=targets.kwargs(name, names, target))
            for method in ("GET", "POST"):
                yield name, method, target, url
    for row, model_name, action in _bulk_urls() if namespaces == NAMESPACES else ():
        for target in TARGETS:
            obj = targets.objects[target] if model_name == "resource" else targets.document(target)
            url = reverse("wagtail_bulk_action", args=("repository", model_name, action)) + f"?id={obj.pk}"
            for method in ("GET", "POST"):
                yield row, method, target, url


def _admin_default(role) -> str:
    return "login" if role in OUTSIDE_ADMIN else "deny"


def _walk(role, requests, table, fingerprint, secrets=None, print_as=None, default=_admin_default, admin=True):
    """Ask every URL as `role`, each inside a transaction rolled back afterwards, and fail
    on any answer the table does not give. `secrets`: {target: (title, roles who may read it)}.
    `admin`: the URLs are the admin's, which refuses every role but the officer with the
    site's 403 page."""
    client = _client(ROLES[role])
    login_url = reverse("accounts:login")
    found, wrong, unclassified = [], [], set()
    for row, method, target, url in requests:
        before = fingerprint() if method == "POST" else None
        with transaction.atomic():
            response = client.get(url) if method == "GET" else client.post(url, {})
            got = outcome(response, login_url)
            changed = method == "POST" and got != "ok" and fingerprint() != before
            transaction.set_rollback(True)
        found.append((row, method, target, got))
        where = f"{role} {method} {url} ({row}, {target})"
        raw = b"".join(response.streaming_content) if response.streaming else response.content
        body = raw.decode(errors="replace")
        for secret, (title, readers) in (secrets or {}).items():
            if role not in readers and title in body:
                wrong.append(f"{where}: shows the title of {secret}")
        if admin and role not in ADMIN_ROLES + OUTSIDE_ADMIN and not admin_refused(response):
            wrong.append(f"{where}: not the site's refusal of the admin ({response.status_code})")
        cells = table.get((row, method))
        if cells is None:
            unclassified.add((row, method))
            continue
        expected = cells.get((role, target), default(role))
        if got != expected:
            wrong.append(f"{where}: {got}, expected {expected}")
        if changed:
            wrong.append(f"{where}: denied, yet something changed")
    if os.environ.get("WALK_PRINT"):
        _print(print_as or role, found)
    _report(table, found, unclassified, wrong)


@pytest.mark.parametrize("role", list(ROLES))
def test_every_admin_url_of_the_repository_answers_each_role_as_the_table_says(demo_content, role):
    targets = Targets(demo_content)
    secrets = {key: (targets.objects[key].title, readers) for key, readers in MAY_READ_TITLE.items()}
    _walk(role, _requests(targets), TABLE, _fingerprint, secrets)


def _report(table, found, unclassified, wrong):
    """Fail on any URL nobody classified, any answer the table does not give, and any
    row of the table that names a URL no longer there (the table stays true)."""
    stale = set(table) - {(row, method) for row, method, _target, _got in found}
    assert not unclassified and not wrong and not stale, "\n".join(
        [f"URL nobody classified: {row} {method}" for row, method in sorted(unclassified)]
        + [f"the table names a URL that is gone: {row} {method}" for row, method in sorted(stale)]
        + wrong
    )


def _print(role, found):
    by_row: dict[tuple[str, str], dict[str, str]] = {}
    for row, method, target, got in found:
        by_row.setdefault((row, method), {}).setdefault(got, "")
        by_row[(row, method)][got] += target
    with open(f"/tmp/walk-{role}.txt", "w") as out:
        for (row, method), outcomes in sorted(by_row.items()):
            out.write(f"{row} {method} " + " ".join(f"{role}:{t}={o}" for o, t in sorted(outcomes.items())) + "\n")


def test_the_walk_reaches_the_views_it_must(demo):
    names = {name for name, _kw in _patterns()}
    for must in ("revisions_view", "revisions_compare", "workflow_history_detail", "unpublish", "chosen"):
        assert any(n.endswith(":" + must) for n in names), must
    assert {row for row, *_ in _bulk_urls()} >= {"bulk:resource:delete", "bulk:resourcedocument:delete"}
    assert re.match(r"^/", reverse("accounts:login"))


# --- the repository's other admin models: review settings and the curriculum -------------
#
# Targets: O, the demo district's review settings; X, another district's; C, a grade, a
# subject and a textbook series (one of each model, shared by every district).

SETTINGS_NAMESPACES = tuple(
    f"{prefix}_repository_{model}"
    for model in ("reviewsettings", "grade", "subject", "textbookseries")
    for prefix in ("wagtailsnippets", "wagtailsnippetchoosers")
)
SETTINGS_TARGETS = {"reviewsettings": "OX", "grade": "C", "subject": "C", "textbookseries": "C"}

# Review settings: each district's officers, for their own district only. The curriculum
# is one vocabulary for every district: their officers edit it; everyone in the admin may
# choose from it.
SETTINGS_TABLE = _parse_table("""
# name                                                             method cells (O own district, X another, C curriculum)
wagtailsnippetchoosers_repository_grade:choose                     GET   officer:C
wagtailsnippetchoosers_repository_grade:choose                     POST  officer:C=405
wagtailsnippetchoosers_repository_grade:choose_results             GET   officer:C
wagtailsnippetchoosers_repository_grade:choose_results             POST  officer:C=405
wagtailsnippetchoosers_repository_grade:chosen                     GET   officer:C
wagtailsnippetchoosers_repository_grade:chosen                     POST  officer:C=405
wagtailsnippetchoosers_repository_grade:chosen_multiple            GET   officer:C
wagtailsnippetchoosers_repository_grade:chosen_multiple            POST  officer:C=405
wagtailsnippetchoosers_repository_reviewsettings:choose            GET
wagtailsnippetchoosers_repository_reviewsettings:choose            POST
wagtailsnippetchoosers_repository_reviewsettings:choose_results    GET
wagtailsnippetchoosers_repository_reviewsettings:choose_results    POST
wagtailsnippetchoosers_repository_reviewsettings:chosen            GET
wagtailsnippetchoosers_repository_reviewsettings:chosen            POST
wagtailsnippetchoosers_repository_reviewsettings:chosen_multiple   GET
wagtailsnippetchoosers_repository_reviewsettings:chosen_multiple   POST
wagtailsnippetchoosers_repository_subject:choose                   GET   officer:C
wagtailsnippetchoosers_repository_subject:choose                   POST  officer:C=405
wagtailsnippetchoosers_repository_subject:choose_results           GET   officer:C
wagtailsnippetchoosers_repository_subject:choose_results           POST  officer:C=405
wagtailsnippetchoosers_repository_subject:chosen                   GET   officer:C
wagtailsnippetchoosers_repository_subject:chosen                   POST  officer:C=405
wagtailsnippetchoosers_repository_subject:chosen_multiple          GET   officer:C
wagtailsnippetchoosers_repository_subject:chosen_multiple          POST  officer:C=405
wagtailsnippetchoosers_repository_textbookseries:choose            GET   officer:C
wagtailsnippetchoosers_repository_textbookseries:choose            POST  officer:C=405
wagtailsnippetchoosers_repository_textbookseries:choose_results    GET   officer:C
wagtailsnippetchoosers_repository_textbookseries:choose_results    POST  officer:C=405
wagtailsnippetchoosers_repository_textbookseries:chosen            GET   officer:C
wagtailsnippetchoosers_repository_textbookseries:chosen            POST  officer:C=405
wagtailsnippetchoosers_repository_textbookseries:chosen_multiple   GET   officer:C
wagtailsnippetchoosers_repository_textbookseries:chosen_multiple   POST  officer:C=405
wagtailsnippets_repository_grade:add                               GET   officer:C
wagtailsnippets_repository_grade:add                               POST  officer:C
wagtailsnippets_repository_grade:copy                              GET   officer:C
wagtailsnippets_repository_grade:copy                              POST  officer:C
wagtailsnippets_repository_grade:delete                            GET   officer:C
wagtailsnippets_repository_grade:delete                            POST  officer:C
wagtailsnippets_repository_grade:edit                              GET   officer:C
wagtailsnippets_repository_grade:edit                              POST  officer:C
wagtailsnippets_repository_grade:history                           GET   officer:C
wagtailsnippets_repository_grade:history                           POST  officer:C=405
wagtailsnippets_repository_grade:history_results                   GET   officer:C
wagtailsnippets_repository_grade:history_results                   POST  officer:C=405
wagtailsnippets_repository_grade:list                              GET   officer:C
wagtailsnippets_repository_grade:list                              POST  officer:C=405
wagtailsnippets_repository_grade:list_results                      GET   officer:C
wagtailsnippets_repository_grade:list_results                      POST  officer:C=405
wagtailsnippets_repository_grade:usage                             GET   officer:C
wagtailsnippets_repository_grade:usage                             POST  officer:C=405
wagtailsnippets_repository_reviewsettings:add                      GET   officer:O
wagtailsnippets_repository_reviewsettings:add                      POST  officer:O
wagtailsnippets_repository_reviewsettings:copy                     GET
wagtailsnippets_repository_reviewsettings:copy                     POST
wagtailsnippets_repository_reviewsettings:delete                   GET   officer:O
wagtailsnippets_repository_reviewsettings:delete                   POST  officer:O
wagtailsnippets_repository_reviewsettings:edit                     GET   officer:O
wagtailsnippets_repository_reviewsettings:edit                     POST  officer:O
wagtailsnippets_repository_reviewsettings:history                  GET   officer:O
wagtailsnippets_repository_reviewsettings:history                  POST
wagtailsnippets_repository_reviewsettings:history_results          GET   officer:O
wagtailsnippets_repository_reviewsettings:history_results          POST
wagtailsnippets_repository_reviewsettings:list                     GET   officer:O
wagtailsnippets_repository_reviewsettings:list                     POST
wagtailsnippets_repository_reviewsettings:list_results             GET   officer:O
wagtailsnippets_repository_reviewsettings:list_results             POST
wagtailsnippets_repository_reviewsettings:usage                    GET   officer:O
wagtailsnippets_repository_reviewsettings:usage                    POST
wagtailsnippets_repository_subject:add                             GET   officer:C
wagtailsnippets_repository_subject:add                             POST  officer:C
wagtailsnippets_repository_subject:copy                            GET   officer:C
wagtailsnippets_repository_subject:copy                            POST  officer:C
wagtailsnippets_repository_subject:delete                          GET   officer:C
wagtailsnippets_repository_subject:delete                          POST  officer:C
wagtailsnippets_repository_subject:edit                            GET   officer:C
wagtailsnippets_repository_subject:edit                            POST  officer:C
wagtailsnippets_repository_subject:history                         GET   officer:C
wagtailsnippets_repository_subject:history                         POST  officer:C=405
wagtailsnippets_repository_subject:history_results                 GET   officer:C
wagtailsnippets_repository_subject:history_results                 POST  officer:C=405
wagtailsnippets_repository_subject:list                            GET   officer:C
wagtailsnippets_repository_subject:list                            POST  officer:C=405
wagtailsnippets_repository_subject:list_results                    GET   officer:C
wagtailsnippets_repository_subject:list_results                    POST  officer:C=405
wagtailsnippets_repository_subject:usage                           GET   officer:C
wagtailsnippets_repository_subject:usage                           POST  officer:C=405
wagtailsnippets_repository_textbookseries:add                      GET   officer:C
wagtailsnippets_repository_textbookseries:add                      POST  officer:C
wagtailsnippets_repository_textbookseries:copy                     GET   officer:C
wagtailsnippets_repository_textbookseries:copy                     POST  officer:C
wagtailsnippets_repository_textbookseries:delete                   GET   officer:C
wagtailsnippets_repository_textbookseries:delete                   POST  officer:C
wagtailsnippets_repository_textbookseries:edit                     GET   officer:C
wagtailsnippets_repository_textbookseries:edit                     POST  officer:C
wagtailsnippets_repository_textbookseries:history                  GET   officer:C
wagtailsnippets_repository_textbookseries:history                  POST  officer:C=405
wagtailsnippets_repository_textbookseries:history_results          GET   officer:C
wagtailsnippets_repository_textbookseries:history_results          POST  officer:C=405
wagtailsnippets_repository_textbookseries:list                     GET   officer:C
wagtailsnippets_repository_textbookseries:list                     POST  officer:C=405
wagtailsnippets_repository_textbookseries:list_results             GET   officer:C
wagtailsnippets_repository_textbookseries:list_results             POST  officer:C=405
wagtailsnippets_repository_textbookseries:usage                    GET   officer:C
wagtailsnippets_repository_textbookseries:usage                    POST  officer:C=405
""")


def _settings_targets():
    from lms.organisation.models import District
    from repository.models import Grade, ReviewSettings, Subject, TextbookSeries

    own = District.objects.get(code="DEMO-AN")
    other = District.objects.create(province=own.province, code="DEMO-BINH", name="Phòng GD&ĐT huyện Bình Minh")
    series = TextbookSeries.objects.first() or TextbookSeries.objects.create(name="Kết nối tri thức", code="kntt")
    return {
        "reviewsettings": {
            "O": ReviewSettings.objects.get_or_create(district=own)[0],
            "X": ReviewSettings.objects.create(district=other, district_review_kinds="lesson_plan"),
        },
        "grade": {"C": Grade.objects.first()},
        "subject": {"C": Subject.objects.first()},
        "textbookseries": {"C": series},
    }


def _settings_fingerprint() -> str:
    from repository.models import Grade, ReviewSettings, Subject, TextbookSeries

    rows = [list(model.objects.order_by("pk").values_list()) for model in (ReviewSettings, Grade, Subject, TextbookSeries)]
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def _settings_requests(targets):
    for name, names in sorted(_patterns(SETTINGS_NAMESPACES)):
        model = name.split(":")[0].split("_repository_")[1]
        for target in SETTINGS_TARGETS[model] if names else SETTINGS_TARGETS[model][:1]:
            kwargs = {}
            for kw in names:
                assert kw == "pk", f"{name}: no value for the URL's {kw!r}"
                kwargs[kw] = targets[model][target].pk
            url = reverse(name, kwargs=kwargs)
            for method in ("GET", "POST"):
                yield name, method, target, url


@pytest.mark.parametrize("role", list(ROLES))
def test_every_admin_url_of_the_settings_and_curriculum_answers_each_role_as_the_table_says(demo, role):
    targets = _settings_targets()
    _walk(role, _settings_requests(targets), SETTINGS_TABLE, _settings_fingerprint, print_as=f"settings-{role}")
