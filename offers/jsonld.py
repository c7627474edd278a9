"""schema.org JSON-LD of an offer page (search engines, aggregators)."""

from __future__ import annotations

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from .models import Kind, Offer

ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def jsonld_script_content(data: dict) -> SafeString:
    """JSON for a <script type="application/ld+json"> block; <, > and & escaped like json_script."""
    return mark_safe(json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(ESCAPES))  # noqa: S308


SCHEMA_TYPES = {
    Kind.EVENT: "Event",
    Kind.LODGING: "LodgingBusiness",
    Kind.DINING: "FoodEstablishment",
    Kind.VISIT: "TouristAttraction",
    Kind.EXCURSION: "TouristTrip",
}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def offer_jsonld(offer: Offer, *, base_url: str) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": SCHEMA_TYPES.get(offer.kind, "TouristAttraction"),
        "name": offer.title,
        "url": f"{base_url}{offer.get_absolute_url()}",
    }
    if offer.short_description:
        data["description"] = offer.short_description
    images = [
        i.src if i.src.startswith("http") else f"{base_url}{i.src}" for i in offer.images.all() if i.src
    ]
    if images:
        data["image"] = images
    address = {"@type": "PostalAddress", "addressCountry": "FR"}
    if offer.address:
        address["streetAddress"] = offer.address
    if offer.commune_name:
        address["addressLocality"] = offer.commune_name
    if offer.postcode:
        address["postalCode"] = offer.postcode
    place: dict = {"@type": "Place", "address": address}
    if offer.has_coordinates:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": offer.latitude, "longitude": offer.longitude}
    periods = list(offer.periods.all())
    if offer.kind == Kind.EVENT:
        data["location"] = place
        if periods:
            first, last = periods[0], periods[-1]
            data["startDate"] = (
                f"{first.starts_on.isoformat()}T{first.opens_at.isoformat()}"
                if first.opens_at
                else first.starts_on.isoformat()
            )
            data["endDate"] = last.ends_on.isoformat()
    else:
        data.update({k: v for k, v in place.items() if k != "@type"})
        specs = []
        for p in periods:
            spec = {
                "@type": "OpeningHoursSpecification",
                "validFrom": p.starts_on.isoformat(),
                "validThrough": p.ends_on.isoformat(),
            }
            if p.opens_at:
                spec["opens"] = p.opens_at.isoformat()
            if p.closes_at:
                spec["closes"] = p.closes_at.isoformat()
            if p.weekdays:
                spec["dayOfWeek"] = [DAYS[d] for d in p.weekdays if 0 <= d < 7]
            specs.append(spec)
        if specs:
            data["openingHoursSpecification"] = specs
    if offer.free:
        data["isAccessibleForFree"] = True
    if offer.price_min is not None:
        data["offers"] = {
            "@type": "AggregateOffer" if offer.price_max and offer.price_max != offer.price_min else "Offer",
            "priceCurrency": "EUR",
            "lowPrice" if offer.price_max else "price": str(offer.price_min),
        }
        if offer.price_max and offer.price_max != offer.price_min:
            data["offers"]["highPrice"] = str(offer.price_max)
    if offer.phone:
        data["telephone"] = offer.phone
    if offer.email:
        data["email"] = offer.email
    if offer.website:
        data["sameAs"] = offer.website
    if offer.provider_display:
        data["provider" if offer.kind != Kind.EVENT else "organizer"] = {
            "@type": "Organization",
            "name": offer.provider_display,
        }
    return data
