"""CSRF, open redirects, mass assignment and ids smuggled in form fields."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from network.models import Member
from offers.models import Offer
from shop.models import DepositLine, DepositSlip, Product
from tests.factories.network import CraftFactory, UserFactory
from tests.factories.shop import CategoryFactory, ProductFactory
from tests.factories.workshops import WorkshopFactory
from tests.security.test_url_inventory import _walk
from workshops.models import Workshop, WorkshopPhoto

pytestmark = pytest.mark.django_db

EVIL = "https://evil.example/phish"


# --------------------------------------------------------------------------- CSRF


def test_only_the_apidae_hook_the_widget_booking_and_the_read_only_api_are_csrf_exempt():
    exempt = {
        name
        for name, pattern in _walk(get_resolver())
        if getattr(pattern.callback, "csrf_exempt", False) and not name.startswith("admin:")
    }
    api = {name for name in exempt if name.startswith("partners-api:")}
    # The widget books from other sites' iframes, where our SameSite cookies never arrive; it acts
    # for no signed-in user (see partners.views.public.WidgetBookView).
    # The payments webhook is signed by the provider (checked instead of a CSRF token).
    # RFC 8058 one-click unsubscribe: mail clients POST without cookies; the secret token is the key.
    # anymail's bounce / complaint webhooks authenticate with their basic-auth secret.
    hooks = {name for name in exempt if name.startswith("anymail")}
    assert exempt - api - hooks == {
        "offers:apidae_notification",
        "partners:widget_book",
        "payments:webhook",
        "relations:one_click",
    }
    assert {"partners-api:workshop_list", "partners-api:offer_list", "partners-api:member_list"} <= api


def test_the_csrf_exempt_api_is_read_only(visitor):
    for path in ("/api/v1/workshops", "/api/v1/offers", "/api/v1/members"):
        assert visitor.post(path, {}).status_code == 405
        assert visitor.delete(path).status_code == 405


def test_apidae_hook_without_its_token_answers_404(visitor, settings):
    settings.OFFERS_APIDAE_NOTIFICATION_TOKEN = ""
    assert visitor.post(reverse("offers:apidae_notification", kwargs={"token": "x" * 32})).status_code == 404


def test_forms_refuse_a_post_without_csrf_token(member_user, commune):
    strict = Client(enforce_csrf_checks=True)
    assert strict.post(reverse("network:apply"), {"business_name": "X"}).status_code == 403
    strict.force_login(member_user)
    assert strict.post(reverse("network_portal:profile"), {"name": "Piraté"}).status_code == 403
    assert strict.post(reverse("offers_portal:offer_create"), {"title": "Piraté"}).status_code == 403
    member_user.member.refresh_from_db()
    assert member_user.member.name == "Atelier d'Alice"


# --------------------------------------------------------------------------- open redirects


def test_login_ignores_a_foreign_next(visitor):
    UserFactory(email="lea@example.org")
    response = visitor.post(
        f"{reverse('account_login')}?next={EVIL}",
        {"login": "lea@example.org", "password": "correct-horse-battery", "next": EVIL},
    )
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


def test_language_switch_ignores_a_foreign_next(visitor):
    response = visitor.post(reverse("set_language"), {"language": "en", "next": EVIL})
    assert "evil.example" not in response.get("Location", "")


def test_staff_offer_actions_ignore_a_foreign_next(staff_client):
    response = staff_client.post(reverse("offers_staff:offer_bulk"), {"action": "preselect", "next": EVIL})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]
    response = staff_client.post(
        reverse("offers_staff:offer_bulk"), {"action": "preselect", "next": "//evil.example/"}
    )
    assert "evil.example" not in response["Location"]


# --------------------------------------------------------------------------- mass assignment


def test_profile_cannot_set_status_slug_or_antenna(member_client, member, other_antenna):
    data = {
        "name": member.name,
        "description": member.description,
        "story": "",
        "contact_name": "Alice",
        "email": "alice@atelier.example",
        "phone": "",
        "website": "",
        "status": Member.Status.ACTIVE if member.status != Member.Status.ACTIVE else Member.Status.SUSPENDED,
        "slug": "pirate",
        "antenna": other_antenna.pk,
        "joined_on": "2001-01-01",
    }
    before = Member.objects.filter(pk=member.pk).values("status", "slug", "antenna_id", "joined_on").get()
    assert member_client.post(reverse("network_portal:profile"), data).status_code == 302
    after = Member.objects.filter(pk=member.pk).values("status", "slug", "antenna_id", "joined_on").get()
    assert after == before


def test_new_offer_is_a_draft_of_my_member_whatever_is_posted(member_client, member, other_member):
    member_client.post(
        reverse("offers_portal:offer_create"),
        {
            "title": "Atelier vannerie",
            "families": ["heritage"],
            "kind": "activity",
            "short_description": "Tresser son panier.",
            "periods-TOTAL_FORMS": "0",
            "periods-INITIAL_FORMS": "0",
            "status": Offer.Status.PUBLISHED,
            "member": other_member.pk,
            "source": "apidae",
        },
    )
    offer = Offer.objects.get(title="Atelier vannerie")
    assert offer.member == member and offer.status == Offer.Status.DRAFT


def test_new_product_belongs_to_my_member_whatever_is_posted(member_client, member, other_member):
    response = member_client.post(
        reverse("shop_portal:product_create"),
        {
            "name": "Toupie",
            "category": CategoryFactory().pk,
            "price": "8.50",
            "vat_rate": "20.00",
            "is_active": "on",
            "member": other_member.pk,
        },
    )
    assert response.status_code == 302
    assert Product.objects.get(name="Toupie").member == member


def test_new_workshop_belongs_to_my_member_whatever_is_posted(member_client, member, other_member, commune):
    response = member_client.post(
        reverse("workshops_portal:workshop_create"),
        {
            "title": "Bol en frêne",
            "craft": CraftFactory().pk,
            "summary": "Un bol.",
            "description": "Tournage.",
            "duration_minutes": "150",
            "price": "40",
            "min_participants": "2",
            "max_participants": "6",
            "min_age": "8",
            "languages": ["fr"],
            "audiences": ["adults"],
            "commune": commune.pk,
            "cancellation_deadline_hours": "48",
            "member": other_member.pk,
            "slug": "vole",
        },
    )
    assert response.status_code == 302
    workshop = Workshop.objects.get(title="Bol en frêne")
    assert workshop.member == member and workshop.slug != "vole"


# --------------------------------------------------------------------------- ids smuggled in fields


def test_deposit_request_ignores_another_members_product(member_client, member, other_member):
    mine = ProductFactory(member=member)
    theirs = ProductFactory(member=other_member)
    url = reverse("shop_portal:deposit_request")
    member_client.post(url, {f"qty_{mine.pk}": "2", f"qty_{theirs.pk}": "5"})
    assert not DepositLine.objects.filter(product=theirs).exists()
    assert set(DepositSlip.objects.values_list("member", flat=True)) <= {member.pk}


def test_workshop_photo_delete_ignores_another_workshops_photo(member_client, member, other_member):
    mine = WorkshopFactory(member=member)
    theirs = WorkshopPhoto.objects.create(
        workshop=WorkshopFactory(member=other_member), image="workshops/x.jpg", alt="Un bol"
    )
    url = reverse("workshops_portal:workshop_photos", kwargs={"slug": mine.slug})
    member_client.post(url, {"action": "delete", "photo": str(theirs.pk)})
    assert WorkshopPhoto.objects.filter(pk=theirs.pk).exists()


def test_inviting_an_existing_account_as_colleague_does_not_take_it_over(member_client, member, staff_user):
    response = member_client.post(
        reverse("network_portal:colleagues"), {"email": staff_user.email.upper(), "first_name": "Pirate"}
    )
    assert response.status_code == 200
    staff_user.refresh_from_db()
    assert staff_user.member_id is None and staff_user.first_name == "Nathalie"
