"""Forms check the shape of input only; ``training.services`` decides and writes."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.phones import clean_phone


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
