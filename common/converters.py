"""Path converters for secret tokens and references.

A token or reference only ever holds URL-safe characters; anything else (a NUL byte, a
space, a quote) is not a route at all and gives a 404 before a view or the database sees it
(PostgreSQL text cannot hold NUL: such a value used to give a 500).
"""

from django.urls import register_converter


class TokenConverter:
    """``secrets.token_urlsafe`` alphabet (booking, review, waitlist, application, assessment…)."""

    regex = r"[A-Za-z0-9_\-]{1,128}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


class ReferenceConverter(TokenConverter):
    """Human references and periods: ``B-2026-000123``, ``D-DEMO-X-NEXT``, ``2026-03``."""

    regex = r"[A-Za-z0-9_.\-]{1,64}"


register_converter(TokenConverter, "token")
register_converter(ReferenceConverter, "ref")
