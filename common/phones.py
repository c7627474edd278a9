"""One shape check for phone numbers typed in forms (the shop and stay checkouts use the same rule)."""

from __future__ import annotations

from django import forms
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


class PhoneInput(forms.TextInput):
    """A phone field: the phone keypad on a mobile (``type=tel``) and the browser's autofill."""

    input_type = "tel"

    def __init__(self, attrs=None, *, autofill: bool = True):
        base = {"autocomplete": "tel" if autofill else "off", "inputmode": "tel"}
        super().__init__({**base, **(attrs or {})})


def phone_widget(*, autofill: bool = True) -> PhoneInput:
    return PhoneInput(autofill=autofill)
