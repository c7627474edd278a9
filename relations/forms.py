from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from network.models import Antenna, ConsentPurpose, Contact, Craft
from shop.models import Product
from workshops.models import Workshop

from .models import Campaign, PromoCode, RelationsSettings, Segment
from .selectors import NPS_RANGES

SEASON_CHOICES = [
    ("", _("toutes")),
    ("spring", _("printemps")),
    ("summer", _("été")),
    ("autumn", _("automne")),
    ("winter", _("hiver")),
]


def _codes(value: str) -> list[str]:
    return [c.strip().upper() for c in (value or "").replace(";", ",").split(",") if c.strip()]


class NewsletterForm(forms.Form):
    email = forms.EmailField(label=_("Votre adresse e-mail"))


class SegmentForm(forms.Form):
    """The segment's filters; ``to_filters`` gives the JSON stored on the segment."""

    name = forms.CharField(label=_("Nom du segment"), max_length=160)
    purpose = forms.ChoiceField(label=_("Finalité du consentement"), choices=ConsentPurpose.choices)
    kinds = forms.MultipleChoiceField(
        label=_("Catégories"),
        choices=Contact.Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    crafts = forms.ModelMultipleChoiceField(
        label=_("Métiers des ateliers suivis"), queryset=Craft.objects.order_by("name"), required=False
    )
    workshops = forms.ModelMultipleChoiceField(
        label=_("Ateliers suivis"), queryset=Workshop.objects.order_by("title"), required=False
    )
    antennas = forms.ModelMultipleChoiceField(
        label=_("Antenne des ateliers suivis"), queryset=Antenna.objects.order_by("name"), required=False
    )
    season = forms.ChoiceField(label=_("Saison de la visite"), choices=SEASON_CHOICES, required=False)
    year = forms.IntegerField(label=_("Année de la visite"), min_value=2000, max_value=2100, required=False)
    departments_in = forms.CharField(
        label=_("Départements de résidence"),
        required=False,
        help_text=_("Codes séparés par des virgules, ex. 69, 75"),
    )
    departments_not_in = forms.CharField(label=_("Sauf les départements"), required=False)
    countries = forms.CharField(label=_("Pays (codes ISO, ex. FR, BE)"), required=False)
    commune = forms.CharField(label=_("Commune de résidence"), required=False, max_length=120)
    languages = forms.MultipleChoiceField(
        label=_("Langue"),
        choices=[("fr", "Français"), ("en", "English")],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Produits achetés"), queryset=Product.objects.order_by("name"), required=False
    )
    purchased_since = forms.DateField(
        label=_("Dernier achat depuis le"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    min_spent = forms.DecimalField(label=_("Montant dépensé d'au moins (€)"), min_value=0, required=False)
    nps = forms.ChoiceField(
        label=_("Réponse à l'enquête"),
        required=False,
        choices=[
            ("", _("toutes")),
            ("promoter", _("promoteurs (9-10)")),
            ("passive", _("neutres (7-8)")),
            ("detractor", _("détracteurs (0-6)")),
        ],
    )

    def clean(self):
        data = super().clean()
        if data.get("season") and not data.get("year"):
            self.add_error("year", _("Indiquez l'année de la saison choisie."))
        return data

    def to_filters(self) -> dict:
        d = self.cleaned_data
        filters = {
            "purpose": d["purpose"],
            "kinds": d.get("kinds") or [],
            "crafts": [c.pk for c in d.get("crafts") or []],
            "workshops": [w.pk for w in d.get("workshops") or []],
            "antennas": [a.pk for a in d.get("antennas") or []],
            "season": d.get("season") or "",
            "year": d.get("year") or "",
            "departments_in": _codes(d.get("departments_in")),
            "departments_not_in": _codes(d.get("departments_not_in")),
            "countries": _codes(d.get("countries")),
            "commune": (d.get("commune") or "").strip(),
            "languages": d.get("languages") or [],
            "products": [p.pk for p in d.get("products") or []],
            "purchased_since": d["purchased_since"].isoformat() if d.get("purchased_since") else "",
            "min_spent": str(d["min_spent"]) if d.get("min_spent") is not None else "",
            "nps": d.get("nps") if d.get("nps") in NPS_RANGES else "",
        }
        return {k: v for k, v in filters.items() if v not in ("", [], None)}

    @classmethod
    def initial_from(cls, segment: Segment) -> dict:
        f = dict(segment.filters)
        for key in ("departments_in", "departments_not_in", "countries"):
            f[key] = ", ".join(f.get(key, []))
        return {"name": segment.name, **f}


class CampaignForm(forms.ModelForm):
    class Meta:
        model = Campaign
        fields = [
            "name",
            "subject",
            "segment",
            "intro",
            "workshops",
            "offer",
            "products",
            "promo_code",
            "voucher_offer",
            "voucher_workshop",
        ]
        widgets = {"intro": forms.Textarea(attrs={"rows": 5}), "offer": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshops"].queryset = Workshop.objects.filter(is_published=True).order_by("title")
        self.fields["products"].queryset = Product.objects.filter(is_active=True).order_by("name")
        self.fields["promo_code"].queryset = PromoCode.objects.filter(is_active=True)
        self.fields["voucher_workshop"].queryset = Workshop.objects.filter(is_published=True).order_by(
            "title"
        )

    def clean(self):
        data = super().clean()
        if data.get("voucher_workshop"):
            data["voucher_offer"] = True  # choosing the workshop is asking for the block
        return data


class CampaignTestForm(forms.Form):
    email = forms.EmailField(label=_("Envoyer un test à"))


class CampaignScheduleForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Envoyer le"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_at(self):
        at = self.cleaned_data["at"]
        if at <= timezone.now():
            raise forms.ValidationError(_("Choisissez une date à venir."))
        return at


class PromoCodeForm(forms.ModelForm):
    class Meta:
        model = PromoCode
        fields = ["code", "percent_off", "valid_from", "valid_until", "workshops"]
        widgets = {
            "valid_from": forms.DateInput(attrs={"type": "date"}),
            "valid_until": forms.DateInput(attrs={"type": "date"}),
        }

    def clean_code(self):
        return self.cleaned_data["code"].strip().upper()

    def clean(self):
        data = super().clean()
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            self.add_error("valid_until", _("La fin de validité précède son début."))
        if data.get("percent_off") is not None and not 1 <= data["percent_off"] <= 100:
            self.add_error("percent_off", _("La réduction va de 1 à 100 %."))
        return data


class ContactProfileForm(forms.Form):
    name = forms.CharField(label=_("Nom"), max_length=160, required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("Catégorie"), choices=Contact.Kind.choices)
    language = forms.ChoiceField(label=_("Langue"), choices=[("fr", "Français"), ("en", "English")])
    postcode = forms.CharField(label=_("Code postal"), max_length=10, required=False)
    commune = forms.CharField(label=_("Commune de résidence"), max_length=120, required=False)
    country = forms.CharField(label=_("Pays (code ISO)"), max_length=2, required=False, initial="FR")
    tags = forms.CharField(label=_("Étiquettes (séparées par des virgules)"), required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_tags(self):
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]


class GdprSearchForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail de la personne"))


class SettingsForm(forms.ModelForm):
    class Meta:
        model = RelationsSettings
        fields = ["coordinators_see_contacts"]


class StaySurveyForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Recommanderiez-vous le territoire à un proche ? (0 = pas du tout, 10 = certainement)"),
        choices=[(i, str(i)) for i in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Un commentaire ?"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


def today() -> datetime.date:
    return timezone.localdate()
