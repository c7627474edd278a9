"""The self-assessment's delays and languages, shared by its writers."""

from __future__ import annotations

from django.conf import settings

BADGE_VALIDITY_DAYS = 365
LINK_VALIDITY_DAYS = 90
RENEWAL_NOTICE_DAYS = 45
LANGUAGE_CODES = {code for code, _label in settings.LANGUAGES}
