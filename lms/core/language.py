"""The footer's language switch, and the middleware that follows it.

A GET form, unlike Django's set_language (POST with a CSRF token): a token in every
page's footer would give each visitor a CSRF cookie, and no page could then be cached
for visitors (lms/core/page_cache.py). Choosing a display language is no action an
attacker gains anything by forcing; the choice only sets the language cookie.
"""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_supported_language_variant
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


@require_safe
@never_cache
def switch_language(request):
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    language = request.GET.get("language", "")
    if language in dict(settings.LANGUAGES) and check_for_language(language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language,
            max_age=settings.LANGUAGE_COOKIE_AGE, path=settings.LANGUAGE_COOKIE_PATH,
            domain=settings.LANGUAGE_COOKIE_DOMAIN, secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        )
    return response


class ChosenLanguageMiddleware(LocaleMiddleware):
    """The language is the one chosen with the switch (its cookie), else Vietnamese.

    Django's LocaleMiddleware falls back on the browser's Accept-Language, so a teacher
    whose Chromium is set to English got the whole site, and Wagtail's admin with it, in
    English. The platform speaks Vietnamese unless the user asks otherwise.
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) or settings.LANGUAGE_CODE
        try:
            language = get_supported_language_variant(chosen)
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        # No "Vary: Accept-Language": that header does not choose the language here.
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
