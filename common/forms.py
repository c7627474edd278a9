"""Form fields shared by several apps (shape only, no domain rule)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _


class CommitmentLinesField(forms.CharField):
    """The charter's commitments as text, one per line (stored as a list): no JSON to type."""

    widget = forms.Textarea(attrs={"rows": 10})

    def prepare_value(self, value):
        if isinstance(value, list):
            return "\n".join(value)
        return value

    def to_python(self, value):
        text = super().to_python(value)
        return [" ".join(line.split()) for line in text.splitlines() if line.strip()]

    def validate(self, value):
        if not value:
            raise forms.ValidationError(_("Engagements : indiquez au moins un engagement."), code="required")


class FrenchDecimalField(forms.DecimalField):
    """A decimal typed the French way (« 12,50 », « 1 200,50 € ») or with a dot, in any language
    of the site: the comma is the decimal separator, spaces and « € » are dropped. Shown back
    with a comma, in a text box that opens the decimal keypad on a phone; Django's own messages
    (digits, decimals, « Saisissez un nombre ») are kept."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\u202f", "").replace("\xa0", "").replace(" ", "").replace("€", "")
            value = value.replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value):
        # A stored amount is shown with a comma; what the person typed is shown as typed.
        if isinstance(value, Decimal):
            return str(value).replace(".", ",")
        return super().prepare_value(value)

    def widget_attrs(self, widget):
        # No min/max/step: those belong to a number input, which would refuse the comma.
        return {}
