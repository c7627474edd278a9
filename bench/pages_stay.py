"""Benchmark: the "Mon séjour" basket page, the combined checkout, and baskets racing for seats.

    psql -h 127.0.0.1 -U postgres -c 'create database maillage_bench_pages'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_pages \\
        .venv/bin/python bench/pages_stay.py [--runs 40] [--threads 12]

Seeds bench workshops, sessions and products (a fresh set each run, named ``bench-…``), then
measures full HTTP requests: the stay page holding 5 seat lines and 5 products, and a checkout
of 2 seats + 2 products (one transaction: bookings, order, stock). Prints p50/p95/max in ms
and SQL queries per request. Then N threads each check out 2 seats of a 10-seat session plus
one jar: prints the winners (must be 5), the orders kept (must equal the winners) and the stock.
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import threading
import time
import uuid
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from network.models import Member  # noqa: E402
from pages.exceptions import StayError  # noqa: E402
from pages.services import SeatRequest, stay_checkout  # noqa: E402
from shop.models import Category, Order  # noqa: E402
from shop.selectors import product_stock  # noqa: E402
from tests.factories.network import MemberFactory  # noqa: E402
from tests.factories.shop import CategoryFactory, ProductFactory  # noqa: E402
from tests.factories.workshops import SessionFactory, WorkshopFactory  # noqa: E402


def seed(tag: str):
    # One bench member and category, made on the first run and reused (factory sequences
    # restart in each process, so new ones would clash with the earlier runs' rows).
    member = Member.objects.filter(slug="bench-sejour").first() or MemberFactory(
        slug="bench-sejour", name="Atelier du banc d'essai"
    )
    category = Category.objects.filter(slug="bench-sejour").first() or CategoryFactory(
        slug="bench-sejour", name="Banc d'essai"
    )
    workshop = WorkshopFactory(
        craft=member.crafts.first(),
        member=member,
        slug=f"bench-{tag}",
        title=f"Atelier banc {tag}",
        min_age=0,
    )
    base = timezone.now() + datetime.timedelta(days=3)
    sessions = [
        SessionFactory(workshop=workshop, start=base + datetime.timedelta(hours=i), capacity=500)
        for i in range(8)
    ]
    products = [
        ProductFactory(
            member=member,
            category=category,
            slug=f"bench-{tag}-{i}",
            code=f"BN{uuid.uuid4().hex[:8].upper()}",
            price=Decimal("6.20"),
            stock=5000,
        )
        for i in range(6)
    ]
    return member, sessions, products


def timed(func, runs: int) -> tuple[list[float], int]:
    timings, queries = [], 0
    for _ in range(runs):
        reset_queries()
        start = time.perf_counter()
        func()
        timings.append((time.perf_counter() - start) * 1000)
        queries = len(connection.queries)
    return sorted(timings), queries


def report(label: str, timings: list[float], queries: int) -> None:
    print(
        f"{label:<34} p50 {statistics.median(timings):7.1f} ms  "
        f"p95 {timings[max(int(len(timings) * 0.95) - 1, 0)]:7.1f} ms  max {timings[-1]:7.1f} ms  "
        f"{queries} queries"
    )


def race(threads: int, tag: str) -> None:
    _member, sessions, products = seed(f"{tag}r")
    session = sessions[0]
    session.capacity = 10
    session.save(update_fields=["capacity"])
    jam = products[0]
    before = product_stock(product=jam)
    barrier = threading.Barrier(threads)
    outcome: list[object] = [None] * threads

    def worker(i: int) -> None:
        try:
            barrier.wait()
            try:
                outcome[i] = stay_checkout(
                    idempotency_key=uuid.uuid4(),
                    seats=[
                        SeatRequest(session_id=session.pk, public_id=str(session.public_id), party_size=2)
                    ],
                    products={jam.pk: 1},
                    name=f"Visiteur {i}",
                    email=f"v{i}@example.org",
                    phone="06 12 34 56 78",
                )
            except StayError as exc:
                outcome[i] = exc
        finally:
            connection.close()

    start = time.perf_counter()
    pool = [threading.Thread(target=worker, args=(i,)) for i in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(timeout=120)
    wall = (time.perf_counter() - start) * 1000
    winners = [o for o in outcome if o is not None and not isinstance(o, StayError)]
    refs = {r.order_reference for r in winners}
    kept = Order.objects.filter(reference__in=refs).count()
    print(
        f"race: {threads} baskets × 2 seats for 10 seats → {len(winners)} winners (must be 5), "
        f"{kept} orders kept, jar stock {before} → {product_stock(product=jam)} "
        f"(must fall by {len(winners)}), {wall:.0f} ms wall"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--threads", type=int, default=12)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    tag = uuid.uuid4().hex[:8]
    _member, sessions, products = seed(tag)
    with override_settings(
        DEBUG=True,
        ALLOWED_HOSTS=["*"],
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    ):
        client = Client()
        for s in sessions[:5]:
            client.post("/sejour/seances/ajouter/", {"session": str(s.public_id), "party_size": 2})
        for p in products[:5]:
            client.post("/sejour/produits/ajouter/", {"product": p.slug, "quantity": 1})
        client.get("/sejour/")
        report("stay page (5 seats + 5 products)", *timed(lambda: client.get("/sejour/"), args.runs))
        report("stay search « banc »", *timed(lambda: client.get("/sejour/?q=banc"), args.runs))

        # Time only the checkout request: build each basket outside the clock.
        timings, queries = [], 0
        for _ in range(args.runs):
            buyer = Client()
            for s in sessions[5:7]:
                buyer.post("/sejour/seances/ajouter/", {"session": str(s.public_id), "party_size": 2})
            for p in products[4:6]:
                buyer.post("/sejour/produits/ajouter/", {"product": p.slug, "quantity": 1})
            data = {
                "name": "Léa Martin",
                "email": "lea@example.org",
                "phone": "06 12 34 56 78",
                "idempotency_key": str(uuid.uuid4()),
            }
            reset_queries()
            start = time.perf_counter()
            response = buyer.post("/sejour/valider/", data)
            timings.append((time.perf_counter() - start) * 1000)
            queries = len(connection.queries)
            assert response.status_code == 302, response.status_code
        report("checkout (2 seats + 2 products)", sorted(timings), queries)
        buyer = Client()
        buyer.post("/sejour/seances/ajouter/", {"session": str(sessions[7].public_id), "party_size": 1})
        data = {"name": "Léa", "email": "lea@example.org", "idempotency_key": str(uuid.uuid4())}
        first = buyer.post("/sejour/valider/", data)
        second = buyer.post("/sejour/valider/", data)
        print(f"double submit: same confirmation {first.url == second.url}")
        race(args.threads, tag)


if __name__ == "__main__":
    main()
