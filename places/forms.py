"""Forms check the shape of input only; ``places.services`` decides and writes."""

from __future__ import annotations

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from common.phones import clean_phone

from .exceptions import PlacesError
from .models import SchoolVisit, Space, SpaceBooking
from .services import AFTERNOON, MORNING, Slot, slot_on

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_ERRORS = {"invalid": _("La date n'est pas valide (jj/mm/aaaa)."), "required": _("Indiquez la date.")}
TIME_ERRORS = {"invalid": _("L'heure n'est pas valide (hh:mm).")}


def add_service_error(form: forms.BaseForm, exc: PlacesError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


class SlotFields(forms.Form):
    day = forms.DateField(label=_("Date"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    start_time = forms.TimeField(
        label=_("Heure de début"), widget=TIME_WIDGET, required=False, error_messages=TIME_ERRORS
    )
    end_time = forms.TimeField(
        label=_("Heure de fin"), widget=TIME_WIDGET, required=False, error_messages=TIME_ERRORS
    )


class MemberBookingForm(SlotFields):
    """Which space, then half-days (morning, afternoon or both) or precise hours, repeated weekly."""

    HALF_DAYS = {"morning": MORNING, "afternoon": AFTERNOON}

    space = forms.ModelChoiceField(
        label=_("Espace"),
        queryset=Space.objects.none(),
        to_field_name="slug",
        empty_label=None,
        error_messages={
            "required": _("Choisissez l'espace."),
            "invalid_choice": _("Cet espace n'existe pas ou n'est pas ouvert à la réservation."),
        },
    )

    slots = forms.MultipleChoiceField(
        label=_("Demi-journées"),
        choices=[
            ("morning", _("matin (8 h 30 – 12 h 30)")),
            ("afternoon", _("après-midi (13 h 30 – 18 h 00)")),
        ],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    repeat_weeks = forms.IntegerField(
        label=_("Répéter les semaines suivantes"),
        min_value=0,
        max_value=11,
        initial=0,
        required=False,
        help_text=_("0 : cette date seulement ; 3 : cette date et les 3 semaines suivantes (même jour)."),
        error_messages={
            "min_value": _("Le nombre de semaines doit être entre 0 et 11."),
            "max_value": _("Le nombre de semaines doit être entre 0 et 11."),
            "invalid": _("Le nombre de semaines doit être un nombre entier."),
        },
    )
    field_order = ["space", "day", "slots", "start_time", "end_time", "repeat_weeks"]

    def __init__(self, *args, spaces=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["space"].queryset = spaces if spaces is not None else Space.objects.filter(is_active=True)

    def clean(self):
        data = super().clean()
        start, end, halves = data.get("start_time"), data.get("end_time"), data.get("slots") or []
        if self.errors:
            return data
        if halves and (start or end):
            self.add_error(
                "start_time", _("Choisissez des demi-journées ou des horaires précis, pas les deux.")
            )
        elif not halves and not (start and end):
            self.add_error(
                "slots",
                _("Choisissez au moins une demi-journée, ou indiquez l'heure de début et l'heure de fin."),
            )
        elif start and end and end <= start:
            self.add_error("end_time", _("L'heure de fin doit être après l'heure de début."))
        return data

    def booking_slots(self) -> list[Slot]:
        data = self.cleaned_data
        times = [self.HALF_DAYS[h] for h in data["slots"]] or [(data["start_time"], data["end_time"])]
        weeks = data.get("repeat_weeks") or 0
        return [
            slot_on(day=data["day"] + datetime.timedelta(weeks=w), start=s, end=e)
            for w in range(weeks + 1)
            for s, e in times
        ]


class PublicRequestForm(SlotFields):
    """An association's or an inhabitant's request for a room."""

    requester = forms.ChoiceField(
        label=_("Vous êtes"),
        choices=[
            (SpaceBooking.Requester.ASSOCIATION, _("une association")),
            (SpaceBooking.Requester.INHABITANT, _("un habitant")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Dites-nous si vous êtes une association ou un habitant.")},
    )
    organisation = forms.CharField(label=_("Nom de l'association"), max_length=160, required=False)
    contact_name = forms.CharField(
        label=_("Nom et prénom"), max_length=160, error_messages={"required": _("Indiquez votre nom.")}
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
    headcount = forms.IntegerField(
        label=_("Nombre de personnes"),
        min_value=1,
        max_value=500,
        error_messages={
            "min_value": _("Le nombre de personnes doit être d'au moins 1."),
            "max_value": _("Le nombre de personnes ne peut pas dépasser 500."),
            "invalid": _("Le nombre de personnes doit être un nombre entier."),
            "required": _("Indiquez le nombre de personnes."),
        },
    )
    purpose = forms.CharField(
        label=_("Objet de la réunion ou de l'activité"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Dites-nous en quelques mots ce que vous prévoyez.")},
    )
    field_order = [
        "requester",
        "organisation",
        "contact_name",
        "email",
        "phone",
        "day",
        "start_time",
        "end_time",
        "headcount",
        "purpose",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_time"].required = True
        self.fields["start_time"].error_messages["required"] = _("Indiquez l'heure de début.")
        self.fields["end_time"].required = True
        self.fields["end_time"].error_messages["required"] = _("Indiquez l'heure de fin.")

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))

    def clean(self):
        data = super().clean()
        if data.get("requester") == SpaceBooking.Requester.ASSOCIATION and not data.get("organisation"):
            self.add_error("organisation", _("Indiquez le nom de l'association."))
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("L'heure de fin doit être après l'heure de début."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        start, end = slot_on(day=data["day"], start=data["start_time"], end=data["end_time"])
        return {
            "requester": data["requester"],
            "organisation": data["organisation"],
            "contact_name": data["contact_name"],
            "email": data["email"],
            "phone": data["phone"],
            "headcount": data["headcount"],
            "purpose": data["purpose"],
            "start": start,
            "end": end,
        }


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif du refus (envoyé au demandeur)"),
        max_length=255,
        error_messages={"required": _("Indiquez le motif du refus : il est envoyé au demandeur.")},
    )


class SchoolVisitForm(forms.Form):
    """A class visiting the house, on a half-day, with a members' workshop if wanted."""

    school = forms.CharField(
        label=_("École ou établissement"), max_length=160, error_messages={"required": _("Indiquez l'école.")}
    )
    level = forms.ChoiceField(
        label=_("Niveau de la classe"),
        choices=[("", "—"), *SchoolVisit.Level.choices],
        error_messages={"required": _("Choisissez le niveau de la classe.")},
    )
    headcount = forms.IntegerField(
        label=_("Nombre d'élèves et d'accompagnateurs"),
        min_value=1,
        max_value=60,
        error_messages={
            "min_value": _("Le nombre de personnes doit être d'au moins 1."),
            "max_value": _("Une visite accueille 60 personnes au plus ; au-delà, demandez deux créneaux."),
            "invalid": _("Le nombre de personnes doit être un nombre entier."),
            "required": _("Indiquez le nombre de personnes."),
        },
    )
    teachers = forms.CharField(
        label=_("Enseignants et accompagnateurs (noms)"),
        max_length=255,
        error_messages={"required": _("Indiquez les enseignants et accompagnateurs.")},
    )
    contact_name = forms.CharField(
        label=_("Nom du contact"), max_length=160, error_messages={"required": _("Indiquez votre nom.")}
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
    day = forms.DateField(label=_("Date de la visite"), widget=DATE_WIDGET, error_messages=DATE_ERRORS)
    half_day = forms.ChoiceField(
        label=_("Demi-journée"),
        choices=[
            ("morning", _("matin (8 h 30 – 12 h 30)")),
            ("afternoon", _("après-midi (13 h 30 – 18 h 00)")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez le matin ou l'après-midi.")},
    )
    workshop = forms.ModelChoiceField(
        label=_("Avec un atelier d'artisan (facultatif)"),
        queryset=None,
        required=False,
        empty_label=_("Sans atelier"),
        error_messages={"invalid_choice": _("Cet atelier n'est pas proposé aux scolaires.")},
    )
    message = forms.CharField(
        label=_("Projet de la classe, besoins particuliers"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )

    def __init__(self, *args, workshops, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["workshop"].queryset = workshops

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        times = MORNING if d["half_day"] == "morning" else AFTERNOON
        start, end = slot_on(day=d["day"], start=times[0], end=times[1])
        keys = (
            "school",
            "level",
            "headcount",
            "teachers",
            "contact_name",
            "email",
            "phone",
            "workshop",
            "message",
        )
        return {**{k: d[k] for k in keys}, "start": start, "end": end}
