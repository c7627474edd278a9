"""Bad input on the stay basket: adding seats and products (small inline forms answering with a
message naming the field), and the checkout (public and at the desk)."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from shop.models import Order, StockMovement
from tests.factories.shop import CategoryFactory, ProductFactory
from tests.factories.workshops import SessionFactory, WorkshopFactory
from workshops.models import Booking, Session

from .helpers import SCRIPT, assert_kept, assert_redisplayed, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(member):
    workshop = WorkshopFactory(member=member, title="Tourner un bol", slug="tourner-un-bol")
    return SessionFactory(workshop=workshop, capacity=8)


@pytest.fixture
def jam(member):
    category = CategoryFactory(name="Épicerie", slug="epicerie")
    return ProductFactory(
        member=member,
        category=category,
        name="Confiture de myrtilles",
        slug="confiture",
        price=Decimal("6.50"),
        stock=10,
    )


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"])


@pytest.mark.parametrize(
    ("party_size", "children", "message"),
    [
        ("0", "0", "Nombre de personnes : indiquez au moins 1."),
        ("trois", "0", "Nombre de personnes : indiquez un nombre entier."),
        ("2", "5", "Le nombre d'enfants ne peut pas dépasser le nombre de personnes."),
        ("2", "-1", "Nombre d'enfants : indiquez 0 ou plus."),
    ],
)
def test_seat_add_bad_party_names_the_field_and_adds_nothing(visitor, session, party_size, children, message):
    response = visitor.post(
        reverse("pages:stay_seat_add"),
        {"session": str(session.public_id), "party_size": party_size, "children": children},
        follow=True,
    )
    assert message in _messages(response)
    assert not any(key.startswith("stay") and visitor.session[key] for key in visitor.session.keys())  # noqa: SIM118 (no __iter__)
    assert Booking.objects.count() == 0


def test_seat_add_for_an_unknown_session_says_so(visitor):
    response = visitor.post(
        reverse("pages:stay_seat_add"), {"session": "pas-un-uuid", "party_size": "1"}, follow=True
    )
    assert "Séance inconnue." in _messages(response)


@pytest.mark.parametrize(
    ("quantity", "message"),
    [
        ("0", "Quantité : indiquez au moins 1."),
        ("1000", "Quantité : 999 au plus."),
        ("x", "Quantité : indiquez un nombre entier."),
    ],
)
def test_product_add_bad_quantity_names_the_field(visitor, jam, quantity, message):
    response = visitor.post(
        reverse("pages:stay_product_add"), {"product": jam.slug, "quantity": quantity}, follow=True
    )
    assert message in _messages(response)


def _checkout(**overrides):
    data = {
        "name": "Léa Martin",
        "email": "lea@example.org",
        "phone": "06 12 34 56 78",
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("name", "", "Indiquez votre nom"),
        ("name", "N" * 121, "au plus 120 caractères"),
        ("email", "lea@", "L'adresse e-mail n'est pas valide"),
        ("phone", "", "Indiquez un numéro de téléphone : l'office vous appelle"),
        ("phone", "06", "numéro de téléphone valide"),
    ],
)
def test_stay_checkout_bad_field_books_and_sells_nothing(visitor, session, jam, field, value, message):
    visitor.post(reverse("pages:stay_seat_add"), {"session": str(session.public_id), "party_size": "2"})
    visitor.post(reverse("pages:stay_product_add"), {"product": jam.slug, "quantity": "1"})
    before = snapshot(Session, StockMovement)
    data = _checkout(**{field: value})
    if field != "name":
        data["name"] = SCRIPT
    response = visitor.post(reverse("pages:stay_checkout"), data)
    page = assert_redisplayed(
        response, field=field, label=str(response.context["form"][field].label), message=message
    )
    if field != "name":
        assert_kept(page, SCRIPT)
        assert SCRIPT not in page
    assert Booking.objects.count() == 0 and Order.objects.count() == 0
    assert snapshot(Session, StockMovement) == before


def test_desk_checkout_of_products_without_payment_sells_nothing(staff_client, jam):
    staff_client.post(reverse("pages:desk_stay_product_add"), {"product": jam.slug, "quantity": "2"})
    before = snapshot(StockMovement)
    response = staff_client.post(reverse("pages:desk_stay_checkout"), _checkout(payment_method=""))
    page = assert_redisplayed(
        response,
        field="payment_method",
        label="Paiement des produits",
        message="Indiquez le moyen de paiement des produits",
    )
    assert_kept(page, "Léa Martin", "lea@example.org")
    assert snapshot(StockMovement) == before
