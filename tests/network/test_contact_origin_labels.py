"""Issue 11 point 14 (contacts): origins read as words (« réservation d'atelier »), not codes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.models import Contact
from tests.factories.network import ContactFactory

pytestmark = pytest.mark.django_db


def test_contact_list_shows_readable_origins(staff_client):
    ContactFactory(email="lea@example.org", sources=["workshops.booking", "shop.order"])
    body = staff_client.get(reverse("network_staff:contact_list")).content.decode()
    assert "réservation d&#x27;atelier, commande en boutique" in body
    assert "workshops.booking" not in body.split("<tbody>", 1)[1]


def test_contact_detail_shows_a_readable_consent_origin(staff_client):
    contact = ContactFactory(email="paul@example.org", marketing_consent=True)
    body = staff_client.get(reverse("relations_staff:contact_detail", args=[contact.pk])).content.decode()
    assert "réservation d&#x27;atelier" in body and "workshops.booking" not in body


def test_an_unknown_origin_code_is_shown_as_it_is():
    assert Contact.source_label("partners.widget") == "partners.widget"
