"""HTTP benchmark of the workshops pages, served by gunicorn (2 workers), loopback only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench .venv/bin/python bench/workshops_seed.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench .venv/bin/python bench/workshops_http.py

1. requests/s, p50 and p99 latency at 16 concurrent clients (threads + http.client, keep-alive)
   for a bare Django view, the catalogue and a workshop page, each for a bounded time/count;
2. a 60-client race for the 12 seats of a fresh session over HTTP: each client loads the
   booking form (CSRF token), all post at once; prints winners, losers, errors, total time.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


PORT = _free_port()


def server_env() -> dict:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "bench.workshops_settings",
            "SECRET_KEY": "bench-only-secret-key-0123456789",
            "ALLOWED_HOSTS": HOST,
            "EMAIL_URL": "dummymail://",
            "DEBUG": "False",
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def start_server() -> subprocess.Popen:
    proc = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi:application",
            "--workers",
            "2",
            "--bind",
            f"{HOST}:{PORT}",
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=server_env(),
    )
    deadline = time.time() + 30
    while time.time() < deadline:
        if proc.poll() is not None:
            sys.exit("gunicorn exited")
        try:
            conn = http.client.HTTPConnection(HOST, PORT, timeout=2)
            conn.request("GET", "/bench/bare/")
            if conn.getresponse().status == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    sys.exit("gunicorn did not start")


def load(path: str, *, clients: int, seconds: float, max_requests: int) -> dict:
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds
    counter = iter(range(max_requests))

    def worker():
        nonlocal errors
        conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
        mine, bad = [], 0
        while time.perf_counter() < stop_at:
            with lock:
                if next(counter, None) is None:
                    break
            t0 = time.perf_counter()
            try:
                conn.request("GET", path)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    bad += 1
            except (OSError, http.client.HTTPException):
                bad += 1
                conn.close()
                conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
            mine.append(time.perf_counter() - t0)
        with lock:
            latencies.extend(mine)
            errors += bad
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
    }


def _cookie(response, name: str) -> str | None:
    for header, value in response.getheaders():
        if header.lower() == "set-cookie" and value.startswith(f"{name}="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


def race(path: str, *, clients: int, sizes: list[int]) -> dict:
    prepared: list[tuple[str, str]] = []
    for _ in range(clients):
        conn = http.client.HTTPConnection(HOST, PORT, timeout=30)
        conn.request("GET", path)
        response = conn.getresponse()
        html = response.read().decode()
        cookie = _cookie(response, "csrftoken")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
        prepared.append((cookie, token))
        conn.close()
    barrier = threading.Barrier(clients)
    outcomes: list[tuple[str, float, int]] = [None] * clients

    def worker(i: int):
        cookie, token = prepared[i]
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "party_size": sizes[i % len(sizes)],
                "children": 0,
                "name": f"Visiteur {i}",
                "email": f"course{i}@example.org",
                "idempotency_key": f"race-{i}-{time.time()}",
            }
        )
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={cookie}",
            "Referer": f"http://{HOST}:{PORT}{path}",
        }
        conn = http.client.HTTPConnection(HOST, PORT, timeout=60)
        barrier.wait()
        t0 = time.perf_counter()
        try:
            conn.request("POST", path, body=body, headers=headers)
            response = conn.getresponse()
            html = response.read().decode()
            if response.status == 302:
                kind = "winner"
            elif response.status == 409 and ("Complet" in html or "Plus que" in html):
                kind = "loser"
            else:
                kind = f"error {response.status}"
        except (OSError, http.client.HTTPException) as exc:
            kind = f"error {exc.__class__.__name__}"
        outcomes[i] = (kind, time.perf_counter() - t0, sizes[i % len(sizes)])
        conn.close()

    started = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    total = time.perf_counter() - started
    winners = [o for o in outcomes if o[0] == "winner"]
    losers = [o for o in outcomes if o[0] == "loser"]
    return {
        "winners": len(winners),
        "seats_won": sum(o[2] for o in winners),
        "losers": len(losers),
        "errors": clients - len(winners) - len(losers),
        "total_s": total,
        "max_winner_ms": max((o[1] for o in winners), default=0) * 1000,
        "max_loser_ms": max((o[1] for o in losers), default=0) * 1000,
    }


def prepare_race_session(shift: int = 0) -> tuple[str, int]:
    """A fresh 12-seat session on a bench workshop (a new one each run)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    import datetime

    import django

    django.setup()
    from django.utils import timezone

    from workshops.models import Session, Workshop

    workshop = Workshop.objects.get(slug="bench-atelier-0")
    Workshop.objects.filter(pk=workshop.pk).update(max_participants=12, min_age=0)
    start = timezone.now().replace(second=0, microsecond=0) + datetime.timedelta(
        days=200 + shift, minutes=int(time.time()) % 100000
    )
    session = Session.objects.create(
        workshop=workshop,
        start=start,
        end=start + datetime.timedelta(hours=2),
        capacity=12,
        go_no_go_at=start - datetime.timedelta(hours=48),
    )
    return f"/ateliers/{workshop.slug}/seances/{session.public_id}/reserver/", session.pk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--max-requests", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=16)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the seeded benchmark database.")
    race_path, race_session_id = prepare_race_session()
    proc = start_server()
    try:
        pages = [
            ("bare Django view", "/bench/bare/"),
            ("catalogue", "/ateliers/"),
            ("catalogue, seats left near a commune", "/ateliers/?available=on&commune=90012&minutes=20"),
            ("workshop page", "/ateliers/bench-atelier-42/"),
        ]
        for _label, path in pages:  # warm-up: connections, template caches
            load(path, clients=2, seconds=1, max_requests=20)
        print(
            f"gunicorn 2 workers, {args.clients} concurrent clients, {args.seconds:.0f} s or "
            f"{args.max_requests} requests per page"
        )
        for label, path in pages:
            r = load(path, clients=args.clients, seconds=args.seconds, max_requests=args.max_requests)
            print(
                f"  {label:<40} {r['rps']:8.1f} req/s  p50 {r['p50']:7.1f} ms  p99 {r['p99']:7.1f} ms"
                f"  ({r['requests']} requests, {r['errors']} errors)"
            )
        result = race(race_path, clients=60, sizes=[1, 2, 3, 1])
        from workshops.models import Session

        session = Session.objects.get(pk=race_session_id)
        print(
            f"race, 60 clients for 12 seats over HTTP: {result['winners']} winners "
            f"({result['seats_won']} seats), "
            f"{result['losers']} losers told 'Complet'/'Plus que N places', {result['errors']} errors, "
            f"total {result['total_s']:.2f} s, slowest winner {result['max_winner_ms']:.0f} ms, "
            f"slowest loser {result['max_loser_ms']:.0f} ms; seats booked in database: "
            f"{session.seats_booked}/{session.capacity}"
        )
    finally:
        proc.terminate()
        proc.wait(timeout=20)


if __name__ == "__main__":
    main()
