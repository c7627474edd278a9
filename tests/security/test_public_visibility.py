"""Public pages show only what is public: drafts, unpublished workshops, withdrawn products and
members who are not (or no longer) active answer 404 to visitors."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.models import Member
from offers.models import Offer
from tests.factories.network import MemberFactory
from tests.factories.offers import OfferFactory
from tests.factories.shop import ProductFactory
from tests.factories.workshops import SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("status", [Offer.Status.DRAFT, Offer.Status.PRESELECTED, Offer.Status.REJECTED])
def test_unpublished_offer_is_not_found(visitor, member, status):
    offer = OfferFactory(member=member, status=status, published_at=None)
    assert visitor.get(reverse("offers:detail", kwargs={"slug": offer.slug})).status_code == 404
    published = OfferFactory(member=member)
    assert visitor.get(reverse("offers:detail", kwargs={"slug": published.slug})).status_code == 200


def test_unpublished_workshop_is_not_found_nor_bookable(visitor, member):
    hidden = WorkshopFactory(member=member, is_published=False)
    session = SessionFactory(workshop=hidden)
    assert visitor.get(reverse("workshops:workshop_detail", kwargs={"slug": hidden.slug})).status_code == 404
    url = reverse("workshops:booking_create", kwargs={"slug": hidden.slug, "public_id": session.public_id})
    data = {"party_size": "1", "children": "0", "name": "Léa", "email": "lea@example.org"}
    response = visitor.post(url, data)
    assert response.status_code == 404
    assert not session.bookings.exists()
    shown = WorkshopFactory(member=member, is_published=True)
    assert visitor.get(reverse("workshops:workshop_detail", kwargs={"slug": shown.slug})).status_code == 200


def test_withdrawn_product_is_not_found(visitor, member):
    product = ProductFactory(member=member, is_active=False)
    assert visitor.get(reverse("shop:product_detail", kwargs={"slug": product.slug})).status_code == 404
    active = ProductFactory(member=member)
    assert visitor.get(reverse("shop:product_detail", kwargs={"slug": active.slug})).status_code == 200


@pytest.mark.parametrize("status", [Member.Status.APPLICANT, Member.Status.SUSPENDED, Member.Status.LEFT])
def test_member_page_of_an_inactive_member_is_not_found(visitor, status):
    member = MemberFactory(status=status)
    assert visitor.get(reverse("pages:member_detail", kwargs={"slug": member.slug})).status_code == 404
    active = MemberFactory()
    assert visitor.get(reverse("pages:member_detail", kwargs={"slug": active.slug})).status_code == 200
