"""Two (or more) staff accepting for the last place at once: exactly one succeeds.

Runs against the real PostgreSQL server with real transactions: each thread has its own
connection, takes the capacity row lock in ``application_accept`` and closes its connection.
"""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from common.access import STAFF_GROUPS
from network import services
from network.exceptions import ApplicationAlreadyDecided, CapacityReached
from network.models import Member, MembershipApplication
from tests.factories.network import (
    ApplicationFactory,
    CapacityRuleFactory,
    CommuneFactory,
    CraftFactory,
    MemberFactory,
    StaffUserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6


@pytest.fixture(autouse=True)
def staff_groups():
    # Transactional tests flush tables, including the groups made by a data migration.
    for name in STAFF_GROUPS:
        Group.objects.get_or_create(name=name)


def _race(target, args_list):
    barrier = threading.Barrier(len(args_list))
    results: list = [None] * len(args_list)

    def run(i, args):
        try:
            barrier.wait(timeout=10)
            results[i] = target(*args)
        except Exception as exc:  # noqa: BLE001 - the outcome is what the test checks
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(args_list)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def test_concurrent_acceptance_of_the_last_place_lets_exactly_one_in():
    commune = CommuneFactory()
    honey = CraftFactory(name="Miel", slug="miel")
    CapacityRuleFactory(antenna=commune.antenna, craft=honey, max_members=2)
    MemberFactory(commune=commune, crafts=[honey])  # one place left
    staff = StaffUserFactory()
    applications = [ApplicationFactory(commune=commune, crafts=[honey]) for _ in range(THREADS)]

    def accept(application_id):
        application = MembershipApplication.objects.get(pk=application_id)
        return services.application_accept(application=application, actor=staff)

    results = _race(accept, [(a.pk,) for a in applications])
    accepted = [r for r in results if isinstance(r, Member)]
    refused = [r for r in results if isinstance(r, CapacityReached)]
    assert len(accepted) == 1, results
    assert len(refused) == THREADS - 1, results
    assert Member.objects.filter(antenna=commune.antenna, crafts=honey, status="active").count() == 2
    assert MembershipApplication.objects.filter(status="accepted").count() == 1
    assert MembershipApplication.objects.filter(status="submitted").count() == THREADS - 1


def test_double_click_on_accept_creates_one_member():
    commune = CommuneFactory()
    staff = StaffUserFactory()
    application = ApplicationFactory(commune=commune)

    def accept():
        return services.application_accept(
            application=MembershipApplication.objects.get(pk=application.pk), actor=staff
        )

    results = _race(accept, [() for _ in range(4)])
    assert sum(isinstance(r, Member) for r in results) == 1, results
    assert sum(isinstance(r, ApplicationAlreadyDecided) for r in results) == 3, results
    assert Member.objects.count() == 1
