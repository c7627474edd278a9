"""Production: every value from the environment; refuses to start without the essentials."""

import os
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} est obligatoire en production "
            f"(environment variable {name} is required in production)."
        )
    return value


# Checked before base is imported: without DATABASE_URL, base would start the embedded
# PostgreSQL meant for development.
_required("DATABASE_URL")
_site = urlsplit(_required("SITE_URL"))
if _site.scheme != "https" or not _site.netloc:
    raise ImproperlyConfigured(
        "SITE_URL doit être l'adresse publique du site en https, par exemple https://maillage.example.org "
        "(SITE_URL must be the site's public https address)."
    )

from .base import *  # noqa: E402, F403
from .base import env  # noqa: E402

DEBUG = False
SITE_URL = os.environ["SITE_URL"].strip().rstrip("/")
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("La variable d'environnement ALLOWED_HOSTS est obligatoire.")
# The containers' own health checks call http://localhost:8000/healthz.
ALLOWED_HOSTS += ["localhost", "127.0.0.1"]

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="smtp://localhost:25")
vars().update(EMAIL_CONFIG)

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
X_FRAME_OPTIONS = "DENY"
STAFF_MFA_EXEMPT_EMAILS: list[str] = []
# Media and private files: on disk (volumes), or S3 buckets when S3_* are set (base.py).
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
