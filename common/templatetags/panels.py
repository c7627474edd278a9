"""``{% panels "slot" obj %}``: the HTML that apps above registered for this slot (see common.panels)."""

from django import template
from django.utils.safestring import mark_safe

from common.panels import render_slot

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, slot: str, obj) -> str:
    # Each registered function renders its own template (autoescaped); joining keeps them safe.
    return mark_safe("".join(render_slot(slot, context.get("request"), obj)))  # noqa: S308
