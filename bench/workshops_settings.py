"""Settings for the workshops HTTP benchmark: production settings, served over plain HTTP.

The runner (bench/workshops_http.py) sets SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS and
EMAIL_URL; this module only undoes what needs HTTPS or a collectstatic manifest.
"""

from config.settings.production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "common.storage.PrivateFileSystemStorage"},
}
ROOT_URLCONF = "bench.workshops_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
