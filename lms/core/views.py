from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotFound, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.static import serve


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


def media_file(request, path):
    """Local media, except what only permission-checked views may hand out (repository
    files go through Wagtail's document view; e-learning content through its origin)."""
    if any(path.startswith(prefix) for prefix in settings.PROTECTED_MEDIA_PREFIXES):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)


def content_file(request, path):
    """A file of unpacked e-learning content, from MEDIA_ROOT/content/."""
    return serve(request, path, document_root=Path(settings.MEDIA_ROOT) / "content")


def content_not_found(request, exception=None):
    # The platform's 404 page links to platform URLs, which this host does not serve.
    return HttpResponseNotFound("Not found", content_type="text/plain; charset=utf-8")
