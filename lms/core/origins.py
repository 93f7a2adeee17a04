"""The platform's origin and the separate origin that serves uploaded content."""

from urllib.parse import urlsplit

from django.conf import settings
from django.http.request import split_domain_port


def content_host() -> str:
    """Host name (no port) that serves uploaded content."""
    return (urlsplit(settings.CONTENT_ORIGIN).hostname or "").lower()


def is_content_request(request) -> bool:
    domain, _port = split_domain_port(request.get_host())
    return domain == content_host()


def content_origin_for(request) -> str:
    """The content origin as a browser reaches it from this request.

    Without a port in CONTENT_ORIGIN, and on the request's own scheme, the content
    answers on the request's port: `make run` serves both origins from one server.
    """
    return _origin_for(settings.CONTENT_ORIGIN, request)


def platform_origin_for(request) -> str:
    """The platform's origin as a browser reaches it, seen from a request to either
    origin: PLATFORM_ORIGIN, else the base URL of e-mailed links (BASE_URL, which follows
    PORT under `make run`); without a port, the request's port as for the content origin."""
    return _origin_for(settings.PLATFORM_ORIGIN or settings.WAGTAILADMIN_BASE_URL, request)


def _origin_for(url: str, request) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"  # IPv6
    if parts.port:
        return f"{parts.scheme}://{host}:{parts.port}"
    _domain, port = split_domain_port(request.get_host())
    if not port or parts.scheme != request.scheme:
        return f"{parts.scheme}://{host}"
    return f"{parts.scheme}://{host}:{port}"
