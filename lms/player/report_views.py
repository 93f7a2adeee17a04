"""A package's report, on the platform: /bai-giang/<package>/bao-cao/ (the page) and
/bai-giang/<package>/bao-cao.xlsx (the same as a workbook), for whoever
access.may_read_report lets read it; anyone else, visitors included, gets 404."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from lms.core.text import fold
from lms.player import access, reports
from lms.player.models import Package
from lms.player.selectors import package_version

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _readable(request, uuid) -> Package:
    package = get_object_or_404(Package, uuid=uuid)
    if not access.may_read_report(request.user, package):
        raise Http404
    return package


@require_safe
def report(request, uuid):
    package = _readable(request, uuid)
    items = reports.scos(package)
    page, learners = reports.learners_page(package, items, request.GET.get("page"))
    response = render(request, "player/report.html", {
        "package": package,
        "version": package_version(package),
        "summary": reports.summary(package, items),
        "items": items,
        "several": len(items) > 1,
        "page": page,
        "learners": learners,
        "questions": reports.questions(package, items),
        "may_play": access.mode_for(request.user, package) is not None,
    })
    patch_cache_control(response, private=True, no_store=True)
    return response


@require_safe
def report_xlsx(request, uuid):
    package = _readable(request, uuid)
    name = slugify(fold(str(package)))[:60].strip("-") or str(package.uuid)
    response = HttpResponse(reports.workbook(package), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="bao-cao-{name}.xlsx"'
    patch_cache_control(response, private=True, no_store=True)
    return response
