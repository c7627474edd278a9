"""Greeters race to accept the same walk against real PostgreSQL: exactly one wins."""

import threading

import pytest
from django.db import connection

from community import exceptions as errors
from community import services
from community.models import WalkRequest
from tests.factories.community import CharterFactory, EclaireurFactory, WalkRequestFactory
from tests.factories.network import AntennaFactory, CommuneFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_greeters_accepting_at_once_exactly_one_takes_the_walk():
    antenna = AntennaFactory()
    commune = CommuneFactory(antenna=antenna)
    CharterFactory()
    greeters = [EclaireurFactory(commune=commune, antennas=[antenna]) for _ in range(8)]
    walk = WalkRequestFactory(antenna=antenna)
    barrier = threading.Barrier(len(greeters))
    results: list = [None] * len(greeters)

    def worker(i: int):
        try:
            barrier.wait()
            try:
                results[i] = services.walk_accept(walk_id=walk.pk, greeter=greeters[i], date=walk.date)
            except errors.CommunityError as exc:
                results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(len(greeters))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    winners = [r for r in results if isinstance(r, WalkRequest)]
    losers = [r for r in results if isinstance(r, errors.CommunityError)]
    assert len(winners) == 1 and len(losers) == 7
    assert all(e.message == errors.WALK_TAKEN for e in losers)
    walk.refresh_from_db()
    assert walk.greeter_id == winners[0].greeter_id
