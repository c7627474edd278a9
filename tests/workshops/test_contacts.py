"""Bookings feed the network's contacts; consent only when the visitor ticked the box."""

import pytest

from network.models import Contact
from tests.factories.workshops import SessionFactory
from workshops import services

pytestmark = pytest.mark.django_db(transaction=True)


def _book(session, **extra):
    return services.booking_create(
        session_id=session.pk,
        name="Léa Martin",
        email="lea@example.org",
        phone="06 12 34 56 78",
        party_size=1,
        **extra,
    )


def test_a_booking_records_the_visitor_without_consent_by_default():
    _book(SessionFactory())
    contact = Contact.objects.get(email="lea@example.org")
    assert contact.name == "Léa Martin"
    assert not contact.marketing_consent
    assert "workshops.booking" in contact.sources


def test_a_booking_with_consent_records_it_and_a_later_one_keeps_it():
    session = SessionFactory()
    _book(session, consent_contact=True)
    _book(session)
    assert Contact.objects.get(email="lea@example.org").marketing_consent
