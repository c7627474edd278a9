"""Benchmark of the French-compliant till (issue 15), every ticket through the real services.

Figures printed beside their targets:
- a 10-line counter sale: p95 < 20 ms;
- the yearly closing over ~30,000 tickets of last year: < 2 s;
- verify_journal over 100,000 journal entries: < 5 s.

Last year's tickets are recorded through ``sale_create`` with the clock set to their day (as the
tests' ``sell_on`` does); the journal is then filled up to 100,000 entries with technical events
(JET) through ``journal_append``'s own hashing. Run against a dedicated database:

    psql -h 127.0.0.1 -U postgres -c 'create database maillage_bench_till'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_till \\
        .venv/bin/python bench/till_bench.py [--tickets 30000 --entries 100000 --sales 200]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path
from unittest import mock

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from network.models import User  # noqa: E402
from shop import services  # noqa: E402
from shop.models import JournalEntry, Product, StockMovement, VatRate  # noqa: E402
from shop.services.journal import journal_build, journal_last  # noqa: E402


def _seed_products(n: int) -> list[int]:
    from tests.factories.network import MemberFactory
    from tests.factories.shop import CategoryFactory

    member = MemberFactory(name="Atelier d'essai", slug="atelier-essai")
    category = CategoryFactory(name="Divers", slug="divers")
    products = Product.objects.bulk_create(
        Product(
            member=member,
            category=category,
            name=f"Produit {i}",
            slug=f"produit-{i}",
            code=f"P{i:05d}",
            price=Decimal("4.50") + i % 20,
            vat_rate=VatRate.FOOD if i % 3 == 0 else VatRate.STANDARD,
        )
        for i in range(n)
    )
    StockMovement.objects.bulk_create(
        StockMovement(product=p, kind=StockMovement.Kind.DEPOSIT, quantity=10**6) for p in products
    )
    return [p.pk for p in products]


def _sell(day, *, basket, seller):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        return services.sale_create(quantities=basket, payment_method="card", seller=seller)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tickets", type=int, default=30000)
    parser.add_argument("--entries", type=int, default=100000)
    parser.add_argument("--sales", type=int, default=200)
    args = parser.parse_args()
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("Refusing to run: point DATABASE_URL at a dedicated *bench* database.")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    rng = random.Random(15)
    seller = User.objects.create_superuser(email="bench@example.org", password="bench-password")
    product_ids = _seed_products(200)
    year = timezone.localdate().year - 1
    days = [datetime.date(year, 1, 1) + datetime.timedelta(days=d) for d in range(365)]
    start = time.perf_counter()
    for i in range(args.tickets):
        day = days[i * len(days) // args.tickets]
        basket = {pid: rng.choice([1, 2]) for pid in rng.sample(product_ids, rng.choice([1, 2, 3]))}
        _sell(day, basket=basket, seller=seller)
    print(
        f"seeded {args.tickets} tickets of {year} through sale_create in {time.perf_counter() - start:.0f} s"
    )

    start = time.perf_counter()
    for day in days:
        services.closing_create(day=day, actor=seller)
    for month in range(1, 13):
        services.closing_month(month=datetime.date(year, month, 1), actor=seller)
    print(f"365 Z closings and 12 monthly closings: {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    closing = services.closing_year(year=year, actor=seller)
    took = time.perf_counter() - start
    print(
        f"yearly closing {year} over {args.tickets} tickets (days, months closed): {took:.2f} s (target <2 s)"
    )
    print(
        f"  closing total {closing.totals.get('total')} €, grand total {closing.totals.get('grand_total')} €"
    )

    durations = []
    for _ in range(args.sales):
        basket = dict.fromkeys(rng.sample(product_ids, 10), 1)
        t = time.perf_counter()
        services.sale_create(quantities=basket, payment_method="card", seller=seller)
        durations.append((time.perf_counter() - t) * 1000)
    durations.sort()
    p95 = durations[int(len(durations) * 0.95) - 1]
    print(
        f"10-line counter sale ({args.sales} runs): median {statistics.median(durations):.1f} ms, "
        f"p95 {p95:.1f} ms  (target p95 < 20 ms)"
    )

    have = JournalEntry.objects.count()
    previous, entries = journal_last(), []
    now = timezone.now()
    for i in range(max(0, args.entries - have)):
        previous = journal_build(
            previous=previous,
            kind=JournalEntry.Kind.EVENT,
            payload={"event": "bench", "n": i},
            created_at=now,
        )
        entries.append(previous)
    JournalEntry.objects.bulk_create(entries, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    start = time.perf_counter()
    check = services.journal_verify()
    took = time.perf_counter() - start
    print(f"verify_journal over {check.checked} entries: {took:.2f} s, ok={check.ok}  (target < 5 s)")
    print(f"load average: {' / '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()
