"""schema.org JSON-LD of a workshop page: one Event per upcoming public session."""

from __future__ import annotations

from common.jsonld import aware_iso, geo, postal_address, price_offer

from .models import Workshop

MAX_EVENTS = 10


def workshop_jsonld(workshop: Workshop, sessions, *, base_url: str) -> dict | None:
    """A graph of Events (one per session shown, at most ``MAX_EVENTS``), or None without sessions."""
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
    organizer = {
        "@type": "Organization",
        "name": workshop.member.name,
        "url": f"{base_url}{workshop.member.get_absolute_url()}",
    }
    low = workshop.child_price if workshop.child_price is not None else workshop.price
    events = []
    for session in list(sessions)[:MAX_EVENTS]:
        seats_left = getattr(session, "seats_left", None)
        event: dict = {
            "@type": "Event",
            "name": workshop.title,
            "url": url,
            "startDate": aware_iso(session.start),
            "endDate": aware_iso(session.end),
            "eventStatus": "https://schema.org/EventScheduled",
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "location": location,
            "organizer": organizer,
            "offers": price_offer(
                low,
                workshop.price,
                url=url,
                availability="SoldOut" if seats_left is not None and seats_left <= 0 else "InStock",
            ),
        }
        if workshop.summary or workshop.description:
            event["description"] = workshop.summary or workshop.description[:300]
        if workshop.photo:
            event["image"] = (
                f"{base_url}{workshop.photo.url}"
                if workshop.photo.url.startswith("/")
                else workshop.photo.url
            )
        if workshop.min_age:
            event["typicalAgeRange"] = f"{workshop.min_age}-"
        events.append(event)
    if not events:
        return None
    return {"@context": "https://schema.org", "@graph": events}
