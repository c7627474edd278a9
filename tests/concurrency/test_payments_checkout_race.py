"""60 visitors race through checkout with card payment for 12 seats (real PostgreSQL + localstripe)."""

from __future__ import annotations

import uuid

import pytest

from pages.exceptions import StayError
from pages.services import SeatRequest, stay_checkout
from payments import services
from payments.models import Payment
from tests.concurrency import run_at_once
from tests.factories.workshops import SessionFactory
from tests.localstripe import card_token, localstripe_url, stripe_on  # noqa: F401
from workshops.models import Booking

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 60
SEATS = 12


def test_sixty_visitors_for_twelve_seats_never_oversell_and_losers_are_told_before_paying(stripe_on):  # noqa: F811
    session = SessionFactory(capacity=SEATS)

    def checkout(i):
        return stay_checkout(
            idempotency_key=uuid.uuid4(),
            seats=[SeatRequest(session_id=session.pk, public_id=str(session.public_id), party_size=1)],
            products={},
            name=f"Visiteur {i}",
            email=f"v{i}@example.org",
            pay_online=True,
        )

    results = run_at_once(CLIENTS, checkout)
    winners = [r for r in results if not isinstance(r, Exception)]
    losers = [r for r in results if isinstance(r, Exception)]
    assert len(winners) == SEATS and len(losers) == CLIENTS - SEATS
    assert all(isinstance(r, StayError) and "place" in r.message for r in losers)
    assert Payment.objects.count() == SEATS  # no loser was ever asked to pay
    session.refresh_from_db()
    assert session.seats_booked == SEATS

    # Each winner double-clicks « Payer »: two confirmations at once are one charge.
    payments = [Payment.objects.get(public_id=w.payment_id) for w in winners]
    for payment in payments:
        services.payment_intent_ensure(payment=payment)
    tokens = [card_token(stripe_on) for _ in range(2 * SEATS)]

    def pay(i):
        return services.payment_confirm(payment=payments[i // 2], card_token=tokens[i])

    run_at_once(2 * SEATS, pay)
    paid = Payment.objects.filter(status=Payment.Status.SUCCEEDED)
    assert paid.count() == SEATS and len(set(paid.values_list("provider_ref", flat=True))) == SEATS
    assert Booking.objects.filter(session=session, status=Booking.Status.CONFIRMED).count() == SEATS
    session.refresh_from_db()
    assert session.seats_booked == SEATS
