"""Benchmark of the relationship tool (issue 14): segment counts over 100,000 contacts and the
queueing of a campaign to 50,000 recipients.

Figures printed beside their targets:
- segment count (selector and the staff live-count request): p95 < 200 ms;
- queueing a campaign to ~50,000 recipients (``campaign_start``): < 60 s, flat Python memory.

Seeds (idempotent, bulk) 100,000 contacts with their profiles, ~120,000 workshop bookings over
2025-2027 and ~20,000 click & collect orders. The campaign queueing runs inside a transaction
rolled back afterwards, so no e-mail is sent and the run can be repeated. Run against a
dedicated database:

    psql -h 127.0.0.1 -U postgres -c 'create database maillage_bench_relations'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_relations \\
        .venv/bin/python bench/relations_bench.py [--contacts 100000 --runs 30]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
if not os.environ.get("DATABASE_URL"):
    sys.exit("Set DATABASE_URL to a dedicated database (e.g. .../maillage_bench_relations).")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from network.models import Contact, Craft  # noqa: E402
from relations import selectors, services  # noqa: E402
from relations.models import ContactProfile, Segment, department_of  # noqa: E402
from shop.models import Order  # noqa: E402
from workshops.models import Booking, Session  # noqa: E402

DOMAIN = "@bench-relations.example"
POSTCODES = ["38000", "38100", "38500", "69002", "75011", "13001", "73000", "26000", "74000", "01000"]
COUNTRIES = ["FR"] * 8 + ["BE", "DE", "CH", "NL"]


def seed(n: int) -> None:
    from tests.factories.network import CraftFactory, MemberFactory
    from tests.factories.workshops import WorkshopFactory

    if Contact.objects.filter(email__endswith=DOMAIN).count() >= n:
        return
    rng = random.Random(20261204)
    turning = Craft.objects.filter(slug="bench-tournage").first() or CraftFactory(
        name="Tournage sur bois (bench)", slug="bench-tournage"
    )
    others = [CraftFactory(name=f"Bench craft {i}", slug=f"bench-craft-{i}") for i in range(3)]
    workshops = []
    for i in range(12):
        member = MemberFactory(name=f"Atelier bench {i}", slug=f"atelier-bench-{i}")
        craft = turning if i % 3 == 0 else others[i % 3]
        workshops.append(WorkshopFactory(member=member, craft=craft, slug=f"bench-atelier-{i}"))
    sessions = []
    first = timezone.make_aware(datetime.datetime(2025, 1, 6, 10))
    for w_index, workshop in enumerate(workshops):
        for week in range(0, 150, 2):
            start = first + datetime.timedelta(weeks=week, days=w_index % 5)
            sessions.append(
                Session(
                    workshop=workshop,
                    start=start,
                    end=start + datetime.timedelta(hours=2),
                    capacity=500,
                    go_no_go_at=start - datetime.timedelta(hours=48),
                )
            )
    sessions = Session.objects.bulk_create(sessions, batch_size=1000)
    now = timezone.now()
    contacts = []
    for i in range(n):
        consenting = rng.random() < 0.8
        contacts.append(
            Contact(
                email=f"c{i}{DOMAIN}",
                name=f"Visiteur {i}",
                kind="visitor",
                language="fr" if rng.random() < 0.625 else "en",
                sources=["workshops.booking"],
                marketing_consent=consenting,
                consent_given_at=now if consenting else None,
                consent_source="workshops.booking" if consenting else "",
                first_seen_at=now,
                last_seen_at=now,
            )
        )
    contacts = Contact.objects.bulk_create(contacts, batch_size=5000)
    profiles = []
    for contact in contacts:
        country = rng.choice(COUNTRIES)
        postcode = rng.choice(POSTCODES) if country == "FR" else ""
        profiles.append(
            ContactProfile(
                contact=contact,
                postcode=postcode,
                country=country,
                department=department_of(postcode, country),
            )
        )
    ContactProfile.objects.bulk_create(profiles, batch_size=5000)
    del profiles
    bookings = []
    statuses = ["confirmed"] * 9 + ["cancelled"]
    for _ in range(int(n * 1.2)):
        contact = contacts[rng.randrange(n)]
        party = rng.randint(1, 4)
        bookings.append(
            Booking(
                session=rng.choice(sessions),
                name=contact.name,
                email=contact.email,
                party_size=party,
                price=Decimal("35.00") * party,
                status=rng.choice(statuses),
            )
        )
        if len(bookings) == 10000:
            Booking.objects.bulk_create(bookings)
            bookings = []
    Booking.objects.bulk_create(bookings)
    orders = []
    for i in range(n // 5):
        contact = contacts[rng.randrange(n)]
        orders.append(
            Order(
                reference=f"BENCH-{i}",
                name=contact.name,
                email=contact.email,
                phone="0600000000",
                total=Decimal(rng.randint(5, 120)),
                status=rng.choice([Order.Status.COLLECTED, Order.Status.COLLECTED, Order.Status.RELEASED]),
                hold_until=now,
            )
        )
    Order.objects.bulk_create(orders, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def stats(label: str, timings: list[float], target: str = "") -> None:
    ordered = sorted(timings)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    print(
        f"{label}: p50 {statistics.median(ordered):.0f} ms, p95 {p95:.0f} ms, max {ordered[-1]:.0f} ms"
        + (f"  (target {target})" if target else "")
    )


def time_count(filters: dict, runs: int) -> tuple[int, list[float]]:
    timings, count = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        count = selectors.segment_count(filters)
        timings.append((time.perf_counter() - start) * 1000)
    return count, timings


def queue(segment: Segment) -> tuple[int, float, int]:
    """campaign_start in a transaction rolled back: seconds, recipients, Python memory peak."""
    tracemalloc.start()
    try:
        with transaction.atomic():
            campaign = services.campaign_create(actor=None, segment=segment, name="bench", subject="Bench")
            start = time.perf_counter()
            count = services.campaign_start(campaign=campaign, actor=None)
            elapsed = time.perf_counter() - start
            _current, peak = tracemalloc.get_traced_memory()
            transaction.set_rollback(True)  # discards the rows and the after-commit send
    finally:
        tracemalloc.stop()
    return count, elapsed, peak


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    seed(args.contacts)
    print(
        f"seed: {Contact.objects.count()} contacts, {Booking.objects.count()} bookings, "
        f"{Order.objects.count()} orders ({time.perf_counter() - start:.0f} s)"
    )
    turning = Craft.objects.get(slug="bench-tournage")
    summer_turners = {
        "purpose": "news",
        "crafts": [turning.pk],
        "season": "summer",
        "year": 2026,
        "departments_not_in": ["38"],
    }
    cases = [
        ("segment « all consenting »", {"purpose": "news"}),
        ("segment « wood turning, summer 2026, outside Isère »", summer_turners),
        ("segment « amount spent >= 90 € »", {"purpose": "news", "min_spent": "90"}),
        ("segment « amount spent >= 300 € »", {"purpose": "news", "min_spent": "300"}),
        ("segment « summer turners outside Isère + spent >= 90 € »", {**summer_turners, "min_spent": "90"}),
    ]
    for label, filters in cases:
        selectors.segment_count(filters)  # warm
        count, timings = time_count(filters, args.runs)
        stats(f"{label} = {count}", timings, "p95 < 200 ms")

    contact = Contact.objects.filter(marketing_consent=True, email__endswith=DOMAIN).first()
    ContactProfile.objects.filter(contact=contact).update(commune="nowhere")
    segments = {
        label: Segment.objects.get_or_create(name=f"bench {label}", defaults={"filters": filters})[0]
        for label, filters in (
            ("one recipient", {"purpose": "news", "commune": "nowhere"}),
            ("language fr", {"purpose": "news", "languages": ["fr"]}),
        )
    }
    queue(segments["one recipient"])  # warm the code paths so both peaks compare alike
    for label, segment in segments.items():
        count, elapsed, peak = queue(segment)
        print(
            f"queue campaign ({label}): {count} recipients in {elapsed:.1f} s, "
            f"Python memory peak {peak / 1024:.0f} KiB  (target < 60 s for 50,000, flat memory)"
        )
    with open("/proc/loadavg") as f:
        print(f"load average at the end: {f.read().strip()}")


if __name__ == "__main__":
    main()
