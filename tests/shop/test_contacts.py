"""Orders feed the network's contacts; consent only when the visitor ticked the box."""

import pytest
from django.urls import reverse

from network.models import Contact

pytestmark = pytest.mark.django_db(transaction=True)


def _order(visitor, bowl, **extra):
    visitor.post(reverse("shop:product_detail", args=[bowl.slug]), {"quantity": "1"})
    data = {"name": "Léa Martin", "email": "Lea@Example.org", "phone": "06 12 34 56 78", **extra}
    return visitor.post(reverse("shop:checkout"), data)


def test_an_order_records_the_buyer_without_consent_by_default(visitor, bowl):
    assert _order(visitor, bowl).status_code == 302
    contact = Contact.objects.get(email__iexact="lea@example.org")
    assert contact.name == "Léa Martin"
    assert not contact.marketing_consent
    assert "shop.order" in contact.sources


def test_ticking_the_box_records_consent(visitor, bowl):
    _order(visitor, bowl, consent_contact="on")
    assert Contact.objects.get(email__iexact="lea@example.org").marketing_consent


def test_a_later_order_without_the_box_keeps_the_earlier_consent(visitor, bowl):
    _order(visitor, bowl, consent_contact="on")
    _order(visitor, bowl)
    assert Contact.objects.get(email__iexact="lea@example.org").marketing_consent
