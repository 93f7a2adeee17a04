import posixpath
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseNotFound, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.static import serve


@never_cache
def healthz(request):
    """Liveness probe; also the trivial view that benchmarks compare against."""
    return HttpResponse("ok", content_type="text/plain")


def guide(request):
    """The platform's short guide, in the site's language, instead of Wagtail's English one."""
    return render(request, "core/guide.html")


def content_index(request):
    """The content origin's own front page: nothing of the platform, no session."""
    return render(request, "core/content_index.html")


def content_probe(request):
    """What the content origin received: lets tests and operators check isolation."""
    return JsonResponse({
        "cookies": sorted(request.COOKIES),
        "authenticated": bool(getattr(getattr(request, "user", None), "is_authenticated", False)),
    })


def _normalised_media_path(path: str) -> str | None:
    """`path` as the file it names under MEDIA_ROOT ("a/b.png"), or None when it names
    no file there: it climbs out (x/../../y), holds a NUL or a backslash, or is still
    percent-encoded after a few rounds of decoding.

    "//repository/f", "./repository/f", "%2e/repository/f" and "x/../repository/f" all
    become "repository/f", so that the protected prefixes are checked on the path that
    is then served. Stored media names never hold "%" (Django's get_valid_name drops
    it), so decoding again loses no file.
    """
    for _round in range(3):
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    else:
        return None
    if "\x00" in path or "\\" in path:
        return None
    path = posixpath.normpath(path.lstrip("/")).lstrip("/")  # "//", ".", "x/.." gone
    if path in ("", ".", "..") or path.startswith("../"):
        return None
    return path


def _is_protected(path: str) -> bool:
    """Whether the (normalised) media path lies under a protected prefix, compared
    without case (a case-insensitive disk) and after symbolic links are followed."""
    folded = path.casefold() + "/"
    prefixes = settings.PROTECTED_MEDIA_PREFIXES
    if any(folded.startswith(prefix.rstrip("/").casefold() + "/") for prefix in prefixes):
        return True
    root = Path(settings.MEDIA_ROOT).resolve()
    real = (root / path).resolve()
    if real != root and root not in real.parents:
        return True  # a link out of MEDIA_ROOT
    for prefix in prefixes:
        protected = (root / prefix).resolve()
        if real == protected or protected in real.parents:
            return True
    return False


def media_file(request, path):
    """Local media, except what only permission-checked views may hand out (repository
    files go through Wagtail's document view; e-learning content through its origin).

    The path is normalised first and the protected prefixes checked on the result:
    /media//repository/…, /media/./…, /media/%2e/… and /media/x/../… reach nothing
    protected."""
    normalised = _normalised_media_path(path)
    if normalised is None or _is_protected(normalised):
        raise Http404
    return serve(request, normalised, document_root=settings.MEDIA_ROOT)


def content_not_found(request, exception=None):
    # The platform's 404 page links to platform URLs, which this host does not serve.
    return HttpResponseNotFound("Not found", content_type="text/plain; charset=utf-8")
