"""Form fields shared by several apps (shape only, no domain rule)."""

from __future__ import annotations

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
