"""One workshop booked and paid by card from its own booking form (issue 13, points 1 and 5),
against localstripe: seats held while paying, confirmed by the payment, pay on site where the
office allows it, a loser told before paying, a double click one payment."""

from __future__ import annotations

import datetime
import json
import uuid
from decimal import Decimal

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from payments.models import Payment
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory
from tests.localstripe import card_token
from workshops.models import Booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def workshop():
    return WorkshopFactory(
        title="Tourner un bol d'érable & de frêne",
        price=Decimal("35.00"),
        child_price=None,
        max_participants=8,
    )


@pytest.fixture
def session(workshop):
    start = (timezone.now() + datetime.timedelta(days=5)).replace(minute=0, second=0, microsecond=0)
    return SessionFactory(workshop=workshop, start=start, capacity=4)


def _url(session) -> str:
    return reverse("workshops:booking_create", args=[session.workshop.slug, session.public_id])


def _data(**extra) -> dict:
    return {
        "party_size": "2",
        "children": "0",
        "name": "Léa O'Neil",
        "email": "lea@example.org",
        "phone": "06 12 34 56 78",
        "idempotency_key": uuid.uuid4().hex,
        "action": "book",
        **extra,
    }


def _pay(client: Client, payment: Payment, base: str, number: str = "4242424242424242"):
    return client.post(
        reverse("payments:pay_confirm", args=[payment.public_id]),
        data=json.dumps({"token": card_token(base, number)}),
        content_type="application/json",
    )


def test_card_only_workshop_holds_the_seats_then_the_payment_confirms_them(
    stripe_on, session, django_capture_on_commit_callbacks
):
    visitor = Client()
    page = visitor.get(_url(session)).content.decode()
    assert "Réserver et payer par carte" in page
    assert "à régler sur place" not in page
    assert 'name="payment_choice"' not in page  # card only: no choice offered

    response = visitor.post(_url(session), _data())
    payment = Payment.objects.get()
    assert response.status_code == 302 and response.url == reverse("payments:pay", args=[payment.public_id])
    assert payment.amount == Decimal("70.00")  # computed on the server
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.PENDING_PAYMENT
    session.refresh_from_db()
    assert session.seats_booked == 2  # held while paying
    assert not mail.outbox  # nothing confirmed yet
    # The pay page lets Stripe.js (here localstripe's) run under the Content-Security-Policy.
    pay_page = visitor.get(response.url)
    policy = pay_page["Content-Security-Policy"]
    script_src = next(part for part in policy.split(";") if part.strip().startswith("script-src "))
    assert stripe_on in script_src and "70,00" in pay_page.content.decode()

    # A declined card: a French message, the seats stay held, another card may be tried.
    declined = _pay(visitor, payment, stripe_on, "4000000000000002")
    assert declined.status_code == 402 and "refus" in declined.json()["message"]
    assert Booking.objects.get().status == Booking.Status.PENDING_PAYMENT

    with django_capture_on_commit_callbacks(execute=True):
        paid = _pay(visitor, payment, stripe_on)
    assert paid.status_code == 200 and paid.json()["status"] == "succeeded"
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert any(booking.reference in m.body for m in mail.outbox)
    assert any("Paiement reçu" in m.subject for m in mail.outbox)
    # « Continuer » leads to what was booked, with the booking's own link.
    follow = visitor.get(paid.json()["redirect"])
    assert follow.status_code == 200 and booking.reference in follow.content.decode()


def test_a_double_click_opens_one_payment_for_one_booking(stripe_on, session):
    visitor = Client()
    data = _data()
    first = visitor.post(_url(session), data)
    second = visitor.post(_url(session), data)
    assert first.url == second.url
    assert Payment.objects.count() == 1 and Booking.objects.count() == 1


def test_the_office_allows_pay_on_site_and_the_visitor_chooses(stripe_on, session, workshop):
    workshop.pay_on_site_allowed = True
    workshop.save()
    visitor = Client()
    page = visitor.get(_url(session)).content.decode()
    assert 'name="payment_choice"' in page and "Régler sur place" in page

    on_site = visitor.post(_url(session), _data(payment_choice="site", email="tom@example.org"))
    assert on_site.status_code == 302 and "/paiements/" not in on_site.url
    assert Booking.objects.get(email="tom@example.org").status == Booking.Status.CONFIRMED
    assert not Payment.objects.exists()

    by_card = visitor.post(_url(session), _data(payment_choice="card", party_size="1"))
    assert by_card.status_code == 302 and by_card.url.startswith("/paiements/payer/")
    assert Payment.objects.get().amount == Decimal("35.00")

    bad = visitor.post(_url(session), _data(payment_choice="cheque", email="x@example.org"))
    assert bad.status_code == 400 and "Paiement" in bad.content.decode()
    assert not Booking.objects.filter(email="x@example.org").exists()


def test_a_card_only_workshop_ignores_a_forged_pay_on_site_choice(stripe_on, session):
    response = Client().post(_url(session), _data(payment_choice="site"))
    assert response.url.startswith("/paiements/payer/")
    assert Booking.objects.get().status == Booking.Status.PENDING_PAYMENT


def test_a_loser_is_told_before_paying_and_no_payment_is_opened(stripe_on, session):
    BookingFactory(session=session, party_size=3)
    response = Client().post(_url(session), _data(seats_seen="4"))
    assert response.status_code == 409
    assert "d'autres visiteurs viennent de réserver" in response.content.decode()
    assert not Payment.objects.exists()
    assert Booking.objects.count() == 1


def test_without_keys_the_workshop_is_paid_on_site(stripe_off, session):
    visitor = Client()
    assert "à régler sur place" in visitor.get(_url(session)).content.decode()
    response = visitor.post(_url(session), _data())
    assert response.status_code == 302 and not Payment.objects.exists()
    assert Booking.objects.get().status == Booking.Status.CONFIRMED


def test_the_desk_books_at_once_without_a_card_page(stripe_on, session, workshop, staff_client):
    workshop.pay_on_site_allowed = False
    workshop.save()
    url = reverse("workshops_staff:session_detail", args=[session.public_id])
    assert 'name="payment_choice"' not in staff_client.get(url).content.decode()
    data = _data(channel="desk", language="fr")
    response = staff_client.post(url, data)
    assert response.status_code == 302 and "/paiements/" not in response.url
    assert Booking.objects.get().status == Booking.Status.CONFIRMED and not Payment.objects.exists()


def test_the_manage_page_shows_the_payment_refuses_a_party_change_and_shows_the_refund(
    stripe_on, session, workshop, django_capture_on_commit_callbacks
):
    workshop.cancellation_refund_percent = 50
    workshop.save()
    visitor = Client()
    visitor.post(_url(session), _data())
    payment = Payment.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        _pay(visitor, payment, stripe_on)
    booking = Booking.objects.get()
    manage = booking.get_manage_url()

    page = visitor.get(manage).content.decode()
    assert "Paiement en ligne de 70,00" in page and "à régler sur place" not in page
    assert 'name="party_size"' not in page  # no change form behind a card payment

    changed = visitor.post(manage, {"action": "change", "party_size": "3", "children": "0"})
    assert changed.status_code == 409 and "payée en ligne" in changed.content.decode()
    booking.refresh_from_db()
    assert booking.party_size == 2 and booking.price == Decimal("70.00")

    confirm = visitor.post(manage, {"action": "cancel"}).content.decode()
    assert "Vous serez remboursé·e de 35,00" in confirm and "50 %" in confirm
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(manage, {"action": "cancel", "confirm": "yes"})
    refund = payment.refunds.get()
    assert refund.amount == Decimal("35.00")
    # The visitor is told what comes back, with the credit note; the artisan hears of it too.
    told = [m for m in mail.outbox if m.subject.endswith("Votre remboursement")]
    assert len(told) == 1 and told[0].to == [booking.email]
    assert "35,00" in told[0].body and "&amp;" not in told[0].body and "&#" not in told[0].body
    assert any(workshop.member.email in m.to for m in mail.outbox if m is not told[0])
    after = visitor.get(manage).content.decode()
    assert "Remboursement de 35,00" in after
