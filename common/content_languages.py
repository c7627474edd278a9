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


def apply_translations(obj, keys: set[str], data: dict) -> list[str]:
    """Set on ``obj`` each ``<field>_<lang>`` of ``keys`` found in ``data``; a blank text is stored
    as None so the French original shows. Returns the keys whose value changed."""
    changed = []
    for key in sorted(keys & set(data)):
        value = (data[key] or "").strip() or None
        if getattr(obj, key, None) != value:
            setattr(obj, key, value)
            changed.append(key)
    return changed


def translation_field(*, label, language: str, max_length: int | None, long_text: bool, rows: int = 4):
    """The optional form field for one text in one language (portal, staff and admin forms)."""
    widget = forms.Textarea(attrs={"rows": rows}) if long_text else forms.TextInput()
    widget.attrs["lang"] = language
    return forms.CharField(
        label=_("%(label)s (en %(language)s)") % {"label": label, "language": LANGUAGE_NAMES[language]},
        required=False,
        max_length=max_length,
        widget=widget,
        help_text=_("Facultatif : sans traduction, le texte français est montré."),
    )


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
                field = translation_field(
                    label=base.label,
                    language=lang,
                    max_length=getattr(base, "max_length", None),
                    long_text=isinstance(base.widget, forms.Textarea),
                )
                self.fields[key] = field
                if instance is not None and getattr(instance, "pk", None):
                    self.initial.setdefault(key, (getattr(instance, "i18n", None) or {}).get(key, ""))


class TranslatedTextsAdminForm(forms.ModelForm):
    """Admin form: the enabled languages' fields are declared (so the admin lays them out);
    their values are set on the instance's translations on save."""

    translated_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        stored = getattr(self.instance, "i18n", None) or {}
        for key in self.fields:
            if key in stored:
                self.initial.setdefault(key, stored[key])

    def save(self, commit=True):
        apply_translations(self.instance, translation_keys(self.translated_fields), self.cleaned_data)
        return super().save(commit=commit)


def translated_admin_form(model, fields: tuple[str, ...]) -> type[forms.ModelForm]:
    """A ModelForm class for ``model``'s admin with the enabled languages' fields of ``fields``."""
    languages = [lang for lang in settings.MODELTRANS_AVAILABLE_LANGUAGES if lang != "fr"]
    virtual = [f"{name}_{lang}" for name in fields for lang in ("fr", *languages)]
    virtual += [f"{name}_i18n" for name in fields]
    attrs: dict = {
        "Meta": type("Meta", (), {"model": model, "exclude": virtual}),
        "translated_fields": fields,
    }
    for lang in settings.MAILLAGE_CONTENT_LANGUAGES:
        for name in fields:
            base = model._meta.get_field(name)
            attrs[f"{name}_{lang}"] = translation_field(
                label=base.verbose_name,
                language=lang,
                max_length=getattr(base, "max_length", None),
                long_text=base.get_internal_type() == "TextField",
                rows=3,
            )
    return type(f"{model.__name__}TranslatedAdminForm", (TranslatedTextsAdminForm,), attrs)
