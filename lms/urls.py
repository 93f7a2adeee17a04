from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from lms.core import views as core_views
from lms.core.language import switch_language

urlpatterns = [
    path("healthz", core_views.healthz, name="healthz"),
    path("huong-dan/", core_views.guide, name="guide"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("ngon-ngu/", switch_language, name="switch_language"),
    path("accounts/", include("lms.accounts.urls")),
    path("me/", include("lms.home.urls")),
    path("thong-bao/", include("lms.notices.urls")),
    path("tai-len/", include("lms.uploads.urls")),
    path("hoc-lieu/", include("repository.urls")),
    path("ngan-hang/", include("repository.questions.urls")),
    path("bai-giang/", include("lms.player.urls")),
    path("bai-kiem-tra/", include("lms.quiz.urls")),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if not settings.AWS_STORAGE_BUCKET_NAME and settings.MEDIA_URL.startswith("/"):
    urlpatterns.append(
        re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", core_views.media_file)
    )

urlpatterns.append(path("", include(wagtail_urls)))
