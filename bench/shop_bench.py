"""Benchmark of the shop: a counter sale, closing a month's statements, the dashboard.

Seeds 300 producers, 5,000 products and a year of sales (about 30,000 tickets, with their
ledger rows, journal chain and daily closings) in a dedicated database, then times the three
operations. Run against its own database (the script empties it first):

    psql -h 127.0.0.1 -U postgres -c 'create database maillage_bench_shop'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_shop \\
        .venv/bin/python bench/shop_bench.py [--producers 300 --products 5000 --tickets 30000]
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from network.models import Antenna, Commune, Member, Territory, User  # noqa: E402
from shop import selectors, services  # noqa: E402
from shop.models import (  # noqa: E402
    Category,
    DailyClosing,
    JournalEntry,
    PaymentMethod,
    Product,
    Sale,
    SaleLine,
    ShopSettings,
    StockMovement,
    VatRate,
)
from shop.services.common import to_cents, vat_included  # noqa: E402
from shop.services.journal import journal_build  # noqa: E402
from shop.services.sales import sale_payload  # noqa: E402

PARIS = ZoneInfo(settings.TIME_ZONE)


def seed(*, producers: int, products: int, tickets: int, rng: random.Random) -> None:
    territory = Territory.objects.create(name="Banc d'essai", slug="banc")
    antennas = [
        Antenna.objects.create(
            territory=territory,
            name=f"Antenne {i}",
            slug=f"antenne-{i}",
            latitude=45.3 + i / 10,
            longitude=5.8,
        )
        for i in range(4)
    ]
    communes = Commune.objects.bulk_create(
        [
            Commune(
                insee_code=f"{38000 + i}",
                name=f"Commune {i}",
                postcode="38380",
                latitude=45.3,
                longitude=5.8,
                antenna=antennas[i % 4],
            )
            for i in range(40)
        ]
    )
    members = Member.objects.bulk_create(
        [
            Member(
                slug=f"producteur-{i}",
                name=f"Producteur {i}",
                antenna=communes[i % 40].antenna,
                commune=communes[i % 40],
                latitude=45.3,
                longitude=5.8,
                commission_rate=Decimal("15.00") if i % 10 == 0 else None,
            )
            for i in range(producers)
        ]
    )
    categories = [
        Category.objects.create(
            name=f"Catégorie {i}",
            slug=f"categorie-{i}",
            default_vat_rate=VatRate.FOOD if i % 2 else VatRate.STANDARD,
            commission_rate=Decimal("25.00") if i == 3 else None,
        )
        for i in range(10)
    ]
    ShopSettings.objects.update_or_create(pk=1, defaults={"commission_rate": Decimal("20.00")})
    rows = []
    for i in range(products):
        category = categories[i % 10]
        rows.append(
            Product(
                member=members[i % producers],
                name=f"Produit {i}",
                slug=f"produit-{i}",
                code=f"B{i:06d}",
                barcode=f"37700{i:08d}",
                category=category,
                price=Decimal(rng.choice(["3.90", "6.50", "9.90", "12.00", "24.00", "45.00"])),
                vat_rate=category.default_vat_rate,
            )
        )
    product_rows = Product.objects.bulk_create(rows, batch_size=2000)
    start_stock = datetime.datetime.now(tz=PARIS) - datetime.timedelta(days=370)
    StockMovement.objects.bulk_create(
        [
            StockMovement(product=p, kind=StockMovement.Kind.DEPOSIT, quantity=10_000, created_at=start_stock)
            for p in product_rows
        ],
        batch_size=5000,
    )

    member_rate = {m.pk: m.commission_rate for m in members}
    category_rate = {c.pk: c.commission_rate for c in categories}
    today = timezone.localdate()
    first_day = today - datetime.timedelta(days=365)
    per_day = tickets / 365
    sales, lines_by_sale = [], []
    number = 0
    for offset in range(365):
        day = first_day + datetime.timedelta(days=offset)
        count = max(1, round(per_day * rng.uniform(0.6, 1.4)))
        for minute in sorted(rng.randrange(0, 540) for _ in range(count)):
            number += 1
            created = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=PARIS) + datetime.timedelta(
                minutes=minute
            )
            sale = Sale(
                reference=f"TB{number:07d}",
                created_at=created,
                sold_on=day,
                payment_method=rng.choice(PaymentMethod.values),
            )
            lines = []
            for product in rng.sample(product_rows, rng.choice([1, 1, 2, 2, 3, 4])):
                quantity = rng.choice([1, 1, 1, 2])
                total = to_cents(product.price * quantity)
                rate = (
                    member_rate[product.member_id] or category_rate[product.category_id] or Decimal("20.00")
                )
                lines.append(
                    SaleLine(
                        product=product,
                        member_id=product.member_id,
                        product_name=product.name,
                        quantity=quantity,
                        unit_price=product.price,
                        vat_rate=Decimal(product.vat_rate),
                        total=total,
                        vat_amount=vat_included(total, Decimal(product.vat_rate)),
                        commission_rate=rate,
                        commission=to_cents(total * rate / 100),
                    )
                )
            sale.total = sum((line.total for line in lines), Decimal("0"))
            sale.vat_total = sum((line.vat_amount for line in lines), Decimal("0"))
            sales.append(sale)
            lines_by_sale.append(lines)
    Sale.objects.bulk_create(sales, batch_size=5000)
    all_lines, movements = [], []
    for sale, lines in zip(sales, lines_by_sale, strict=True):
        for line in lines:
            line.sale = sale
            all_lines.append(line)
            movements.append(
                StockMovement(
                    product_id=line.product_id,
                    kind=StockMovement.Kind.SALE,
                    quantity=-line.quantity,
                    sale=sale,
                    created_at=sale.created_at,
                )
            )
    SaleLine.objects.bulk_create(all_lines, batch_size=5000)
    StockMovement.objects.bulk_create(movements, batch_size=5000)
    codes = {p.pk: p for p in product_rows}
    entries, closings, previous = [], [], None
    by_day = defaultdict(list)
    for sale, lines in zip(sales, lines_by_sale, strict=True):
        by_day[sale.sold_on].append((sale, lines))
    for day in sorted(by_day):
        for sale, lines in by_day[day]:
            previous = journal_build(
                previous=previous,
                kind=JournalEntry.Kind.SALE,
                payload=sale_payload(sale, lines, codes),
                created_at=sale.created_at,
            )
            entries.append(previous)
        total = sum((s.total for s, _ in by_day[day]), Decimal("0"))
        vat = sum((s.vat_total for s, _ in by_day[day]), Decimal("0"))
        summary = {
            "day": day.isoformat(),
            "tickets": len(by_day[day]),
            "total": str(total),
            "vat_total": str(vat),
        }
        previous = journal_build(
            previous=previous,
            kind=JournalEntry.Kind.CLOSING,
            payload={"closing": summary},
            created_at=datetime.datetime.combine(day, datetime.time(19), tzinfo=PARIS),
        )
        entries.append(previous)
        closings.append(
            DailyClosing(
                day=day,
                tickets=len(by_day[day]),
                total=total,
                vat_total=vat,
                totals=summary,
                journal_sequence=previous.sequence,
            )
        )
    JournalEntry.objects.bulk_create(entries, batch_size=5000)
    DailyClosing.objects.bulk_create(closings)
    print(
        f"seeded: {len(members)} producers, {len(product_rows)} products, {len(sales)} tickets, "
        f"{len(all_lines)} ticket lines, {len(entries)} journal entries"
    )


def timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--producers", type=int, default=300)
    parser.add_argument("--products", type=int, default=5000)
    parser.add_argument("--tickets", type=int, default=30000)
    parser.add_argument("--sales", type=int, default=50, help="counter sales to time")
    args = parser.parse_args()
    if "bench" not in connection.settings_dict["NAME"]:
        sys.exit("Refusing to run: point DATABASE_URL at a dedicated *bench* database.")
    call_command("migrate", verbosity=0)
    call_command("flush", interactive=False, verbosity=0)  # TRUNCATE: allowed by the journal trigger
    rng = random.Random(7)
    _, seed_ms = timed(seed, producers=args.producers, products=args.products, tickets=args.tickets, rng=rng)
    print(f"seed time: {seed_ms / 1000:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    staff = User.objects.create_superuser(email="bench@example.org", password="bench-password")
    product_ids = list(Product.objects.values_list("pk", flat=True))
    durations = []
    for _ in range(args.sales):
        basket = {pid: rng.choice([1, 2]) for pid in rng.sample(product_ids, 3)}
        _, ms = timed(services.sale_create, quantities=basket, payment_method="card", seller=staff)
        durations.append(ms)
    durations.sort()
    print(
        f"counter sale (3 lines, {args.sales} runs): median {statistics.median(durations):.1f} ms, "
        f"p95 {durations[int(len(durations) * 0.95) - 1]:.1f} ms, max {durations[-1]:.1f} ms"
    )

    today = timezone.localdate()
    last_month = (today.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    with CaptureQueriesContext(connection) as queries:
        closed, ms = timed(services.statement_close_month, period=last_month, actor=staff)
    lines = sum(s.lines.count() for s in closed[:1]) if closed else 0
    print(
        f"close month {last_month:%m/%Y}: {len(closed)} statements closed in {ms:.0f} ms "
        f"({len(queries)} queries; first statement has {lines} lines)"
    )

    year_start = today.replace(year=today.year - 1) + datetime.timedelta(days=1)
    for granularity in ("month", "week", "day"):
        with CaptureQueriesContext(connection) as queries:
            _, ms = timed(
                selectors.dashboard_figures,
                start=year_start,
                end=today + datetime.timedelta(days=1),
                granularity=granularity,
            )
        print(f"dashboard figures, one year by {granularity}: {ms:.0f} ms ({len(queries)} queries)")
    with override_settings(STAFF_REQUIRE_MFA=False, ALLOWED_HOSTS=["*"]):
        client = Client()
        client.force_login(staff)
        client.get("/staff/boutique/tableau-de-bord/")  # warm the template cache
        times = []
        for _ in range(5):
            with CaptureQueriesContext(connection) as queries:
                response, ms = timed(client.get, "/staff/boutique/tableau-de-bord/")
            assert response.status_code == 200
            times.append(ms)
        print(
            f"dashboard page (one year by month, full render): median {statistics.median(times):.0f} ms "
            f"({len(queries)} queries)"
        )
    check, ms = timed(services.journal_verify)
    print(f"verify_journal: {check.checked} entries in {ms / 1000:.1f} s, ok={check.ok}")


if __name__ == "__main__":
    main()
