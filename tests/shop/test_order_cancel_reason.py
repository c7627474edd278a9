"""Issue 11 point 11: cancelling a click & collect order asks for a reason and tells the artisans."""

from __future__ import annotations

import pytest
from django.urls import reverse

from shop.models import Order
from tests.factories.network import MemberFactory
from tests.factories.shop import ProductFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(db):
    from shop import services

    member = MemberFactory(name="Miel d'Élise & fils", email="elise@example.org")
    product = ProductFactory(member=member, name="Miel <toutes fleurs>", stock=10)
    return services.order_create(
        basket={product.pk: 2}, name="Léa", email="lea@example.org", phone="0611223344"
    )


def test_no_reason_no_cancellation(staff_client, order, mailoutbox):
    url = reverse("shop_staff:order_action", args=[order.reference, "annuler"])
    response = staff_client.post(url, {"confirm": "yes", "reason": " "}, follow=True)
    assert "Motif : indiquez pourquoi la commande est annulée." in response.content.decode()
    order.refresh_from_db()
    assert order.status != Order.Status.CANCELLED


def test_the_artisan_hears_of_the_cancellation_with_the_reason(
    staff_client, order, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("shop_staff:order_action", args=[order.reference, "annuler"])
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(url, {"confirm": "yes", "reason": "Produit abîmé à l'accueil"})
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
    to_member = [m for m in mailoutbox if m.to == ["elise@example.org"]]
    assert len(to_member) == 1
    assert "Produit abîmé à l'accueil" in to_member[0].body
    assert "2 × Miel <toutes fleurs>" in to_member[0].body
    assert "lea@example.org" in {m.to[0] for m in mailoutbox}


def test_anonymous_and_members_cannot_cancel(visitor, member_client, order):
    url = reverse("shop_staff:order_action", args=[order.reference, "annuler"])
    for client in (visitor, member_client):
        client.post(url, {"confirm": "yes", "reason": "x"})
    order.refresh_from_db()
    assert order.status != Order.Status.CANCELLED
