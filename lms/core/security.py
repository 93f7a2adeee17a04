"""The platform's Content-Security-Policy: its pages run only the scripts and styles it
serves itself, and frame only itself and the content origin (e-learning lectures).

Set on every HTML answer of the platform's own pages that has none yet (a view that
needs another sets its own: file previews, the player page). Not on the content origin
(uploaded packages run their authors' scripts there, under the origin's isolation) nor
on the Wagtail admin (officers only; its own pages use inline scripts).
"""


from lms.core.origins import content_origin_for


def platform_policy(request, **changes) -> str:
    """The platform's policy; `changes` (directive with "_" for "-": value, or None to
    leave it out) make a view's stricter variant of it (the player page's)."""
    directives = {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data: blob:",
        "media-src": "'self' blob:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "frame-src": f"'self' {content_origin_for(request)}",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
        "frame-ancestors": "'self'",
    }
    directives.update({name.replace("_", "-"): value for name, value in changes.items()})
    return "; ".join(f"{name} {value}" for name, value in directives.items() if value is not None)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if (getattr(request, "is_content_origin", False) or request.path.startswith(self.admin_prefix)
                or "Content-Security-Policy" in response
                or not response.get("Content-Type", "").startswith("text/html")):
            return response
        response["Content-Security-Policy"] = platform_policy(request)
        return response
