"""Tests: real PostgreSQL (embedded unless DATABASE_URL is set), eager Celery, fast hashing."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-key"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CELERY_BROKER_URL = None
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": {"BACKEND": "common.storage.PrivateFileSystemStorage"},
}
STAFF_REQUIRE_MFA = True
STAFF_MFA_EXEMPT_EMAILS: list[str] = []
ACCOUNT_RATE_LIMITS = False
# Rate limits are tested on purpose (tests/hardening/test_rate_limits.py, against Redis).
RATE_LIMITS_ENABLED = False
LANGUAGE_CODE = "fr"
# The anonymous page cache is tested on purpose (tests/workshops/test_page_cache.py); elsewhere
# a page must show what the test just wrote without thinking about stamps.
PAGE_CACHE_ENABLED = False
RELATIONS_CAMPAIGN_RATE_PER_SECOND = 1000.0
ANYMAIL = {"WEBHOOK_SECRET": "hook:test-secret"}
