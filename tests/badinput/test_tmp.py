import pytest
from django.urls import reverse

from tests.factories.workshops import SessionFactory, WorkshopFactory
from workshops import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(member):
    return SessionFactory(workshop=WorkshopFactory(member=member, slug="bol"))


def test_waitlist_huge(visitor, session):
    url = reverse("workshops:waitlist_join", args=[session.workshop.slug, session.public_id])
    r = visitor.post(url, {"party_size": "99999999999", "name": "Léa", "email": "l@example.org"})
    print("WAIT", r.status_code)


def test_session_far_future(member_client, session):
    r = member_client.post(
        reverse("workshops_portal:workshop_sessions", args=[session.workshop.slug]),
        {"kind": "single", "start": "9999-12-31T23:00"},
    )
    print("SESSION", r.status_code)


def test_series_far(member_client, session):
    r = member_client.post(
        reverse("workshops_portal:workshop_sessions", args=[session.workshop.slug]),
        {
            "kind": "series",
            "first_date": "2030-01-01",
            "last_date": "9999-12-31",
            "weekdays": ["0", "1", "2", "3", "4", "5", "6"],
            "start_time": "10:00",
        },
    )
    print("SERIES", r.status_code)


def test_proposal_far(member_client, session):
    g = services.group_request_create(
        workshop=session.workshop,
        group_type="school",
        contact_name="R",
        email="e@example.org",
        size=5,
        preferred_dates="mai",
    )
    r = member_client.post(
        reverse("workshops_portal:group_request_propose", args=[g.public_id]),
        {"start": "9999-12-31T23:00", "price_per_person": "10"},
    )
    print("PROPOSAL", r.status_code)


def test_offer_period_far(member_client, member):
    data = {
        "title": "V",
        "families": ["heritage"],
        "kind": "visit",
        "short_description": "V",
        "periods-TOTAL_FORMS": "1",
        "periods-INITIAL_FORMS": "0",
        "periods-0-starts_on": "0001-01-01",
        "periods-0-ends_on": "9999-12-31",
    }
    r = member_client.post(reverse("offers_portal:offer_create"), data)
    print("OFFER", r.status_code)


def test_dashboard_far(staff_client):
    r = staff_client.get(
        reverse("shop_staff:dashboard"), {"start": "0001-01-01", "end": "9999-12-31", "granularity": "day"}
    )
    print("DASH", r.status_code)


def test_campaign_deadline(staff_client):
    r = staff_client.get(
        reverse("workshops:catalogue"),
        {"date_from": "9999-12-31", "date_to": "0001-01-01", "minutes": "abc", "page": "99999"},
    )
    print("CAT", r.status_code)


def test_footfall_far(staff_client):
    r = staff_client.post(reverse("shop_staff:footfall"), {"day": "0001-01-01", "visitors": "3"})
    print("FOOT", r.status_code)
