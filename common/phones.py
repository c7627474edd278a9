"""One shape check for phone numbers typed in forms (the shop and stay checkouts use the same rule)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PHONE_CHARACTERS = set("0123456789 +.-()")


def clean_phone(value: str | None) -> str:
    """Return the stripped number, "" when empty; raise ``ValidationError`` when it cannot be a phone."""
    phone = (value or "").strip()
    if not phone:
        return phone
    digits = [c for c in phone if c.isdigit()]
    if len(digits) < 9 or any(c not in PHONE_CHARACTERS for c in phone):
        raise ValidationError(_("Indiquez un numéro de téléphone valide (ex. 06 12 34 56 78)."), code="phone")
    return phone
