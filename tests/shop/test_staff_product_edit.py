"""Issue 11 point 12: office staff edit a member's product on a staff page (not the admin),
through the same service as the portal; the product's staff page shows who changed what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from tests.factories.shop import ProductFactory

pytestmark = pytest.mark.django_db


def _form(product, **changes):
    data = {
        "name": product.name,
        "category": product.category_id or "",
        "description": product.description,
        "price": str(product.price),
        "vat_rate": str(product.vat_rate),
        "code": product.code,
        "barcode": product.barcode or "",
        "low_stock_threshold": product.low_stock_threshold if product.low_stock_threshold is not None else "",
        "is_active": "on" if product.is_active else "",
    }
    data.update(changes)
    return data


def test_staff_change_a_price_and_the_trail_says_so(staff_client, staff_user, member):
    product = ProductFactory(member=member)
    url = reverse("shop_staff:product_edit", args=[product.slug])
    assert staff_client.get(url).status_code == 200
    response = staff_client.post(url, _form(product, price="9.90"))
    assert response.status_code == 302, response.context["form"].errors
    product.refresh_from_db()
    assert product.price == Decimal("9.90")
    page = staff_client.get(reverse("shop_staff:product_stock", args=[product.slug])).content.decode()
    trail = page.split("Historique", 1)[1]
    assert "Produit modifié" in trail and "Nathalie" in trail
    assert "price" not in trail


def test_bad_price_names_the_field_and_keeps_the_input(staff_client, member):
    product = ProductFactory(member=member, name="Miel de sapin")
    url = reverse("shop_staff:product_edit", args=[product.slug])
    response = staff_client.post(url, _form(product, price="0", name="Miel de sapin gardé"))
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        "Le prix doit être d&#x27;au moins 0,01 €." in html or "Le prix doit être d'au moins 0,01 €." in html
    )
    assert 'value="Miel de sapin gardé"' in html
    product.refresh_from_db()
    assert product.name == "Miel de sapin"


def test_product_edit_refuses_coordinators_members_and_anonymous(
    visitor, member_client, plain_client, coordinator_client, member
):
    product = ProductFactory(member=member, name="Miel")
    url = reverse("shop_staff:product_edit", args=[product.slug])
    assert visitor.get(url).status_code == 302
    for client in (member_client, plain_client, coordinator_client):
        assert client.get(url).status_code == 403
        assert client.post(url, _form(product, name="Piraté")).status_code == 403
    product.refresh_from_db()
    assert product.name == "Miel"
