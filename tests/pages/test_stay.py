"""The "Mon séjour" basket: workshop seats and shop products, checked out in one go."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from common.models import ActionLog
from pages import exceptions as stay_errors
from pages.services import SeatRequest, stay_checkout
from shop.models import Order, Sale, StockMovement
from shop.selectors import product_stock
from tests.factories.shop import ProductFactory
from tests.factories.workshops import BookingFactory, SessionFactory
from workshops.models import Booking

pytestmark = pytest.mark.django_db

STAY = reverse("pages:stay")
CHECKOUT = reverse("pages:stay_checkout")


def add_seat(client, session, party_size=2, children=0, url="pages:stay_seat_add"):
    return client.post(
        reverse(url), {"session": str(session.public_id), "party_size": party_size, "children": children}
    )


def add_product(client, product, quantity=1, url="pages:stay_product_add"):
    return client.post(reverse(url), {"product": product.slug, "quantity": quantity})


def checkout_data(**overrides):
    data = {
        "name": "Léa Martin",
        "email": "lea@example.org",
        "phone": "06 12 34 56 78",
        "idempotency_key": str(uuid.uuid4()),
    }
    data.update(overrides)
    return data


# --- the basket ----------------------------------------------------------------------------


def test_stay_page_is_open_to_anonymous_visitors_and_searches_sessions_and_products(visitor, session, honey):
    response = visitor.get(STAY, {"q": "bol"})
    assert response.status_code == 200
    assert "Tourner un bol" in response.content.decode()
    response = visitor.get(STAY, {"q": "miel"})
    assert "Miel de montagne" in response.content.decode()
    assert "Ajouter à mon séjour" in response.content.decode()


def test_stay_page_lists_the_sessions_of_one_workshop(visitor, session):
    response = visitor.get(STAY, {"atelier": "tourner-un-bol"})
    assert [s.pk for s in response.context["sessions"]] == [session.pk]


def test_stay_page_shows_one_product_for_the_shop_link(visitor, honey):
    response = visitor.get(STAY, {"produit": "miel-de-montagne"})
    assert response.context["products"] == [honey]
    assert response.context["sessions"] == []


def test_seat_add_puts_the_session_in_the_basket_with_its_server_price(visitor, session):
    response = add_seat(visitor, session, party_size=3, children=1)
    assert response.status_code == 302
    stay = visitor.get(STAY).context["stay"]
    assert [(line.session.pk, line.party_size, line.children) for line in stay.seats] == [(session.pk, 3, 1)]
    assert stay.seats[0].price == Decimal("90.00")


def test_seat_add_says_how_many_places_are_left(visitor, session):
    BookingFactory(session=session, party_size=5)
    session.seats_booked = 5
    session.save()
    response = add_seat(visitor, session, party_size=2)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Plus que 1 place sur cette séance." in m for m in messages)
    assert visitor.get(STAY).context["stay"].is_empty


def test_stay_page_warns_when_a_line_no_longer_fits(visitor, session):
    add_seat(visitor, session, party_size=4)
    BookingFactory(session=session, party_size=4)
    session.seats_booked = 4
    session.save()
    response = visitor.get(STAY)
    assert response.context["stay"].has_problems
    assert "Plus que 2 places sur cette séance." in response.content.decode()


def test_each_visitor_has_their_own_basket(visitor, other_client, member_client, session):
    add_seat(visitor, session)
    assert other_client.get(STAY).context["stay"].is_empty
    assert member_client.get(STAY).context["stay"].is_empty


def test_seat_add_refuses_children_above_party_size_naming_the_field(visitor, session):
    response = add_seat(visitor, session, party_size=1, children=2)
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["Le nombre d'enfants ne peut pas dépasser le nombre de personnes."]


def test_seat_add_refuses_an_unknown_or_private_session(visitor, session):
    private = SessionFactory(workshop=session.workshop, is_private=True)
    add_seat(visitor, private)
    response = visitor.post(reverse("pages:stay_seat_add"), {"session": str(uuid.uuid4()), "party_size": 1})
    assert [str(m) for m in response.wsgi_request._messages] == [str(stay_errors.SESSION_CLOSED)] * 2
    assert visitor.get(STAY).context["stay"].is_empty


def test_product_add_shares_the_shop_basket(visitor, honey):
    add_product(visitor, honey, quantity=2)
    response = visitor.get(reverse("shop:basket"))
    assert response.context["basket"].quantities() == {honey.pk: 2}


def test_product_add_refuses_more_than_the_stock(visitor, honey):
    response = add_product(visitor, honey, quantity=4)
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Il ne reste que 3 unité(s) de « Miel de montagne »."
    ]


def test_remove_takes_a_line_out(visitor, session, honey):
    add_seat(visitor, session)
    add_product(visitor, honey)
    visitor.post(reverse("pages:stay_remove"), {"line": f"seat:{session.public_id}"})
    visitor.post(reverse("pages:stay_remove"), {"line": f"product:{honey.pk}"})
    assert visitor.get(STAY).context["stay"].is_empty


def test_stay_page_query_count_does_not_grow_with_the_basket(
    visitor, workshop, django_assert_max_num_queries
):
    def fill(n):
        for i in range(n):
            add_seat(visitor, SessionFactory(workshop=workshop, capacity=6 + i))
            add_product(visitor, ProductFactory(stock=5))

    fill(1)
    with django_assert_max_num_queries(6):
        visitor.get(STAY)
    fill(5)
    with django_assert_max_num_queries(6):
        response = visitor.get(STAY)
    assert len(response.context["stay"].seats) == 6


def test_header_link_counts_the_lines(visitor, session, honey):
    from django.template import Context, Template

    add_seat(visitor, session)
    add_product(visitor, honey, quantity=2)
    request = visitor.get(STAY).wsgi_request
    html = Template("{% load stay %}{% stay_link %}").render(Context({"request": request}))
    assert 'href="/sejour/"' in html and ">3<" in html


def test_member_page_offers_to_add_the_member_sessions_and_products(visitor, member, session):
    ProductFactory(member=member, name="Bol en frêne", stock=2)
    response = visitor.get(reverse("pages:member_detail", args=[member.slug]))
    content = response.content.decode()
    assert "Composer mon séjour" in content
    assert str(session.public_id) in content and "Bol en frêne" in content


# --- checkout ------------------------------------------------------------------------------


def test_checkout_books_every_seat_and_orders_the_products(visitor, session, other_session, honey):
    add_seat(visitor, session, party_size=2, children=1)
    add_seat(visitor, other_session, party_size=3)
    add_product(visitor, honey, quantity=2)
    data = checkout_data(consent_contact="on")
    response = visitor.post(CHECKOUT, data)
    assert response.status_code == 302
    assert response.url == reverse("pages:stay_confirmation", args=[data["idempotency_key"]])
    bookings = {b.session_id: b for b in Booking.objects.all()}
    assert bookings[session.pk].price == Decimal("55.00")
    assert bookings[other_session.pk].price == Decimal("45.00")
    assert all(b.consent_contact and b.channel == "online" for b in bookings.values())
    order = Order.objects.get()
    assert order.total == Decimal("19.80") and order.phone == "06 12 34 56 78"
    assert product_stock(product=honey) == 1
    assert visitor.get(STAY).context["stay"].is_empty

    page = visitor.get(response.url).content.decode()
    for booking in bookings.values():
        assert booking.reference in page
        assert reverse("workshops:booking_manage", args=[booking.manage_token]) in page
    assert order.reference in page and str(order.token) in page
    assert "119,80" in page


def test_checkout_with_seats_only_needs_no_phone(visitor, session):
    add_seat(visitor, session)
    response = visitor.post(CHECKOUT, checkout_data(phone=""))
    assert response.status_code == 302
    assert Booking.objects.count() == 1 and not Order.objects.exists()


def test_checkout_with_products_asks_for_a_phone_and_keeps_what_was_typed(visitor, session, honey):
    add_seat(visitor, session)
    add_product(visitor, honey)
    response = visitor.post(CHECKOUT, checkout_data(phone="", email="pas-un-email"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["phone"] == [str(stay_errors.PHONE_REQUIRED)]
    assert form.errors["email"] == ["L'adresse e-mail n'est pas valide."]
    assert 'value="Léa Martin"' in response.content.decode()
    assert not Booking.objects.exists() and not Order.objects.exists()


def test_checkout_rolls_everything_back_when_a_session_is_full(visitor, session, other_session, honey):
    add_seat(visitor, session, party_size=2)
    add_seat(visitor, other_session, party_size=2)
    add_product(visitor, honey)
    # Someone else takes the last seats while the visitor fills in the form.
    BookingFactory(session=other_session, party_size=10)
    other_session.seats_booked = 10
    other_session.save()
    response = visitor.post(CHECKOUT, checkout_data())
    assert response.status_code == 200
    content = response.content.decode()
    assert str(stay_errors.NOTHING_CREATED).replace("'", "&#x27;") in content
    assert response.context["line_errors"] == {
        f"seat:{other_session.public_id}": "Complet : il n'y a plus de place sur cette séance."
    }
    assert "Complet : il n&#x27;y a plus de place sur cette séance." in content
    assert 'value="Léa Martin"' in content
    assert Booking.objects.filter(session=session).count() == 0
    assert not Order.objects.exists()
    assert product_stock(product=honey) == 3
    assert not ActionLog.objects.filter(action="pages.stay.checked_out").exists()
    assert len(visitor.get(STAY).context["stay"].seats) == 2


def test_checkout_shows_plus_que_n_places_when_the_party_no_longer_fits(visitor, session):
    add_seat(visitor, session, party_size=4)
    BookingFactory(session=session, party_size=3)
    response = visitor.post(CHECKOUT, checkout_data())
    assert response.context["line_errors"] == {
        f"seat:{session.public_id}": "Plus que 3 places sur cette séance."
    }
    assert Booking.objects.count() == 1


def test_checkout_rolls_the_bookings_back_when_a_product_is_out_of_stock(visitor, session, honey):
    add_seat(visitor, session, party_size=2)
    add_product(visitor, honey, quantity=3)
    StockMovement.objects.create(
        product=honey, kind=StockMovement.Kind.WRITE_OFF, quantity=-2, reason="casse"
    )
    response = visitor.post(CHECKOUT, checkout_data())
    assert response.status_code == 200
    assert response.context["line_errors"] == {
        f"product:{honey.pk}": "Stock insuffisant pour « Miel de montagne » : 1 disponible(s)."
    }
    assert "Stock insuffisant pour « Miel de montagne »" in response.content.decode()
    assert not Booking.objects.exists() and not Order.objects.exists()


def test_checkout_ignores_tampered_prices(visitor, session, honey):
    add_seat(visitor, session, party_size=2)
    add_product(visitor, honey, quantity=1)
    s = visitor.session
    s["stay_seats"][str(session.public_id)]["price"] = "0.01"
    s.save()
    visitor.post(CHECKOUT, checkout_data(price="0.01", total="0.01", unit_price="0.01"))
    assert Booking.objects.get().price == Decimal("70.00")
    assert Order.objects.get().total == Decimal("9.90")


def test_double_submit_creates_once_and_shows_the_same_confirmation(visitor, session, honey):
    add_seat(visitor, session, party_size=2)
    add_product(visitor, honey)
    data = checkout_data()
    first = visitor.post(CHECKOUT, data)
    second = visitor.post(CHECKOUT, data)
    assert first.url == second.url
    assert Booking.objects.count() == 1 and Order.objects.count() == 1
    assert product_stock(product=honey) == 2


def test_stay_checkout_service_is_idempotent_on_its_key(session, honey):
    key = uuid.uuid4()
    kwargs = {
        "idempotency_key": key,
        "seats": [SeatRequest(session_id=session.pk, public_id=str(session.public_id), party_size=2)],
        "products": {honey.pk: 1},
        "name": "Léa",
        "email": "lea@example.org",
        "phone": "0612345678",
    }
    first = stay_checkout(**kwargs)
    again = stay_checkout(**kwargs)
    assert again.duplicate and again.booking_references == first.booking_references
    assert again.order_reference == first.order_reference
    assert Booking.objects.count() == 1 and Order.objects.count() == 1


def test_stay_checkout_service_refuses_an_empty_basket():
    with pytest.raises(stay_errors.StayError) as exc:
        stay_checkout(idempotency_key=uuid.uuid4(), seats=[], products={}, name="Léa", email="l@example.org")
    assert exc.value.message == str(stay_errors.EMPTY_STAY)


def test_checkout_of_an_empty_basket_goes_back_to_the_stay_page(visitor):
    response = visitor.get(CHECKOUT)
    assert response.status_code == 302 and response.url == STAY


def test_confirmation_of_an_unknown_key_is_404(visitor):
    assert visitor.get(reverse("pages:stay_confirmation", args=[uuid.uuid4()])).status_code == 404


def test_checkout_form_opens_with_the_consent_unticked(visitor, session):
    add_seat(visitor, session)
    response = visitor.get(CHECKOUT)
    assert response.context["form"]["consent_contact"].value() in (False, None)
    assert "checked" not in response.content.decode().split('name="consent_contact"')[1].split(">")[0]


# --- at the desk ---------------------------------------------------------------------------

DESK = reverse("pages:desk_stay")


def test_desk_stay_sends_anonymous_visitors_to_the_login(visitor):
    response = visitor.get(DESK)
    assert response.status_code == 302 and "/comptes/login/" in response.url


@pytest.mark.parametrize("persona", ["member_client", "other_client", "plain_client"])
def test_desk_stay_is_forbidden_to_non_staff(request, persona, session):
    client = request.getfixturevalue(persona)
    assert client.get(DESK).status_code == 403
    assert client.post(reverse("pages:desk_stay_checkout"), checkout_data()).status_code == 403
    assert add_seat(client, session, url="pages:desk_stay_seat_add").status_code == 403


def test_desk_stay_books_seats_at_the_desk_and_sells_the_products(staff_client, staff_user, session, honey):
    assert staff_client.get(DESK, {"q": "bol"}).status_code == 200
    add_seat(staff_client, session, party_size=2, url="pages:desk_stay_seat_add")
    add_product(staff_client, honey, quantity=2, url="pages:desk_stay_product_add")
    # The desk basket is not the visitor basket of the same browser.
    assert staff_client.get(STAY).context["stay"].is_empty
    data = checkout_data(phone="", payment_method="card")
    response = staff_client.post(reverse("pages:desk_stay_checkout"), data)
    assert response.status_code == 302
    assert response.url == reverse("pages:desk_stay_confirmation", args=[data["idempotency_key"]])
    booking = Booking.objects.get()
    assert booking.channel == "desk" and booking.created_by == staff_user
    sale = Sale.objects.get()
    assert sale.payment_method == "card" and sale.total == Decimal("19.80")
    assert product_stock(product=honey) == 1
    page = staff_client.get(response.url).content.decode()
    assert booking.reference in page and sale.reference in page


def test_desk_stay_query_count_does_not_grow_with_the_basket(
    staff_client, workshop, django_assert_max_num_queries
):
    def fill(n):
        for i in range(n):
            add_seat(
                staff_client,
                SessionFactory(workshop=workshop, capacity=6 + i),
                url="pages:desk_stay_seat_add",
            )
            add_product(staff_client, ProductFactory(stock=5), url="pages:desk_stay_product_add")

    fill(1)
    with django_assert_max_num_queries(10):
        staff_client.get(DESK)
    fill(5)
    with django_assert_max_num_queries(10):
        response = staff_client.get(DESK)
    assert len(response.context["stay"].seats) == 6


def test_desk_stay_asks_how_the_products_are_paid(staff_client, honey):
    add_product(staff_client, honey, url="pages:desk_stay_product_add")
    response = staff_client.post(reverse("pages:desk_stay_checkout"), checkout_data())
    assert response.context["form"].errors["payment_method"] == [str(stay_errors.PAYMENT_REQUIRED)]
    assert not Sale.objects.exists()


def test_coordinator_books_seats_of_their_antenna_but_sells_no_products(
    coordinator_client, session, other_session, honey
):
    response = coordinator_client.get(DESK, {"q": "e"})
    assert response.status_code == 200
    assert [s.pk for s in response.context["sessions"]] == [session.pk]
    assert response.context["products"] == []
    assert add_product(coordinator_client, honey, url="pages:desk_stay_product_add").status_code == 404
    add_seat(coordinator_client, other_session, url="pages:desk_stay_seat_add")
    assert coordinator_client.get(DESK).context["stay"].is_empty


def test_staff_home_links_to_the_desk_stay_and_counts_today(staff_client, staff_user, session):
    stay_checkout(
        idempotency_key=uuid.uuid4(),
        seats=[SeatRequest(session_id=session.pk, public_id=str(session.public_id), party_size=1)],
        products={},
        name="Paul",
        email="paul@example.org",
        desk=True,
        actor=staff_user,
    )
    response = staff_client.get(reverse("pages:staff_home"))
    content = response.content.decode()
    assert reverse("pages:desk_stay") in content
    assert "séjour réservé à l'accueil aujourd'hui" in content
