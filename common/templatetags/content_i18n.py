"""Content in the visitor's language: texts stored per language (django-modeltrans) fall back to
French; ``in_french`` tells a template when it shows the French original instead."""

from __future__ import annotations

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def in_french(obj, field: str) -> bool:
    """True when the visitor reads another language and this text exists only in French."""
    lang = (get_language() or "fr")[:2]
    if lang == "fr" or obj is None:
        return False
    if not getattr(obj, field, ""):
        return False
    translations = getattr(obj, "i18n", None) or {}
    return not translations.get(f"{field}_{lang}")
