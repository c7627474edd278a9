"""An address the e-mail validator accepts (forms allow 320 characters) but longer than the 254
characters its column holds is refused beside its field, instead of a database error (500)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from network.models import MembershipApplication, User
from offers.models import Offer
from selfdiagnosis.models import Assessment
from shop.models import Order
from tests.factories.network import CharterVersionFactory, CraftFactory
from tests.factories.selfdiagnosis import CampaignFactory, build_questionnaire
from tests.factories.shop import CategoryFactory, ProductFactory
from tests.factories.workshops import SessionFactory, WorkshopFactory
from workshops.models import Booking, GroupRequest, WaitlistEntry

from .helpers import assert_kept, assert_redisplayed

pytestmark = pytest.mark.django_db

LONG_EMAIL = "l" * 60 + "." + "e" * 60 + "." + "a" * 60 + "." + "n" * 60 + "@example.org"
TOO_LONG = "au plus 254 caractères"


def test_the_long_address_is_valid_for_the_validator_but_longer_than_a_column():
    assert 254 < len(LONG_EMAIL) <= 320


@pytest.fixture
def session(member):
    return SessionFactory(workshop=WorkshopFactory(member=member, slug="bol"))


def _check(response, model, field="email", label="E-mail"):
    page = assert_redisplayed(response, field=field, label=label, message=TOO_LONG)
    assert_kept(page, LONG_EMAIL)
    assert model.objects.count() == 0


def test_public_booking(visitor, session):
    url = reverse("workshops:booking_create", args=[session.workshop.slug, session.public_id])
    _check(visitor.post(url, {"party_size": "1", "name": "Léa", "email": LONG_EMAIL}), Booking)


def test_waitlist(visitor, session):
    url = reverse("workshops:waitlist_join", args=[session.workshop.slug, session.public_id])
    _check(visitor.post(url, {"party_size": "1", "name": "Léa", "email": LONG_EMAIL}), WaitlistEntry)


def test_group_request(visitor, session):
    url = reverse("workshops:group_request", args=[session.workshop.slug])
    data = {
        "group_type": "school",
        "contact_name": "Mme Roux",
        "email": LONG_EMAIL,
        "size": "20",
        "preferred_dates": "mai",
    }
    _check(visitor.post(url, data), GroupRequest)


def test_desk_booking(staff_client, session):
    url = reverse("workshops_staff:session_detail", args=[session.public_id])
    data = {"party_size": "1", "name": "Léa", "email": LONG_EMAIL, "channel": "desk", "language": "fr"}
    _check(staff_client.post(url, data), Booking)


def test_shop_checkout(visitor, member):
    jar = ProductFactory(member=member, category=CategoryFactory(), price=Decimal("6.50"), stock=4)
    visitor.post(reverse("shop:product_detail", args=[jar.slug]), {"quantity": "1"})
    data = {"name": "Léa", "email": LONG_EMAIL, "phone": "06 12 34 56 78"}
    _check(visitor.post(reverse("shop:checkout"), data), Order)


def test_stay_checkout(visitor, session):
    visitor.post(reverse("pages:stay_seat_add"), {"session": str(session.public_id), "party_size": "1"})
    data = {"name": "Léa", "email": LONG_EMAIL, "idempotency_key": str(uuid.uuid4())}
    _check(visitor.post(reverse("pages:stay_checkout"), data), Booking)


def test_membership_application(visitor, commune):
    craft = CraftFactory(name="Miel", slug="miel")
    charter = CharterVersionFactory(number=1)
    data = {
        "business_name": "Rucher",
        "contact_name": "Léa",
        "email": LONG_EMAIL,
        "commune": f"{commune.name} ({commune.postcode})",
        "crafts": [craft.pk],
        "description": "Miel",
        "consent": "on",
    }
    data.update({f"commitment_{n}": "yes" for n, _t in charter.numbered_commitments()})
    _check(visitor.post(reverse("network:apply"), data), MembershipApplication)


def test_colleague_invitation(member_client):
    users = User.objects.count()
    response = member_client.post(reverse("network_portal:colleagues"), {"email": LONG_EMAIL})
    page = assert_redisplayed(response, field="email", label="E-mail de votre collègue", message=TOO_LONG)
    assert_kept(page, LONG_EMAIL)
    assert User.objects.count() == users


def test_member_offer(member_client, member):
    data = {
        "title": "Visite",
        "families": ["heritage"],
        "kind": "visit",
        "short_description": "Visite.",
        "email": LONG_EMAIL,
        "periods-TOTAL_FORMS": "0",
        "periods-INITIAL_FORMS": "0",
    }
    _check(member_client.post(reverse("offers_portal:offer_create"), data), Offer)


def test_self_assessment_invitation(staff_client):
    campaign = CampaignFactory(questionnaire=build_questionnaire())
    data = {"action": "invite_email", "organisation": "Gîte", "email": LONG_EMAIL}
    response = staff_client.post(
        reverse("selfdiagnosis_staff:campaign_detail", args=[campaign.public_id]), data
    )
    _check(response, Assessment, label="E-mail du répondant")
