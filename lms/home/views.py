from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from lms.home.selectors import roles_of
from lms.permissions import can, schools_managed_by


@login_required
def me(request):
    user = request.user
    return render(request, "home/me.html", {
        "role_lines": roles_of(user),
        "managed_schools": schools_managed_by(user) if not user.is_superuser else [],
        "can_admin": can(user, "admin.access"),
    })
