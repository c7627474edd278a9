"""schema.org JSON-LD of a workshop page: one Event per upcoming public session."""

from __future__ import annotations

from common.jsonld import aware_iso, geo, postal_address, price_offer

from .models import Workshop

MAX_EVENTS = 10


def workshop_event_base(workshop: Workshop, *, base_url: str) -> dict:
    """What every Event of the workshop says (place, organiser, price, text, image): plain data, kept
    with the page's shell so that the events of fresh dates are made without the workshop's rows."""
    url = f"{base_url}{workshop.get_absolute_url()}"
    commune = workshop.commune
    location: dict = {
        "@type": "Place",
        "name": workshop.place_name or workshop.member.name,
        "address": postal_address(
            street=workshop.address,
            locality=commune.name if commune else "",
            postcode=commune.postcode if commune else "",
        ),
    }
    coordinates = geo(workshop.latitude, workshop.longitude)
    if coordinates:
        location["geo"] = coordinates
    base: dict = {
        "name": workshop.title,
        "url": url,
        "location": location,
        "organizer": {
            "@type": "Organization",
            "name": workshop.member.name,
            "url": f"{base_url}{workshop.member.get_absolute_url()}",
        },
        "low": workshop.child_price if workshop.child_price is not None else workshop.price,
        "high": workshop.price,
    }
    if workshop.summary or workshop.description:
        base["description"] = workshop.summary or workshop.description[:300]
    if workshop.photo:
        base["image"] = (
            f"{base_url}{workshop.photo.url}" if workshop.photo.url.startswith("/") else workshop.photo.url
        )
    if workshop.min_age:
        base["typicalAgeRange"] = f"{workshop.min_age}-"
    return base


def workshop_jsonld_events(base: dict, sessions) -> dict | None:
    """The graph of Events of ``sessions`` (at most ``MAX_EVENTS``) from ``workshop_event_base``."""
    events = []
    for session in list(sessions)[:MAX_EVENTS]:
        seats_left = getattr(session, "seats_left", None)
        event: dict = {
            "@type": "Event",
            "name": base["name"],
            "url": base["url"],
            "startDate": aware_iso(session.start),
            "endDate": aware_iso(session.end),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": base["location"],
            "organizer": base["organizer"],
            "offers": price_offer(
                base["low"],
                base["high"],
                url=base["url"],
                availability="SoldOut" if seats_left is not None and seats_left <= 0 else "InStock",
            ),
        }
        for key in ("description", "image", "typicalAgeRange"):
            if key in base:
                event[key] = base[key]
        events.append(event)
    if not events:
        return None
    return {"@context": "https://schema.org", "@graph": events}
