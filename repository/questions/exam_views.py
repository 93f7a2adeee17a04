"""The exam builder's pages, under /ngan-hang/: a bank's blueprints (a table of topics by
cognitive levels, each level split by question type if the teacher chooses), drawing an
exam from one, the exam with its questions (swap one), its variants, answer key and
answer sheet in Word, and its PDFs made in the background."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.core.responses import private
from repository.questions import blueprint_editor, exam_selectors, exam_services, selectors, views
from repository.questions.exams import blueprint as blueprints

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _number(value: str, default=None):
    try:
        return float(str(value).replace(",", ".")) if str(value).strip() else default
    except ValueError:
        return None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def blueprint_list(request, pk):
    """The bank's blueprints and the editor of a new one. Ticking question types and
    showing them re-draws the table (type × level columns), nothing saved."""
    bank = views.bank_to_add_to(request, pk)
    levels = exam_selectors.levels_of(bank)
    topics = exam_selectors.topics_of(bank)
    status, errors, notices = 200, [], []
    if request.method == "POST":
        posted = blueprint_editor.read(request.POST, levels)
        if posted.columns_changed or "columns" in request.POST:
            posted, dropped = blueprint_editor.rearranged(posted)
            notices.append(_("The table now has the columns of the question types chosen: fill in their cells, "
                             "then save the blueprint.") if posted.kinds else
                           _("The table now has a column per level, for questions of any type."))
            if dropped:
                notices.append(_("The numbers of the columns removed (%(kinds)s) are no longer in the table.")
                               % {"kinds": ", ".join(dropped)})
        else:
            spec, errors = blueprint_editor.spec_of(posted, levels)
            if spec is not None:
                try:
                    row = exam_services.blueprint_save(user=request.user, bank=bank, name=posted.name, spec=spec)
                except ValidationError as error:
                    errors = error.messages
                else:
                    messages.success(request, _("The blueprint “%(name)s” is saved.") % {"name": row.name})
                    return redirect("questions:blueprint", row.pk)
            status = 400
    else:
        posted = blueprint_editor.empty(topics)
    available = exam_selectors.available(bank, levels, posted.table_kinds)
    context = {
        "bank": bank, "levels": levels, "errors": errors, "notices": notices, "name": posted.name,
        "total_points": posted.total_points, "kinds": posted.table_kinds,
        "table": blueprint_editor.table(posted, levels, available, topics), "blueprints": bank.blueprints.all(),
    }
    return private(render(request, "repository/questions/blueprint_list.html", context, status=status))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def blueprint_detail(request, pk):
    """The blueprint with its totals; drawing an exam from it."""
    row = exam_selectors.blueprint_get(user=request.user, pk=pk)
    if row is None:
        raise Http404
    spec = blueprints.from_json(row.spec)
    context = {"blueprint": row, "bank": row.bank, "spec": spec, "table": exam_selectors.blueprint_table(spec),
               "exams": row.exams.filter(created_by=request.user), "title": "", "minutes": 45, "variant_count": 4}
    status = 200
    if request.method == "POST":
        post = request.POST
        context.update(title=post.get("title", ""), minutes=post.get("minutes", ""),
                       variant_count=post.get("variant_count", ""))
        minutes, count = _number(post.get("minutes", ""), 45), _number(post.get("variant_count", ""), 4)
        try:
            if minutes is None or count is None or minutes != int(minutes) or count != int(count) or minutes < 1:
                raise ValidationError(_("The time and the number of variants are whole numbers."))
            exam = exam_services.exam_create(user=request.user, blueprint=row, title=post.get("title", ""),
                                             minutes=int(minutes), variant_count=int(count))
        except exam_services.NotDrawn as refused:
            context["shortfalls"] = [s.message for s in refused.shortfalls]
            status = 400
        except ValidationError as error:
            context["exam_errors"] = error.messages
            status = 400
        else:
            messages.success(request, _("The exam is drawn: check its questions, swap any, then download it."))
            return redirect("questions:exam", exam.pk)
    return private(render(request, "repository/questions/blueprint_detail.html", context, status=status))


def _own_exam(request, pk):
    exam = exam_selectors.exam_get(user=request.user, pk=pk)
    if exam is None:
        raise Http404
    return exam


@login_required
@require_GET
def exam_detail(request, pk):
    exam = _own_exam(request, pk)
    context = {"exam": exam, **exam_selectors.exam_page(exam)}
    return private(render(request, "repository/questions/exam_detail.html", context))


@login_required
@require_POST
def exam_swap(request, pk):
    exam = _own_exam(request, pk)
    out_id, in_id = request.POST.get("out", ""), request.POST.get("in", "")
    if not (out_id.isdigit() and in_id.isdigit()):
        messages.error(request, _("Choose the question to put in its place."))
        return redirect("questions:exam", exam.pk)
    try:
        exam_services.exam_swap(user=request.user, exam=exam, out_id=int(out_id), in_id=int(in_id))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The question is swapped."))
    return redirect("questions:exam", exam.pk)


def _docx(data: bytes, name: str):
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return private(response)


@login_required
@require_GET
def exam_variant(request, pk, code):
    exam = _own_exam(request, pk)
    document = exam_selectors.variant_document(exam, str(code))
    if document is None:
        raise Http404
    return _docx(document, f"de-{exam.pk}-ma-{code}.docx")


@login_required
@require_GET
def exam_key(request, pk):
    exam = _own_exam(request, pk)
    return _docx(exam_selectors.key_document(exam), f"de-{exam.pk}-dap-an.docx")


@login_required
@require_GET
def exam_sheet(request, pk):
    exam = _own_exam(request, pk)
    return _docx(exam_selectors.sheet_document(exam), f"de-{exam.pk}-phieu-tra-loi.docx")


@login_required
@require_POST
def exam_pdf_start(request, pk):
    exam = _own_exam(request, pk)
    exam_services.pdf_start(exam)
    return redirect("questions:exam", exam.pk)


@login_required
@require_GET
def exam_pdf_status(request, pk):
    exam = _own_exam(request, pk)
    return private(JsonResponse(exam.pdf_state or {"status": "none"}))


@login_required
@require_GET
def exam_pdf(request, pk, code):
    from django.core.files.storage import default_storage
    from django.http import FileResponse

    exam = _own_exam(request, pk)
    path = (exam.pdf_state or {}).get("files", {}).get(str(code))
    if not path or not default_storage.exists(path):
        raise Http404
    response = FileResponse(default_storage.open(path, "rb"), content_type="application/pdf", as_attachment=True,
                            filename=f"de-{exam.pk}-ma-{code}.pdf")
    return private(response)


@login_required
@require_POST
def exam_publish(request, pk):
    """The exam as an online quiz for the classes chosen."""
    from lms.organisation.models import SchoolClass

    exam = _own_exam(request, pk)
    post = request.POST
    classes = SchoolClass.objects.filter(pk__in=[c for c in post.getlist("classes") if c.isdigit()])
    minutes = post.get("time_limit", "").strip()
    attempts = post.get("attempts", "1").strip()
    try:
        if (minutes and not minutes.isdigit()) or (attempts and not attempts.isdigit()):
            raise ValidationError(_("The time limit and the attempts are whole numbers (empty: no limit)."))
        exam_services.exam_publish_quiz(user=request.user, exam=exam, classes=classes,
                                        time_limit_minutes=int(minutes) if minutes and int(minutes) else None,
                                        attempts_allowed=int(attempts) if attempts and int(attempts) else None,
                                        show_feedback=post.get("show_feedback") == "on")
    except ValidationError as error:
        messages.error(request, error.messages[0])
        context = {"exam": exam, **exam_selectors.exam_page(exam), "publish_error": error.messages[0]}
        return private(render(request, "repository/questions/exam_detail.html", context, status=400))
    messages.success(request, _("The exam is published as an online quiz for the classes chosen."))
    return redirect("questions:exam", exam.pk)


@login_required
@require_GET
def quiz_media(request, pk, question, name):
    """An image of a question of an exam given as a quiz, for whoever may see the quiz:
    one of the version the exam drew (selectors.quiz_media_get)."""
    item = selectors.quiz_media_get(user=request.user, exam_pk=pk, question_pk=question, name=name)
    if item is None:
        raise Http404
    return views.image_response(item.file.open("rb"), item.mime)


@login_required
@require_GET
def my_quizzes(request):
    """A student's quizzes: the exams given to their class as online quizzes."""
    rows = exam_selectors.quizzes_for_student(request.user)
    return private(render(request, "repository/questions/my_quizzes.html", {"rows": rows}))


@login_required
@require_POST
def exam_save_paper(request, pk):
    exam = _own_exam(request, pk)
    try:
        exam_services.exam_save_as_paper(user=request.user, exam=exam)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("questions:exam", exam.pk)
    messages.success(request, _("The exam is kept in the repository as a test paper and sent to the subject "
                                "group's review."))
    return redirect("questions:exam", exam.pk)
