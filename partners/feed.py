"""The open-data feed: what the network itself publishes, as schema.org JSON-LD.

The network's own workshops (as ``Course`` with their ``CourseInstance`` dates) and its
members' offers are published under Licence Ouverte / Etalab 2.0. Imported offers are
republished only when their source's licence allows it (DATAtourisme: yes, with the
attribution it asks for; Apidae: no).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

from offers.jsonld import offer_jsonld
from offers.models import Source

ETALAB = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
DATATOURISME = "https://www.datatourisme.fr/"


def _base() -> str:
    return settings.SITE_URL.rstrip("/")


def workshop_course(workshop) -> dict:
    base = _base()
    member = workshop.member
    location = {
        "@type": "Place",
        "name": member.name,
        "address": {
            "@type": "PostalAddress",
            "addressLocality": workshop.commune.name if workshop.commune_id else member.commune.name,
            "addressCountry": "FR",
        },
        "geo": {"@type": "GeoCoordinates", "latitude": workshop.latitude, "longitude": workshop.longitude},
    }
    data = {
        "@type": "Course",
        "@id": f"{base}{workshop.get_absolute_url()}",
        "url": f"{base}{workshop.get_absolute_url()}",
        "name": workshop.title,
        "description": workshop.summary or workshop.description[:500],
        "provider": {
            "@type": "LocalBusiness",
            "name": member.name,
            "url": f"{base}{member.get_absolute_url()}",
        },
        "offers": {
            "@type": "Offer",
            "price": str(workshop.price),
            "priceCurrency": "EUR",
            "category": "Paid",
        },
        "license": ETALAB,
        "hasCourseInstance": [
            {
                "@type": "CourseInstance",
                "courseMode": "onsite",
                "startDate": session.start.isoformat(),
                "endDate": session.end.isoformat(),
                "location": location,
                "url": base
                + reverse(
                    "workshops:booking_create", kwargs={"slug": workshop.slug, "public_id": session.public_id}
                ),
            }
            for session in getattr(workshop, "upcoming_sessions", [])
        ],
    }
    return data


def offer_item(offer) -> dict:
    data = offer_jsonld(offer, base_url=_base())
    data.pop("@context", None)
    data["@id"] = data["url"]
    if offer.source == Source.DATATOURISME:
        # Attribution asked by DATAtourisme: the producer and the date of the data.
        data["license"] = ETALAB
        data["sdPublisher"] = {"@type": "Organization", "name": offer.attribution_name or "DATAtourisme"}
        data["isBasedOn"] = offer.source_url or DATATOURISME
        if offer.attribution_updated_on:
            data["sdDatePublished"] = offer.attribution_updated_on.isoformat()
    else:
        data["license"] = ETALAB
    return data


def feed_page(*, kind: str, items: list[dict], number: int, has_next: bool, path: str) -> dict:
    base = _base()
    page: dict = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "@id": f"{base}{path}?page={number}",
        "name": f"{settings.SITE_NAME} — {kind}",
        "license": ETALAB,
        "creator": {"@type": "Organization", "name": settings.SITE_NAME, "url": base},
        "dataFeedElement": items,
    }
    if has_next:
        page["nextPage"] = f"{base}{path}?page={number + 1}"
    if number > 1:
        page["previousPage"] = f"{base}{path}?page={number - 1}"
    return page
