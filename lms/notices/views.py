"""/thong-bao/: one's notices, newest first; following one marks it read."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from lms.notices import selectors, services


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notice_list(request):
    """The list; the notices shown are read once shown. POST marks every one read."""
    if request.method == "POST":
        services.notices_mark_read(user=request.user)
        messages.success(request, _("All your notices are marked read."))
        return redirect("notices:list")
    page = Paginator(selectors.notices_of(user=request.user), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    notices = list(page.object_list)  # as they were: the unread ones are marked on this page
    if request.method == "GET":
        services.notices_mark_read(user=request.user, notices=[n for n in notices if n.unread])
    response = render(request, "notices/notice_list.html", {
        "page": page, "notices": notices,
    })
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_safe
def notice_open(request, pk):
    """Follow one notice: it is read, and the reader goes where it leads. Only its
    recipient: anyone else gets 404, superusers included."""
    notice = selectors.notice_get(user=request.user, pk=pk)
    if notice is None:
        raise Http404
    target = services.notice_open(notice=notice) if request.method == "GET" else notice.url
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        target = "/"
    response = redirect(target)
    patch_cache_control(response, private=True, no_store=True)
    return response
