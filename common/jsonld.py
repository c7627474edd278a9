"""schema.org JSON-LD helpers shared by the offer and workshop pages.

``tests/schema_org.py`` checks what these build: the types, the properties each type takes
(inherited ones included), the required ones, and that date-times carry a time zone.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def jsonld_script_content(data: dict | list) -> SafeString:
    """JSON for a <script type="application/ld+json"> block; <, > and & escaped like json_script."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(ESCAPES))  # noqa: S308


def local_iso(day: dt.date, at: dt.time | None = None) -> str:
    """A date, or a date-time with the Paris offset of that day (« 2026-07-18T10:00:00+02:00 »)."""
    if at is None:
        return day.isoformat()
    aware = timezone.make_aware(dt.datetime.combine(day, at), timezone.get_default_timezone())
    return aware.isoformat(timespec="seconds")


def aware_iso(moment: dt.datetime) -> str:
    """An aware date-time on the site's clock, with its offset."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def price_offer(
    low: Decimal | None, high: Decimal | None = None, *, url: str = "", availability: str = ""
) -> dict | None:
    """``Offer`` for one price, ``AggregateOffer`` (lowPrice/highPrice) for a range."""
    if low is None:
        return None
    if high is not None and high != low:
        low, high = min(low, high), max(low, high)
        data: dict = {
            "@type": "AggregateOffer",
            "priceCurrency": "EUR",
            "lowPrice": str(low),
            "highPrice": str(high),
        }
    else:
        data = {"@type": "Offer", "priceCurrency": "EUR", "price": str(low)}
    if url:
        data["url"] = url
    if availability:
        data["availability"] = f"https://schema.org/{availability}"
    return data


def postal_address(*, street: str = "", locality: str = "", postcode: str = "") -> dict:
    address = {"@type": "PostalAddress", "addressCountry": "FR"}
    if street:
        address["streetAddress"] = street
    if locality:
        address["addressLocality"] = locality
    if postcode:
        address["postalCode"] = postcode
    return address


def geo(latitude, longitude) -> dict | None:
    if latitude is None or longitude is None:
        return None
    return {"@type": "GeoCoordinates", "latitude": latitude, "longitude": longitude}
