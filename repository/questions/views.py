"""The question bank's pages, under /ngan-hang/: a teacher's banks, a bank's questions,
importing a file (read in the background, previewed, saved as chosen), a question, and
the reviewer's batch review. Thin: rules are in services and selectors."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lms.core.responses import private
from repository import notices
from repository import selectors as repository_selectors
from repository import services as repository_services
from repository.models import Grade, QuestionImport
from repository.permissions import moderates, teaches
from repository.questions import selectors, services
from repository.questions.forms import BankForm, ImportForm

SUBMIT = "submit"


def bank_to_add_to(request, pk):
    """A bank the user may see (else 404) and add to (else 403): importing, writing a
    question, drawing up a blueprint."""
    bank = selectors.bank_get(user=request.user, pk=pk)
    if bank is None:
        raise Http404
    if not services.may_add_to(request.user, bank):
        raise PermissionDenied
    return bank


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def bank_list(request):
    """The banks of the user's groups; a teacher makes a new one here."""
    if not (teaches(request.user) or moderates(request.user)):
        raise PermissionDenied
    form = BankForm(request.POST or None, user=request.user) if teaches(request.user) else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                bank = services.bank_create(user=request.user, **{k: data[k] for k in form.Meta.fields})
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                messages.success(request, _("The bank “%(name)s” is made.") % {"name": bank.name})
                return redirect("questions:bank", bank.pk)
        status = 400
    banks = selectors.banks_of(user=request.user)
    return private(render(request, "repository/questions/bank_list.html", {"banks": banks, "form": form},
                           status=status))


@login_required
@require_GET
def bank_detail(request, pk):
    bank = selectors.bank_get(user=request.user, pk=pk)
    if bank is None:
        raise Http404
    questions = selectors.questions_in(user=request.user, bank=bank)
    context = {"bank": bank, "questions": questions, "may_add": services.may_add_to(request.user, bank),
               "imports": bank.imports.filter(created_by=request.user)[:5]}
    return private(render(request, "repository/questions/bank_detail.html", context))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_start(request, pk):
    bank = bank_to_add_to(request, pk)
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                job = services.import_start(user=request.user, bank=bank, upload=form.cleaned_data["file"],
                                            fmt=form.cleaned_data["fmt"])
            except ValidationError as error:
                for name, errors in error.message_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                return redirect("questions:import", job.pk)
        status = 400
    return private(render(request, "repository/questions/import_start.html", {"bank": bank, "form": form},
                           status=status))


def _own_import(request, pk) -> QuestionImport:
    job = selectors.import_get(user=request.user, pk=pk)
    if job is None:
        raise Http404
    return job


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def import_detail(request, pk):
    """While the file is read, or the chosen questions saved: the progress (the page polls
    import_status; without script, it refreshes). Once read: every question shown with its
    key, problems and skipped types, the choice to save (saved in the background)."""
    job = _own_import(request, pk)
    services.import_unstick(job)
    bank = job.bank
    context = {"job": job, "bank": bank, "grades": None if bank.grade_id else Grade.objects.filter(level=bank.level)}
    status = 200
    if request.method == "POST":
        numbers = [n for n in request.POST.getlist("chosen") if n.isdigit()]
        grade = None
        if not bank.grade_id and request.POST.get("grade", "").isdigit():
            grade = Grade.objects.filter(level=bank.level, pk=int(request.POST["grade"])).first()
        try:
            services.import_choose(user=request.user, job=job, numbers=numbers, grade=grade,
                                   submit=request.POST.get("action") == SUBMIT,
                                   topic=" ".join(request.POST.get("topic", "").split()))
        except services.ImportNotWaiting as error:
            context["save_error"], status = error.messages[0], 409
        except ValidationError as error:
            context["save_error"], status = error.messages[0], 400
            context["chosen"] = {int(n) for n in numbers}
            context["topic"] = request.POST.get("topic", "")
            context["grade_chosen"] = grade.pk if grade else None
        else:
            return redirect("questions:import", job.pk)
    context["progress"] = selectors.import_progress(job)
    if job.status == QuestionImport.Status.READ:
        context.update(selectors.import_preview(job))
        choice = job.choice or {}
        if "chosen" not in context and job.error:  # the last choice could not be saved: kept
            context["save_error"] = job.error
            context["chosen"], context["topic"] = set(choice.get("numbers", [])), choice.get("topic", "")
            context["grade_chosen"] = choice.get("grade")
        if "chosen" not in context:
            context["chosen"] = {r["number"] for r in context["rows"]
                                 if not r["duplicate_in_bank"] and not r["duplicate_of"]}
    elif job.status == QuestionImport.Status.SAVED and job.choice:
        text = (_("%(count)d questions saved and sent to the subject group's review.") if job.choice.get("submit")
                else _("%(count)d questions saved as drafts."))
        context["saved_text"] = text % {"count": job.saved_count}
    return private(render(request, "repository/questions/import_detail.html", context, status=status))


@login_required
@require_GET
def import_status(request, pk):
    job = _own_import(request, pk)
    services.import_unstick(job)
    return private(JsonResponse({"status": job.status, "progress": selectors.import_progress(job),
                                  "error": job.error, "label": job.get_status_display()}))


@login_required
@require_GET
def import_media(request, pk):
    """An image of a question in an import's preview: only those the read file holds."""
    job = _own_import(request, pk)
    path = request.GET.get("tep", "")
    result = job.result or {}
    owners = [*result.get("questions", []), *result.get("passages", {}).values()]
    known = {m["path"]: m["mime"] for owner in owners for m in owner.get("media", [])}
    if path not in known or not default_storage.exists(path):
        raise Http404
    return image_response(default_storage.open(path, "rb"), known[path])


def image_response(file, mime: str):
    # Only images are served, never as a document that could run script in the platform.
    if not mime.startswith("image/") or mime == "image/svg+xml":
        mime = "application/octet-stream"
    response = FileResponse(file, content_type=mime)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    return private(response)


@login_required
@require_GET
def media(request, pk):
    item = selectors.media_get(user=request.user, pk=pk)
    if item is None:
        raise Http404
    return image_response(item.file.open("rb"), item.mime)


@login_required
@require_GET
def question_detail(request, pk):
    question = selectors.question_get(user=request.user, pk=pk)
    if question is None:
        raise Http404
    context = {"question": question, "shown": selectors.shown(question),
               "status": repository_selectors.ReviewStatus.LABELS[repository_selectors.review_status(question)]}
    return private(render(request, "repository/questions/question_detail.html", context))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def batch_review(request):
    """Every question waiting for this reviewer, each shown as a student sees it with its
    key: approve, send back with a comment, or leave for later, many at once."""
    if not moderates(request.user):
        raise PermissionDenied
    # ?nhap=<import>: the questions saved from one import (a batch notice leads here).
    imported_in = int(request.GET["nhap"]) if request.GET.get("nhap", "").isdigit() else None
    items = selectors.questions_to_review(user=request.user, imported_in=imported_in)
    status, errors = 200, {}
    if request.method == "POST":
        decisions = []
        for item in items:
            action = request.POST.get(f"decision-{item.state_pk}", "")
            comment = request.POST.get(f"comment-{item.state_pk}", "")
            if action in ("approve", "reject"):
                decisions.append((item, action, comment))
        done, errors = _decide(request.user, decisions)
        if decisions and not errors:
            messages.success(request, _("%(approved)d approved, %(rejected)d sent back.") % done)
            return redirect(notices.batch_review_url(imported_in))
        status = 400
        if not decisions:
            errors[0] = _("Choose “Approve” or “Send back” for at least one question.")
        elif done["approved"] or done["rejected"]:
            messages.success(request, _("%(approved)d approved, %(rejected)d sent back.") % done)
        items = selectors.questions_to_review(user=request.user, imported_in=imported_in)
    return private(render(request, "repository/questions/batch_review.html",
                           {"items": items, "errors": errors, "posted": request.POST, "imported_in": imported_in},
                           status=status))


def _decide(user, decisions):
    """Each decision through the review's own rule; those refused are said, not lost."""
    done, errors = {"approved": 0, "rejected": 0}, {}
    for item, action, comment in decisions:
        submission = repository_selectors.submission_get(user=user, workflow_state_pk=item.state_pk)
        if submission is None:
            errors[item.state_pk] = _("This question no longer waits for your decision.")
            continue
        try:
            repository_services.review_decide(user=user, submission=submission, action=action, comment=comment)
        except ValidationError as error:
            errors[item.state_pk] = error.messages[0]
        except PermissionDenied:
            errors[item.state_pk] = _("You may not decide on this question.")
        else:
            done["approved" if action == "approve" else "rejected"] += 1
    return done, errors


@login_required
@require_GET
def excel_template(request):
    from repository.questions.formats.xlsx import template_workbook

    if not teaches(request.user):
        raise PermissionDenied
    response = HttpResponse(template_workbook(),
                            content_type=mimetypes.types_map.get(".xlsx", "application/octet-stream"))
    response["Content-Disposition"] = 'attachment; filename="mau-cau-hoi.xlsx"'
    return private(response)


@login_required
@require_GET
def bank_export(request, pk, fmt=""):
    """The bank's questions the user may read, in a format teachers use. The questions a
    format cannot hold are listed first, with a link to download the rest."""
    from repository.questions import exporting

    bank = selectors.bank_get(user=request.user, pk=pk)
    if bank is None:
        raise Http404
    formats = [(code, label) for code, (label, *_rest) in exporting.FORMATS.items()]
    if not fmt:
        return private(render(request, "repository/questions/bank_export.html", {"bank": bank, "formats": formats}))
    if fmt not in exporting.FORMATS:
        raise Http404
    questions = selectors.questions_in(user=request.user, bank=bank)
    data, problems = exporting.write(fmt, questions)
    if problems and request.GET.get("tai") != "1":
        context = {"bank": bank, "formats": formats, "fmt": fmt, "label": exporting.FORMATS[fmt][0],
                   "problems": problems, "written": len(questions) - len(problems)}
        return private(render(request, "repository/questions/bank_export.html", context))
    _label, _module, extension, content_type = exporting.FORMATS[fmt]
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="ngan-hang-{bank.pk}.{extension}"'
    return private(response)
