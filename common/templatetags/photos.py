"""``{% responsive_img %}``: one way to show a public photo (srcset, intrinsic size, lazy loading)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from common.images import responsive_image

register = template.Library()

# A card is the full width of a phone, half a tablet, a third of a laptop.
CARD_SIZES = "(min-width: 64em) 22rem, (min-width: 40em) 45vw, 94vw"
PAGE_SIZES = "(min-width: 50em) 40rem, 94vw"


@register.simple_tag
def responsive_img(
    file,
    alt: str = "",
    *,
    sizes: str = "card",
    eager: bool = False,
    css_class: str = "",
    url: str = "",
    width: int = 640,
    height: int = 427,
) -> SafeString:
    """An ``<img>`` with ``srcset``/``sizes``, ``width``/``height`` (no layout shift) and
    ``loading="lazy"`` unless ``eager`` (the first image a visitor sees on arriving).

    ``file`` is an ImageField value; ``url`` is the address of a picture hosted elsewhere (Apidae,
    DATAtourisme), shown as it is with the nominal ``width``/``height`` as its box (the CSS crops
    it to that ratio). ``alt`` is escaped; an empty ``alt`` marks a decorative picture.
    """
    sizes = {"card": CARD_SIZES, "page": PAGE_SIZES}.get(sizes, sizes)
    loading = "eager" if eager else "lazy"
    priority = "high" if eager else "auto"
    described = responsive_image(file) if file else None
    if described is not None:
        return format_html(
            '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" loading="{}" '
            'decoding="async" fetchpriority="{}"{}>',
            described.src,
            described.srcset,
            sizes,
            described.width,
            described.height,
            alt,
            loading,
            priority,
            format_html(' class="{}"', css_class) if css_class else "",
        )
    if url or (file and getattr(file, "name", None)):
        src = url or file.url
        return format_html(
            '<img src="{}" width="{}" height="{}" alt="{}" loading="{}" decoding="async" '
            'fetchpriority="{}" class="img-fixed-ratio{}">',
            src,
            width,
            height,
            alt,
            loading,
            priority,
            f" {css_class}" if css_class else "",
        )
    return SafeString("")
