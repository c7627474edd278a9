"""Forms check the shape of input only; ``training.services`` decides and writes."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from common.phones import clean_phone

from .models import Training


class SessionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        from django.utils import timezone

        from workshops.templatetags.workshops_dates import when_long

        # Called outside a template: convert to the site's time zone ourselves.
        return str(when_long(timezone.localtime(obj.start)))


class PublicRegistrationForm(forms.Form):
    session = SessionChoiceField(
        label=_("Séance"),
        queryset=None,
        to_field_name="public_id",
        empty_label=None,
        error_messages={
            "required": _("Choisissez une séance."),
            "invalid_choice": _("Choisissez une séance de la liste."),
        },
    )
    name = forms.CharField(
        label=_("Nom et prénom"), max_length=160, error_messages={"required": _("Indiquez votre nom.")}
    )
    organisation = forms.CharField(
        label=_("Structure (office, hébergement, site…)"), max_length=160, required=False
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={
            "invalid": _("L'adresse e-mail n'est pas valide."),
            "required": _("Indiquez votre e-mail."),
        },
    )
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))


class TrainingForm(forms.Form):
    """Staff: what a training is. Its sessions are added one by one on its page."""

    title = forms.CharField(
        label=_("Titre"), max_length=160, error_messages={"required": _("Indiquez le titre de la formation.")}
    )
    summary = forms.CharField(label=_("Accroche"), max_length=240, required=False)
    description = forms.CharField(
        label=_("Programme"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Décrivez le programme de la formation.")},
    )
    objectives = forms.CharField(
        label=_("Objectifs"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    audience = forms.ChoiceField(label=_("Public"), choices=Training.Audience.choices)
    trainer = forms.CharField(
        label=_("Formateur ou formatrice"),
        max_length=160,
        error_messages={"required": _("Indiquez qui anime la formation.")},
    )
    hours = forms.DecimalField(
        label=_("Durée certifiée (heures)"),
        min_value=Decimal("0.5"),
        max_value=Decimal("99.5"),
        max_digits=4,
        decimal_places=1,
        error_messages={
            "required": _("Indiquez la durée certifiée en heures."),
            "min_value": _("La durée certifiée doit être d'au moins une demi-heure."),
            "max_value": _("La durée certifiée ne peut pas dépasser 99,5 heures."),
            "invalid": _("La durée certifiée doit être un nombre d'heures (par exemple 3,5)."),
            "max_decimal_places": _("La durée certifiée se compte en demi-heures au plus fin (3,5)."),
            "max_digits": _("La durée certifiée ne peut pas dépasser 99,5 heures."),
            "max_whole_digits": _("La durée certifiée ne peut pas dépasser 99,5 heures."),
        },
    )
    price = forms.DecimalField(
        label=_("Prix par personne (€)"),
        min_value=Decimal("0"),
        max_value=Decimal("9999"),
        decimal_places=2,
        required=False,
        help_text=_("Vide ou 0 : gratuite."),
        error_messages={
            "min_value": _("Le prix ne peut pas être négatif."),
            "max_value": _("Le prix ne peut pas dépasser 9 999 €."),
            "invalid": _("Le prix doit être un montant en euros (par exemple 25 ou 25,50)."),
            "max_decimal_places": _("Le prix a au plus deux décimales."),
        },
    )
    host = forms.ModelChoiceField(
        label=_("Lieu d'accueil (membre)"),
        queryset=None,
        help_text=_("Le membre chez qui la formation a lieu, ou qui la porte."),
        error_messages={
            "required": _("Choisissez le membre qui accueille la formation."),
            "invalid_choice": _("Choisissez un membre de la liste."),
        },
    )
    place_name = forms.CharField(label=_("Lieu (salle, adresse courte)"), max_length=160, required=False)
    is_active = forms.BooleanField(
        label=_("Proposée (visible dans le portail)"), required=False, initial=True
    )

    def __init__(self, *args, hosts, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts
        self.fields["hours"].localize = True
        self.fields["hours"].widget.is_localized = True
        self.fields["price"].localize = True
        self.fields["price"].widget.is_localized = True
        if editing:
            del self.fields["host"]  # the host is the workshop's member: fixed once created


class TrainingSessionForm(forms.Form):
    date = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Indiquez la date."), "invalid": _("La date n'est pas valide.")},
    )
    time = forms.TimeField(
        label=_("Heure de début"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={
            "required": _("Indiquez l'heure de début."),
            "invalid": _("L'heure n'est pas valide."),
        },
    )
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=200,
        initial=8,
        error_messages={
            "required": _("Indiquez le nombre de places."),
            "min_value": _("Il faut au moins une place."),
            "max_value": _("Au plus 200 places par séance."),
            "invalid": _("Le nombre de places doit être un nombre entier."),
        },
    )

    def clean(self):
        cleaned = super().clean()
        day, time = cleaned.get("date"), cleaned.get("time")
        if day and time:
            import datetime
            from zoneinfo import ZoneInfo

            from django.conf import settings

            if day.year > 2100:
                self.add_error("date", _("La date n'est pas valide."))
            else:
                cleaned["start"] = datetime.datetime.combine(day, time, tzinfo=ZoneInfo(settings.TIME_ZONE))
        return cleaned
