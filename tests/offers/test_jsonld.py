"""JSON-LD of offer pages: schema.org types, their properties, AggregateOffer, time zones."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories.offers import OfferFactory, OpeningPeriodFactory
from tests.schema_org import check, jsonld_from_html, types_in

pytestmark = pytest.mark.django_db


def _jsonld(visitor, offer) -> dict:
    blocks = jsonld_from_html(visitor.get(offer.get_absolute_url()).content.decode())
    assert len(blocks) == 1
    return blocks[0]


def test_priced_attraction_is_a_place_with_a_service_offered_as_aggregate_offer(visitor):
    offer = OfferFactory(
        kind="visit",
        title="Musée d'l'osier & <rotin>",
        price_min=Decimal("6"),
        price_max=Decimal("12"),
        address="1 rue Haute",
    )
    OpeningPeriodFactory(offer=offer, weekdays=[2, 5], opens_at=dt.time(10), closes_at=dt.time(18))
    data = _jsonld(visitor, offer)
    assert check(data) == []
    place, service = data["@graph"]
    assert (
        place["@type"] == "TouristAttraction" and "offers" not in place and place["address"]["streetAddress"]
    )
    assert service["offers"] == {
        "@type": "AggregateOffer",
        "priceCurrency": "EUR",
        "lowPrice": "6.00",
        "highPrice": "12.00",
        "url": f"http://testserver{offer.get_absolute_url()}",
    }
    assert place["name"] == "Musée d'l'osier & <rotin>"


def test_event_has_location_and_dates_with_time_zone_not_an_address(visitor):
    offer = OfferFactory(kind="event", price_min=Decimal("8"))
    start = timezone.localdate() + dt.timedelta(days=20)
    OpeningPeriodFactory(
        offer=offer, starts_on=start, ends_on=start, opens_at=dt.time(20, 30), closes_at=dt.time(23)
    )
    data = _jsonld(visitor, offer)
    assert check(data) == []
    assert data["@type"] == "Event" and "address" not in data and "geo" not in data
    assert data["location"]["address"]["@type"] == "PostalAddress"
    assert data["startDate"].startswith(f"{start.isoformat()}T20:30:00+0")
    assert data["offers"]["@type"] == "Offer" and data["offers"]["price"] == "8.00"


def test_trip_has_no_address_nor_opening_hours(visitor):
    offer = OfferFactory(kind="excursion", price_min=Decimal("15"), price_max=Decimal("25"))
    OpeningPeriodFactory(offer=offer)
    data = _jsonld(visitor, offer)
    assert check(data) == []
    assert data["@type"] == "TouristTrip"
    assert not {"address", "geo", "openingHoursSpecification", "telephone"} & set(data)
    assert data["offers"]["@type"] == "AggregateOffer"


def test_businesses_take_email_and_make_offers(visitor):
    offer = OfferFactory(
        kind="lodging", email="gite@example.org", phone="04 76 00 00 00", price_min=Decimal("70")
    )
    OpeningPeriodFactory(offer=offer, closed=True)
    data = _jsonld(visitor, offer)
    assert check(data) == []
    assert data["@type"] == "LodgingBusiness" and data["email"] == "gite@example.org"
    assert data["makesOffer"]["price"] == "70.00"
    assert data["openingHoursSpecification"][0]["opens"] == "00:00:00"


def test_the_checker_catches_what_was_wrong_before():
    old = {
        "@context": "https://schema.org",
        "@type": "TouristTrip",
        "name": "Balade",
        "address": {"@type": "PostalAddress", "addressCountry": "FR"},
        "offers": {"@type": "AggregateOffer", "priceCurrency": "EUR", "price": "5"},
    }
    problems = check(old)
    assert "[0]: TouristTrip does not take 'address'" in problems
    assert any("AggregateOffer needs 'lowPrice'" in p for p in problems)
    event = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "Bal",
        "location": {"@type": "Place", "name": "x"},
        "startDate": "2026-07-01T20:00",
    }
    assert any("time zone" in p for p in check(event))
    assert types_in(event) == ["Event", "Place"]
