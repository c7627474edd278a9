"""One gift voucher raced by many stay baskets at once (real PostgreSQL + localstripe).

The balance never goes below zero and the ledger always adds up: what was spent is exactly what
the successful checkouts deducted.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from pages.exceptions import StayError
from pages.services import SeatRequest, stay_checkout
from payments.models import Payment
from tests.concurrency import run_at_once
from tests.factories.vouchers import issued_voucher
from tests.factories.workshops import SessionFactory, WorkshopFactory
from tests.localstripe import localstripe_url, stripe_on  # noqa: F401
from vouchers.models import Movement, Voucher

pytestmark = pytest.mark.django_db(transaction=True)


def _ledger_adds_up(voucher: Voucher) -> None:
    voucher.refresh_from_db()
    movements = list(voucher.movements.order_by("created_at", "id"))
    assert voucher.balance >= 0
    assert sum((m.amount for m in movements), Decimal("0")) == voucher.balance
    assert all(m.balance_after >= 0 for m in movements)


def test_eight_baskets_race_for_one_voucher_and_never_overspend_it(stripe_on):  # noqa: F811
    voucher = issued_voucher("50.00")
    workshop = WorkshopFactory(price=Decimal("15.00"), child_price=None)
    # One session per basket: no seat lock serialises them, only the voucher's row lock does.
    sessions = [SessionFactory(workshop=workshop, capacity=4) for _ in range(8)]

    def checkout(i):
        return stay_checkout(
            idempotency_key=uuid.uuid4(),
            seats=[
                SeatRequest(session_id=sessions[i].pk, public_id=str(sessions[i].public_id), party_size=1)
            ],
            products={},
            name=f"Visiteur {i}",
            email=f"v{i}@example.org",
            pay_online=True,
            deduction_context={"codes": [voucher.code]},
        )

    results = run_at_once(8, checkout)
    won = [r for r in results if not isinstance(r, Exception)]
    lost = [r for r in results if isinstance(r, Exception)]
    # A basket that saw a balance spent meanwhile is refused whole (nothing held, nothing spent).
    assert all(isinstance(r, StayError) and r.line == "voucher" for r in lost)
    _ledger_adds_up(voucher)
    deducted = sum((Decimal("15.00") - r.to_pay for r in won), Decimal("0"))
    spent = -sum((m.amount for m in voucher.movements.filter(kind=Movement.Kind.REDEEM)), Decimal("0"))
    assert deducted == spent == Decimal("50.00") - voucher.balance
    assert spent <= Decimal("50.00")
    # Each winner pays the rest by card, or nothing when the voucher covered it all.
    assert Payment.objects.count() == sum(1 for r in won if r.to_pay > 0)
    assert all(Payment.objects.get(public_id=r.payment_id).amount == r.to_pay for r in won if r.to_pay > 0)
    assert sum(s.bookings.exclude(status="cancelled").count() for s in sessions) == len(won)
