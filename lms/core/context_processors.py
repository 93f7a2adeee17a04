from django.conf import settings

from lms.core.navigation import menu_for


def platform(request):
    user = getattr(request, "user", None)
    return {
        "SITE_NAME": settings.WAGTAIL_SITE_NAME,
        "nav_items": menu_for(user) if user is not None else [],
    }
