import uuid

from django import forms
from django.utils.translation import gettext_lazy as _


class RefundForm(forms.Form):
    amount = forms.CharField(label=_("Montant à rembourser (€)"), max_length=20)
    reason = forms.CharField(label=_("Motif"), max_length=255)
    to_voucher = forms.BooleanField(
        label=_("Recréditer le bon cadeau de sa part (décocher : rembourser tout sur la carte)"),
        required=False,
        initial=True,
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
    idempotency_key = forms.UUIDField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())
