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
    parts = urlsplit(settings.CONTENT_ORIGIN)
    if parts.port:
        return f"{parts.scheme}://{parts.hostname}:{parts.port}"
    _domain, port = split_domain_port(request.get_host())
    if not port or parts.scheme != request.scheme:
        return f"{parts.scheme}://{parts.hostname}"
    return f"{parts.scheme}://{parts.hostname}:{port}"
