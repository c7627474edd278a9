"""A small schema.org checker for the JSON-LD of our pages (no network, no external validator).

It knows the types we emit, the properties each takes (inherited ones included, from
schema.org), the properties we require (Google's rich-result requirements for Event and
offers), and checks that every date-time carries a time zone. ``check(data)`` returns the list
of problems (empty when valid).
"""

from __future__ import annotations

import json
import re

THING = {
    "@context",
    "@type",
    "@id",
    "name",
    "description",
    "url",
    "image",
    "sameAs",
    "identifier",
    "alternateName",
}
PLACE = THING | {
    "address", "geo", "openingHoursSpecification", "telephone", "isAccessibleForFree", "photo",
    "amenityFeature", "containedInPlace", "hasMap", "publicAccess", "faxNumber",
    "maximumAttendeeCapacity", "smokingAllowed", "latitude", "longitude", "specialOpeningHoursSpecification",
}  # fmt: skip
ORGANIZATION = THING | {
    "address", "email", "telephone", "makesOffer", "location", "logo", "areaServed", "contactPoint",
    "founder", "member", "legalName", "vatID",
}  # fmt: skip
LOCAL_BUSINESS = (
    PLACE | ORGANIZATION | {"openingHours", "priceRange", "currenciesAccepted", "paymentAccepted"}
)
OFFER = THING | {
    "price", "priceCurrency", "availability", "validFrom", "validThrough", "priceSpecification",
    "seller", "category", "itemOffered", "eligibleQuantity",
}  # fmt: skip

PROPERTIES: dict[str, set[str]] = {
    "Place": PLACE,
    "TouristAttraction": PLACE | {"availableLanguage", "touristType"},
    "Organization": ORGANIZATION,
    "Person": THING | {"email", "telephone", "address"},
    "LocalBusiness": LOCAL_BUSINESS,
    "LodgingBusiness": LOCAL_BUSINESS
    | {
        "checkinTime",
        "checkoutTime",
        "starRating",
        "numberOfRooms",
        "petsAllowed",
        "availableLanguage",
        "audience",
    },
    "FoodEstablishment": LOCAL_BUSINESS
    | {"servesCuisine", "menu", "hasMenu", "acceptsReservations", "starRating"},
    "Event": THING
    | {
        "startDate",
        "endDate",
        "location",
        "offers",
        "organizer",
        "performer",
        "eventStatus",
        "eventAttendanceMode",
        "isAccessibleForFree",
        "typicalAgeRange",
        "inLanguage",
        "audience",
        "duration",
        "doorTime",
        "maximumAttendeeCapacity",
        "remainingAttendeeCapacity",
    },  # fmt: skip
    "TouristTrip": THING
    | {"itinerary", "offers", "provider", "departureTime", "arrivalTime", "subTrip", "touristType"},
    "Service": THING | {"offers", "provider", "areaServed", "serviceType", "audience", "availableChannel"},
    "Offer": OFFER,
    "AggregateOffer": OFFER | {"lowPrice", "highPrice", "offerCount", "offers"},
    "PostalAddress": {
        "@type",
        "streetAddress",
        "addressLocality",
        "postalCode",
        "addressCountry",
        "addressRegion",
    },
    "GeoCoordinates": {"@type", "latitude", "longitude", "elevation"},
    "OpeningHoursSpecification": {"@type", "opens", "closes", "dayOfWeek", "validFrom", "validThrough"},
}
REQUIRED: dict[str, set[str]] = {
    "Event": {"name", "startDate", "location"},
    "Offer": {"price", "priceCurrency"},
    "AggregateOffer": {"lowPrice", "priceCurrency"},
    "PostalAddress": {"addressCountry"},
    "GeoCoordinates": {"latitude", "longitude"},
    "TouristAttraction": {"name"},
    "LodgingBusiness": {"name", "address"},
    "FoodEstablishment": {"name", "address"},
    "TouristTrip": {"name"},
    "Service": {"name"},
    "Place": {"name"},
}
DATE_PROPERTIES = {"startDate", "endDate", "validFrom", "validThrough", "departureTime", "arrivalTime"}
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_TZ = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _check_node(node: dict, path: str, problems: list[str]) -> None:
    kind = node.get("@type")
    if kind is None:
        if set(node) - {"@id"}:
            problems.append(f"{path}: node without @type")
        return
    allowed = PROPERTIES.get(kind)
    if allowed is None:
        problems.append(f"{path}: unknown type {kind}")
        return
    for prop in sorted(set(node) - allowed):
        problems.append(f"{path}: {kind} does not take {prop!r}")
    for prop in sorted(REQUIRED.get(kind, set()) - set(node)):
        problems.append(f"{path}: {kind} needs {prop!r}")
    for prop in DATE_PROPERTIES & set(node):
        value = str(node[prop])
        if not (DATE.match(value) or DATETIME_TZ.match(value)):
            problems.append(f"{path}.{prop}: {value!r} is not a date nor a date-time with its time zone")
    if (
        kind == "AggregateOffer"
        and "highPrice" in node
        and float(node["highPrice"]) < float(node["lowPrice"])
    ):
        problems.append(f"{path}: highPrice below lowPrice")
    for prop, value in node.items():
        for n, child in enumerate(value if isinstance(value, list) else [value]):
            if isinstance(child, dict):
                _check_node(child, f"{path}.{prop}[{n}]", problems)


def check(data: dict) -> list[str]:
    problems: list[str] = []
    if data.get("@context") != "https://schema.org":
        problems.append("@context must be https://schema.org")
    nodes = data.get("@graph", [data])
    for n, node in enumerate(nodes):
        _check_node(dict(node.items()), f"[{n}]", problems)
    return problems


def types_in(data: dict) -> list[str]:
    found: list[str] = []

    def walk(value):
        if isinstance(value, dict):
            if "@type" in value:
                found.append(value["@type"])
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(data)
    return found


def jsonld_from_html(html: str) -> list[dict]:
    return [
        json.loads(block)
        for block in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    ]
