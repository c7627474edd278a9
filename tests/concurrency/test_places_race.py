"""Members race for the same coworking desk and time against real PostgreSQL: exactly one wins."""

import datetime
import threading

import pytest
from django.db import connection

from places import exceptions as errors
from places import services
from places.models import SpaceBooking
from places.services import AFTERNOON, MORNING, slot_on
from tests.factories.network import MemberFactory, UserFactory
from tests.factories.places import SpaceFactory, next_weekday

pytestmark = pytest.mark.django_db(transaction=True)


def _race(space_id: int, contenders: list, slots_for) -> list:
    barrier = threading.Barrier(len(contenders))
    results: list = [None] * len(contenders)

    def worker(i: int):
        member, user = contenders[i]
        try:
            barrier.wait()
            try:
                results[i] = services.space_booking_create_for_member(
                    space_id=space_id, member=member, actor=user, slots=slots_for(i)
                )
            except errors.PlacesError as exc:
                results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(contenders))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def _contenders(n: int) -> list:
    people = []
    for i in range(n):
        member = MemberFactory(slug=f"course-{i}")
        people.append((member, UserFactory(email=f"course{i}@example.org", member=member)))
    return people


def test_two_members_racing_for_the_same_desk_and_time_exactly_one_wins():
    desk = SpaceFactory(slug="poste-course")
    day = next_weekday(1)
    both_halves = [slot_on(day=day, start=s, end=e) for s, e in (MORNING, AFTERNOON)]
    results = _race(desk.pk, _contenders(2), lambda i: both_halves)

    assert all(r is not None for r in results), "a thread died or hung"
    winners = [r for r in results if isinstance(r, list)]
    losers = [r for r in results if isinstance(r, errors.PlacesError)]
    assert len(winners) == 1 and len(losers) == 1
    assert losers[0].message == errors.SPACE_TAKEN
    rows = SpaceBooking.objects.filter(space=desk, status="confirmed")
    assert rows.count() == 2 and len({r.member_id for r in rows}) == 1


def test_many_members_racing_for_overlapping_hours_never_double_book():
    desk = SpaceFactory(slug="poste-foule")
    day = next_weekday(2)

    # Twelve members want overlapping two-hour slots starting every half hour from 9:00.
    def slot(i: int):
        start = datetime.datetime.combine(day, datetime.time(9, 0)) + datetime.timedelta(minutes=30 * i)
        return [slot_on(day=day, start=start.time(), end=(start + datetime.timedelta(hours=2)).time())]

    results = _race(desk.pk, _contenders(12), slot)
    assert all(r is not None for r in results)
    rows = list(SpaceBooking.objects.filter(space=desk, status="confirmed").order_by("start"))
    assert len(rows) == sum(isinstance(r, list) for r in results) >= 1
    for a, b in zip(rows, rows[1:], strict=False):
        assert a.end <= b.start, "two confirmed bookings overlap"
