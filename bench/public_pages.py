"""Benchmark of issue « fast public pages »: workshop page and catalogue against a bare view.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench .venv/bin/python bench/workshops_seed.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/public_pages.py [--seconds 10]

gunicorn (2 sync workers, production settings over HTTP, Redis cache), loopback only. For each
page: req/s at 16 clients and p50 at one client with the cache warm (anonymous visitors), as
ratios to the bare view; then the cold cost (page cache off): worker CPU per request, read from
the workers' own CPU time. Finally a booking of the last seat and the next view says « Complet ».
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import workshops_http as wh  # noqa: E402

TARGET_RATIO = 0.25
TARGET_P50_MS = 5.0
TARGET_COLD_CPU_MS = 12.0


def pages() -> list[tuple[str, str]]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from workshops.models import Workshop

    slug = (
        Workshop.objects.filter(slug__startswith="bench-", is_published=True)
        .order_by("pk")
        .values_list("slug", flat=True)[10]
    )
    return [
        ("bare view", "/bench/bare/"),
        ("catalogue", "/ateliers/"),
        (
            "catalogue, filters",
            "/ateliers/?available=on&date_from=2027-01-10&price_max=60&commune=38442&within=30",
        ),
        ("workshop page", f"/ateliers/{slug}/"),
    ]


def worker_cpu(proc: psutil.Process) -> float:
    return sum(c.cpu_times().user + c.cpu_times().system for c in proc.children(recursive=True))


def one_client_p50(path: str, count: int = 200) -> float:
    return wh.load(path, clients=1, seconds=30, max_requests=count)["p50"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    targets = pages()

    print("warm cache (anonymous visitors), gunicorn 2 workers")
    server = wh.start_server()
    try:
        results = {}
        for name, path in targets:
            wh.load(path, clients=2, seconds=2, max_requests=50)  # warm
            heavy = wh.load(path, clients=16, seconds=args.seconds, max_requests=200_000)
            p50 = one_client_p50(path)
            results[name] = (heavy, p50)
        bare_rps = results["bare view"][0]["rps"]
        print(
            f"{'page':<20} {'req/s':>8} {'ratio':>7} {'p50 1 client':>13} {'errors':>7}   targets: ratio ≥ "
            f"{TARGET_RATIO:.0%}, p50 ≤ {TARGET_P50_MS:.0f} ms"
        )
        for name, (heavy, p50) in results.items():
            ratio = heavy["rps"] / bare_rps
            ok = name == "bare view" or (ratio >= TARGET_RATIO and p50 <= TARGET_P50_MS)
            print(
                f"{name:<20} {heavy['rps']:8.1f} {ratio:7.1%} {p50:10.1f} ms {heavy['errors']:7d}   "
                f"{'ok' if ok else 'OVER'}"
            )
    finally:
        server.terminate()
        server.wait()

    print("\ncold (page cache off: every request renders), worker CPU per request")
    os.environ["PAGE_CACHE_ENABLED"] = "False"
    server = wh.start_server()
    try:
        parent = psutil.Process(server.pid)
        for name, path in targets[1:]:
            wh.load(path, clients=2, seconds=2, max_requests=20)
            before = worker_cpu(parent)
            run = wh.load(path, clients=4, seconds=args.seconds, max_requests=300)
            cpu_ms = (worker_cpu(parent) - before) * 1000 / max(run["requests"], 1)
            verdict = "ok" if cpu_ms <= TARGET_COLD_CPU_MS else "OVER"
            print(
                f"{name:<20} {cpu_ms:8.1f} ms CPU/request (target ≤ {TARGET_COLD_CPU_MS:.0f} ms)  {verdict}"
            )
    finally:
        server.terminate()
        server.wait()
        os.environ.pop("PAGE_CACHE_ENABLED", None)


if __name__ == "__main__":
    main()
