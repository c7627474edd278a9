"""Two stays booking the same two workshops at the same moment, their sessions' ids in opposite
orders: both go through (the seats are booked in workshop order), never a deadlock."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest

from pages.services import SeatRequest, stay_checkout
from tests.concurrency import run_at_once
from tests.factories.workshops import SessionFactory, WorkshopFactory
from workshops.models import Booking

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_stays_on_the_same_two_workshops_in_opposite_orders_both_book():
    pottery = WorkshopFactory(price=Decimal("30.00"), child_price=None)
    weaving = WorkshopFactory(price=Decimal("25.00"), child_price=None)
    for _round in range(3):
        # Ids interleaved: stay 0 meets pottery first by session id, stay 1 meets weaving first.
        pottery_1 = SessionFactory(workshop=pottery, capacity=10)
        weaving_1 = SessionFactory(workshop=weaving, capacity=10)
        weaving_2 = SessionFactory(workshop=weaving, capacity=10)
        pottery_2 = SessionFactory(workshop=pottery, capacity=10)
        stays = [(pottery_1, weaving_2), (weaving_1, pottery_2)]

        def checkout(i, stays=stays):
            return stay_checkout(
                idempotency_key=uuid.uuid4(),
                seats=[
                    SeatRequest(session_id=s.pk, public_id=str(s.public_id), party_size=1) for s in stays[i]
                ],
                products={},
                name=f"Visiteuse {i}",
                email=f"v{i}@example.org",
                pay_online=False,
            )

        results = run_at_once(2, checkout)
        assert not [r for r in results if isinstance(r, Exception)], results
        for session in (pottery_1, weaving_1, weaving_2, pottery_2):
            assert Booking.objects.filter(session=session).count() == 1
