"""The repository's public pages: the catalogue, a resource, its files; one's own
resources and the review queue. Rules live in selectors.py and services.py."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lms.core import ranges
from lms.core.page_cache import cache_for_visitors
from lms.permissions import can
from lms.player import access, launch
from repository import cache as catalogue_cache
from repository import presentation, selectors, services
from repository.models import Question
from repository.models.ratings import MAX_STARS, MIN_STARS
from repository.permissions import moderates, teaches
from repository.questions import selectors as question_selectors


@require_safe
@cache_for_visitors(catalogue_cache.NAMESPACE)
def catalogue(request):
    query = selectors.CatalogueQuery.from_params(request.GET)
    found = selectors.catalogue_search(user=request.user, query=query)
    page = Paginator(found.results, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "repository/catalogue.html", {
        "query": query,
        "facets": found.facets,
        "page": page,
        "total": page.paginator.count,
        "terms": query.terms,
        "sort_choices": selectors.Sort.options(searching=bool(query.terms)),
        "filtered": bool(query.filters),
        "suggestion": found.suggestion,
    })


def _visible_or_404(request, pk):
    resource = selectors.resource_get_visible(user=request.user, pk=pk)
    if resource is None:
        raise Http404
    return resource


def _page_context(resource, files) -> dict:
    """What the resource's page shows of any version, published or not."""
    return {
        "resource": resource,
        "files": files,
        "lecture": selectors.package_facts(resource.package) if resource.package_id else None,
        "authors": selectors.resource_authors(resource),
        "keywords": sorted(t.name for t in resource.keywords.all()),
        "licence_url": selectors.resource_licence_url(resource),
    }


def _detail_context(request, resource, **extra):
    url = request.build_absolute_uri(reverse("repository:resource", args=[resource.pk]))
    return {
        **_page_context(resource, presentation.published_files(resource)),
        "canonical_url": url,
        "metadata": selectors.resource_learning_metadata(resource=resource, url=url),
        "may_rate": can(request.user, "resource.rate", resource),
        "may_withdraw": can(request.user, "resource.withdraw", resource),
        "my_rating": selectors.rating_of(user=request.user, resource=resource),
        "star_range": range(MIN_STARS, MAX_STARS + 1),
        **extra,
    }


@require_safe
def resource_detail(request, pk):
    resource = selectors.resource_get_visible(user=request.user, pk=pk)
    if resource is not None:
        return render(request, "repository/resource_detail.html", _detail_context(request, resource))
    # Not published: its authors and (once submitted) its reviewers see the latest version
    # at the same address, marked as such; everyone else gets 404.
    found = selectors.resource_draft_get(user=request.user, pk=pk)
    if found is None:
        raise Http404
    draft, status = found
    response = render(request, "repository/resource_detail.html", {
        **_page_context(draft, presentation.draft_files(draft)), "review_state": status,
    })
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_POST
def resource_rate(request, pk):
    resource = _visible_or_404(request, pk)
    try:
        services.resource_rate(resource=resource, user=request.user, stars=request.POST.get("stars"))
    except ValidationError as error:
        context = _detail_context(request, resource, rating_error=error.messages[0])
        return render(request, "repository/resource_detail.html", context, status=400)
    messages.success(request, _("Thank you: your rating is saved."))
    return redirect("repository:resource", pk=resource.pk)


@login_required
@require_POST
def resource_withdraw(request, pk):
    """An officer takes a published resource down, saying why (logged, mailed to the author)."""
    resource = _visible_or_404(request, pk)
    try:
        services.resource_withdraw(resource=resource, user=request.user, reason=request.POST.get("reason", ""))
    except ValidationError as error:
        context = _detail_context(request, resource, withdraw_error=error.messages[0],
                                  withdraw_reason=request.POST.get("reason", ""))
        return render(request, "repository/resource_detail.html", context, status=400)
    messages.success(request, _("The resource is withdrawn; its author has been told why."))
    return redirect("repository:catalogue")


def _file_or_404(request, pk, file_pk):
    found = selectors.resource_file_get_visible(user=request.user, resource_pk=pk, file_pk=file_pk)
    if found is None:
        raise Http404
    return found


def _send(request, fieldfile, *, content_type: str, filename: str, inline: bool) -> HttpResponseBase:
    response = ranges.file_response(
        request, fieldfile, as_attachment=not inline, filename=filename, content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _serve(request, document, *, inline: bool) -> HttpResponseBase:
    return _send(request, document.file, content_type=document.content_type, filename=document.filename,
                 inline=inline)


@require_safe
def file_download(request, pk, file_pk):
    """The file under its original name. A download counts once per visitor, resource
    and day; a resumed or split download asks for ranges, and only a piece that starts
    at the first byte counts (repeating it, even one byte at a time, counts no more)."""
    resource_file = _file_or_404(request, pk, file_pk)
    response = _serve(request, resource_file.document, inline=False)
    if request.method == "GET" and ranges.sends_first_byte(response):
        services.resource_count_download(
            resource=resource_file.resource, visitor=services.download_visitor(request)
        )
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


def _serve_inline(request, document) -> HttpResponseBase:
    kind = presentation.preview_kind(document)
    if kind not in ("pdf", "image", "video", "audio"):
        raise Http404
    fieldfile, content_type, filename = presentation.inline_file(document)
    response = _send(request, fieldfile, content_type=content_type, filename=filename, inline=True)
    if kind == "pdf":
        # The browser's PDF viewer needs its own styles and scripts; only framing is limited.
        response["Content-Security-Policy"] = "frame-ancestors 'self'"
    else:
        response["Content-Security-Policy"] = "default-src 'none'; frame-ancestors 'self'"
    return response


@require_safe
@xframe_options_sameorigin
def file_preview(request, pk, file_pk):
    """The file shown in the resource's page (PDF frame, image, video, audio); not counted."""
    return _serve_inline(request, _file_or_404(request, pk, file_pk).document)


def _thumbnail(document, *, shared_cache: bool) -> FileResponse:
    if not document.thumbnail:
        raise Http404
    try:
        thumbnail = document.thumbnail.open("rb")
    except FileNotFoundError:
        raise Http404 from None  # lost from storage; reprocess_documents makes another
    response = FileResponse(thumbnail, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    if shared_cache:
        patch_cache_control(response, public=True, max_age=24 * 60 * 60)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def file_thumbnail(request, pk, file_pk):
    """The thumbnail of a file, to whoever may see the file (drafts' stay hidden)."""
    resource_file = _file_or_404(request, pk, file_pk)
    shared = selectors.thumbnail_shared_cache(resource_file.resource)
    return _thumbnail(resource_file.document, shared_cache=shared)


# A draft's files, for the admin's preview of it, which has no published resource file
# to go through: the rule of Wagtail's /documents/ serving applies (authors, reviewers).

def _document_or_404(request, document_pk):
    document = selectors.document_get_viewable(user=request.user, pk=document_pk)
    if document is None:
        raise Http404
    return document


@require_safe
def document_thumbnail(request, document_pk):
    return _thumbnail(_document_or_404(request, document_pk), shared_cache=False)


@require_safe
@xframe_options_sameorigin
def document_preview(request, document_pk):
    response = _serve_inline(request, _document_or_404(request, document_pk))
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def document_download(request, document_pk):
    response = _serve(request, _document_or_404(request, document_pk), inline=False)
    patch_cache_control(response, private=True, no_store=True)
    response["Content-Security-Policy"] = "default-src 'none'"
    return response


@login_required
@require_safe
def package_download(request, pk):
    """An e-learning lecture's package as it was uploaded (the original zip), for whoever
    reads its latest version: its authors; once submitted, its reviewers and officers."""
    package = selectors.lecture_package_get(user=request.user, pk=pk)
    if package is None or not package.original:
        raise Http404
    response = ranges.file_response(request, package.original, as_attachment=True,
                                    filename=package.original_name or f"{package.uuid}.zip",
                                    content_type="application/zip")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_safe
def my_resources(request):
    if not teaches(request.user):
        raise PermissionDenied
    rows = selectors.resources_authored(user=request.user)
    return render(request, "repository/my_resources.html", {"rows": rows})


@login_required
@require_safe
def review_queue(request):
    if not moderates(request.user):
        raise PermissionDenied
    items = selectors.review_queue(user=request.user)
    questions = sum(1 for item in items if isinstance(item.resource, Question))
    return render(request, "repository/review_queue.html",
                  {"items": items, "next_item": items[0] if items else None, "questions_waiting": questions})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def review(request, state_pk):
    """One submission, for the reviewer deciding on it: what was submitted, what changed
    since the published version, every file previewed, the history; approve or send back."""
    submission = selectors.submission_get(user=request.user, workflow_state_pk=state_pk)
    if submission is None:
        raise Http404
    item = submission.submitted
    context = {"submission": submission, "item": item, "authors": selectors.resource_authors(item)}
    if isinstance(item, Question):  # shown as its students will read it, with its key
        context["question"] = question_selectors.shown(item)
    package = item.package if getattr(item, "package_id", None) else None
    if package is not None:
        # The lecture as its learners will see it, in the player's preview: nothing recorded.
        context["lecture"] = selectors.package_facts(package)
        if package.ready:
            context["preview_url"] = launch.launcher_url(request, package, access.PREVIEW)
    status = 200
    if request.method == "POST":
        action, comment = request.POST.get("action", ""), request.POST.get("comment", "")
        try:
            done = services.review_decide(user=request.user, submission=submission, action=action, comment=comment)
        except ValidationError as error:
            context.update(decision_error=error.messages[0], comment=comment)
            status = 400
        else:
            messages.success(request, done)
            return redirect("repository:review_queue")
    response = render(request, "repository/review.html", context, status=status)
    patch_cache_control(response, private=True, no_store=True)
    return response
