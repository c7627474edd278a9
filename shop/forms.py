"""Forms check shape only; the services decide and write."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.content_languages import TranslatedTextsMixin
from common.forms import FrenchDecimalField
from common.phones import PhoneInput, clean_phone
from common.uploads import clean_image

from .exceptions import TenderCodeRequired
from .models import COUNTER_METHODS, CashMovement, PaymentMethod, Product, StockMovement

MAX_LINE_QUANTITY = 999


class ProductForm(TranslatedTextsMixin, forms.ModelForm):
    translated_fields = ("name", "description")
    # A FileField, not Django's ImageField: clean_image answers a fake image with a message naming the file.
    photo = forms.FileField(
        label=_("Photo (JPEG, PNG ou WebP)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )

    class Meta:
        model = Product
        fields = [
            "name",
            "category",
            "description",
            "photo",
            "price",
            "vat_rate",
            "vat_exempt",
            "code",
            "barcode",
            "labels",
            "best_before",
            "low_stock_threshold",
            "is_active",
        ]
        widgets = {
            "best_before": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "labels": forms.CheckboxSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"price": _("Prix de vente TTC en euros, deux décimales au plus (ex. 12,50).")}
        field_classes = {"price": FrenchDecimalField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].required = False
        self.fields["code"].help_text = _("Laissez vide pour qu'un code soit attribué.")
        self.add_translation_fields(self.instance)
        # The model's validator would say « 0.01 »: the form says it in French first.
        self.fields["price"].validators.append(
            MinValueValidator(Decimal("0.01"), message=_("Le prix doit être d'au moins 0,01 €."))
        )

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):
            return clean_image(photo)
        return photo

    def clean_code(self):
        return (self.cleaned_data.get("code") or "").strip().upper()

    def clean_barcode(self):
        return (self.cleaned_data.get("barcode") or "").strip() or None

    def service_arguments(self) -> tuple[dict, list | None, object | None]:
        """(data, labels, new photo) as ``product_create`` / ``product_update`` take them."""
        data = {k: v for k, v in self.cleaned_data.items() if k not in ("labels", "photo")}
        photo = self.cleaned_data.get("photo")
        return data, self.cleaned_data.get("labels"), photo if hasattr(photo, "content_type") else None


class DepositRequestForm(forms.Form):
    planned_on = forms.DateField(
        label=_("Date de dépôt prévue"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=_("Remarque"), required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, products=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.products = list(products)
        for product in self.products:
            self.fields[f"qty_{product.pk}"] = forms.IntegerField(
                label=product.name, required=False, min_value=0, max_value=MAX_LINE_QUANTITY
            )

    def product_fields(self):
        return [(product, self[f"qty_{product.pk}"]) for product in self.products]

    def clean_planned_on(self):
        day = self.cleaned_data.get("planned_on")
        if day and day < timezone.localdate():
            raise forms.ValidationError(_("La date de dépôt prévue ne peut pas être passée."))
        return day

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"qty_{p.pk}") for p in self.products):
            raise forms.ValidationError(_("Indiquez la quantité d'au moins un produit."))
        return cleaned

    def quantities(self) -> dict[int, int]:
        return {
            p.pk: self.cleaned_data[f"qty_{p.pk}"]
            for p in self.products
            if self.cleaned_data.get(f"qty_{p.pk}")
        }


class DepositReceiveForm(forms.Form):
    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"received_{line.product_id}"] = forms.IntegerField(
                label=line.product.name,
                min_value=0,
                max_value=MAX_LINE_QUANTITY,
                initial=line.quantity_announced,
            )

    def line_fields(self):
        return [(line, self[f"received_{line.product_id}"]) for line in self.lines]

    def received(self) -> dict[int, int]:
        return {line.product_id: self.cleaned_data[f"received_{line.product_id}"] for line in self.lines}


class StockAdjustForm(forms.Form):
    KIND_CHOICES = [
        (StockMovement.Kind.RETURN, _("Retour au producteur (sortie)")),
        (StockMovement.Kind.WRITE_OFF, _("Perte ou casse (sortie)")),
        (StockMovement.Kind.CORRECTION, _("Correction d'inventaire (+ ou −)")),
    ]
    kind = forms.ChoiceField(label=_("Nature"), choices=KIND_CHOICES)
    quantity = forms.IntegerField(
        label=_("Quantité"),
        min_value=-MAX_LINE_QUANTITY,
        max_value=MAX_LINE_QUANTITY,
        help_text=_("Pour une correction, négative si des unités manquent."),
    )
    reason = forms.CharField(label=_("Motif"), required=False, max_length=255)

    def clean(self):
        cleaned = super().clean()
        kind, quantity = cleaned.get("kind"), cleaned.get("quantity")
        if quantity is not None:
            if kind == StockMovement.Kind.CORRECTION and quantity == 0:
                self.add_error("quantity", _("Une correction ne peut pas être nulle."))
            elif kind != StockMovement.Kind.CORRECTION and quantity <= 0:
                self.add_error("quantity", _("La quantité doit être supérieure à zéro."))
        if kind == StockMovement.Kind.CORRECTION and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", _("Indiquez un motif pour cette correction."))
        return cleaned


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Quantité"),
        min_value=1,
        max_value=MAX_LINE_QUANTITY,
        initial=1,
        error_messages={"min_value": _("La quantité doit être supérieure à zéro.")},
    )


class CounterLineForm(forms.Form):
    product = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(label=_("Quantité"), min_value=0, max_value=MAX_LINE_QUANTITY)


class CounterCheckoutForm(forms.Form):
    payment_method = forms.ChoiceField(
        label=_("Paiement"), choices=PaymentMethod.choices, widget=forms.RadioSelect
    )
    customer_email = forms.EmailField(
        label=_("Envoyer le ticket par e-mail à (facultatif)"), required=False, max_length=254
    )


class CheckoutForm(forms.Form):
    name = forms.CharField(
        label=_("Nom"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(label=_("Téléphone"), max_length=30, widget=PhoneInput())
    note = forms.CharField(
        label=_("Message pour l'office (facultatif)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    consent_contact = forms.BooleanField(
        label=_("J'accepte de recevoir les informations du réseau (ateliers hors saison, nouveautés)."),
        required=False,
    )

    def clean_phone(self):
        return clean_phone(self.cleaned_data["phone"])


class PaymentForm(forms.Form):
    payment_method = forms.ChoiceField(label=_("Paiement"), choices=PaymentMethod.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif de l'annulation"),
        max_length=255,
        error_messages={"required": _("Indiquez un motif pour annuler ce ticket.")},
    )


class DayForm(forms.Form):
    day = forms.DateField(label=_("Jour"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("On ne peut pas clôturer un jour à venir."))
        return day


class FootfallForm(forms.Form):
    day = forms.DateField(label=_("Jour"), widget=forms.DateInput(attrs={"type": "date"}))
    visitors = forms.IntegerField(label=_("Visiteurs comptés"), min_value=0, max_value=100000)
    note = forms.CharField(label=_("Remarque"), required=False, max_length=255)

    def clean_day(self):
        day = self.cleaned_data["day"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("On ne peut pas compter les visiteurs d'un jour à venir."))
        return day


class MonthForm(forms.Form):
    period = forms.CharField(label=_("Mois"), widget=forms.TextInput(attrs={"type": "month"}))

    def clean_period(self) -> datetime.date:
        value = self.cleaned_data["period"]
        try:
            return datetime.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Indiquez un mois au format AAAA-MM.")) from None


class DashboardForm(forms.Form):
    GRANULARITY = [("day", _("par jour")), ("week", _("par semaine")), ("month", _("par mois"))]
    start = forms.DateField(label=_("Du"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Au"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    granularity = forms.ChoiceField(
        label=_("Regrouper"), choices=GRANULARITY, required=False, initial="month"
    )

    # Figures exist from the shop's opening to today; ten years of days is already a long chart,
    # and « 9999-12-31 » would overflow the day after the range.
    MAX_DAYS = 3660

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        today = timezone.localdate()
        if end and end > today + datetime.timedelta(days=366):
            self.add_error("end", _("Choisissez une date de fin d'ici un an au plus."))
            end = None
        if start and end and end < start:
            self.add_error("end", _("La date de fin doit suivre la date de début."))
        elif start and ((end or today) - start).days > self.MAX_DAYS:
            self.add_error("start", _("Choisissez une période de dix ans au plus."))
        return cleaned


# --- Till (issue 15) -----------------------------------------------------------------------


class MoneyField(forms.CharField):
    """An amount typed the French way (« 12,50 ») → Decimal; a clear message naming the field."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 14)
        super().__init__(*args, **kwargs)
        self.widget.attrs.setdefault("inputmode", "decimal")

    def clean(self, value):
        value = super().clean(value)
        if value in (None, ""):
            return None
        from decimal import InvalidOperation

        text = value.replace("\u202f", "").replace(" ", "").replace("€", "").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("indiquez un montant en euros, par exemple 12,50.")) from None
        if not amount.is_finite() or amount < 0 or amount >= Decimal("1e8"):
            raise forms.ValidationError(_("indiquez un montant positif en euros, par exemple 12,50."))
        return amount.quantize(Decimal("0.01"))


class SplitCheckoutForm(forms.Form):
    """The counter's payment: one method, or amounts per method (split); discount and its reason."""

    payment_method = forms.ChoiceField(
        label=_("Paiement"), choices=COUNTER_METHODS, widget=forms.RadioSelect, required=False
    )
    card_amount = MoneyField(label=_("Carte bancaire"), required=False)
    cash_amount = MoneyField(label=_("Espèces"), required=False)
    cheque_amount = MoneyField(label=_("Chèque"), required=False)
    voucher_amount = MoneyField(label=_("Bon cadeau"), required=False)
    voucher_code = forms.CharField(
        label=_("Code du bon cadeau"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    cash_tendered = MoneyField(label=_("Espèces reçues"), required=False)
    ticket_discount = MoneyField(label=_("Remise sur le ticket (€)"), required=False)
    discount_reason = forms.CharField(label=_("Motif de la remise"), max_length=255, required=False)
    customer_email = forms.EmailField(
        label=_("Envoyer le ticket par e-mail à (facultatif)"), required=False, max_length=254
    )

    SPLIT_FIELDS = (
        ("card", "card_amount"),
        ("cash", "cash_amount"),
        ("cheque", "cheque_amount"),
        ("voucher", "voucher_amount"),
    )

    def payments(self) -> list[tuple[str, object]]:
        return [
            (method, self.cleaned_data[field])
            for method, field in self.SPLIT_FIELDS
            if self.cleaned_data.get(field)
        ]

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("payment_method") and not self.payments():
            raise forms.ValidationError(
                _("Paiement : choisissez un moyen de paiement ou saisissez les montants.")
            )
        uses_voucher = data.get("voucher_amount") or (
            not self.payments() and data.get("payment_method") == "voucher"
        )
        if not self.errors and uses_voucher and not (data.get("voucher_code") or "").strip():
            # The voucher is spent from its ledger: the till needs its code.
            self.add_error("voucher_code", TenderCodeRequired.default_message)
        return data


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du retour"),
        max_length=255,
        error_messages={"required": _("Motif du retour : indiquez pourquoi les articles sont retournés.")},
    )
    refund_method = forms.ChoiceField(label=_("Remboursement"), choices=COUNTER_METHODS)

    def __init__(self, *args, lines=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = list(lines)
        for line in self.lines:
            self.fields[f"line_{line.pk}"] = forms.IntegerField(
                label=line.product_name, min_value=0, max_value=line.returnable, required=False, initial=0
            )

    def line_fields(self):
        return [(line, self[f"line_{line.pk}"]) for line in self.lines]

    def quantities(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(f"line_{line.pk}") or 0 for line in self.lines}

    def clean(self):
        data = super().clean()
        if not self.errors and not any(self.quantities().values()):
            raise forms.ValidationError(_("Quantités : indiquez au moins un article à retourner."))
        return data


class SessionOpenForm(forms.Form):
    opening_float = MoneyField(label=_("Fonds de caisse (€)"))


class CashMovementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Nature"), choices=CashMovement.Kind.choices)
    amount = MoneyField(label=_("Montant (€)"))
    reason = forms.CharField(label=_("Motif"), max_length=255)


class SessionCloseForm(forms.Form):
    counted_cash = MoneyField(label=_("Espèces comptées (€)"))


class PeriodCloseForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Clôture"), choices=[("month", _("mensuelle")), ("year", _("annuelle (exercice)"))]
    )
    period = forms.CharField(
        label=_("Période"), max_length=7, help_text=_("AAAA-MM pour un mois, AAAA pour un exercice.")
    )

    def clean(self):
        data = super().clean()

        raw = (data.get("period") or "").strip()
        try:
            if data.get("kind") == "year":
                data["start"] = datetime.date(int(raw), 1, 1)
            else:
                year, month = raw.split("-")
                data["start"] = datetime.date(int(year), int(month), 1)
        except (TypeError, ValueError):
            self.add_error(
                "period",
                _("indiquez AAAA-MM pour un mois ou AAAA pour un exercice (reçu « %(v)s »).") % {"v": raw},
            )
        return data
