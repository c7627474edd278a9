"""Forms of the invoicing app (shape only)."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import Invoice

siret_validator = RegexValidator(r"^\d{14}$", _("SIRET : 14 chiffres, sans espace."))


class BuyerForm(forms.Form):
    buyer_kind = forms.ChoiceField(label=_("Type de client"), choices=Invoice.BuyerKind.choices)
    buyer_name = forms.CharField(label=_("Nom du client (établissement)"), max_length=160)
    buyer_address = forms.CharField(label=_("Adresse"), max_length=255, required=False)
    buyer_postcode = forms.CharField(label=_("Code postal"), max_length=10, required=False)
    buyer_city = forms.CharField(label=_("Ville"), max_length=120, required=False)
    buyer_email = forms.EmailField(label=_("E-mail de facturation"), required=False)
    buyer_siret = forms.CharField(
        label=_("SIRET du client"), max_length=14, required=False, validators=[siret_validator]
    )
    buyer_vat_number = forms.CharField(
        label=_("TVA intracommunautaire du client"), max_length=20, required=False
    )
    buyer_reference = forms.CharField(
        label=_("Bon de commande / numéro d'engagement"), max_length=60, required=False
    )

    def clean_buyer_siret(self):
        return self.cleaned_data["buyer_siret"].replace(" ", "")


class MarkPaidForm(forms.Form):
    method = forms.ChoiceField(
        label=_("Réglée par"),
        choices=[
            ("virement", _("virement")),
            ("mandat administratif", _("mandat administratif")),
            ("chèque", _("chèque")),
            ("carte", _("carte bancaire")),
            ("espèces", _("espèces")),
        ],
    )
    paid_on = forms.DateField(label=_("Date du paiement"), widget=forms.DateInput(attrs={"type": "date"}))


class CreditNoteForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'avoir"), max_length=300)
