from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """Liveness probe; also the trivial view that benchmarks compare against."""
    return HttpResponse("ok", content_type="text/plain")


def content_index(request):
    """The content origin's own front page: nothing of the platform, no session."""
    return render(request, "core/content_index.html")


def content_probe(request):
    """What the content origin received: lets tests and operators check isolation."""
    return JsonResponse({
        "cookies": sorted(request.COOKIES),
        "authenticated": bool(getattr(getattr(request, "user", None), "is_authenticated", False)),
    })
