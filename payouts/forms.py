"""Forms of the payouts pages: they check shape only; services validate and write."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Payout


class BankForm(forms.Form):
    holder = forms.CharField(
        label=_("Titulaire du compte"),
        max_length=70,
        required=False,
        help_text=_("Le nom qui figure sur votre RIB."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    iban = forms.CharField(
        label=_("IBAN"),
        max_length=42,
        required=False,
        help_text=_("Par exemple FR76 3000 6000 0112 3456 7890 189 ; les espaces sont acceptés."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "inputmode": "text"}),
    )
    bic = forms.CharField(
        label=_("BIC"),
        max_length=11,
        required=False,
        help_text=_("Facultatif : retrouvé à partir de l'IBAN quand la banque est connue."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class PayoutRecordForm(forms.Form):
    paid_on = forms.DateField(
        label=_("Date du versement"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    reference = forms.CharField(
        label=_("Référence"), max_length=35, help_text=_("Référence du virement ou numéro du chèque.")
    )
    method = forms.ChoiceField(
        label=_("Moyen"),
        choices=[
            (Payout.Method.TRANSFER, Payout.Method.TRANSFER.label),
            (Payout.Method.CHEQUE, Payout.Method.CHEQUE.label),
        ],
    )


class SepaExportForm(forms.Form):
    period = forms.CharField(widget=forms.HiddenInput)
    execution_date = forms.DateField(
        label=_("Date d'exécution demandée"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )

    def clean_period(self) -> datetime.date:
        try:
            return datetime.datetime.strptime(self.cleaned_data["period"], "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Indiquez un mois au format AAAA-MM.")) from None
