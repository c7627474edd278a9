"""``{% stay_link %}``: the header link to the visitor's "Mon séjour" basket, with its count."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from pages.basket import StayBasket

register = template.Library()


@register.simple_tag(takes_context=True)
def stay_link(context) -> str:
    request = context.get("request")
    if request is None or not hasattr(request, "session"):
        return ""
    count = StayBasket(request).count()
    if not count:
        return format_html('<a href="{}">{}</a>', reverse("pages:stay"), _("Mon séjour"))
    return format_html(
        '<a href="{}">{} <span class="badge badge-accent">{}'
        '<span class="visually-hidden"> {}</span></span></a>',
        reverse("pages:stay"),
        _("Mon séjour"),
        count,
        _("article(s)"),
    )
