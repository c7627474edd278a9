"""Issue 10 point 5 at the shop desk: cancelling an order asks first, without JavaScript."""

import pytest
from django.urls import reverse

from shop import services
from shop.models import Order

pytestmark = pytest.mark.django_db


def test_desk_order_cancel_asks_then_cancels(staff_client, bowl):
    order = services.order_create(
        basket={bowl.pk: 1}, name="Léa", email="lea@example.org", phone="0612345678"
    )
    url = reverse("shop_staff:order_action", args=[order.reference, "annuler"])
    response = staff_client.post(url)
    assert response.status_code == 302 and "confirmer=annuler" in response["Location"]
    order.refresh_from_db()
    assert order.is_open
    html = staff_client.get(response["Location"]).content.decode()
    assert "Confirmez-vous l'annulation ?" in html and "les produits retournent en stock" in html
    staff_client.post(url, {"confirm": "yes", "reason": "Client parti"})
    order.refresh_from_db()
    assert order.status == Order.Status.CANCELLED
