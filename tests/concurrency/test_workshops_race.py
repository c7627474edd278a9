"""Threads race for the last seats of a session against real PostgreSQL."""

import re
import threading
import time

import pytest
from django.db import connection

from tests.factories.workshops import SessionFactory
from workshops import exceptions as errors
from workshops import services
from workshops.models import Booking, Session

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 50
CAPACITY = 12
# More than CAPACITY parties of one: whatever the order, the last seat always finds a taker,
# so "exactly the capacity" is guaranteed, not lucky.
SIZES = [1, 2, 3, 4, 1]


def _race(session_id: int, sizes: list[int], keys: list[str | None]):
    barrier = threading.Barrier(len(sizes))
    results: list[tuple[int, object]] = [None] * len(sizes)

    def worker(i: int):
        try:
            barrier.wait()
            started = time.perf_counter()
            try:
                booking = services.booking_create(
                    session_id=session_id,
                    name=f"Visiteur {i}",
                    email=f"v{i}@example.org",
                    party_size=sizes[i],
                    idempotency_key=keys[i],
                )
                results[i] = (sizes[i], booking, time.perf_counter() - started)
            except errors.NotEnoughSeats as exc:
                results[i] = (sizes[i], exc, time.perf_counter() - started)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(sizes))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_fifty_threads_never_overbook_twelve_seats_and_losers_hear_why(workshop_for_race):
    session = SessionFactory(workshop=workshop_for_race, capacity=CAPACITY)
    sizes = [SIZES[i % len(SIZES)] for i in range(THREADS)]
    results = _race(session.pk, sizes, [None] * THREADS)

    assert all(r is not None for r in results), "a thread died or hung"
    winners = [r for r in results if isinstance(r[1], Booking)]
    losers = [r for r in results if isinstance(r[1], errors.NotEnoughSeats)]
    assert len(winners) + len(losers) == THREADS
    booked = sum(size for size, _b, _t in winners)
    assert booked == CAPACITY
    session.refresh_from_db()
    assert session.seats_booked == CAPACITY
    assert sum(Booking.objects.filter(session=session).values_list("party_size", flat=True)) == CAPACITY
    for size, exc, _t in losers:
        if exc.seats_left == 0:
            assert exc.message == "Complet : il n'y a plus de place sur cette séance."
        else:
            assert 0 < exc.seats_left < size
            match = re.fullmatch(r"Plus que (\d+) places? sur cette séance\.", exc.message)
            assert match and int(match.group(1)) == exc.seats_left
    # Plain row locks: nobody waits long, nobody times out.
    assert max(t for _s, _r, t in results) < 10


def test_double_click_race_with_one_idempotency_key_books_once(workshop_for_race):
    session = SessionFactory(workshop=workshop_for_race, capacity=CAPACITY)
    results = _race(session.pk, [2] * 6, ["same-key"] * 6)
    references = {r[1].reference for r in results}
    assert len(references) == 1
    assert Booking.objects.filter(session=session).count() == 1
    assert Session.objects.get(pk=session.pk).seats_booked == 2


@pytest.fixture
def workshop_for_race(db):
    from tests.factories.workshops import WorkshopFactory

    return WorkshopFactory(max_participants=CAPACITY)
