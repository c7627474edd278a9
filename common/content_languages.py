"""Texts written in several languages (django-modeltrans): the form fields and the keys services
accept, in one place. French is the text itself; other languages are ``<field>_<lang>``."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

LANGUAGE_NAMES = {
    "en": _("anglais"),
    "de": _("allemand"),
    "it": _("italien"),
    "nl": _("néerlandais"),
    "es": _("espagnol"),
}


def translation_keys(fields: tuple[str, ...]) -> set[str]:
    """Every ``<field>_<lang>`` a service may set (all stored languages, not only those shown)."""
    return {
        f"{name}_{lang}"
        for name in fields
        for lang in settings.MODELTRANS_AVAILABLE_LANGUAGES
        if lang != "fr"
    }


class TranslatedTextsMixin:
    """Adds, for each language the office enables, an optional field beside each translated text.

    Set ``translated_fields`` on the form and call ``add_translation_fields(instance)`` at the
    end of ``__init__``; the values arrive in ``cleaned_data`` as ``<field>_<lang>``.
    """

    translated_fields: tuple[str, ...] = ()

    def add_translation_fields(self, instance=None) -> None:
        for lang in settings.MAILLAGE_CONTENT_LANGUAGES:
            for name in self.translated_fields:
                base = self.fields.get(name)
                if base is None:
                    continue
                key = f"{name}_{lang}"
                widget = (
                    forms.Textarea(attrs={"rows": 4}) if isinstance(base.widget, forms.Textarea) else None
                )
                field = forms.CharField(
                    label=_("%(label)s (en %(language)s)")
                    % {"label": base.label, "language": LANGUAGE_NAMES[lang]},
                    required=False,
                    max_length=getattr(base, "max_length", None),
                    widget=widget,
                    help_text=_("Facultatif : sans traduction, le texte français est montré."),
                )
                field.widget.attrs["lang"] = lang
                self.fields[key] = field
                if instance is not None and getattr(instance, "pk", None):
                    self.initial.setdefault(key, (getattr(instance, "i18n", None) or {}).get(key, ""))
