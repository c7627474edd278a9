"""Benchmark: contacts fed by bookings and orders, the staff contact list and the CSV export.

    psql -h 127.0.0.1 -U postgres -c 'create database maillage_bench_network'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_network \\
        .venv/bin/python bench/network_contacts.py [--contacts 10000] [--upserts 500] [--threads 8]

Seeds contacts (bulk, idempotent), then times ``services.contact_record`` as the booking and
order services call it (new address, known address, known address giving consent), then N
threads record the same new addresses at once (prints rows created: must be 1 per address),
then full HTTP requests of the staff contact list (plain, filtered, text search) and of the
CSV export of consenting contacts: p50/p95/max in ms and SQL queries per request.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from allauth.mfa.models import Authenticator  # noqa: E402
from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from common.access import OFFICE_STAFF_GROUP  # noqa: E402
from network import services  # noqa: E402
from network.models import Contact, User  # noqa: E402

SOURCES = ["workshops.booking", "shop.order", "staff"]


def seed(n: int) -> None:
    existing = Contact.objects.filter(email__endswith="@bench.example").count()
    now = timezone.now()
    Contact.objects.bulk_create(
        [
            Contact(
                email=f"visiteur{i}@bench.example",
                name=f"Visiteur {i}",
                kind="visitor",
                sources=[SOURCES[i % 3]],
                marketing_consent=i % 3 == 0,
                consent_given_at=now if i % 3 == 0 else None,
                consent_source=SOURCES[i % 3] if i % 3 == 0 else "",
                first_seen_at=now,
                last_seen_at=now,
            )
            for i in range(existing, n)
        ],
        batch_size=2000,
    )


def time_calls(fn, count: int) -> list[float]:
    timings = []
    for i in range(count):
        start = time.perf_counter()
        fn(i)
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def race(threads: int, addresses: int) -> tuple[int, float]:
    stamp = time.time_ns()
    emails = [f"course{stamp}-{j}@bench.example" for j in range(addresses)]
    barrier = threading.Barrier(threads)

    def run(t: int) -> None:
        try:
            barrier.wait()
            for email in emails:
                services.contact_record(
                    email=email.upper() if t % 2 else email, source="workshops.booking", consent=t == 0
                )
        finally:
            connection.close()

    start = time.perf_counter()
    workers = [threading.Thread(target=run, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    wall = (time.perf_counter() - start) * 1000
    return Contact.objects.filter(email__in=emails).count(), wall


def measure(client: Client, url: str, runs: int) -> tuple[list[float], int]:
    timings, queries = [], 0
    for _ in range(runs):
        reset_queries()
        start = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200 and body, response.status_code
        queries = len(connection.queries)
    return timings, queries


def stats(label: str, timings: list[float], extra: str = "") -> None:
    ordered = sorted(timings)
    p95 = ordered[max(int(len(ordered) * 0.95) - 1, 0)]
    print(
        f"{label}: p50 {statistics.median(ordered):.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms{extra}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--contacts", type=int, default=10000)
    parser.add_argument("--upserts", type=int, default=500)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    seed(args.contacts)
    print(
        f"seed: {Contact.objects.count()} contacts, "
        f"{Contact.objects.filter(marketing_consent=True).count()} consenting "
        f"({time.perf_counter() - start:.1f} s)"
    )

    stamp = time.time_ns()
    stats(
        f"contact_record, new address (x{args.upserts})",
        time_calls(
            lambda i: services.contact_record(
                email=f"n{stamp}-{i}@bench.example", name="Nouveau", source="workshops.booking"
            ),
            args.upserts,
        ),
    )
    stats(
        f"contact_record, known address (x{args.upserts})",
        time_calls(
            lambda i: services.contact_record(email=f"visiteur{i}@bench.example", source="shop.order"),
            args.upserts,
        ),
    )
    stats(
        f"contact_record, known address giving consent (x{args.upserts})",
        time_calls(
            lambda i: services.contact_record(
                email=f"n{stamp}-{i}@bench.example", source="shop.order", consent=True
            ),
            args.upserts,
        ),
    )
    created, wall = race(args.threads, 50)
    print(f"race: {args.threads} threads record the same 50 new addresses -> {created} rows in {wall:.0f} ms")

    staff, _ = User.objects.get_or_create(email="bench-staff@bench.example", defaults={"is_staff": True})
    staff.groups.add(Group.objects.get_or_create(name=OFFICE_STAFF_GROUP)[0])
    Authenticator.objects.get_or_create(
        user=staff, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "bench"}}
    )
    with override_settings(
        DEBUG=True,
        ALLOWED_HOSTS=["*"],
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        client = Client()
        client.force_login(staff)
        for label, url, runs in (
            ("staff list (all)", "/staff/reseau/contacts/", args.runs),
            (
                "staff list (consenting, bookings)",
                "/staff/reseau/contacts/?consent=yes&source=workshops.booking",
                args.runs,
            ),
            ("staff list (text search)", "/staff/reseau/contacts/?q=visiteur12", args.runs),
            ("CSV export of consenting contacts", "/staff/reseau/contacts/export.csv", 5),
        ):
            timings, queries = measure(client, url, runs)
            stats(label, timings, f", {queries} queries")


if __name__ == "__main__":
    main()
