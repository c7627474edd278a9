"""Forms of the network app: they check shape only and never save domain objects."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from common.phones import clean_phone
from common.uploads import clean_document, clean_image

from .models import (
    Antenna,
    ApplicationDocument,
    CharterVersion,
    Commune,
    Contact,
    Craft,
    DecisionTemplate,
    LegalBasis,
    Member,
)

IMAGE_TYPES = "image/jpeg,image/png,image/webp"

ANSWER_CHOICES = [
    ("yes", _("Oui, je respecte cet engagement")),
    ("partly", _("En partie")),
    ("no", _("Pas encore")),
]


class CommuneField(forms.CharField):
    """A commune typed by name, « Name (postcode) », postcode or INSEE code (with a datalist)."""

    def __init__(self, *args, require_antenna: bool = True, **kwargs):
        self.require_antenna = require_antenna
        kwargs.setdefault("max_length", 140)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update({"list": "communes-list", "autocomplete": "off"})

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        text = value.strip()
        name, _sep, rest = text.partition(" (")
        postcode = rest.rstrip(")").strip()
        candidates = Commune.objects.select_related("antenna")
        if text.isdigit():
            match = candidates.filter(Q(insee_code=text) | Q(postcode=text))
        elif postcode:
            match = candidates.filter(name__unaccent__iexact=name.strip(), postcode=postcode)
        else:
            match = candidates.filter(name__unaccent__iexact=text)
        communes = list(match[:2])
        if len(communes) != 1:
            raise ValidationError(
                _("Commune inconnue : « %(value)s ». Choisissez une commune du territoire dans la liste."),
                code="unknown_commune",
                params={"value": text},
            )
        if self.require_antenna and communes[0].antenna_id is None:
            raise ValidationError(
                _("La commune « %(value)s » n'est rattachée à aucune antenne du réseau."),
                code="outside_network",
                params={"value": communes[0].name},
            )
        return communes[0]


class _DocumentField(forms.FileField):
    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        return clean_document(upload) if upload else upload


class ApplicationForm(forms.Form):
    business_name = forms.CharField(
        label=_("Nom de l'entreprise"),
        max_length=160,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    contact_name = forms.CharField(
        label=_("Prénom et nom"), max_length=120, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        max_length=30,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    website = forms.URLField(label=_("Site web"), required=False, max_length=200, assume_scheme="https")
    commune = CommuneField(
        label=_("Commune de l'atelier"),
        help_text=_("Commencez à taper le nom puis choisissez dans la liste."),
    )
    address = forms.CharField(
        label=_("Adresse"),
        max_length=255,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )
    siret = forms.RegexField(
        label=_("SIRET"),
        regex=r"^\d{14}$",
        required=False,
        error_messages={"invalid": _("Le SIRET compte 14 chiffres.")},
    )
    crafts = forms.ModelMultipleChoiceField(
        label=_("Savoir-faire"),
        queryset=Craft.objects.order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un savoir-faire.")},
    )
    description = forms.CharField(
        label=_("Présentez votre activité"),
        widget=forms.Textarea,
        help_text=_("Ce que vous fabriquez ou produisez, vos matières premières, où vous vendez."),
    )
    doc_siret = _DocumentField(label=_("Justificatif SIRET ou Kbis (PDF ou image)"), required=False)
    doc_organic = _DocumentField(label=_("Certificat bio ou label (PDF ou image)"), required=False)
    doc_work1 = _DocumentField(label=_("Photo de votre travail"), required=False)
    doc_work2 = _DocumentField(label=_("Autre photo de votre travail"), required=False)
    consent = forms.BooleanField(
        label=_("J'accepte que l'association conserve ces informations pour étudier ma candidature."),
        error_messages={"required": _("Votre accord est nécessaire pour étudier la candidature.")},
    )

    DOCUMENT_KINDS = {
        "doc_siret": ApplicationDocument.Kind.SIRET,
        "doc_organic": ApplicationDocument.Kind.ORGANIC,
        "doc_work1": ApplicationDocument.Kind.WORK,
        "doc_work2": ApplicationDocument.Kind.WORK,
    }

    def __init__(self, *args, charter: CharterVersion | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.commitments = charter.numbered_commitments() if charter else []
        for number, text in self.commitments:
            self.fields[f"commitment_{number}"] = forms.ChoiceField(
                label=text,
                choices=ANSWER_CHOICES,
                widget=forms.RadioSelect,
                error_messages={"required": _("Répondez à l'engagement n° %(n)s.") % {"n": number}},
            )
            self.fields[f"comment_{number}"] = forms.CharField(
                label=_("Précisions (engagement n° %(n)s)") % {"n": number},
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))

    def commitment_fields(self):
        return [(self[f"commitment_{n}"], self[f"comment_{n}"]) for n, _t in self.commitments]

    def answers(self) -> list[dict]:
        return [
            {
                "number": n,
                "commitment": text,
                "answer": self.cleaned_data[f"commitment_{n}"],
                "comment": self.cleaned_data.get(f"comment_{n}", ""),
            }
            for n, text in self.commitments
        ]

    def documents(self) -> list[tuple[str, object]]:
        return [
            (kind, self.cleaned_data[name])
            for name, kind in self.DOCUMENT_KINDS.items()
            if self.cleaned_data.get(name)
        ]


class ApplicationReplyForm(forms.Form):
    reply = forms.CharField(label=_("Votre réponse"), widget=forms.Textarea, max_length=5000)
    document = _DocumentField(label=_("Pièce complémentaire (PDF ou image)"), required=False)


class DecisionForm(forms.Form):
    ACTIONS = [
        ("accept", _("Accepter")),
        ("info", _("Demander des informations")),
        ("waitlist", _("Mettre en liste d'attente")),
        ("refuse", _("Refuser")),
    ]
    action = forms.ChoiceField(label=_("Décision"), choices=ACTIONS, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message au candidat"),
        required=False,
        widget=forms.Textarea,
        max_length=5000,
        help_text=_("Obligatoire pour un refus ou une demande d'informations ; modifiable."),
    )


class ProfileForm(forms.ModelForm):
    photo = forms.FileField(
        label=_("Photo principale (JPEG, PNG ou WebP)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES}),
    )

    class Meta:
        model = Member
        fields = [
            "name",
            "description",
            "story",
            "contact_name",
            "email",
            "phone",
            "website",
            "show_email",
            "show_phone",
            "show_website",
            "show_address",
        ]
        labels = {
            "show_email": _("Afficher l'e-mail sur ma page publique"),
            "show_phone": _("Afficher le téléphone sur ma page publique"),
            "show_website": _("Afficher le site web sur ma page publique"),
            "show_address": _("Afficher l'adresse sur ma page publique"),
        }

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        return clean_image(upload) if upload else None

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))


class LocationForm(forms.Form):
    commune = CommuneField(label=_("Commune"))
    address = forms.CharField(label=_("Adresse"), max_length=255, required=False)
    latitude = forms.FloatField(required=False, min_value=-90, max_value=90, widget=forms.HiddenInput)
    longitude = forms.FloatField(required=False, min_value=-180, max_value=180, widget=forms.HiddenInput)


class PhotoForm(forms.Form):
    image = forms.FileField(
        label=_("Photo (JPEG, PNG ou WebP)"), widget=forms.ClearableFileInput(attrs={"accept": IMAGE_TYPES})
    )
    caption = forms.CharField(label=_("Légende (décrit la photo pour tous)"), max_length=200)

    def clean_image(self):
        return clean_image(self.cleaned_data["image"])


class ColleagueForm(forms.Form):
    email = forms.EmailField(label=_("E-mail de votre collègue"), max_length=254)
    first_name = forms.CharField(label=_("Prénom"), max_length=150, required=False)
    last_name = forms.CharField(label=pgettext_lazy("family name", "Nom"), max_length=150, required=False)


class CharterSignForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    confirm = forms.BooleanField(
        label=_("J'ai lu la charte et je m'engage à la respecter au nom de mon entreprise."),
        error_messages={"required": _("Cochez la case pour signer la charte.")},
    )


class RenewalForm(forms.Form):
    confirm = forms.BooleanField(
        label=_(
            "Je confirme que les informations de mon profil sont à jour et que je respecte "
            "la charte en vigueur."
        ),
        error_messages={"required": _("Cochez la case pour renouveler votre adhésion.")},
    )


class MemberStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Nouveau statut"), choices=Member.Status.choices)


class CharterPublishForm(forms.Form):
    version = forms.ModelChoiceField(
        label=_("Version à publier"),
        queryset=CharterVersion.objects.filter(published_at__isnull=True),
        empty_label=None,
    )
    sign_deadline = forms.DateField(
        label=_("À signer avant le"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean_sign_deadline(self):
        # A deadline already passed would make every active member overdue the moment it is published.
        deadline = self.cleaned_data["sign_deadline"]
        if deadline <= timezone.localdate():
            raise ValidationError(
                _("La date limite de signature doit être postérieure à aujourd'hui."), code="past"
            )
        return deadline


MAX_COMMITMENT_LENGTH = 1000


class CharterDraftForm(forms.Form):
    """The charter editor: texts as fields, commitments as repeated ``commitment`` lines (one per
    line, in order; empty lines are dropped)."""

    title = forms.CharField(label=_("Titre"), max_length=200)
    preamble = forms.CharField(label=_("Préambule"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    changes_summary = forms.CharField(
        label=_("Résumé des changements (montré aux membres)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    effective_on = forms.DateField(label=_("En vigueur le"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        lines = [" ".join(t.split()) for t in self.data.getlist("commitment")] if self.data else []
        lines = [t for t in lines if t]
        if not lines:
            self.add_error(None, _("Engagements : indiquez au moins un engagement."))
        for number, text in enumerate(lines, start=1):
            if len(text) > MAX_COMMITMENT_LENGTH:
                self.add_error(
                    None,
                    _("Engagement %(n)s : %(max)s caractères au plus (il en compte %(len)s).")
                    % {"n": number, "max": MAX_COMMITMENT_LENGTH, "len": len(text)},
                )
        seen: set[str] = set()
        for number, text in enumerate(lines, start=1):
            if text.casefold() in seen:
                self.add_error(None, _("Engagement %(n)s : il figure déjà plus haut.") % {"n": number})
            seen.add(text.casefold())
        cleaned["commitments"] = lines
        return cleaned


class CharterDraftPublishForm(CharterPublishForm):
    """Publishing the draft from the editor: a deadline and an explicit confirmation."""

    version = None
    confirm = forms.BooleanField(
        label=_(
            "Je confirme : chaque membre actif recevra un e-mail et devra signer cette nouvelle version."
        ),
        error_messages={"required": _("Confirmation : cochez la case pour publier.")},
    )


class CapacityRuleForm(forms.Form):
    antenna = forms.ModelChoiceField(label=_("Antenne"), queryset=Antenna.objects.order_by("name"))
    craft = forms.ModelChoiceField(
        label=_("Savoir-faire"),
        queryset=Craft.objects.order_by("name"),
        required=False,
        empty_label=_("Toute l'antenne (tous savoir-faire)"),
    )
    max_members = forms.IntegerField(
        label=_("Nombre maximum de membres actifs"), min_value=0, max_value=32767
    )


class DecisionTemplateForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type de réponse"), choices=DecisionTemplate.Kind.choices)
    title = forms.CharField(label=_("Titre"), max_length=120)
    body = forms.CharField(label=_("Texte"), widget=forms.Textarea(attrs={"rows": 8}), max_length=5000)


class ApplicationLookupForm(forms.Form):
    """Shape of the « resend my link » request on the apply page."""

    email = forms.EmailField(label=_("E-mail"), max_length=254)


class ContactForm(forms.Form):
    """Staff add a partner or an inhabitant by hand (the service merges with an existing contact)."""

    email = forms.EmailField(
        label=_("Adresse e-mail"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "off"})
    )
    name = forms.CharField(label=_("Nom"), max_length=160, required=False)
    phone = forms.CharField(label=_("Téléphone"), max_length=30, required=False)
    kind = forms.ChoiceField(label=_("Type"), choices=Contact.Kind.choices, initial=Contact.Kind.PARTNER)
    language = forms.ChoiceField(
        label=_("Langue"), choices=[("fr", "Français"), ("en", "English")], initial="fr"
    )
    consent = forms.BooleanField(
        label=_("La personne accepte de recevoir les informations du réseau"),
        required=False,
        help_text=_("Horodaté à votre nom, avec la base légale choisie ci-dessous."),
    )
    legal_basis = forms.ChoiceField(
        label=_("Base légale"),
        choices=[
            (LegalBasis.CONSENT, _("Consentement explicite (formulaire signé, e-mail)")),
            (LegalBasis.SOFT_OPT_IN, _("Client : informations sur des services analogues (soft opt-in)")),
        ],
        initial=LegalBasis.CONSENT,
        required=False,
        widget=forms.RadioSelect,
        help_text=_(
            "Le soft opt-in ne vaut que pour une personne qui a déjà réservé ou acheté, et seulement "
            "si elle a pu refuser au moment où son adresse a été recueillie."
        ),
    )
    opt_out_offered = forms.BooleanField(
        label=_("La personne a été informée et a pu refuser au moment de la collecte"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        data["legal_basis"] = data.get("legal_basis") or LegalBasis.CONSENT
        soft = data["legal_basis"] == LegalBasis.SOFT_OPT_IN
        if data.get("consent") and soft and not data.get("opt_out_offered"):
            self.add_error(
                "opt_out_offered",
                _(
                    "Soft opt-in : confirmez que la personne a pu refuser au moment de la collecte, "
                    "sinon demandez son consentement explicite."
                ),
            )
        return data

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))
