"""Issue 10 points 7 and 10 in the stay basket: the youngest's age, how many e-mails arrive."""

from __future__ import annotations

import uuid

import pytest
from django.urls import reverse

from workshops.models import Booking

pytestmark = pytest.mark.django_db

STAY = reverse("pages:stay")
CHECKOUT = reverse("pages:stay_checkout")


@pytest.fixture
def aged(workshop):
    workshop.min_age = 10
    workshop.save()
    return workshop


def add(client, session, **extra):
    return client.post(
        reverse("pages:stay_seat_add"),
        {"session": str(session.public_id), "party_size": 2, "children": 0, **extra},
    )


def test_stay_search_asks_the_age_only_where_a_minimum_age_applies(visitor, aged, session, other_session):
    html = visitor.get(STAY, {"atelier": aged.slug}).content.decode()
    assert f'id="age-{session.public_id}"' in html and "À partir de 10 ans." in html
    html = visitor.get(STAY, {"atelier": other_session.workshop.slug}).content.decode()
    assert "youngest_age" not in html


def test_seat_add_without_the_age_is_refused_naming_the_field(visitor, aged, session):
    response = add(visitor, session)
    assert "Âge du plus jeune participant : indiquez-le" in visitor.get(response["Location"]).content.decode()
    assert not visitor.session.get("stay_seats")


def test_seat_add_below_the_minimum_age_is_refused(visitor, aged, session):
    add(visitor, session, youngest_age=6)
    assert not visitor.session.get("stay_seats")


def test_the_age_goes_from_the_basket_to_the_booking(visitor, aged, session):
    add(visitor, session, youngest_age=12)
    assert visitor.session["stay_seats"][str(session.public_id)]["youngest_age"] == 12
    visitor.post(
        CHECKOUT,
        {"name": "Léa", "email": "lea@example.org", "phone": "", "idempotency_key": str(uuid.uuid4())},
    )
    assert Booking.objects.get().youngest_age == 12


def test_a_line_without_age_blocks_the_checkout_and_offers_the_field(visitor, workshop, session):
    add(visitor, session)  # added before the workshop had a minimum age
    workshop.min_age = 10
    workshop.save()
    html = visitor.get(STAY).content.decode()
    assert f'id="line-age-{session.public_id}"' in html
    response = visitor.post(
        CHECKOUT,
        {"name": "Léa", "email": "lea@example.org", "phone": "", "idempotency_key": str(uuid.uuid4())},
    )
    assert response.status_code == 200 and not Booking.objects.exists()


def test_member_page_stay_section_asks_the_age(visitor, member, aged, session):
    html = visitor.get(member.get_absolute_url()).content.decode()
    assert f'id="member-age-{session.public_id}"' in html


def test_checkout_says_how_many_emails_arrive(visitor, session, other_session, honey):
    add(visitor, session)
    add(visitor, other_session)
    visitor.post(reverse("pages:stay_product_add"), {"product": honey.slug, "quantity": 1})
    html = visitor.get(CHECKOUT).content.decode()
    assert 'id="emails-expected"' in html and "Vous recevrez 3 e-mails" in html


def test_checkout_of_one_line_says_nothing_about_emails(visitor, session):
    add(visitor, session)
    assert 'id="emails-expected"' not in visitor.get(CHECKOUT).content.decode()
