"""Forms check the shape of input only; ``community.services`` decides and writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.phones import clean_phone
from common.uploads import clean_image

from .exceptions import CommunityError
from .models import Language

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WEEKDAYS = [
    (0, _("lundi")),
    (1, _("mardi")),
    (2, _("mercredi")),
    (3, _("jeudi")),
    (4, _("vendredi")),
    (5, _("samedi")),
    (6, _("dimanche")),
]
EMAIL_ERRORS = {"invalid": _("L'adresse e-mail n'est pas valide."), "required": _("Indiquez votre e-mail.")}


def add_service_error(form: forms.BaseForm, exc: CommunityError) -> None:
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


class EclaireurApplyForm(forms.Form):
    first_name = forms.CharField(
        label=_("Prénom"), max_length=80, error_messages={"required": _("Indiquez votre prénom.")}
    )
    last_name = forms.CharField(
        label=_("Nom"), max_length=80, error_messages={"required": _("Indiquez votre nom.")}
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254, error_messages=EMAIL_ERRORS)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    commune = forms.ModelChoiceField(
        label=_("Votre village"),
        queryset=None,
        error_messages={
            "required": _("Choisissez votre village."),
            "invalid_choice": _("Choisissez votre village dans la liste."),
        },
    )
    languages = forms.MultipleChoiceField(
        label=_("Langues parlées"),
        choices=Language.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Cochez au moins une langue.")},
    )
    bio = forms.CharField(
        label=_("Vous en quelques mots"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )
    is_greeter = forms.BooleanField(
        label=_("Je propose aussi des balades gratuites aux visiteurs (greeter)"), required=False
    )
    antennas = forms.ModelMultipleChoiceField(
        label=_("Secteurs de mes balades"), queryset=None, widget=forms.CheckboxSelectMultiple, required=False
    )
    available_days = forms.TypedMultipleChoiceField(
        label=_("Jours où je suis disponible"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    interests = forms.CharField(label=_("Thèmes de mes balades"), max_length=255, required=False)
    charter_number = forms.IntegerField(widget=forms.HiddenInput)
    accept_charter = forms.BooleanField(
        label=_("J'ai lu la charte des éclaireurs et je m'engage à la respecter"),
        error_messages={"required": _("Acceptez la charte pour devenir éclaireur.")},
    )

    def __init__(self, *args, communes, antennas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = communes
        self.fields["antennas"].queryset = antennas

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))

    def clean(self):
        data = super().clean()
        if data.get("is_greeter"):
            if not data.get("antennas"):
                self.add_error("antennas", _("Choisissez au moins un secteur pour vos balades."))
            if not data.get("available_days"):
                self.add_error("available_days", _("Cochez au moins un jour de disponibilité."))
        return data

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        keys = (
            "first_name",
            "last_name",
            "email",
            "phone",
            "commune",
            "languages",
            "bio",
            "is_greeter",
            "interests",
            "charter_number",
            "available_days",
        )
        return {**{k: d[k] for k in keys}, "antennas": list(d.get("antennas") or [])}


class RecommendationForm(forms.Form):
    """About a workshop of the network, an artisan, or a place of one's own."""

    workshop = forms.ModelChoiceField(label=_("Un atelier"), queryset=None, required=False)
    offer = forms.ModelChoiceField(
        label=_("Une offre (visite, activité, site…)"), queryset=None, required=False
    )
    member = forms.ModelChoiceField(label=_("Un artisan"), queryset=None, required=False)
    place_name = forms.CharField(label=_("Ou un lieu à vous (nom)"), max_length=160, required=False)
    text = forms.CharField(
        label=_("Votre conseil"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=1200,
        error_messages={"required": _("Écrivez votre conseil en quelques lignes.")},
    )
    photo = forms.ImageField(label=_("Photo (facultative)"), required=False)
    photo_alt = forms.CharField(label=_("Ce que montre la photo"), max_length=200, required=False)

    def __init__(self, *args, workshops, offers, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = workshops
        self.fields["offer"].queryset = offers
        self.fields["member"].queryset = members

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        return clean_image(photo) if photo else None

    def clean(self):
        data = super().clean()
        chosen = [k for k in ("workshop", "offer", "member", "place_name") if data.get(k)]
        if len(chosen) != 1:
            self.add_error(
                "workshop",
                _("Choisissez un seul sujet : un atelier, une offre, un artisan ou un lieu à vous."),
            )
        if data.get("photo") and not data.get("photo_alt"):
            self.add_error(
                "photo_alt", _("Décrivez la photo en quelques mots (pour les personnes aveugles).")
            )
        return data


class WalkRequestForm(forms.Form):
    name = forms.CharField(
        label=_("Nom et prénom"), max_length=160, error_messages={"required": _("Indiquez votre nom.")}
    )
    email = forms.EmailField(label=_("E-mail"), max_length=254, error_messages=EMAIL_ERRORS)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    antenna = forms.ModelChoiceField(
        label=_("Où ?"), queryset=None, error_messages={"required": _("Choisissez le secteur de la balade.")}
    )
    date = forms.DateField(
        label=_("Date souhaitée"),
        widget=DATE_WIDGET,
        error_messages={
            "invalid": _("La date n'est pas valide (jj/mm/aaaa)."),
            "required": _("Indiquez la date souhaitée."),
        },
    )
    alternative_date = forms.DateField(
        label=_("Autre date possible"),
        widget=DATE_WIDGET,
        required=False,
        error_messages={"invalid": _("La date n'est pas valide (jj/mm/aaaa).")},
    )
    walk_language = forms.ChoiceField(label=_("Langue de la balade"), choices=Language.choices)
    group_size = forms.IntegerField(
        label=_("Nombre de personnes"),
        min_value=1,
        max_value=6,
        help_text=_("Les balades se font en petit groupe : 6 personnes au plus."),
        error_messages={
            "min_value": _("Le nombre de personnes doit être d'au moins 1."),
            "max_value": _("Une balade accueille 6 personnes au plus."),
            "invalid": _("Le nombre de personnes doit être un nombre entier."),
            "required": _("Indiquez le nombre de personnes."),
        },
    )
    interests = forms.CharField(label=_("Ce qui vous intéresse"), max_length=255, required=False)
    accessibility = forms.CharField(label=_("Besoins d'accessibilité"), max_length=255, required=False)

    def __init__(self, *args, antennas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["antenna"].queryset = antennas

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))


class AcceptWalkForm(forms.Form):
    date = forms.DateField(widget=forms.HiddenInput, error_messages={"required": _("Choisissez une date.")})


class AssignWalkForm(forms.Form):
    """Greeters as plain choices computed once for the page (one query, however many walks)."""

    greeter = forms.TypedChoiceField(
        label=_("Greeter"),
        coerce=int,
        error_messages={
            "required": _("Choisissez un greeter."),
            "invalid_choice": _("Choisissez un greeter."),
        },
    )
    date = forms.DateField(
        label=_("Date"), widget=DATE_WIDGET, error_messages={"required": _("Indiquez la date.")}
    )

    def __init__(self, *args, greeter_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["greeter"].choices = [("", "—"), *greeter_choices]


class FeedbackForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Votre balade, de 1 (décevante) à 5 (formidable)"),
        choices=[(i, str(i)) for i in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une note de 1 à 5.")},
    )
    comment = forms.CharField(
        label=_("Un mot pour le greeter (facultatif)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
    )


class AbsenceForm(forms.Form):
    start = forms.DateField(
        label=_("Absent·e du"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Indiquez le premier jour d'absence."),
            "invalid": _("La date n'est pas valide."),
        },
    )
    end = forms.DateField(
        label=_("au (inclus)"),
        widget=DATE_WIDGET,
        error_messages={
            "required": _("Indiquez le dernier jour d'absence."),
            "invalid": _("La date n'est pas valide."),
        },
    )
