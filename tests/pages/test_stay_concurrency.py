"""Stays racing against real PostgreSQL: double clicks, and two baskets for the last seats."""

from __future__ import annotations

import threading
import uuid
from decimal import Decimal

import pytest
from django.db import connection

from common.models import ActionLog
from pages.exceptions import StayError
from pages.services import SeatRequest, stay_checkout
from shop.models import Order
from shop.selectors import product_stock
from tests.factories.shop import ProductFactory
from tests.factories.workshops import SessionFactory
from workshops.models import Booking

pytestmark = pytest.mark.django_db(transaction=True)


def _race(calls: list[dict]) -> list[object]:
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def worker(i: int):
        try:
            barrier.wait()
            try:
                results[i] = stay_checkout(**calls[i])
            except StayError as exc:
                results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _call(session, product, *, key, party_size=2, name="Léa"):
    return {
        "idempotency_key": key,
        "seats": [
            SeatRequest(session_id=session.pk, public_id=str(session.public_id), party_size=party_size)
        ],
        "products": {product.pk: 1},
        "name": name,
        "email": "lea@example.org",
        "phone": "06 12 34 56 78",
    }


def test_eight_simultaneous_clicks_on_one_checkout_create_one_stay():
    session = SessionFactory(capacity=20)
    jam = ProductFactory(stock=10, price=Decimal("6.20"))
    key = uuid.uuid4()
    results = _race([_call(session, jam, key=key) for _ in range(8)])

    assert all(r is not None and not isinstance(r, StayError) for r in results), results
    assert sum(1 for r in results if not r.duplicate) == 1
    assert len({tuple(r.booking_references) for r in results}) == 1
    assert Booking.objects.count() == 1 and Order.objects.count() == 1
    assert product_stock(product=jam) == 9
    assert ActionLog.objects.filter(object_type="pages.stay", object_id=str(key)).count() == 1


def test_two_baskets_for_the_last_seats_one_wins_and_the_loser_keeps_no_order():
    session = SessionFactory(capacity=3)
    jam = ProductFactory(stock=10)
    results = _race(
        [_call(session, jam, key=uuid.uuid4(), name=f"Visiteur {i}", party_size=2) for i in range(6)]
    )

    winners = [r for r in results if not isinstance(r, StayError)]
    losers = [r for r in results if isinstance(r, StayError)]
    assert len(winners) == 1 and len(losers) == 5
    assert {e.line for e in losers} == {f"seat:{session.public_id}"}
    assert {e.message for e in losers} == {"Plus que 1 place sur cette séance."}
    # The losers' product reservations were rolled back with their seats.
    assert Order.objects.count() == 1 and product_stock(product=jam) == 9
    assert Booking.objects.get().party_size == 2
