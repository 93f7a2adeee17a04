"""Route requests for the content origin to their own URLs, without cookies."""

from django.conf import settings

from lms.core.origins import is_content_request


class ContentOriginMiddleware:
    """Requests to CONTENT_ORIGIN get the content URLconf and never a session.

    Uploaded lectures run scripts of their authors; on their own host name the browser
    keeps the platform's cookies away from them. As defence in depth, cookies a browser
    sends anyway are dropped here and no response from this origin sets one.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_content_request(request):
            return self.get_response(request)
        request.urlconf = settings.CONTENT_URLCONF
        request.is_content_origin = True
        request.COOKIES = {}
        request.META.pop("HTTP_COOKIE", None)
        response = self.get_response(request)
        response.cookies.clear()
        response["Cross-Origin-Resource-Policy"] = "cross-origin"
        return response
