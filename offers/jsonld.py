"""schema.org JSON-LD of an offer page (search engines, aggregators).

Each schema.org type takes its own properties: Places (TouristAttraction) have an address,
geo and opening hours but no price; businesses (LodgingBusiness, FoodEstablishment) are both
Place and Organization (email, makesOffer); an Event has a location and dates with their time
zone; a TouristTrip has neither address nor hours (its place is the itinerary).
"""

from __future__ import annotations

from common.jsonld import geo, jsonld_script_content, local_iso, postal_address, price_offer

from .models import Kind, Offer

__all__ = ["jsonld_script_content", "offer_jsonld"]

SCHEMA_TYPES = {
    Kind.EVENT: "Event",
    Kind.LODGING: "LodgingBusiness",
    Kind.DINING: "FoodEstablishment",
    Kind.VISIT: "TouristAttraction",
    Kind.EXCURSION: "TouristTrip",
}
BUSINESSES = {"LodgingBusiness", "FoodEstablishment"}
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


def _place(offer: Offer, *, typed: str = "Place") -> dict:
    place: dict = {"@type": typed, "name": offer.commune_name or offer.title}
    place["address"] = postal_address(
        street=offer.address, locality=offer.commune_name, postcode=offer.postcode
    )
    coordinates = geo(offer.latitude, offer.longitude) if offer.has_coordinates else None
    if coordinates:
        place["geo"] = coordinates
    return place


def _hours(periods) -> list[dict]:
    specs = []
    for p in periods:
        spec = {
            "@type": "OpeningHoursSpecification",
            "validFrom": p.starts_on.isoformat(),
            "validThrough": p.ends_on.isoformat(),
        }
        if p.closed:  # schema.org's way to say « closed »: opens = closes = 00:00
            spec["opens"] = spec["closes"] = "00:00:00"
        else:
            if p.opens_at:
                spec["opens"] = p.opens_at.isoformat()
            if p.closes_at:
                spec["closes"] = p.closes_at.isoformat()
        if p.weekdays:
            spec["dayOfWeek"] = [f"https://schema.org/{DAYS[d]}" for d in p.weekdays if 0 <= d < 7]
        specs.append(spec)
    return specs


def offer_jsonld(offer: Offer, *, base_url: str) -> dict:
    kind = SCHEMA_TYPES.get(offer.kind, "TouristAttraction")
    url = f"{base_url}{offer.get_absolute_url()}"
    data: dict = {"@context": "https://schema.org", "@type": kind, "name": offer.title, "url": url}
    if offer.short_description:
        data["description"] = offer.short_description
    images = [
        i.src if i.src.startswith("http") else f"{base_url}{i.src}" for i in offer.images.all() if i.src
    ]
    if images:
        data["image"] = images
    if offer.website:
        data["sameAs"] = offer.website
    periods = list(offer.periods.all())
    openings = [p for p in periods if not p.closed]
    price = (
        {"@type": "Offer", "priceCurrency": "EUR", "price": "0"}
        if offer.free
        else price_offer(offer.price_min, offer.price_max or None, url=url)
    )
    organization = (
        {"@type": "Organization", "name": offer.provider_display} if offer.provider_display else None
    )

    if kind == "Event":
        data["location"] = _place(offer)
        if openings:
            first, last = openings[0], max(openings, key=lambda p: p.ends_on)
            data["startDate"] = local_iso(first.starts_on, first.opens_at)
            data["endDate"] = local_iso(last.ends_on, last.closes_at)
        data["eventAttendanceMode"] = "https://schema.org/OfflineEventAttendanceMode"
        data["eventStatus"] = "https://schema.org/EventScheduled"
        if price:
            data["offers"] = price
        if offer.free:
            data["isAccessibleForFree"] = True
        if organization:
            data["organizer"] = organization
        return data

    if kind == "TouristTrip":
        data["itinerary"] = _place(offer)
        if price:
            data["offers"] = price
        if organization:
            data["provider"] = organization
        return data

    # Places: TouristAttraction, and the businesses that are also Organizations.
    place = _place(offer)
    data["address"] = place["address"]
    if "geo" in place:
        data["geo"] = place["geo"]
    hours = _hours(periods)
    if hours:
        data["openingHoursSpecification"] = hours
    if offer.phone:
        data["telephone"] = offer.phone
    if offer.free:
        data["isAccessibleForFree"] = True
    if kind in BUSINESSES:
        if offer.email:
            data["email"] = offer.email
        if price and not offer.free:
            data["makesOffer"] = price
    elif price and not offer.free:
        # A Place takes no price: the visit is a Service offered at that place.
        service: dict = {"@type": "Service", "name": offer.title, "areaServed": {"@id": f"{url}#place"}}
        service["offers"] = price
        if organization:
            service["provider"] = organization
        data["@id"] = f"{url}#place"
        return {
            "@context": "https://schema.org",
            "@graph": [{k: v for k, v in data.items() if k != "@context"}, service],
        }
    return data
