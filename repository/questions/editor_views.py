"""The teacher's question editor (/ngan-hang/…): a new question in a bank, the edit page of
one (its authors', while it does not wait for a review decision), withdrawing it from
review to change it. Thin: the form reads the fields (question_forms.py), the rules are
in editing.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.core.responses import private
from repository import selectors as repository_selectors
from repository.models import Question
from repository.permissions import is_author
from repository.questions import editing, question_images, views
from repository.questions.question_forms import KIND_FIELDS, QuestionForm, initial_of

SUBMIT = "submit"
TEMPLATE = "repository/questions/question_form.html"


def _page(request, form, *, bank, question=None, status=200, **extra):
    context = {"form": form, "bank": bank, "question": question, "kind_fields": KIND_FIELDS,
               "send_back": repository_selectors.last_send_back(question) if question is not None else None,
               **extra}
    return private(render(request, TEMPLATE, context, status=status))


def _save(request, form, question):
    """The saved question, or None with the form's errors. An image sent with the form is
    checked and kept first: a form refused for another reason still holds it."""
    refused = None
    upload = request.FILES.get("new_image")
    if upload is not None:
        try:
            token = question_images.keep_upload(user=request.user, upload=upload)
        except ValidationError as error:
            refused = error.messages[0]
        else:
            form.data = form.data.copy()
            form.data["kept_image"] = token
            form.data.pop("kept_image_drop", None)
    valid = form.is_valid()
    if refused:
        form.add_error("new_image", refused)
    if not valid or refused:
        return None
    try:
        return editing.question_save(user=request.user, question=question, content=form.content,
                                     metadata=form.metadata, submit=request.POST.get("action") == SUBMIT,
                                     media=form.question_media)
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for name, errors in error.error_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            form.add_error(None, error)
        return None


def _saved(request, question, submitted: bool):
    if submitted:
        text = _("The question was sent to its subject group for review.")
    elif question.live:
        text = _("Your changes are saved. The approved version stays in use until the changes are sent to review "
                 "and approved.")
    else:
        text = _("The question is saved as a draft. Only you see it.")
    messages.success(request, text)
    return redirect("questions:question", question.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_new(request, pk):
    bank = views.bank_to_add_to(request, pk)
    form = QuestionForm(request.POST if request.method == "POST" else None, bank=bank, user=request.user)
    if request.method == "POST":
        question = _save(request, form, editing.new_question(bank))
        if question is not None:
            return _saved(request, question, request.POST.get("action") == SUBMIT)
        return _page(request, form, bank=bank, status=400)
    return _page(request, form, bank=bank)


def _own_or_404(request, pk) -> Question:
    question = Question.objects.filter(pk=pk).select_related("bank__subject_group__school").first()
    if question is None or not is_author(request.user, question):
        raise Http404
    return question


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def question_edit(request, pk):
    stored = _own_or_404(request, pk)
    bank = stored.bank
    if not editing.may_edit(request.user, stored):
        # Waiting for a decision: the page says so and offers to withdraw it.
        return private(render(request, TEMPLATE, {"bank": bank, "question": stored, "waiting": True}, status=409))
    question = editing.editable(stored)
    form = QuestionForm(request.POST if request.method == "POST" else None, bank=bank,
                        previous=question.content, initial=initial_of(question), images_of=question.media.all(),
                        user=request.user)
    if request.method == "POST":
        saved = _save(request, form, question)
        if saved is not None:
            return _saved(request, saved, request.POST.get("action") == SUBMIT)
        return _page(request, form, bank=bank, question=stored, status=400)
    return _page(request, form, bank=bank, question=stored)


@login_required
@require_POST
def question_withdraw(request, pk):
    question = _own_or_404(request, pk)
    try:
        editing.withdraw_from_review(user=request.user, question=question)
    except PermissionDenied:
        messages.error(request, _("This question is not waiting for review."))
        return redirect("questions:question", question.pk)
    messages.success(request, _("The question is withdrawn from review: change it, then send it again."))
    return redirect("questions:question_edit", question.pk)
