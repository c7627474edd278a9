"""Forms of the site's texts and offices (shape only; services write)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from common.content_languages import TranslatedTextsMixin
from common.phones import clean_phone
from network.models import Office

from .models import LegalPage
from .site import OFFICE_FIELDS


class LegalPageForm(TranslatedTextsMixin, forms.Form):
    translated_fields = ("title", "body")

    title = forms.CharField(label=_("Titre"), max_length=160)
    body = forms.CharField(
        label=_("Texte"),
        widget=forms.Textarea(attrs={"rows": 18}),
        max_length=30000,
        help_text=LegalPage._meta.get_field("body").help_text,
    )
    compliance = forms.ChoiceField(
        label=_("État de conformité RGAA"), choices=LegalPage.Compliance.choices, required=False
    )

    def __init__(self, *args, page: LegalPage, **kwargs):
        super().__init__(*args, **kwargs)
        if page.slug != LegalPage.Kind.ACCESSIBILITY:
            del self.fields["compliance"]
        self.add_translation_fields(page)


class OfficeForm(forms.ModelForm):
    # Typed with spaces (« 812 345 678 00016 ») as it is printed: cleaned below.
    siret = forms.CharField(label=_("SIRET"), max_length=20, required=False)
    vat_number = forms.CharField(label=_("numéro de TVA intracommunautaire"), max_length=24, required=False)

    class Meta:
        model = Office
        fields = OFFICE_FIELDS
        widgets = {"opening_hours": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget = forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["address"].widget.attrs["autocomplete"] = "street-address"
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        for name in ("latitude", "longitude"):
            self.fields[name].help_text = _("Facultatif : pour la carte de la page Contact.")

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone", ""))

    def clean_siret(self):
        siret = "".join(ch for ch in self.cleaned_data.get("siret", "") if not ch.isspace())
        if siret and (len(siret) != 14 or not siret.isdigit()):
            raise forms.ValidationError(_("Le SIRET compte 14 chiffres."))
        return siret

    def clean_vat_number(self):
        number = self.cleaned_data.get("vat_number", "").replace(" ", "").upper()
        if number and not (len(number) == 13 and number.startswith("FR") and number[2:].isalnum()):
            raise forms.ValidationError(_("Un numéro de TVA français s'écrit FR suivi de 11 caractères."))
        return number

    def clean(self):
        data = super().clean()
        lat, lon = data.get("latitude"), data.get("longitude")
        if lat is not None and not -90 <= lat <= 90:
            self.add_error("latitude", _("La latitude est comprise entre -90 et 90."))
        if lon is not None and not -180 <= lon <= 180:
            self.add_error("longitude", _("La longitude est comprise entre -180 et 180."))
        return data

    def _post_clean(self):
        # Shape only: the service validates the model.
        pass
