"""Log-in, passwords, and a school's people (for school leaders and officers)."""

import secrets
import time

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from lms.accounts import people_import
from lms.accounts.forms import LoginForm, PeopleFilterForm, PeopleImportForm
from lms.accounts.models import Role, User
from lms.accounts.selectors import people_of_school, subject_group_members
from lms.accounts.services import password_changed, password_reset_by_manager
from lms.organisation.models import School, SubjectGroup
from lms.permissions import can, schools_managed_by

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SCHOOL_ROLES = [(r.value, r.label) for r in (
    Role.SCHOOL_LEADER, Role.GROUP_LEADER, Role.REVIEWER, Role.TEACHER, Role.STUDENT
)]


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("home:me")

    def form_valid(self, form):
        response = super().form_valid(form)
        password_changed(user=self.request.user)
        messages.success(self.request, _("Your password has been changed."))
        return response


def _school_or_403(request, school_id) -> School:
    school = get_object_or_404(School, pk=school_id)
    if not can(request.user, "school.manage_people", school):
        raise PermissionDenied
    return school


@login_required
def people_home(request):
    schools = schools_managed_by(request.user).select_related("district")
    if not schools.exists():
        raise PermissionDenied
    if schools.count() == 1:
        return redirect("accounts:school_people", school_id=schools.get().pk)
    return render(request, "accounts/people_home.html", {"schools": schools})


@login_required
def school_people(request, school_id):
    school = _school_or_403(request, school_id)
    form = PeopleFilterForm(request.GET or None, role_choices=SCHOOL_ROLES)
    role = q = ""
    if form.is_valid():
        role, q = form.cleaned_data["role"], form.cleaned_data["q"]
    people = people_of_school(school=school, role=role, q=q)
    page = Paginator(people, 50).get_page(request.GET.get("page"))
    return render(
        request, "accounts/school_people.html",
        {"school": school, "form": form, "page": page, "total": page.paginator.count},
    )


@login_required
def import_template(request, school_id):
    school = _school_or_403(request, school_id)
    response = HttpResponse(people_import.template_workbook(school), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-nguoi-dung.xlsx"'
    return response


# The initial passwords of an import stay in the leader's session for a short while:
# the result page can be reloaded and the file downloaded again, then they are gone.
CREDENTIALS_SECONDS = 30 * 60


def _credentials(request, token):
    """The stored import result, or None once expired or for someone else."""
    data = request.session.get(f"credentials:{token}")
    if not data or data.get("by") != request.user.pk or data.get("until", 0) < time.time():
        request.session.pop(f"credentials:{token}", None)
        return None
    return data


@login_required
def people_import_view(request, school_id):
    school = _school_or_403(request, school_id)
    form = PeopleImportForm(request.POST or None, request.FILES or None)
    context = {"school": school, "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = people_import.import_people(data=upload.read(), school=school, by=request.user)
        except people_import.ImportFileError as exc:
            form.add_error("file", str(exc))
            return render(request, "accounts/people_import.html", context, status=400)
        if not result.ok:
            context["row_errors"] = result.errors
            return render(request, "accounts/people_import.html", context, status=400)
        token = secrets.token_urlsafe(16)
        request.session[f"credentials:{token}"] = {
            "school": school.name, "by": request.user.pk, "until": time.time() + CREDENTIALS_SECONDS,
            "people": [vars(p) for p in result.created], "existing": [vars(p) for p in result.existing],
        }
        # A reload of the result page must not import the file again.
        return redirect("accounts:people_import_done", school_id=school.pk, token=token)
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/people_import.html", context, status=status)


def _expired(request, school):
    return render(request, "accounts/people_import_expired.html", {"school": school}, status=410)


@login_required
@require_safe
def people_import_done(request, school_id, token):
    school = _school_or_403(request, school_id)
    data = _credentials(request, token)
    if data is None:
        return _expired(request, school)
    minutes = max(1, int((data["until"] - time.time()) // 60))
    return render(request, "accounts/people_import_done.html", {
        "school": school, "people": data["people"], "existing": data["existing"], "token": token,
        "minutes_left": minutes,
    })


@login_required
@require_POST
def credentials_download(request, token):
    """The initial passwords of one import, as XLSX, for a short while after it."""
    data = _credentials(request, token)
    if data is None:
        return _expired(request, None)
    body = people_import.credentials_workbook(data["people"], data["school"])
    response = HttpResponse(body, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="tai-khoan-ban-dau.xlsx"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def person_detail(request, user_id):
    person = get_object_or_404(User.objects.select_related("school_class__school"), pk=user_id)
    if not can(request.user, "user.view", person):
        raise PermissionDenied
    return render(request, "accounts/person_detail.html", {
        "person": person, "may_reset": can(request.user, "user.reset_password", person),
    })


@login_required
@require_POST
def person_reset_password(request, user_id):
    person = get_object_or_404(User, pk=user_id)
    if not can(request.user, "user.reset_password", person):
        raise PermissionDenied
    password = password_reset_by_manager(person=person)
    response = render(
        request, "accounts/person_detail.html", {"person": person, "new_password": password}
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
def subject_group_view(request, group_id):
    group = get_object_or_404(SubjectGroup.objects.select_related("school"), pk=group_id)
    if not can(request.user, "group.view_members", group):
        raise PermissionDenied
    return render(
        request, "accounts/subject_group.html",
        {"group": group, "members": subject_group_members(group=group)},
    )
