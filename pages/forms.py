"""Forms of the stay basket: they check shape only; the services decide."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from common.phones import PhoneInput, clean_phone
from shop.exceptions import TenderCodeRequired
from shop.models import PaymentMethod

from .basket import MAX_PARTY
from .exceptions import PAYMENT_REQUIRED, PHONE_REQUIRED, VOUCHER_CODE_REQUIRED


class SeatAddForm(forms.Form):
    session = forms.UUIDField(widget=forms.HiddenInput, error_messages={"invalid": _("Séance inconnue.")})
    party_size = forms.IntegerField(
        label=_("Personnes"),
        min_value=1,
        max_value=MAX_PARTY,
        initial=1,
        error_messages={
            "required": _("Nombre de personnes : indiquez au moins 1."),
            "invalid": _("Nombre de personnes : indiquez un nombre entier."),
            "min_value": _("Nombre de personnes : indiquez au moins 1."),
            "max_value": _("Nombre de personnes : %(limit_value)s au plus."),
        },
    )
    children = forms.IntegerField(
        label=_("dont enfants (moins de 12 ans)"),
        min_value=0,
        max_value=MAX_PARTY,
        initial=0,
        required=False,
        error_messages={
            "invalid": _("Nombre d'enfants : indiquez un nombre entier."),
            "min_value": _("Nombre d'enfants : indiquez 0 ou plus."),
            "max_value": _("Nombre d'enfants : %(limit_value)s au plus."),
        },
    )

    youngest_age = forms.IntegerField(
        label=_("Âge du plus jeune participant"),
        min_value=0,
        max_value=120,
        required=False,
        error_messages={
            "invalid": _("Âge du plus jeune participant : indiquez un nombre entier."),
            "min_value": _("Âge du plus jeune participant : indiquez 0 ou plus."),
            "max_value": _("Âge du plus jeune participant : %(limit_value)s au plus."),
        },
    )

    def clean(self):
        data = super().clean()
        children = data.get("children") or 0
        data["children"] = children
        if data.get("party_size") and children > data["party_size"]:
            self.add_error("children", _("Le nombre d'enfants ne peut pas dépasser le nombre de personnes."))
        return data


class ProductAddForm(forms.Form):
    product = forms.SlugField(widget=forms.HiddenInput)
    quantity = forms.IntegerField(
        label=_("Quantité"),
        min_value=1,
        max_value=999,
        initial=1,
        error_messages={
            "required": _("Quantité : indiquez au moins 1."),
            "invalid": _("Quantité : indiquez un nombre entier."),
            "min_value": _("Quantité : indiquez au moins 1."),
            "max_value": _("Quantité : %(limit_value)s au plus."),
        },
    )


class StayCheckoutForm(forms.Form):
    name = forms.CharField(
        label=_("Nom et prénom"), max_length=120, error_messages={"required": _("Indiquez votre nom.")}
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("L'adresse e-mail n'est pas valide."),
        },
    )
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False, widget=PhoneInput())
    consent_contact = forms.BooleanField(
        label=_("J'accepte d'être recontacté·e pour les offres hors saison du réseau"),
        required=False,
        initial=False,
    )
    idempotency_key = forms.UUIDField(widget=forms.HiddenInput)
    voucher_code = forms.CharField(
        label=_("Code d'un bon cadeau (facultatif)"),
        max_length=30,
        required=False,
        help_text=_("Son solde est déduit du total ; le reste se paie par carte."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, needs_phone: bool = False, vouchers: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.needs_phone = needs_phone
        if not vouchers:
            # A voucher is spent online only with card payment on (the rest is paid by card);
            # otherwise it is presented at the desk.
            del self.fields["voucher_code"]
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs.update(autocomplete="tel", inputmode="tel")
        if needs_phone:
            self.fields["phone"].required = True
            self.fields["phone"].error_messages["required"] = PHONE_REQUIRED
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4())

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])


class DeskCheckoutForm(StayCheckoutForm):
    payment_method = forms.ChoiceField(
        label=_("Paiement des produits"),
        choices=[("", "—"), *PaymentMethod.choices],
        required=False,
    )

    seats_voucher = forms.BooleanField(
        label=_("Les places sont réglées avec ce bon cadeau (le reste sur place)"),
        required=False,
    )

    def __init__(self, *args, needs_payment: bool = False, has_seats: bool = False, **kwargs):
        kwargs["vouchers"] = needs_payment or has_seats
        super().__init__(*args, **kwargs)
        if not has_seats:
            del self.fields["seats_voucher"]
        self.fields["consent_contact"].label = _(
            "Le visiteur accepte d'être recontacté pour les offres hors saison"
        )
        if needs_payment:
            self.fields["payment_method"].required = True
            self.fields["payment_method"].error_messages["required"] = PAYMENT_REQUIRED
            self.fields["voucher_code"].label = _("Code du bon cadeau")
            self.fields["voucher_code"].help_text = _("Si les produits sont payés en bon cadeau.")
        else:
            del self.fields["payment_method"]
        if has_seats:
            self.fields["voucher_code"].label = _("Code du bon cadeau")
            self.fields["voucher_code"].help_text = (
                _(
                    "Cochez la case ci-dessous pour que le bon règle les places ; pour les produits, "
                    "choisissez « bon cadeau » comme moyen de paiement."
                )
                if needs_payment
                else _(
                    "Cochez la case ci-dessous pour que le bon règle les places ; le reste se paie sur place."
                )
            )

    def clean(self):
        data = super().clean()
        if data.get("payment_method") == "voucher" and not (data.get("voucher_code") or "").strip():
            self.add_error("voucher_code", TenderCodeRequired.default_message)
        elif data.get("seats_voucher") and not (data.get("voucher_code") or "").strip():
            self.add_error("voucher_code", VOUCHER_CODE_REQUIRED)
        return data
