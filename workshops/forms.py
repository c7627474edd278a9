"""Forms check the shape of input only; services decide and write."""

from __future__ import annotations

import datetime

from django import forms
from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.content_languages import TranslatedTextsMixin
from common.phones import clean_phone, phone_widget
from common.uploads import clean_image

from .exceptions import YOUNGEST_AGE_REQUIRED, WorkshopError
from .models import (
    WORKSHOP_EDITABLE_FIELDS,
    WORKSHOP_TRANSLATED_FIELDS,
    Audience,
    Booking,
    GroupRequest,
    Language,
    Workshop,
    WorkshopPhoto,
)

DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
IMAGE_TYPES = "image/jpeg,image/png,image/webp"
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


# Dates are offered at most two years ahead: beyond, a typo (« 9999 ») would overflow the
# session's end or walk a series day by day over centuries.
FURTHEST_AHEAD = datetime.timedelta(days=731)
TOO_FAR = _("Choisissez une date dans les deux ans à venir.")


def _not_too_far(value):
    if value is None:
        return value
    day = value.date() if isinstance(value, datetime.datetime) else value
    if day > timezone.localdate() + FURTHEST_AHEAD:
        raise forms.ValidationError(TOO_FAR, code="too_far")
    return value


def add_service_error(form: forms.BaseForm, exc: WorkshopError) -> None:
    """Show a service's refusal next to the field it names, or above the form."""
    form.add_error(exc.field if exc.field in form.fields else None, exc.message)


class ServiceKwargsMixin:
    """``service_kwargs()``: the cleaned values named in ``service_fields``, for the service call."""

    service_fields: tuple[str, ...] = ()

    def service_kwargs(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.service_fields}


class PartyFields(forms.Form):
    party_size = forms.IntegerField(
        label=_("Nombre de personnes"),
        min_value=1,
        initial=1,
        error_messages={
            "min_value": _("Le nombre de personnes doit être d'au moins 1."),
            "required": _("Indiquez le nombre de personnes."),
        },
    )
    children = forms.IntegerField(
        label=_("Dont enfants (moins de 12 ans)"),
        min_value=0,
        initial=0,
        required=False,
        error_messages={"min_value": _("Le nombre d'enfants ne peut pas être négatif.")},
    )
    youngest_age = forms.IntegerField(
        label=_("Âge du plus jeune participant"),
        min_value=0,
        max_value=120,
        required=False,
        help_text=_("Si des enfants participent."),
    )

    def __init__(self, *args, workshop: Workshop | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        self.fields["party_size"].widget.attrs.update(inputmode="numeric")
        self.fields["children"].widget.attrs.update(inputmode="numeric")
        if workshop is not None:
            self.fields["party_size"].widget.attrs["max"] = workshop.max_participants
            age = self.fields["youngest_age"]
            if workshop.min_age:
                # Asked every time a workshop has a minimum age: the service checks it.
                age.required = True
                age.error_messages["required"] = YOUNGEST_AGE_REQUIRED % {"age": workshop.min_age}
                age.help_text = _("Cet atelier est ouvert à partir de %(age)d ans.") % {
                    "age": workshop.min_age
                }
                age.widget.attrs.update(min=0, inputmode="numeric")
            else:
                age.widget = forms.HiddenInput()

    def clean_children(self):
        return self.cleaned_data.get("children") or 0

    def clean(self):
        data = super().clean()
        size, children = data.get("party_size"), data.get("children") or 0
        if size is not None and children > size:
            self.add_error("children", _("Le nombre d'enfants ne peut pas dépasser le nombre de personnes."))
        return data


PAY_BY_CARD, PAY_ON_SITE = "card", "site"


class BookingForm(ServiceKwargsMixin, PartyFields):
    name = forms.CharField(
        label=_("Nom et prénom"), max_length=160, error_messages={"required": _("Indiquez votre nom.")}
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={
            "required": _("Indiquez votre adresse e-mail."),
            "invalid": _("L'adresse e-mail n'est pas valide."),
        },
    )
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False, widget=phone_widget())
    consent_contact = forms.BooleanField(
        label=_("J'accepte d'être recontacté·e pour les offres hors saison du réseau"),
        required=False,
        initial=False,
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    # Seats free when the form was shown: a refusal then says whether others booked meanwhile.
    seats_seen = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    promo_code = forms.CharField(label=_("Code promo"), max_length=30, required=False)  # relations app
    # Shown only when card payment is on and the office lets this workshop be paid on site.
    payment_choice = forms.ChoiceField(
        label=_("Paiement"),
        choices=[
            (PAY_BY_CARD, _("Payer maintenant par carte (places garanties)")),
            (PAY_ON_SITE, _("Régler sur place, le jour de l'atelier")),
        ],
        widget=forms.RadioSelect,
        initial=PAY_BY_CARD,
        required=False,
    )

    field_order = ["party_size", "children", "youngest_age", "name", "email", "phone", "consent_contact"]
    autofill = True
    # Online visitors pay by card when the provider has its keys; the desk takes payment itself.
    card_payment = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        hints = {"name": "name", "email": "email"} if self.autofill else {"name": "off", "email": "off"}
        for name, hint in hints.items():
            self.fields[name].widget.attrs["autocomplete"] = hint
        if not self.autofill:
            self.fields["phone"].widget = phone_widget(autofill=False)
        from payments.providers import online_payment_enabled

        self.online_payment = self.card_payment and online_payment_enabled()
        if not (self.online_payment and self.workshop is not None and self.workshop.pay_on_site_allowed):
            del self.fields["payment_choice"]

    def pays_by_card(self) -> bool:
        """Card when online payment is on, unless the visitor chose « sur place » where allowed."""
        if not self.online_payment:
            return False
        return self.cleaned_data.get("payment_choice", PAY_BY_CARD) != PAY_ON_SITE

    service_fields = (
        "name",
        "email",
        "phone",
        "party_size",
        "children",
        "youngest_age",
        "consent_contact",
        "idempotency_key",
        "promo_code",
    )

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))

    def clean_idempotency_key(self):
        return self.cleaned_data.get("idempotency_key") or None


class WidgetBookingForm(BookingForm):
    """The partners' widget books to be paid on site (no card page inside a partner's frame);
    a workshop the office wants paid by card is booked on the site instead (the widget says so)."""

    card_payment = False

    @staticmethod
    def card_required(workshop: Workshop) -> bool:
        from payments.providers import online_payment_enabled

        return online_payment_enabled() and not workshop.pay_on_site_allowed


class DeskBookingForm(BookingForm):
    # Staff type a visitor's details: the browser must not fill in the staff member's own.
    autofill = False
    card_payment = False

    channel = forms.ChoiceField(
        label=_("Canal"),
        choices=[(Booking.Channel.DESK, _("à l'accueil")), (Booking.Channel.PHONE, _("par téléphone"))],
        initial=Booking.Channel.DESK,
    )
    language = forms.ChoiceField(
        label=_("Langue des e-mails au visiteur"), choices=settings.LANGUAGES, initial="fr", required=False
    )

    voucher_code = forms.CharField(
        label=_("Code du bon cadeau (facultatif)"),
        max_length=30,
        required=False,
        help_text=_("Le bon règle les places, en tout ou en partie ; le reste se paie sur place."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    service_fields = (*BookingForm.service_fields, "language", "voucher_code")

    def clean_language(self):
        return self.cleaned_data.get("language") or settings.LANGUAGE_CODE


class ChangePartyForm(PartyFields):
    pass


class WaitlistForm(forms.Form):
    party_size = forms.IntegerField(
        label=_("Nombre de personnes"),
        min_value=1,
        initial=1,
        error_messages={"min_value": _("Le nombre de personnes doit être d'au moins 1.")},
    )
    name = forms.CharField(
        label=_("Nom et prénom"), max_length=160, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={"invalid": _("L'adresse e-mail n'est pas valide.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False, widget=phone_widget())

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))


class WaitlistClaimForm(forms.Form):
    children = forms.IntegerField(
        label=_("Dont enfants (moins de 12 ans)"), min_value=0, initial=0, required=False
    )
    consent_contact = forms.BooleanField(
        label=_("J'accepte d'être recontacté·e pour les offres hors saison du réseau"), required=False
    )


class GroupRequestForm(forms.Form):
    group_type = forms.ChoiceField(label=_("Type de groupe"), choices=GroupRequest.GroupType.choices)
    organisation = forms.CharField(
        label=_("Établissement ou structure"),
        max_length=160,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    contact_name = forms.CharField(
        label=_("Nom du contact"), max_length=160, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail"),
        max_length=254,
        error_messages={"invalid": _("L'adresse e-mail n'est pas valide.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False, widget=phone_widget())
    size = forms.IntegerField(
        label=_("Nombre de participants"),
        min_value=1,
        max_value=200,
        error_messages={"min_value": _("Le nombre de participants doit être d'au moins 1.")},
    )
    age_min = forms.IntegerField(label=_("Âge des plus jeunes"), min_value=0, max_value=120, required=False)
    age_max = forms.IntegerField(label=_("Âge des plus âgés"), min_value=0, max_value=120, required=False)
    preferred_dates = forms.CharField(label=_("Dates souhaitées"), widget=forms.Textarea(attrs={"rows": 3}))
    message = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 4}), required=False)

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))

    def clean(self):
        data = super().clean()
        lo, hi = data.get("age_min"), data.get("age_max")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("age_max", _("L'âge des plus âgés doit être supérieur à celui des plus jeunes."))
        return data


class GroupAcceptForm(forms.Form):
    po_number = forms.CharField(
        label=_("Numéro de bon de commande (facultatif)"), max_length=60, required=False
    )


class GroupProposalForm(ServiceKwargsMixin, forms.Form):
    start = forms.DateTimeField(label=_("Date et heure proposées"), widget=DATETIME_WIDGET)
    price_per_person = forms.DecimalField(
        label=_("Prix par personne (€)"), min_value=0, max_digits=8, decimal_places=2
    )
    headcount_deadline = forms.DateTimeField(
        label=_("Effectif modifiable jusqu'au"),
        widget=DATETIME_WIDGET,
        required=False,
        help_text=_("Vide : 7 jours avant la séance."),
    )
    message = forms.CharField(
        label=_("Message au groupe"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )

    service_fields = ("start", "price_per_person", "message", "headcount_deadline")

    def clean_start(self):
        return _not_too_far(self.cleaned_data.get("start"))

    def clean_headcount_deadline(self):
        return _not_too_far(self.cleaned_data.get("headcount_deadline"))


class ReviewForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Recommanderiez-vous cet atelier ? (0 = pas du tout, 10 = absolument)"),
        choices=[(str(i), str(i)) for i in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Votre commentaire"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=3000,
    )
    author_name = forms.CharField(
        label=_("Signature affichée (prénom ou initiales)"), max_length=80, required=False
    )


class WorkshopForm(TranslatedTextsMixin, forms.ModelForm):
    translated_fields = WORKSHOP_TRANSLATED_FIELDS

    languages = forms.MultipleChoiceField(
        label=_("Langues"), choices=Language.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    audiences = forms.MultipleChoiceField(
        label=_("Publics"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    # A FileField, not Django's ImageField: clean_image answers a fake image with a message naming the file.
    photo = forms.FileField(
        label=_("Photo principale (JPEG, PNG ou WebP)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
    )

    class Meta:
        model = Workshop
        fields = WORKSHOP_EDITABLE_FIELDS
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "what_to_bring": forms.Textarea(attrs={"rows": 3}),
            "accessibility": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, crafts=None, **kwargs):
        super().__init__(*args, **kwargs)
        if crafts is not None:
            self.fields["craft"].queryset = crafts
        # Set by the pin on the map ({% pin_map %} in the template): nobody types coordinates.
        for name, label in (
            ("latitude", _("Position de l'épingle (latitude)")),
            ("longitude", _("Position de l'épingle (longitude)")),
        ):
            self.fields[name].required = False
            self.fields[name].label = label
            self.fields[name].widget = forms.HiddenInput()
        self.add_translation_fields(self.instance)
        # _post_clean is skipped (the service runs full_clean), so the model's limits and check
        # constraints are repeated here: a bad value gets a message beside its field, not a 500.
        for name in (
            "duration_minutes",
            "min_participants",
            "max_participants",
            "min_age",
            "cancellation_deadline_hours",
        ):
            field = self.fields[name]
            field.validators.extend(
                v for v in Workshop._meta.get_field(name).validators if v not in field.validators
            )
        for name, low, high in (
            ("price", 0, None),
            ("child_price", 0, None),
            ("min_participants", 1, None),
            ("latitude", -90, 90),
            ("longitude", -180, 180),
        ):
            self.fields[name].validators.append(MinValueValidator(low))
            self.fields[name].widget.attrs.setdefault("min", str(low))
            if high is not None:
                self.fields[name].validators.append(MaxValueValidator(high))
                self.fields[name].widget.attrs.setdefault("max", str(high))

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):
            return clean_image(photo)
        return photo

    def clean(self):
        data = super().clean()
        lo, hi = data.get("min_participants"), data.get("max_participants")
        if lo is not None and hi is not None and lo > hi:
            self.add_error("max_participants", _("Le maximum doit être au moins égal au minimum."))
        if data.get("photo") and not data.get("photo_alt"):
            self.add_error("photo_alt", _("Décrivez la photo en quelques mots (pour l'accessibilité)."))
        return data

    def _post_clean(self):
        # Shape only: the model-level validation runs in the service (workshop_create/update).
        pass


class SessionForm(forms.Form):
    start = forms.DateTimeField(label=_("Début"), widget=DATETIME_WIDGET)
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Vide : le maximum de l'atelier."),
    )

    def clean_start(self):
        return _not_too_far(self.cleaned_data.get("start"))


class RecurringSessionForm(forms.Form):
    first_date = forms.DateField(label=_("Du"), widget=DATE_WIDGET)
    last_date = forms.DateField(label=_("Au"), widget=DATE_WIDGET)
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Chaque"), choices=WEEKDAYS, coerce=int, widget=forms.CheckboxSelectMultiple
    )
    start_time = forms.TimeField(label=_("À"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    capacity = forms.IntegerField(
        label=_("Places"),
        min_value=1,
        max_value=500,
        required=False,
        help_text=_("Vide : le maximum de l'atelier."),
    )

    def clean_first_date(self):
        return _not_too_far(self.cleaned_data.get("first_date"))

    def clean_last_date(self):
        return _not_too_far(self.cleaned_data.get("last_date"))

    def clean(self):
        data = super().clean()
        first, last = data.get("first_date"), data.get("last_date")
        if first and last and last < first:
            self.add_error("last_date", _("La date de fin doit suivre la date de début."))
        return data


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Places"), min_value=1, max_value=500)


class CancelSessionForm(forms.Form):
    reason = forms.CharField(label=_("Motif (communiqué aux participants)"), max_length=255)


class DeskSearchForm(forms.Form):
    q = forms.CharField(label=_("Référence, nom ou e-mail"), max_length=100, required=False)
    minutes = forms.TypedChoiceField(
        label=_("À moins de"),
        coerce=int,
        required=False,
        initial=20,
        choices=[(10, _("10 minutes")), (20, _("20 minutes")), (30, _("30 minutes")), (45, _("45 minutes"))],
    )


class WorkshopPhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo (JPEG, PNG ou WebP)"), widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES})
    )
    alt = forms.CharField(
        label=_("Description de la photo (pour les personnes qui ne la voient pas)"), max_length=200
    )

    def clean_image(self):
        return clean_image(self.cleaned_data["image"])


class WorkshopPhotoAdminForm(forms.ModelForm):
    """Admin uploads go through the same verification as the portal's."""

    image = forms.FileField(label=_("Image (JPEG, PNG ou WebP)"))

    class Meta:
        model = WorkshopPhoto
        fields = ["image", "alt", "position"]

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):
            return clean_image(image)
        return image
