"""Benchmark seed: 2,000 workshops and 50,000 sessions (with bookings) in a dedicated database.

    psql -h 127.0.0.1 -U postgres -c 'create database maillage_bench'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench .venv/bin/python bench/workshops_seed.py

Idempotent: it removes the rows it created before (slugs starting with "bench-") and seeds again.
Prints the row counts and the time taken.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
if not os.environ.get("DATABASE_URL"):
    sys.exit("Set DATABASE_URL to a dedicated database (e.g. .../maillage_bench).")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from network.models import Antenna, Commune, Craft, Member, Territory  # noqa: E402
from workshops.models import Booking, Session, Workshop  # noqa: E402

WORDS = [
    "bol",
    "toupie",
    "panier",
    "couteau",
    "écharpe",
    "bougie",
    "fromage",
    "miel",
    "vase",
    "cuillère",
    "plaid",
    "tisane",
    "savon",
    "cadre",
    "tabouret",
    "assiette",
]
VERBS = ["Tourner", "Tresser", "Forger", "Tisser", "Modeler", "Couler", "Mouler", "Sculpter", "Graver"]


def seed(*, workshops: int, sessions_per_workshop: int, members: int) -> None:
    rng = random.Random(20261122)
    Booking.objects.filter(session__workshop__slug__startswith="bench-").delete()
    Session.objects.filter(workshop__slug__startswith="bench-").delete()
    Workshop.objects.filter(slug__startswith="bench-").delete()
    Member.objects.filter(slug__startswith="bench-").delete()
    territory, _ = Territory.objects.get_or_create(slug="bench", defaults={"name": "Bench"})
    antennas = [
        Antenna.objects.update_or_create(
            slug=f"bench-{i}",
            defaults={
                "name": f"Antenne bench {i}",
                "territory": territory,
                "latitude": 45.3 + i / 20,
                "longitude": 5.7 + i / 20,
            },
        )[0]
        for i in range(5)
    ]
    communes = [
        Commune.objects.update_or_create(
            insee_code=f"9{i:04d}",
            defaults={
                "name": f"Commune bench {i}",
                "postcode": "38000",
                "latitude": 45.2 + (i % 10) / 25,
                "longitude": 5.6 + (i // 10) / 25,
                "antenna": antennas[i % 5],
            },
        )[0]
        for i in range(50)
    ]
    crafts = [
        Craft.objects.update_or_create(slug=f"bench-craft-{i}", defaults={"name": f"Savoir-faire bench {i}"})[
            0
        ]
        for i in range(12)
    ]
    member_rows = []
    for i in range(members):
        commune = communes[i % len(communes)]
        member_rows.append(
            Member(
                slug=f"bench-membre-{i}",
                name=f"Atelier bench {i}",
                antenna=commune.antenna,
                commune=commune,
                latitude=commune.latitude + rng.uniform(-0.01, 0.01),
                longitude=commune.longitude + rng.uniform(-0.01, 0.01),
                status=Member.Status.ACTIVE,
                description="Artisan du banc d'essai.",
            )
        )
    member_objs = Member.objects.bulk_create(member_rows, batch_size=1000)
    workshop_rows = []
    for i in range(workshops):
        member = member_objs[i % len(member_objs)]
        hi = rng.choice([6, 8, 10, 12])
        workshop_rows.append(
            Workshop(
                member=member,
                slug=f"bench-atelier-{i}",
                title=f"{rng.choice(VERBS)} un {rng.choice(WORDS)} ({i})",
                craft=crafts[i % len(crafts)],
                summary="Un atelier du banc d'essai.",
                description="Description de l'atelier. " * 20,
                duration_minutes=rng.choice([90, 120, 180]),
                price=Decimal(rng.choice([20, 35, 45, 60])),
                child_price=Decimal(15),
                min_participants=2,
                max_participants=hi,
                min_age=rng.choice([0, 6, 12]),
                languages=rng.sample(["fr", "en", "it", "de"], 2),
                audiences=rng.sample(["families", "children", "adults", "groups", "schools", "seniors"], 2),
                commune=member.commune,
                latitude=member.latitude,
                longitude=member.longitude,
            )
        )
    workshop_objs = Workshop.objects.bulk_create(workshop_rows, batch_size=1000)
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    session_rows, planned = [], []
    for w in workshop_objs:
        # Distinct start hours per workshop (one live session per workshop and start).
        for hour in rng.sample(range(-24 * 30, 24 * 150), sessions_per_workshop):
            start = now + datetime.timedelta(hours=hour)
            booked = rng.choice([0, 0, 0, 2, 4, w.max_participants])
            planned.append(booked)
            session_rows.append(
                Session(
                    workshop=w,
                    start=start,
                    end=start + datetime.timedelta(minutes=w.duration_minutes),
                    capacity=w.max_participants,
                    seats_booked=booked,
                    go_no_go_at=start - datetime.timedelta(hours=48),
                )
            )
    session_objs = Session.objects.bulk_create(session_rows, batch_size=2000)
    booking_rows = []
    for session, booked in zip(session_objs, planned, strict=True):
        left = booked
        n = 0
        while left > 0:
            size = min(2, left)
            booking_rows.append(
                Booking(
                    session=session,
                    name=f"Visiteur {n}",
                    email=f"v{n}@example.org",
                    party_size=size,
                    price=session.workshop.price * size,
                )
            )
            left -= size
            n += 1
    Booking.objects.bulk_create(booking_rows, batch_size=5000)
    print(
        f"members: {len(member_objs)}, workshops: {len(workshop_objs)}, sessions: {len(session_objs)}, "
        f"bookings: {len(booking_rows)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--workshops", type=int, default=2000)
    parser.add_argument("--sessions", type=int, default=50000)
    parser.add_argument("--members", type=int, default=400)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    with transaction.atomic():
        seed(
            workshops=args.workshops,
            sessions_per_workshop=args.sessions // args.workshops,
            members=args.members,
        )
    print(f"seeded in {time.perf_counter() - started:.1f} s")
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
