"""JSON-LD of workshop pages: one Event per upcoming session, AggregateOffer child → adult."""

import datetime

import pytest

from tests.factories.workshops import BookingFactory, SessionFactory
from tests.schema_org import check, jsonld_from_html

pytestmark = pytest.mark.django_db


def test_workshop_page_has_one_valid_event_per_session(visitor, workshop):
    workshop.min_age = 8
    workshop.save()
    first = SessionFactory(workshop=workshop)
    full = SessionFactory(workshop=workshop, start=first.start + datetime.timedelta(days=3), capacity=2)
    BookingFactory(session=full, party_size=2)
    blocks = jsonld_from_html(visitor.get(workshop.get_absolute_url()).content.decode())
    assert len(blocks) == 1
    data = blocks[0]
    assert check(data) == []
    events = data["@graph"]
    assert [e["@type"] for e in events] == ["Event", "Event"]
    assert events[0]["offers"]["@type"] == "AggregateOffer"
    assert (events[0]["offers"]["lowPrice"], events[0]["offers"]["highPrice"]) == ("20.00", "35.00")
    assert events[0]["typicalAgeRange"] == "8-"
    assert events[0]["startDate"][-6:] in ("+01:00", "+02:00")
    availability = {e["startDate"]: e["offers"]["availability"] for e in events}
    assert sorted(availability.values()) == ["https://schema.org/InStock", "https://schema.org/SoldOut"]
    assert "address" not in events[0] and events[0]["location"]["@type"] == "Place"


def test_workshop_without_sessions_has_no_event(visitor, workshop):
    assert jsonld_from_html(visitor.get(workshop.get_absolute_url()).content.decode()) == []
