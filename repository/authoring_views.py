"""The teacher's pages on the site: "Đăng học liệu" (new resource), its edit page
(resubmit after changes), withdrawing a submission, the one-file upload the page sends
each file through, and the co-author look-up. Rules in authoring.py and permissions.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lms.core.responses import private
from lms.core.text import fold
from lms.permissions import can
from lms.uploads.selectors import completed_upload
from lms.uploads.services import UploadError
from repository import authoring, filetypes, selectors
from repository.duplicates import warn_about_same_files
from repository.authoring_forms import ResourceSiteForm
from repository.models import Resource
from repository.permissions import is_author

SAVE, SUBMIT = "save", "submit"
FORM_TEMPLATE = "repository/resource_form.html"


def _script_messages() -> list[tuple[str, str]]:
    """What the page's script says, in the reader's language (static/js/resource-form.js)."""
    return [
        ("accepted", _("Accepted: %(types)s; at most %(size)s MB each.")),
        ("choose-kind", _("Choose the kind first to see which files it accepts.")),
        ("refused", _("“%(name)s” was not added: %(reason)s")),
        ("too-large", _("it is larger than %(size)s MB.")),
        ("empty", _("the file is empty.")),
        ("failed", _("the upload failed; check the connection and choose it again.")),
        ("dismiss", _("Dismiss")),
        ("uploading", _("Uploading %(name)s")),
        ("uploaded", _("“%(name)s” is uploaded.")),
        ("wait", _("Wait until every file is uploaded.")),
        ("no-teacher", _("No teacher of the district has that name.")),
        ("co-author-added", _("%(name)s is added as a co-author.")),
        ("package-failed", _("The package's state could not be read; reload the page.")),
        ("package-another", _("Upload another file below.")),
    ]


def _plain_package_mb() -> int:
    """The largest package the form takes without JavaScript, posted whole: what the
    proxy lets through in one request (the size of one part of a chunked upload)."""
    return settings.UPLOADS_CHUNK_MB


def _author_form_context(form, resource=None, **extra) -> dict:
    version = getattr(form, "instance", None)
    package = version.package if version is not None and version.package_id else None
    return {
        "script_messages": _script_messages(),
        "form": form,
        "resource": resource,
        "kinds": [
            {"code": k.code, "label": k.label, "max_mb": filetypes.max_bytes(k.code) // filetypes.MB,
             "types": filetypes.names_of(k.mimes), "package": k.package}
            for k in filetypes.KINDS.values()
        ],
        "chosen_documents": _chosen_documents(form),
        "chosen_co_authors": _chosen_co_authors(form),
        "package_facts": selectors.package_facts(package),
        "plain_package_mb": _plain_package_mb(),
        "kept_package_upload": _kept_package_upload(form),
        **extra,
    }


def _chosen_documents(form):
    """The files the form holds, in order: as posted (valid ones), or the resource's."""
    if form.is_bound:
        valid = getattr(form, "cleaned_data", {}).get("documents")
        if valid is not None:
            return valid
        ids = [int(pk) for pk in form.data.getlist("documents") if pk.isdigit()]
    else:
        ids = list(form.initial.get("documents") or [])
    found = form.fields["documents"].queryset.in_bulk(ids)
    return [found[pk] for pk in ids if pk in found]


def _kept_package_upload(form):
    """The package upload a refused form holds (sent in parts, or posted whole and kept)."""
    if not form.is_bound or not form.data.get("package"):
        return None
    return completed_upload(form.user, form.data.get("package"), purpose=authoring.PACKAGE_UPLOAD_PURPOSE)


def _chosen_co_authors(form):
    if form.is_bound:
        ids = [int(pk) for pk in form.data.getlist("co_authors") if pk.isdigit()]
    else:
        ids = [getattr(u, "pk", u) for u in form.initial.get("co_authors") or []]
    return list(form.fields["co_authors"].queryset.filter(pk__in=ids))


def _form_page(request, form, stored=None, *, status=200):
    """The form (of a new resource, or of `stored`, with the comment that sent it back)."""
    send_back = selectors.last_send_back(stored) if stored is not None else None
    return private(render(request, FORM_TEMPLATE, _author_form_context(form, stored, send_back=send_back),
                           status=status))


def _save(request, form, resource):
    """Validate and save from a posted form: the resource, or None with the form's errors."""
    submit = request.POST.get("action") == SUBMIT
    # Without JavaScript the files come with the form: stored first, then held by the
    # form like files sent one by one (so they stay on it if something else is wrong).
    refused = []
    uploaded = []
    for upload in request.FILES.getlist("new_files"):
        try:
            uploaded.append(authoring.document_upload(user=request.user, upload=upload,
                                                      kind=request.POST.get("kind") or None))
        except ValidationError as error:
            refused.append(_("“%(name)s” was not added: %(reason)s") % {"name": upload.name,
                                                                         "reason": error.messages[0]})
    if uploaded:
        form.data = form.data.copy()
        form.data.setlist("documents", [*form.data.getlist("documents"), *(str(d.pk) for d in uploaded)])
    # An e-learning lecture's package posted whole (no JavaScript) is kept as a finished
    # upload first, as one sent in parts: a form refused for another reason keeps it.
    package_refused = _keep_plain_package(request, form)
    valid = form.is_valid()
    for message in refused:
        form.add_error(None, message)
    if package_refused:
        form.add_error("package", package_refused)
    if not valid or refused or package_refused:
        return None
    try:
        return authoring.resource_save(
            user=request.user, resource=form.instance, documents=form.cleaned_data["documents"],
            keywords=form.cleaned_data["keywords_text"], co_authors=form.cleaned_data["co_authors"], submit=submit,
            package_upload=form.cleaned_data.get("package"),
        )
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def _keep_plain_package(request, form) -> str | None:
    """The zip posted with the form (without JavaScript), as the teacher's finished
    upload whose id the form then holds; why it was refused, or None."""
    posted = request.FILES.get("package_file")
    if posted is None or not filetypes.holds_package(request.POST.get("kind")):
        return None
    limit = _plain_package_mb()
    if posted.size > limit * filetypes.MB:
        return _("This package is larger than %(size)d MB: a larger package needs JavaScript, which sends it "
                 "in parts.") % {"size": limit}
    try:
        kept = authoring.package_upload_from_file(user=request.user, upload=posted)
    except UploadError as error:
        return error.message
    form.data = form.data.copy()
    form.data["package"] = str(kept.pk)
    return None


def _after_save(request, resource, submit: bool, *, new_package: bool):
    """Where the author goes once it is saved: a lecture with a new package, or one not
    ready, to its edit page, which shows how the unpacking goes; else "my resources"."""
    messages.success(request, _saved_message(resource, submit))
    warn_about_same_files(request, resource)
    facts = selectors.package_facts(resource.package) if filetypes.holds_package(resource.kind) else None
    if facts is not None and (new_package or not facts.ready):
        return redirect("repository:resource_edit", pk=resource.pk)
    return redirect("repository:my_resources")


def _not_sent(request, refusal: authoring.NotSentToReview):
    messages.error(request, _("“%(title)s” is saved as a draft but not sent to review: %(reason)s")
                   % {"title": refusal.resource.title, "reason": refusal.reason})
    return redirect("repository:resource_edit", pk=refusal.resource.pk)


def _saved_message(resource, submitted: bool) -> str:
    if submitted:
        return _("“%(title)s” was sent to its subject group for review.") % {"title": resource.title}
    return _("“%(title)s” is saved as a draft. Only you and its co-authors see it.") % {"title": resource.title}


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def resource_add(request):
    if not can(request.user, "resource.add"):
        raise PermissionDenied
    form = ResourceSiteForm(request.POST or None, request.FILES or None, user=request.user,
                            instance=Resource())
    if request.method == "POST":
        try:
            resource = _save(request, form, form.instance)
        except authoring.NotSentToReview as refusal:
            return _not_sent(request, refusal)
        if resource is not None:
            return _after_save(request, resource, request.POST.get("action") == SUBMIT,
                               new_package=bool(form.cleaned_data.get("package")))
        return _form_page(request, form, status=400)
    return _form_page(request, form)


def _own_or_404(request, pk) -> Resource:
    resource = Resource.objects.filter(pk=pk).first()
    if resource is None or not is_author(request.user, resource):
        raise Http404
    return resource


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def resource_edit(request, pk):
    stored = _own_or_404(request, pk)
    resource = authoring.editable_version(stored)
    if not authoring.may_edit(request.user, stored):
        # Waiting for a decision: the page says so and offers to withdraw it.
        response = render(request, FORM_TEMPLATE, {"resource": stored, "waiting": True},
                          status=409 if request.method == "POST" else 200)
        return private(response)
    form = ResourceSiteForm(request.POST or None, request.FILES or None, user=request.user, instance=resource)
    if request.method == "POST":
        try:
            saved = _save(request, form, resource)
        except authoring.NotSentToReview as refusal:
            return _not_sent(request, refusal)
        if saved is not None:
            return _after_save(request, saved, request.POST.get("action") == SUBMIT,
                               new_package=bool(form.cleaned_data.get("package")))
        return _form_page(request, form, stored, status=400)
    return _form_page(request, form, stored)


@login_required
@require_safe
def package_status(request, pk):
    """The state of the package of an e-learning lecture's latest version, in words,
    for its authors' edit page, which asks again while it is being unpacked."""
    stored = _own_or_404(request, pk)
    facts = selectors.package_facts(authoring.editable_version(stored).package)
    if facts is None:
        raise Http404
    return private(JsonResponse(facts.as_json()))


@login_required
@require_POST
def resource_withdraw_from_review(request, pk):
    resource = _own_or_404(request, pk)
    try:
        authoring.resource_withdraw_from_review(user=request.user, resource=resource)
    except PermissionDenied:
        messages.error(request, _("“%(title)s” is not waiting for review.") % {"title": resource.title})
        return redirect("repository:my_resources")
    messages.success(request, _("“%(title)s” is withdrawn from review: change it, then send it again.")
                     % {"title": resource.title})
    return redirect("repository:resource_edit", pk=resource.pk)


@login_required
@require_POST
def file_upload(request):
    """One file of the form, sent as soon as it is chosen: its id, or why it is refused."""
    if not can(request.user, "resource.add"):
        raise PermissionDenied
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("No file was received; choose it again.")}, status=400)
    try:
        document = authoring.document_upload(user=request.user, upload=upload,
                                             kind=request.POST.get("kind") or None)
    except ValidationError as error:
        return JsonResponse({"error": error.messages[0], "name": upload.name}, status=400)
    return JsonResponse({
        "id": document.pk, "name": document.filename, "size": document.file_size,
        "type": document.type_name,
    }, status=201)


CO_AUTHOR_RESULTS = 10


@login_required
@require_safe
def co_author_search(request):
    """Teachers of the user's districts whose name holds what was typed (accents ignored)."""
    if not can(request.user, "resource.add"):
        raise PermissionDenied
    typed = fold(" ".join(request.GET.get("q", "").split()))[:100]
    if len(typed) < 2:
        return JsonResponse({"results": []})
    found = (selectors.co_author_candidates(user=request.user).filter(full_name_folded__contains=typed)
             .prefetch_related("role_assignments__school").order_by("full_name")[:CO_AUTHOR_RESULTS])
    results = []
    for person in found:
        schools = sorted({a.school.name for a in person.role_assignments.all() if a.school_id})
        results.append({"id": person.pk, "name": person.get_full_name(), "schools": ", ".join(schools)})
    return private(JsonResponse({"results": results}))
