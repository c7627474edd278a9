"""Forms of the offers app: they check shape only and never save domain objects."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.content_languages import TranslatedTextsMixin
from common.uploads import clean_image
from network.selectors import commune_list

from .models import OFFER_TRANSLATED_FIELDS, Audience, Family, Kind, Offer, Source, TypeMapping

WEEKDAY_CHOICES = [
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
    (6, _("dimanche")),
]


class OfferForm(TranslatedTextsMixin, forms.Form):
    """A manual offer, written by a member in the portal (or by staff)."""

    translated_fields = OFFER_TRANSLATED_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_translation_fields()

    title = forms.CharField(label=_("Titre"), max_length=255)
    families = forms.MultipleChoiceField(
        label=pgettext_lazy("offer categories", "Familles"),
        choices=Family.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Une offre peut appartenir à plusieurs familles."),
    )
    kind = forms.ChoiceField(label=_("Type d'offre"), choices=Kind.choices)
    short_description = forms.CharField(
        label=_("Description courte"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Deux ou trois phrases, affichées dans les résultats de recherche."),
    )
    description = forms.CharField(label=_("Description détaillée"), required=False, widget=forms.Textarea)
    commune = forms.ModelChoiceField(
        label=_("Commune"),
        queryset=commune_list(),
        to_field_name="insee_code",
        required=False,
        empty_label=_("Choisir une commune"),
    )
    address = forms.CharField(label=_("Adresse"), max_length=255, required=False)
    # Set by the pin on the map ({% pin_map %}): hidden inputs, nobody types coordinates.
    latitude = forms.FloatField(
        label=_("Position de l'épingle (latitude)"),
        required=False,
        min_value=-90,
        max_value=90,
        widget=forms.HiddenInput,
    )
    longitude = forms.FloatField(
        label=_("Position de l'épingle (longitude)"),
        required=False,
        min_value=-180,
        max_value=180,
        widget=forms.HiddenInput,
    )
    free = forms.BooleanField(label=_("Gratuit"), required=False)
    price_min = forms.DecimalField(
        label=_("Prix minimum (€)"), required=False, min_value=0, max_digits=9, decimal_places=2
    )
    price_max = forms.DecimalField(
        label=_("Prix maximum (€)"), required=False, min_value=0, max_digits=9, decimal_places=2
    )
    price_note = forms.CharField(
        label=_("Précisions sur les tarifs"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), required=False, min_value=5, max_value=60 * 24 * 14
    )
    audiences = forms.MultipleChoiceField(
        label=_("Publics"), choices=Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    accessibility = forms.CharField(
        label=_("Accessibilité"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Accès en fauteuil, handicaps accueillis, aménagements…"),
    )
    without_car = forms.BooleanField(label=_("Accessible sans voiture"), required=False)
    transport_note = forms.CharField(
        label=_("Accès en transports en commun"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ligne de bus, gare la plus proche, navette…"),
    )
    phone = forms.CharField(label=_("Téléphone"), max_length=60, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    website = forms.URLField(label=_("Site web"), required=False, max_length=500, assume_scheme="https")
    image = forms.FileField(label=_("Photo"), required=False, help_text=_("JPEG, PNG ou WebP."))
    image_alt = forms.CharField(
        label=_("Description de la photo"),
        max_length=255,
        required=False,
        help_text=_("Pour les personnes qui ne voient pas l'image."),
    )

    def clean_image(self):
        upload = self.cleaned_data.get("image")
        return clean_image(upload) if upload else None

    def clean(self):
        data = super().clean()
        low, high = data.get("price_min"), data.get("price_max")
        if low is not None and high is not None and low > high:
            self.add_error("price_max", _("Le prix maximum doit être supérieur ou égal au prix minimum."))
        lat, lon = data.get("latitude"), data.get("longitude")
        if (lat is None) != (lon is None):
            self.add_error("longitude", _("Indiquez la latitude et la longitude, ou aucune des deux."))
        if data.get("without_car") and not (data.get("transport_note") or "").strip():
            self.add_error("transport_note", _("Précisez comment venir sans voiture."))
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Décrivez la photo en quelques mots."))
        return data

    @classmethod
    def initial_for(cls, offer: Offer) -> dict:
        initial = {name: getattr(offer, name) for name in cls.base_fields if hasattr(offer, name)}
        initial["commune"] = offer.commune.insee_code if offer.commune_id else None
        initial.pop("image", None)
        initial.update(offer.i18n or {})
        return initial


class PeriodForm(forms.Form):
    starts_on = forms.DateField(label=_("Du"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=_("Au"), widget=forms.DateInput(attrs={"type": "date"}))
    opens_at = forms.TimeField(
        label=_("Ouverture"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    closes_at = forms.TimeField(
        label=_("Fermeture"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Jours"),
        choices=WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Aucun jour coché : tous les jours."),
    )
    note = forms.CharField(label=_("Précision"), max_length=500, required=False)
    closed = forms.BooleanField(
        label=_("Fermeture"),
        required=False,
        help_text=_("Cochez pour une fermeture (congés, jour férié) : ces jours-là, l'offre est fermée."),
    )

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("La date de fin doit suivre la date de début."))
        if data.get("opens_at") and data.get("closes_at") and data["closes_at"] <= data["opens_at"]:
            self.add_error("closes_at", _("L'heure de fermeture doit suivre l'heure d'ouverture."))
        return data


PeriodFormSet = forms.formset_factory(PeriodForm, extra=2, max_num=12, validate_max=True)


def periods_from_formset(formset) -> list[dict]:
    return [
        {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
        for f in formset.forms
        if f.cleaned_data and f.cleaned_data.get("starts_on") and not f.cleaned_data.get("DELETE")
    ]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Il sera montré à l'auteur de l'offre."),
    )


class BulkActionForm(forms.Form):
    ACTIONS = [
        ("preselect", _("Présélectionner")),
        ("publish", _("Publier")),
        ("reject", _("Refuser")),
        ("archive", _("Archiver")),
    ]
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS)
    offers = forms.TypedMultipleChoiceField(label=_("Offres"), coerce=str, choices=[])
    reason = forms.CharField(label=_("Motif (pour un refus)"), required=False, max_length=2000)

    def __init__(self, *args, offer_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offers"].choices = list(offer_choices)

    def clean(self):
        data = super().clean()
        if data.get("action") == "reject" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Indiquez le motif du refus."))
        return data


class ImportUploadForm(forms.Form):
    """Admin upload of an export: a zip, a JSON file, or an Apidae/DATAtourisme URL."""

    file = forms.FileField(label=_("Fichier (zip ou JSON)"), required=False)
    url = forms.URLField(label=_("ou adresse (URL)"), required=False, assume_scheme="https")
    source = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("Détecter automatiquement")), ("apidae", "Apidae"), ("datatourisme", "DATAtourisme")],
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not upload:
            return None
        limit = getattr(settings, "OFFERS_IMPORT_MAX_BYTES", 200 * 1024 * 1024)
        if upload.size > limit:
            raise ValidationError(
                _("Le fichier « %(name)s » est trop lourd : %(max)s Mo au maximum."),
                params={"name": upload.name, "max": limit // (1024 * 1024)},
                code="too_large",
            )
        if not upload.name.lower().endswith((".zip", ".json", ".jsonld")):
            raise ValidationError(_("Envoyez un fichier .zip ou .json."), code="bad_type")
        return upload

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("file") and not data.get("url"):
            raise ValidationError(_("Choisissez un fichier ou indiquez une adresse."))
        return data


IMPORT_SOURCES = [(value, label) for value, label in Source.choices if value != Source.MANUAL]


class TypeMappingForm(forms.Form):
    """A source's type → our families, kind and audiences, chosen by their French labels (the
    importers read the codes; no one types them)."""

    source = forms.ChoiceField(label=_("Source"), choices=IMPORT_SOURCES)
    code = forms.CharField(
        label=_("Code ou libellé à la source"),
        max_length=160,
        help_text=TypeMapping._meta.get_field("code").help_text,
    )
    label = forms.CharField(label=_("Description"), max_length=255, required=False)
    families = forms.MultipleChoiceField(
        label=pgettext_lazy("offer categories", "Familles"),
        choices=Family.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    kind = forms.ChoiceField(
        label=_("Type d'offre"), choices=[("", _("— ne décide pas du type —")), *Kind.choices], required=False
    )
    audiences = forms.MultipleChoiceField(
        label=_("Publics"), choices=Audience.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    accessibility = forms.CharField(
        label=_("Mention d'accessibilité"),
        max_length=255,
        required=False,
        help_text=TypeMapping._meta.get_field("accessibility").help_text,
    )
    without_car = forms.BooleanField(label=_("Accessible sans voiture"), required=False)
    priority = forms.IntegerField(
        label=_("Priorité"),
        min_value=0,
        max_value=32767,
        initial=100,
        help_text=TypeMapping._meta.get_field("priority").help_text,
    )

    def clean_code(self):
        return " ".join(self.cleaned_data["code"].split())
