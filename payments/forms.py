from django import forms
from django.utils.translation import gettext_lazy as _


class RefundForm(forms.Form):
    amount = forms.CharField(label=_("Montant à rembourser (€)"), max_length=20)
    reason = forms.CharField(label=_("Motif"), max_length=255)
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
