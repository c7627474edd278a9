"""Seats booked at the desk and paid by gift voucher (whole or part, the rest on site): spent under
the voucher's lock in the checkout's transaction, shown on the booking's pages and e-mail, given
back when the booking or its session is cancelled, and owed to the artisan on the statement."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from payouts.selectors import workshop_statement_rows
from tests.factories.vouchers import issued_voucher
from tests.factories.workshops import SessionFactory, WorkshopFactory
from vouchers.exceptions import TOO_MANY_ATTEMPTS, UNKNOWN_CODE
from vouchers.models import Movement, Voucher
from workshops import services as workshop_services
from workshops.models import Booking

pytestmark = pytest.mark.django_db

CHECKOUT = reverse("pages:desk_stay_checkout")


@pytest.fixture(autouse=True)
def _no_guess_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def session(member):
    workshop = WorkshopFactory(
        member=member, title="Tourner un bol", price=Decimal("35.00"), child_price=None, max_participants=8
    )
    start = (timezone.now() + datetime.timedelta(days=5)).replace(minute=0, second=0, microsecond=0)
    return SessionFactory(workshop=workshop, start=start, capacity=6)


def add_seat(client, session, party_size=2):
    return client.post(
        reverse("pages:desk_stay_seat_add"),
        {"session": str(session.public_id), "party_size": party_size, "children": 0},
    )


def data(**overrides):
    values = {
        "name": "Léa Martin",
        "email": "lea@example.org",
        "phone": "",
        "idempotency_key": str(uuid.uuid4()),
        "voucher_code": "",
    }
    values.update(overrides)
    return values


def test_a_voucher_pays_part_of_the_desk_seats_and_every_page_says_so(
    staff_client, session, django_capture_on_commit_callbacks
):
    voucher = issued_voucher("50.00")
    add_seat(staff_client, session, party_size=2)  # 70,00 €
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(CHECKOUT, data(voucher_code=voucher.display_code, seats_voucher="on"))
    assert response.status_code == 302
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.CONFIRMED and booking.channel == "desk"
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("0.00")
    spent = voucher.movements.get(kind=Movement.Kind.REDEEM)
    assert spent.amount == Decimal("-50.00") and spent.reference.startswith("checkout:")
    said = "réglé par bon cadeau : 50,00\u00a0€, le reste à régler sur place"
    staff_page = staff_client.get(reverse("workshops_staff:booking_detail", args=[booking.reference]))
    assert said in staff_page.content.decode()
    manage = staff_client.get(booking.get_manage_url())
    assert said in manage.content.decode()
    confirmation = [m for m in mail.outbox if booking.reference in m.body and "lea@example.org" in m.to]
    assert confirmation and said in confirmation[0].body
    assert "&#" not in confirmation[0].body and "&amp;" not in confirmation[0].body


def test_a_voucher_bigger_than_the_seats_pays_them_whole_and_keeps_the_rest(staff_client, session):
    voucher = issued_voucher("100.00")
    add_seat(staff_client, session, party_size=2)
    staff_client.post(CHECKOUT, data(voucher_code=voucher.code, seats_voucher="on"))
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("30.00")
    booking = Booking.objects.get()
    page = staff_client.get(booking.get_manage_url()).content.decode()
    assert "réglé par bon cadeau : 70,00\u00a0€" in page and "le reste à régler sur place" not in page


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda: "ZZZZ-ZZZZ-ZZZZ", str(UNKNOWN_CODE)),
        (lambda: _expired().code, "Ce bon cadeau a expiré le"),
        (lambda: _spent().code, "Ce bon cadeau a déjà été entièrement utilisé."),
        (lambda: "", "Code du bon cadeau : indiquez le code du bon qui règle les places."),
    ],
)
def test_a_bad_voucher_books_nothing_and_keeps_what_was_typed(staff_client, session, make, expected):
    code = make()
    add_seat(staff_client, session, party_size=2)
    response = staff_client.post(CHECKOUT, data(voucher_code=code, seats_voucher="on", name="Nom Tapé"))
    assert response.status_code == 200
    form = response.context["form"]
    assert any(expected in e for e in form.errors["voucher_code"])
    page = response.content.decode()
    assert "Nom Tapé" in page and (not code or code in page)
    assert not Booking.objects.exists()


def _expired():
    voucher = issued_voucher("40.00")
    Voucher.objects.filter(pk=voucher.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    return voucher


def _spent():
    from vouchers import services

    voucher = issued_voucher("10.00")
    services.voucher_redeem(code=voucher.code, amount="10.00", reference="test")
    return voucher


def test_wrong_codes_at_the_desk_count_against_the_guess_limit(staff_client, session, settings):
    settings.VOUCHER_GUESS_LIMIT = 2
    add_seat(staff_client, session, party_size=1)
    for _ in range(2):
        staff_client.post(CHECKOUT, data(voucher_code="ABCD-EFGH-JKLM", seats_voucher="on"))
    good = issued_voucher("50.00")
    response = staff_client.post(CHECKOUT, data(voucher_code=good.code, seats_voucher="on"))
    assert str(TOO_MANY_ATTEMPTS) in response.context["form"].errors["voucher_code"][0]
    assert not Booking.objects.exists()


def test_without_the_box_the_code_does_not_pay_the_seats(staff_client, session):
    voucher = issued_voucher("50.00")
    add_seat(staff_client, session, party_size=1)
    staff_client.post(CHECKOUT, data(voucher_code=voucher.code))
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("50.00") and Booking.objects.get().status == "confirmed"


@pytest.mark.parametrize("persona", ["member_client", "other_client", "plain_client"])
def test_non_staff_cannot_book_desk_seats_by_voucher(request, persona, session):
    voucher = issued_voucher("50.00")
    client = request.getfixturevalue(persona)
    response = client.post(CHECKOUT, data(voucher_code=voucher.code, seats_voucher="on"))
    assert response.status_code == 403
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("50.00")


def test_anonymous_is_sent_to_the_login(client, session):
    response = client.post(CHECKOUT, data(voucher_code="ABCD-EFGH-JKLM", seats_voucher="on"))
    assert response.status_code == 302 and "/comptes/login/" in response.url


def _two_bookings_one_voucher(staff_client, session, member):
    """Two desk bookings in one checkout (70 € + 35 €) paid by one 80 € voucher."""
    other = SessionFactory(
        workshop=session.workshop, start=session.start + datetime.timedelta(days=1), capacity=6
    )
    voucher = issued_voucher("80.00")
    add_seat(staff_client, session, party_size=2)
    add_seat(staff_client, other, party_size=1)
    response = staff_client.post(CHECKOUT, data(voucher_code=voucher.code, seats_voucher="on"))
    assert response.status_code == 302
    first, second = Booking.objects.order_by("pk")
    return voucher, first, second


def test_cancelling_a_desk_booking_gives_back_its_voucher_share_only_once(
    staff_client, staff_user, session, member
):
    voucher, first, second = _two_bookings_one_voucher(staff_client, session, member)
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("0.00")  # 70 on the first booking, 10 on the second
    workshop_services.booking_cancel(booking_id=second.pk, actor=staff_user, override_deadline=True)
    workshop_services.booking_cancel(booking_id=second.pk, actor=staff_user, override_deadline=True)
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("10.00")
    # The visitor's own cancellation within the policy (100 %) gives the first share back.
    workshop_services.booking_cancel(booking_id=first.pk)
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("80.00")
    assert sum(m.amount for m in voucher.movements.all()) == voucher.balance


def test_a_cancelled_session_gives_the_voucher_back(staff_client, staff_user, session, member):
    voucher, first, _second = _two_bookings_one_voucher(staff_client, session, member)
    workshop_services.session_cancel(session_id=first.session_id, actor=staff_user, reason="artisan malade")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("70.00")


def test_voucher_paid_desk_seats_reach_the_artisans_statement(staff_client, staff_user, session, member):
    voucher, first, second = _two_bookings_one_voucher(staff_client, session, member)
    rows = workshop_statement_rows(period=timezone.localdate().replace(day=1))[member.pk]
    assert sum(row["gross"] for row in rows) == Decimal("80.00")
    workshop_services.booking_cancel(booking_id=second.pk, actor=staff_user, override_deadline=True)
    rows = workshop_statement_rows(period=timezone.localdate().replace(day=1))[member.pk]
    assert sum(row["gross"] for row in rows) == Decimal("70.00")


# --------------------------------------------------------------------------- the session's desk page


def _session_url(session):
    return reverse("workshops_staff:session_detail", args=[session.public_id])


def _desk_booking(**overrides):
    values = {
        "party_size": 2,
        "children": 0,
        "name": "Marc Durand",
        "email": "marc@example.org",
        "phone": "",
        "channel": "desk",
        "language": "fr",
        "idempotency_key": uuid.uuid4().hex,
        "voucher_code": "",
    }
    values.update(overrides)
    return values


def test_the_session_desk_page_takes_a_voucher_for_the_seats(
    staff_client, staff_user, session, member, django_capture_on_commit_callbacks
):
    voucher = issued_voucher("30.00")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(_session_url(session), _desk_booking(voucher_code=voucher.display_code))
    assert response.status_code == 302
    booking = Booking.objects.get()
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("0.00")
    said = "réglé par bon cadeau : 30,00\u00a0€, le reste à régler sur place"
    assert said in staff_client.get(response.url).content.decode()
    assert any(said in m.body for m in mail.outbox if booking.reference in m.body)
    rows = workshop_statement_rows(period=timezone.localdate().replace(day=1))[member.pk]
    assert sum(row["gross"] for row in rows) == Decimal("30.00")
    workshop_services.booking_cancel(booking_id=booking.pk, actor=staff_user, override_deadline=True)
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("30.00")


def test_the_session_desk_page_refuses_a_bad_voucher_keeping_the_input(staff_client, session):
    response = staff_client.post(_session_url(session), _desk_booking(voucher_code="ZZZZ-ZZZZ-ZZZZ"))
    assert response.status_code == 409
    assert response.context["form"].errors["voucher_code"] == [str(UNKNOWN_CODE)]
    page = response.content.decode()
    assert "ZZZZ-ZZZZ-ZZZZ" in page and "Marc Durand" in page
    assert not Booking.objects.exists()


@pytest.mark.parametrize("persona", ["member_client", "other_client", "plain_client"])
def test_the_session_desk_page_is_staff_only(request, persona, session):
    voucher = issued_voucher("30.00")
    client = request.getfixturevalue(persona)
    response = client.post(_session_url(session), _desk_booking(voucher_code=voucher.code))
    assert response.status_code in (403, 404)
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("30.00") and not Booking.objects.exists()


def test_fewer_people_at_the_desk_gives_the_voucher_back_what_it_paid_beyond_the_new_price(
    staff_client, staff_user, session
):
    voucher = issued_voucher("120.00")
    add_seat(staff_client, session, party_size=3)  # 105,00 € paid whole by the voucher
    staff_client.post(CHECKOUT, data(voucher_code=voucher.code, seats_voucher="on"))
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("15.00")
    booking = Booking.objects.get()
    page = reverse("workshops_staff:booking_detail", args=[booking.reference])
    response = staff_client.post(page, {"party_size": "2", "children": "0"}, follow=True)
    assert "35,00\u00a0€ recrédités sur le bon cadeau" in response.content.decode()
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("50.00")
    # Once: the same change again, then more people, give nothing more back.
    staff_client.post(page, {"party_size": "2", "children": "0"})
    staff_client.post(page, {"party_size": "3", "children": "0"})
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("50.00")
    workshop_services.booking_change_party_size(
        booking_id=booking.pk, party_size=1, actor=staff_user, override_deadline=True
    )
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("85.00")  # paid 105, the booking now costs 35 (on site: 0)
    workshop_services.booking_cancel(booking_id=booking.pk, actor=staff_user, override_deadline=True)
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("120.00")  # never more than the voucher paid
    assert sum(m.amount for m in voucher.movements.all()) == voucher.balance


def test_fewer_people_when_the_voucher_paid_part_gives_back_only_its_excess(
    staff_client, staff_user, session
):
    voucher = issued_voucher("50.00")
    add_seat(staff_client, session, party_size=2)  # 70,00 €: 50 by voucher, 20 on site
    staff_client.post(CHECKOUT, data(voucher_code=voucher.code, seats_voucher="on"))
    booking = Booking.objects.get()
    workshop_services.booking_change_party_size(
        booking_id=booking.pk, party_size=1, actor=staff_user, override_deadline=True
    )
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("15.00")  # the voucher now pays the 35 € booking whole
    workshop_services.booking_cancel(booking_id=booking.pk, actor=staff_user, override_deadline=True)
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("50.00")


def test_fewer_people_on_a_booking_paid_on_site_touches_no_voucher(staff_user, session):
    booking = workshop_services.booking_create(
        session_id=session.pk, name="Jo", email="jo@example.org", party_size=2
    )
    workshop_services.booking_change_party_size(
        booking_id=booking.pk, party_size=1, actor=staff_user, override_deadline=True
    )
    assert not Movement.objects.exists()
