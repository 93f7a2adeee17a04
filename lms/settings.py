"""Settings for the platform.

Every setting comes from an environment variable; when it is unset the embedded
default (SQLite under var/, local media, Celery eager, database search) applies, so
`make run` needs no configuration. `DJANGO_ENV=production` turns the defaults strict.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from lms.core.secrets import local_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"
if DJANGO_ENV not in {"development", "production", "test"}:
    raise ImproperlyConfigured("DJANGO_ENV must be development, production or test")

VAR_DIR = Path(env.str("LMS_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when DJANGO_ENV=production")

if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set (50 characters or more) when DJANGO_ENV=production"
        )
else:
    # Generated once into var/ so sessions survive restarts of `make run`.
    SECRET_KEY = env.str("SECRET_KEY", default="") or local_secret_key(VAR_DIR)

ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["127.0.0.1", "localhost", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DJANGO_ENV=production")

# Uploaded e-learning content is served from this origin, never from the platform's.
# Cookies ignore ports, so its host name must differ from the platform's. Without a
# port, the content origin answers on the same port as the request it is linked from.
CONTENT_ORIGIN = env.str("CONTENT_ORIGIN", default="http://localhost")
# The platform's own origin, which alone (with the content origin) may frame content
# (Content-Security-Policy: frame-ancestors). Unset: taken from BASE_URL (below).
PLATFORM_ORIGIN = env.str("PLATFORM_ORIGIN", default="")
# How long a link to a package's files on the content origin stays valid (signed tokens
# in the path, lms/player/tokens.py: the content origin has no session). A lecture can be
# long and a learner may pause it: 6 hours.
PLAYER_TOKEN_SECONDS = env.int("PLAYER_TOKEN_SECONDS", default=6 * 60 * 60)

INSTALLED_APPS = [
    "lms.core",
    "lms.organisation",
    "lms.accounts",
    "lms.home",
    "lms.notices",
    "lms.uploads",
    "lms.player",
    "lms.quiz",
    "repository",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "axes",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "lms.core.middleware.ContentOriginMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.core.language.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "lms.core.security.ContentSecurityPolicyMiddleware",
    "lms.accounts.middleware.PasswordChangeRequiredMiddleware",
    "lms.core.admin_access.AdminAccessMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
CONTENT_URLCONF = "lms.content_urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "wagtail.contrib.settings.context_processors.settings",
                "lms.core.context_processors.platform",
            ],
        },
    },
]

WSGI_APPLICATION = "lms.wsgi.application"

DATABASES = {
    "default": env.db(
        "DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the dev server's reads go on while a write is committing. A page cache of
    # 128 MB per connection (SQLite's default is 2 MB): a search over a large catalogue
    # reads thousands of pages, which otherwise come from the OS at every query.
    DATABASES["default"].setdefault("OPTIONS", {})["init_command"] = (
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-131072;"
    )
    DATABASES["default"]["OPTIONS"]["transaction_mode"] = "IMMEDIATE"
# Reuse connections: opening one costs more than a simple page's queries.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Per-process memory by default; CACHE_URL=redis://host:6379/1 shares it between the
# web processes (see lms/core/page_cache.py).
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Public listings served from the cache to visitors who are not logged in (0: never).
PUBLIC_PAGE_CACHE_SECONDS = env.int("PUBLIC_PAGE_CACHE_SECONDS", default=60)

# --- People ----------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    # Initial passwords handed out in bulk: cheaper to hash so that a school's
    # 1,000 students import in seconds; rehashed with the first hasher at first login,
    # when the user must also choose a new password.
    "lms.accounts.hashers.InitialPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 8},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:me"
LOGOUT_REDIRECT_URL = "/"

# Login throttling: 5 failures lock the username from that address for 15 minutes.
# Username and address together, because a school's computer room shares one address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_NAME = "lms_session"
CSRF_COOKIE_NAME = "lms_csrftoken"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is for whoever owns the apex domain (a district's site is usually
        # a subdomain of a shared .edu.vn domain) and is hard to undo: an explicit opt-in.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Language, time ----------------------------------------------------------

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "lms" / "admin_locale"]
LANGUAGE_COOKIE_NAME = "lms_language"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["lms.formats"]

# --- Files -----------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = not PRODUCTION
MEDIA_URL = env.str("MEDIA_URL", default="/media/")
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))

AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if AWS_STORAGE_BUCKET_NAME:
    _default_storage = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "region_name": env.str("AWS_S3_REGION_NAME", default=None),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=None),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=None),
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default=None),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=True),
            "file_overwrite": False,
            "default_acl": None,
            # Reading a big video back (processing) spills to disk past 5 MB.
            "max_memory_size": 5 * 1024 * 1024,
        },
    }
else:
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _default_storage,
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Never served straight from MEDIA_URL: these go through views that check permissions.
PROTECTED_MEDIA_PREFIXES = ["repository/", "content/", "player/"]
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# The people import reads at most this many bytes of XLSX.
PEOPLE_IMPORT_MAX_BYTES = env.int("PEOPLE_IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
PEOPLE_IMPORT_MAX_ROWS = env.int("PEOPLE_IMPORT_MAX_ROWS", default=5000)

# --- Background work --------------------------------------------------------

CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env.str("CELERY_RESULT_BACKEND", default=CELERY_BROKER_URL or None)
# No broker configured: tasks run in-process, as soon as they are sent.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "repository.*": {"queue": "ingest"},
    "player.*": {"queue": "ingest"},
    "contests.judge.*": {"queue": "judging"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
# Untrusted work (reading uploads) runs in a child process with these limits
# (lms/core/sandbox.py); memory is what the work may add to the child's own.
PROCESSING_CPU_SECONDS = env.int("PROCESSING_CPU_SECONDS", default=30)
PROCESSING_WALL_SECONDS = env.int("PROCESSING_WALL_SECONDS", default=60)
PROCESSING_MEMORY_MB = env.int("PROCESSING_MEMORY_MB", default=512)
# Office files are turned into PDF for their preview by LibreOffice headless in
# bubblewrap (repository/conversion.py), with these limits; False turns it off.
PREVIEW_OFFICE_FILES = env.bool("PREVIEW_OFFICE_FILES", default=True)
PREVIEW_OFFICE_COMMAND = env.str("PREVIEW_OFFICE_COMMAND", default="soffice")
PREVIEW_CPU_SECONDS = env.int("PREVIEW_CPU_SECONDS", default=60)
PREVIEW_WALL_SECONDS = env.int("PREVIEW_WALL_SECONDS", default=120)
PREVIEW_MEMORY_MB = env.int("PREVIEW_MEMORY_MB", default=3072)
PREVIEW_MAX_PDF_MB = env.int("PREVIEW_MAX_PDF_MB", default=100)
# E-learning packages (lms/player): what an upload may be and unpack to, and the limits
# of the child process that unpacks it (streaming: its memory does not grow with the size).
PLAYER_MAX_UPLOAD_MB = env.int("PLAYER_MAX_UPLOAD_MB", default=1024)
# A package no lecture (nor any revision of one) and no attempt uses is removed this long
# after its upload by `manage.py purge_packages` (lms/player/cleanup.py).
PLAYER_UNUSED_PACKAGE_DAYS = env.int("PLAYER_UNUSED_PACKAGE_DAYS", default=7)
PLAYER_MAX_UNPACKED_MB = env.int("PLAYER_MAX_UNPACKED_MB", default=2048)
PLAYER_MAX_FILES = env.int("PLAYER_MAX_FILES", default=20000)
PLAYER_INGEST_CPU_SECONDS = env.int("PLAYER_INGEST_CPU_SECONDS", default=300)
PLAYER_INGEST_WALL_SECONDS = env.int("PLAYER_INGEST_WALL_SECONDS", default=900)
PLAYER_INGEST_MEMORY_MB = env.int("PLAYER_INGEST_MEMORY_MB", default=256)
# Resumable uploads of large files (lms/uploads: the tus protocol at /tai-len/). Each
# part the browser sends (UPLOADS_CHUNK_MB) is appended to a file under UPLOADS_DIR on
# local disk, never held in memory; at most UPLOADS_MAX_MB an upload (a purpose may ask
# for less) and UPLOADS_MAX_OPEN unfinished or unused ones a person. An upload idle, or
# finished and not used, for UPLOADS_EXPIRY_HOURS is removed by `manage.py purge_uploads`.
UPLOADS_DIR = Path(env.str("UPLOADS_DIR", default=str(VAR_DIR / "uploads")))
UPLOADS_MAX_MB = env.int("UPLOADS_MAX_MB", default=1024)
UPLOADS_CHUNK_MB = env.int("UPLOADS_CHUNK_MB", default=8)
UPLOADS_EXPIRY_HOURS = env.int("UPLOADS_EXPIRY_HOURS", default=24)
UPLOADS_MAX_OPEN = env.int("UPLOADS_MAX_OPEN", default=10)
# Imported once by the sandbox's fork server (lms/core/sandbox.py): the file readers.
SANDBOX_PRELOAD = ["lms.core.sandbox_apps", "repository.processing", "lms.player.unpack", "repository.questions.formats"]
# Without a broker, uploads are processed in a small thread pool after the upload's
# commit, so that the request answers at once; False processes them on commit (tests).
PROCESS_IN_BACKGROUND = env.bool("PROCESS_IN_BACKGROUND", default=True)

# --- Wagtail ----------------------------------------------------------------

WAGTAIL_SITE_NAME = env.str("SITE_NAME", default="Kho học liệu số")
WAGTAILADMIN_BASE_URL = env.str("BASE_URL", default="http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "accounts:login"
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# The dashboard's "what's new in Wagtail" banner links to an English page: off.
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
WAGTAILDOCS_DOCUMENT_MODEL = "repository.ResourceDocument"
# A first filter by name; every file is then checked by its content (repository.filetypes).
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "docx", "doc", "odt", "xlsx", "xls", "ods", "pptx", "ppt", "odp",
    "mp4", "webm", "jpg", "jpeg", "png", "gif", "webp", "mp3", "ogg", "wav", "m4a",
]
# Per-kind upload limits in MB, e.g. {"video": 2048}; defaults in repository.filetypes.
REPOSITORY_MAX_UPLOAD_MB = env.dict("REPOSITORY_MAX_UPLOAD_MB", cast={"value": int}, default={})
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAIL_WORKFLOW_ENABLED = True
# Approval publishes without the reviewer holding "publish" (see lms/core/workflows.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "lms.core.workflows.publish_workflow_state"
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None  # schools' networks often block it; no outside calls
WAGTAIL_PASSWORD_RESET_ENABLED = False  # one reset path: ours, see accounts.urls

OPENSEARCH_URL = env.str("OPENSEARCH_URL", default="")
if OPENSEARCH_URL:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.opensearch2",
            "URLS": [OPENSEARCH_URL],
            "INDEX_PREFIX": env.str("OPENSEARCH_INDEX_PREFIX", default="lms_"),
        }
    }
else:
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            # PostgreSQL: no stemming, no stop words. Its default (English) drops "so",
            # "do", "to", "an", "no"..., which are Vietnamese syllables once folded
            # ("so do tu duy" = "sơ đồ tư duy"). Changing it needs `manage.py update_index`.
            "SEARCH_CONFIG": "simple",
        }
    }

# --- E-mail -------------------------------------------------------------------

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "django_tasks": {"level": "WARNING"}},
}

# Demo data (known passwords) may only be loaded outside production.
DEMO_MODE = not PRODUCTION
