"""Benchmark: the public directory with many members, and racing acceptances.

    psql -h 127.0.0.1 -U postgres -c 'create database maillage_bench_network'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench_network \\
        .venv/bin/python bench/network_bench.py [--members 2000] [--runs 60] [--threads 8]

Seeds members spread over the Chartreuse communes (idempotent: reuses them on a second run),
then measures full HTTP requests of the directory page (list page of 24 + map of all matches):
plain, « near Saint-Pierre-de-Chartreuse, < 20 min » and a text search. Prints p50/p95/max in
ms and the number of SQL queries per request. Then N threads accept N applications for one
remaining place: prints how many succeeded (must be 1) and the wall time.
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

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from network import demo, services  # noqa: E402
from network.models import CapacityRule, Commune, Craft, Member, MembershipApplication, User  # noqa: E402


def seed(n: int) -> None:
    demo.load()
    existing = Member.objects.filter(slug__startswith="bench-").count()
    communes = list(Commune.objects.exclude(antenna=None))
    crafts = list(Craft.objects.all())
    to_create = []
    for i in range(existing, n):
        c = communes[i % len(communes)]
        to_create.append(
            Member(
                slug=f"bench-{i}",
                name=f"Atelier banc d'essai {i}",
                antenna_id=c.antenna_id,
                commune=c,
                latitude=c.latitude + ((i * 7919) % 200 - 100) / 10000,
                longitude=c.longitude + ((i * 104729) % 200 - 100) / 10000,
                description="Objets en bois tourné, miel et confitures de montagne.",
                status="active",
            )
        )
    created = Member.objects.bulk_create(to_create, batch_size=1000)
    through = Member.crafts.through
    through.objects.bulk_create(
        [through(member_id=m.pk, craft_id=crafts[k % len(crafts)].pk) for k, m in enumerate(created)],
        batch_size=2000,
    )


def measure(client: Client, url: str, runs: int) -> tuple[list[float], int]:
    timings = []
    queries = 0
    for _ in range(runs):
        reset_queries()
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
        queries = len(connection.queries)
    return timings, queries


def race(threads: int) -> tuple[int, float]:
    craft, _ = Craft.objects.get_or_create(slug="bench-race", defaults={"name": "Course (banc d'essai)"})
    commune = Commune.objects.exclude(antenna=None).first()
    CapacityRule.objects.update_or_create(antenna=commune.antenna, craft=craft, defaults={"max_members": 1})
    Member.objects.filter(crafts=craft).update(status="left")
    MembershipApplication.objects.filter(crafts=craft).delete()
    apps = []
    for i in range(threads):
        a = MembershipApplication.objects.create(
            business_name=f"Course {i}",
            contact_name="Banc Essai",
            email=f"race{i}-{time.time_ns()}@bench.example",
            commune=commune,
            antenna=commune.antenna,
            description="-",
            consent_at=timezone.now(),
        )
        a.crafts.set([craft])
        apps.append(a)
    staff = User.objects.get(email="admin@maillage.demo")
    barrier = threading.Barrier(threads)
    ok = []

    def run(app):
        try:
            barrier.wait()
            services.application_accept(application=app, actor=staff)
            ok.append(app.pk)
        except Exception:  # noqa: BLE001,S110 - refused ones are expected
            pass
        finally:
            connection.close()

    start = time.perf_counter()
    workers = [threading.Thread(target=run, args=(a,)) for a in apps]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return len(ok), (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    seed(args.members)
    print(
        f"seed: {Member.objects.filter(status='active').count()} active members "
        f"({time.perf_counter() - start:.1f} s)"
    )
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
        for label, url in (
            ("directory (all)", "/reseau/"),
            ("near 38442 < 20 min", "/reseau/?near=38442&within=20"),
            ("text « miel »", "/reseau/?q=miel"),
        ):
            client.get(url)
            timings, queries = measure(client, url, args.runs)
            timings.sort()
            print(
                f"{label:<22} p50 {statistics.median(timings):7.1f} ms  "
                f"p95 {timings[int(len(timings) * 0.95) - 1]:7.1f} ms  max {timings[-1]:7.1f} ms  "
                f"{queries} queries"
            )
        succeeded, wall = race(args.threads)
    print(f"race: {args.threads} threads for 1 place -> {succeeded} accepted in {wall:.0f} ms")


if __name__ == "__main__":
    main()
