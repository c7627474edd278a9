"""Forms check the shape of what was typed; values are checked by the services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from common.uploads import clean_document

from .models import Indicator, Questionnaire


class IndicatorForm(forms.Form):
    """One indicator of the section page; its prefix is the indicator code."""

    value = forms.CharField(required=False, max_length=5000)
    na = forms.BooleanField(label=_("Je ne suis pas concerné"), required=False)
    na_reason = forms.CharField(label=_("Pourquoi ?"), required=False, max_length=300)
    evidence = forms.FileField(label=_("Justificatif (PDF ou image)"), required=False)
    remove_evidence = forms.BooleanField(label=_("Retirer le justificatif"), required=False)

    def __init__(self, *args, indicator: Indicator, answer=None, **kwargs):
        self.indicator = indicator
        self.answer = answer
        kwargs.setdefault("prefix", indicator.code)
        if answer is not None and "initial" not in kwargs:
            kwargs["initial"] = _initial(indicator, answer)
        super().__init__(*args, **kwargs)
        kind = indicator.answer_kind
        value = self.fields["value"]
        value.label = indicator.statement
        value.help_text = indicator.help_text
        if kind == Indicator.AnswerKind.YES_NO:
            self.fields["value"] = forms.ChoiceField(
                label=indicator.statement,
                help_text=indicator.help_text,
                required=False,
                choices=[("oui", _("Oui")), ("non", _("Non"))],
                widget=forms.RadioSelect,
            )
        elif kind == Indicator.AnswerKind.CHOICE:
            self.fields["value"] = forms.ChoiceField(
                label=indicator.statement,
                help_text=indicator.help_text,
                required=False,
                choices=[(c.code, c.label) for c in indicator.choices.all()],
                widget=forms.RadioSelect,
            )
        elif kind == Indicator.AnswerKind.NUMBER:
            # A text input keeps exactly what was typed ("3,5", "12 %") so the error can quote it.
            value.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
        else:
            value.widget = forms.Textarea(attrs={"rows": 3})
        if not indicator.allow_not_applicable:
            del self.fields["na"]
            del self.fields["na_reason"]
        if indicator.evidence == Indicator.Evidence.NONE:
            del self.fields["evidence"]
            del self.fields["remove_evidence"]
        else:
            self.fields["evidence"].widget.attrs["accept"] = "application/pdf,image/jpeg,image/png,image/webp"
            if indicator.evidence == Indicator.Evidence.REQUIRED:
                self.fields["evidence"].label = _("Justificatif obligatoire (PDF ou image)")

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        return clean_document(upload) if upload else None


def _initial(indicator: Indicator, answer) -> dict:
    initial = {"na": answer.not_applicable, "na_reason": answer.na_reason}
    kind = indicator.answer_kind
    if kind == Indicator.AnswerKind.YES_NO and answer.bool_value is not None:
        initial["value"] = "oui" if answer.bool_value else "non"
    elif kind == Indicator.AnswerKind.CHOICE and answer.choice_id:
        initial["value"] = answer.choice.code
    elif kind == Indicator.AnswerKind.NUMBER and answer.number_value is not None:
        initial["value"] = f"{answer.number_value.normalize():f}".replace(".", ",")
    elif kind == Indicator.AnswerKind.TEXT:
        initial["value"] = answer.text_value
    return initial


class SignForm(forms.Form):
    signer_name = forms.CharField(label=_("Nom et prénom"), max_length=160)
    signer_role = forms.CharField(
        label=_("Fonction"), max_length=160, help_text=_("Par exemple : gérant, directrice, exploitant.")
    )
    accepted = forms.BooleanField(
        label=_("Je certifie sur l'honneur l'exactitude de mes réponses."),
        error_messages={"required": _("Cochez la déclaration sur l'honneur pour signer.")},
    )
    action_plan = forms.CharField(
        label=_("Mon plan d'action : ce que je vais améliorer cette année"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class CampaignForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=200)
    questionnaire = forms.ModelChoiceField(label=_("Questionnaire"), queryset=Questionnaire.objects.none())
    deadline = forms.DateField(
        label=_("Date limite de réponse"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reminder_days = forms.CharField(
        label=_("Relances (jours après l'invitation)"),
        initial="7, 14",
        required=False,
        help_text=_("Des nombres séparés par des virgules ; vide = pas de relance automatique."),
    )
    message = forms.CharField(label=_("Message d'invitation"), required=False, widget=forms.Textarea)
    language = forms.ChoiceField(
        label=_("Langue des e-mails"),
        choices=settings.LANGUAGES,
        initial="fr",
        required=False,
        help_text=_(
            "Pour les répondants sans compte ; un membre reçoit les e-mails dans la langue de son compte."
        ),
    )

    def __init__(self, *args, questionnaires, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires

    def clean_deadline(self):
        deadline = self.cleaned_data["deadline"]
        if deadline < timezone.localdate():
            raise ValidationError(_("La date limite doit être dans le futur."))
        if deadline > timezone.localdate() + dt.timedelta(days=366):
            raise ValidationError(_("La date limite doit être dans moins d'un an."))
        return deadline

    def clean_reminder_days(self):
        raw = self.cleaned_data["reminder_days"].replace(";", ",")
        days = []
        for part in filter(None, (p.strip() for p in raw.split(","))):
            if not part.isdigit() or not 1 <= int(part) <= 180:
                raise ValidationError(
                    _("« %(value)s » n'est pas un nombre de jours entre 1 et 180.") % {"value": part}
                )
            days.append(int(part))
        return days


class InviteOffersForm(forms.Form):
    offers = forms.ModelMultipleChoiceField(
        label=_("Offres présélectionnées"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    # Check boxes filtered by a search box (static/common/filter_list.js), not a Ctrl-click list.
    members = forms.ModelMultipleChoiceField(
        label=_("Membres (autodiagnostic de l'entreprise)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, offers, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["offers"].queryset = offers
        self.fields["members"].queryset = members

    def clean(self):
        data = super().clean()
        if not data.get("offers") and not data.get("members"):
            raise ValidationError(_("Cochez au moins une offre ou choisissez un membre."))
        return data


class InviteEmailForm(forms.Form):
    organisation = forms.CharField(
        label=_("Organisation"), max_length=200, help_text=_("Prestataire extérieur ou office de tourisme.")
    )
    name = forms.CharField(label=_("Nom du répondant"), max_length=160, required=False)
    email = forms.EmailField(label=_("E-mail du répondant"), max_length=254)


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Commentaire général"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    decision = forms.ChoiceField(
        choices=[
            ("save", _("Enregistrer les commentaires")),
            ("changes", _("Demander des modifications")),
            ("validate", _("Valider")),
        ]
    )

    def __init__(self, *args, criteria=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.CharField(
                label=_("Commentaire sur « %(title)s »") % {"title": criterion.title},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                max_length=3000,
            )

    def clean(self):
        data = super().clean()
        if (
            data.get("decision") == "changes"
            and not data.get("comment", "").strip()
            and not any(data.get(f"criterion_{c.pk}", "").strip() for c in self.criteria)
        ):
            raise ValidationError(
                _("Expliquez ce qu'il faut modifier : un commentaire général ou par critère.")
            )
        return data

    def criterion_comments(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}", "") for c in self.criteria}
