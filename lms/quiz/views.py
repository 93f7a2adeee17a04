"""The quiz pages, under /bai-kiem-tra/: a quiz's page (start or resume), the student's
attempt (one page, every question, autosaved), submitting it, its result; the teacher's
results (by class, item statistics) and essay grading. A quiz, attempt or answer the
user may not see is not found (404); visitors are sent to log in."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from lms.core.responses import private
from lms.quiz import access, grading, presentation, responses, selectors, services
from lms.quiz.models import Answer, Attempt, Quiz


def _quiz_for(request, pk) -> Quiz:
    quiz = get_object_or_404(Quiz, pk=pk)
    if not access.may_see(request.user, quiz):
        raise Http404
    return quiz


def _own_attempt(request, pk) -> Attempt:
    attempt = get_object_or_404(Attempt.objects.select_related("quiz"), pk=pk)
    if attempt.user_id != request.user.pk or not access.may_take(request.user, attempt.quiz):
        raise Http404
    return attempt


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


# --- the student's pages ------------------------------------------------------------------


def _detail(request, quiz, status=200, error=""):
    services.expire_overdue(Attempt.objects.filter(quiz=quiz, user=request.user))
    attempts = selectors.attempts_of(request.user, quiz)
    return private(render(request, "quiz/detail.html", {
        "quiz": quiz,
        "item_count": quiz.items.count(),
        "attempts": attempts,
        "current": next((a for a in attempts if a.in_progress), None),
        "left": selectors.attempts_left(quiz, attempts),
        "window": selectors.window(quiz),
        "may_take": access.may_take(request.user, quiz),
        "may_read_results": access.may_read_results(request.user, quiz),
        "error": error,
    }, status=status))


@login_required
@require_safe
def detail(request, pk):
    return _detail(request, _quiz_for(request, pk))


@login_required
@require_POST
def start(request, pk):
    quiz = _quiz_for(request, pk)
    if not access.may_take(request.user, quiz):
        raise Http404
    try:
        attempt = services.start(request.user, quiz)
    except services.Refused as refused:
        return _detail(request, quiz, status=409, error=str(refused))
    return redirect("quiz:attempt", attempt.pk)


def _clock(seconds: int) -> str:
    """12:05, or 1:02:05 past an hour (as the page's countdown writes it)."""
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes:02d}:{seconds:02d}"


def _attempt_page(request, attempt, given=None, error="", status=200):
    quiz = attempt.quiz
    items = list(quiz.items.all())
    views = presentation.attempt_views(attempt, items, selectors.answers_by_item(attempt), given=given)
    remaining = None
    if attempt.deadline:
        remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    return private(render(request, "quiz/attempt.html", {
        "quiz": quiz, "attempt": attempt, "items": views, "remaining": remaining, "error": error,
        "remaining_text": _clock(remaining) if remaining is not None else "",
        "unanswered": sum(1 for v in views if not v.answered),
        "max_text": responses.MAX_TEXT, "max_essay": responses.MAX_ESSAY,
    }, status=status))


@login_required
@require_safe
def attempt(request, pk):
    attempt = _own_attempt(request, pk)
    services.expire_overdue(Attempt.objects.filter(pk=attempt.pk))
    attempt.refresh_from_db()
    if not attempt.in_progress:
        return redirect("quiz:result", attempt.pk)
    return _attempt_page(request, attempt)


def _invalid(request, attempt, invalid):
    """The form sent back as it was, with the reason: nothing typed is lost."""
    if _wants_json(request):
        return private(JsonResponse({"saved": False, "message": str(invalid)}, status=400))
    if not attempt.in_progress:
        return redirect("quiz:result", attempt.pk)
    items = presentation.ordered_items(attempt, list(attempt.quiz.items.all()))
    given = responses.read_all(items, request.POST, attempt.layout, strict=False)
    return _attempt_page(request, attempt, given=given, error=str(invalid), status=400)


def _read_form(request, attempt):
    items = presentation.ordered_items(attempt, list(attempt.quiz.items.all()))
    return items, responses.read_all(items, request.POST, attempt.layout)


@login_required
@require_POST
def save(request, pk):
    """Autosave (the page's script, answered in JSON) or "Lưu bài" (a plain form)."""
    attempt = _own_attempt(request, pk)
    try:
        _items, given = _read_form(request, attempt)
        services.save_answers(attempt, given)
    except responses.Invalid as invalid:
        return _invalid(request, attempt, invalid)
    except services.Refused as refused:
        result_url = reverse("quiz:result", args=[attempt.pk])
        if _wants_json(request):
            return private(JsonResponse({"saved": False, "message": str(refused), "result_url": result_url},
                                         status=409))
        messages.error(request, str(refused))
        return redirect(result_url)
    now = timezone.localtime()
    if _wants_json(request):
        return private(JsonResponse({"saved": True, "at": now.strftime("%H:%M:%S")}))
    messages.success(request, _("Your answers are saved."))
    return redirect("quiz:attempt", attempt.pk)


@login_required
@require_POST
def submit(request, pk):
    """Save what the form holds, then, once confirmed, submit. Unconfirmed (no script on
    the page to ask): the confirmation page."""
    attempt = _own_attempt(request, pk)
    if not attempt.in_progress:
        return redirect("quiz:result", attempt.pk)
    if request.POST.get("only_submit") != "1":  # the confirmation page's form holds no answers
        try:
            items, given = _read_form(request, attempt)
            services.save_answers(attempt, given)
        except responses.Invalid as invalid:
            return _invalid(request, attempt, invalid)
        except services.Refused as refused:
            messages.info(request, str(refused))
            return redirect("quiz:result", attempt.pk)
        if request.POST.get("confirmed") != "1":
            unanswered = sum(1 for item in items if not responses.answered(given.get(item.pk)))
            return private(render(request, "quiz/confirm.html", {
                "attempt": attempt, "quiz": attempt.quiz, "unanswered": unanswered, "count": len(items)}))
    services.submit(attempt)
    messages.success(request, _("Your attempt has been submitted."))
    return redirect("quiz:result", attempt.pk)


@login_required
@require_safe
def result(request, pk):
    """The attempt's result, for its student (while they may take the quiz) and whoever
    reads the quiz's results."""
    attempt = get_object_or_404(Attempt.objects.select_related("quiz", "user"), pk=pk)
    quiz = attempt.quiz
    reader = access.may_read_results(request.user, quiz)
    if not reader and (attempt.user_id != request.user.pk or not access.may_take(request.user, quiz)):
        raise Http404
    services.expire_overdue(Attempt.objects.filter(pk=attempt.pk))
    attempt.refresh_from_db()
    if attempt.in_progress:
        if attempt.user_id == request.user.pk:
            return redirect("quiz:attempt", attempt.pk)
        views = []
    else:
        views = presentation.attempt_views(attempt, list(quiz.items.all()), selectors.answers_by_item(attempt),
                                           result=True, show_key=quiz.show_feedback or reader)
    return private(render(request, "quiz/result.html", {
        "quiz": quiz, "attempt": attempt, "items": views, "reader": reader,
        "own": attempt.user_id == request.user.pk,
        "show_key": quiz.show_feedback or reader,
        "pending": sum(1 for v in views if v.state == "pending"),
    }))


# --- the teacher's pages --------------------------------------------------------------------


def _readable(request, pk) -> Quiz:
    quiz = get_object_or_404(Quiz, pk=pk)
    if not access.may_read_results(request.user, quiz):
        raise Http404
    return quiz


@login_required
@require_safe
def results(request, pk):
    quiz = _readable(request, pk)
    services.expire_overdue(Attempt.objects.filter(quiz=quiz))
    classes = selectors.classes_of(quiz)
    chosen = request.GET.get("lop", "")
    class_id = int(chosen) if chosen.isdigit() and int(chosen) in {c.pk for c in classes} else None
    return private(render(request, "quiz/results.html", {
        "quiz": quiz,
        "summary": selectors.summary(quiz),
        "classes": classes,
        "chosen_class": class_id,
        "groups": selectors.results_by_class(quiz, class_id),
        "item_rows": selectors.item_statistics(quiz),
        "pending": list(selectors.pending_answers(quiz)[:50]),
    }))


@login_required
@require_http_methods(["GET", "POST"])
def grade(request, pk):
    answer = get_object_or_404(Answer.objects.select_related("attempt", "attempt__quiz", "attempt__user", "item"),
                               pk=pk)
    quiz = _readable(request, answer.attempt.quiz_id)
    if answer.attempt.in_progress or not (answer.needs_hand or answer.graded_by_id or
                                          answer.item.kind == grading.ESSAY):
        raise Http404
    error, status = "", 200
    points_text = request.POST.get("points", "") if request.method == "POST" else (
        "" if answer.needs_hand or answer.points is None else str(answer.points).replace(".", ","))
    comment = request.POST.get("comment", answer.comment)
    if request.method == "POST":
        points = grading.parse_number(points_text)
        try:
            if points is None:
                raise services.Refused(_("Write the points as a number, e.g. 1,5."))
            services.grade_by_hand(answer, request.user, points, comment.strip())
        except services.Refused as refused:
            error, status = str(refused), 400
        else:
            messages.success(request, _("The grade of %(student)s is saved.") % {
                "student": answer.attempt.user.get_full_name()})
            following = selectors.pending_answers(quiz).first()
            if following is not None:
                return redirect("quiz:grade", following.pk)
            return redirect("quiz:results", quiz.pk)
    view = presentation.item_view(answer.item, answer.item.position, answer.attempt, answer.response, answer,
                                  result=True, show_key=True)
    return private(render(request, "quiz/grade.html", {
        "quiz": quiz, "answer": answer, "attempt": answer.attempt, "view": view, "error": error,
        "points_text": points_text, "comment": comment,
        "waiting": selectors.pending_answers(quiz).count(),
    }, status=status))
