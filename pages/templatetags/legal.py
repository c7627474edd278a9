"""The legal pages' simple text format: blank lines between paragraphs, « ## » for headings."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.filter
def legal_text(text: str) -> SafeString:
    blocks = [b.strip() for b in (text or "").replace("\r\n", "\n").split("\n\n") if b.strip()]
    html = []
    for block in blocks:
        lines = block.split("\n")
        if lines[0].startswith("## "):
            html.append(format_html("<h2>{}</h2>", lines[0][3:].strip()))
            lines = lines[1:]
        if lines:
            html.append(
                format_html(
                    "<p>{}</p>", format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))
                )
            )
    return mark_safe("\n".join(html))


@register.simple_tag
def accessibility_state() -> str:
    """« partiellement conforme »…: the footer says the state the statement declares (RGAA)."""
    from django.core.cache import cache

    from pages.models import LegalPage

    state = cache.get("pages:accessibility_state")
    if state is None:
        state = (
            LegalPage.objects.filter(slug=LegalPage.Kind.ACCESSIBILITY)
            .values_list("compliance", flat=True)
            .first()
            or LegalPage.Compliance.PARTIAL
        )
        cache.set("pages:accessibility_state", state, 300)
    return str(LegalPage.Compliance(state).label)


@register.simple_tag
def main_office():
    """The main office (identity, address, opening hours) for pages and e-mails that name it."""
    from network.selectors import office_main

    return office_main()
