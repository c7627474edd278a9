"""Benchmark: the public API's and the open-data feed's list endpoints over 50,000 offers.

    psql -h 127.0.0.1 -U postgres -c 'create database maillage_bench_offers'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_offers \\
        .venv/bin/python bench/partners_api.py [--offers 50000] [--runs 200]

Seeds the offers like bench/offers_search.py (reused when already there), adds 300 workshops
with sessions, then requests each endpoint's first page through Django's test client (the
whole stack but the socket: middleware, ninja, serialisation) and prints p50/p95 in ms beside
the target (p95 < 50 ms).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import offers_search  # noqa: E402

from network.models import Craft, Member  # noqa: E402
from workshops.models import Session, Workshop  # noqa: E402

TARGET_MS = 50.0


def seed_workshops(count: int, rng: random.Random) -> None:
    if Workshop.objects.filter(slug__startswith="bench-").count() >= count:
        return
    members = list(Member.objects.filter(status="active")[:50])
    if not members:
        call_command("load_demo", verbosity=0)
        members = list(Member.objects.filter(status="active")[:50])
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    for n in range(count):
        member = rng.choice(members)
        workshop, _ = Workshop.objects.get_or_create(
            slug=f"bench-{n}",
            defaults={
                "member": member,
                "craft": member.crafts.first() or Craft.objects.first(),
                "title": f"Atelier {n}",
                "description": "Atelier de démonstration.",
                "duration_minutes": 120,
                "price": Decimal("30.00"),
                "commune": member.commune,
                "latitude": member.latitude,
                "longitude": member.longitude,
                "is_published": True,
            },
        )
        Session.objects.bulk_create(
            [
                Session(
                    workshop=workshop,
                    start=now + dt.timedelta(days=d + 1, hours=10),
                    end=now + dt.timedelta(days=d + 1, hours=12),
                    capacity=8,
                    go_no_go_at=now + dt.timedelta(days=d - 1, hours=10),
                )
                for d in range(0, 60, 7)
            ]
        )


def measure(client: Client, url: str, runs: int) -> tuple[float, float]:
    for _ in range(5):
        client.get(url)
    timings = []
    for _ in range(runs):
        t0 = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--offers", type=int, default=50_000)
    parser.add_argument("--workshops", type=int, default=300)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    rng = random.Random(7)
    call_command("migrate", verbosity=0)
    from offers.models import Offer

    if Offer.objects.filter(slug__startswith="bench-").count() != args.offers:
        offers_search.seed(args.offers, rng)
    seed_workshops(args.workshops, rng)
    client = Client(HTTP_HOST="127.0.0.1")
    print(f"{'endpoint':<48} {'p50 ms':>8} {'p95 ms':>8}  target p95 < {TARGET_MS:.0f} ms")
    with override_settings(PARTNERS_API_ANON_PER_MINUTE=1_000_000):
        for url in (
            "/api/v1/offers",
            "/api/v1/offers?family=heritage",
            "/api/v1/offers?q=miel",
            "/api/v1/workshops",
            "/api/v1/members",
            "/partenaires/donnees-ouvertes/offres.jsonld",
            "/partenaires/donnees-ouvertes/ateliers.jsonld",
        ):
            cache.clear()
            p50, p95 = measure(client, url, args.runs)
            verdict = "ok" if p95 < TARGET_MS else "OVER"
            print(f"{url:<48} {p50:8.1f} {p95:8.1f}  {verdict}")


if __name__ == "__main__":
    main()
