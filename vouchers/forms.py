"""Forms of the vouchers app (shape only)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from common.forms import FrenchDecimalField

from .models import Voucher

MIN_AMOUNT, MAX_AMOUNT = Decimal("10"), Decimal("500")


class PurchaseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Type de bon"), choices=Voucher.Kind.choices, widget=forms.RadioSelect, initial="amount"
    )
    amount = forms.DecimalField(
        label=_("Montant (en euros)"),
        required=False,
        decimal_places=2,
        localize=True,
        help_text=_("De 10 à 500 €, pour un bon à montant libre."),
    )
    workshop = forms.ModelChoiceField(
        label=_("Atelier"), queryset=None, required=False, help_text=_("Pour un bon valable pour un atelier.")
    )
    seats = forms.IntegerField(
        label=_("Nombre de places"), min_value=1, max_value=8, initial=1, required=False
    )
    buyer_name = forms.CharField(label=_("Votre nom"), max_length=160)
    buyer_email = forms.EmailField(
        label=_("Votre e-mail"), help_text=_("Le bon vous sera envoyé à cette adresse.")
    )
    recipient_name = forms.CharField(label=_("Nom du bénéficiaire"), max_length=160, required=False)
    message = forms.CharField(
        label=_("Petit mot imprimé sur le bon"),
        max_length=300,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, workshops=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = workshops

    def clean(self):
        data = super().clean()
        if data.get("kind") == Voucher.Kind.WORKSHOP:
            if not data.get("workshop"):
                self.add_error("workshop", _("Atelier : choisissez l'atelier offert."))
            if not data.get("seats"):
                self.add_error("seats", _("Nombre de places : indiquez au moins 1 place."))
        elif data.get("kind") == Voucher.Kind.AMOUNT and "amount" not in self.errors:
            amount = data.get("amount")
            if amount is None or not (MIN_AMOUNT <= amount <= MAX_AMOUNT):
                self.add_error("amount", _("Montant : indiquez un montant entre 10 et 500 €."))
        return data


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code du bon"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class ExtendForm(forms.Form):
    expires_on = forms.DateField(
        label=_("Nouvelle date d'expiration"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=_("Motif"), max_length=300, required=False)


class RecreditForm(forms.Form):
    """Give back what a refunded sale had spent from the voucher (a staff refund on the payment
    page returns card money only)."""

    amount = FrenchDecimalField(label=_("Montant à recréditer (€)"), max_digits=9, decimal_places=2)
    reason = forms.CharField(label=_("Motif (et référence de la vente remboursée)"), max_length=300)


class CancelForm(forms.Form):
    reason = forms.CharField(label=_("Motif de l'annulation"), max_length=300)


class IssueForm(forms.Form):
    payment_method = forms.ChoiceField(
        label=_("Réglé par"),
        choices=[("card", _("carte bancaire")), ("cash", _("espèces")), ("cheque", _("chèque"))],
    )


class RedeemForm(CodeForm):
    amount = forms.DecimalField(
        label=_("Montant à déduire (en euros)"), min_value=Decimal("0.01"), decimal_places=2, localize=True
    )
    reference = forms.CharField(label=_("Référence de la vente"), max_length=80)
