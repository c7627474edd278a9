"""Soak test (issue 18): 100 concurrent visitors for 60 s plus five 60-way races, loopback only.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench .venv/bin/python bench/workshops_seed.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/maillage_bench REDIS_URL=redis://127.0.0.1:6379/7 \\
        .venv/bin/python bench/soak.py [--seconds 60] [--visitors 100]

gunicorn (2 sync workers, production settings over HTTP). Each visitor is a thread with its own
keep-alive connection and cookies that loops, until the time is up, over a mix of pages:
catalogue, filtered catalogue, workshop pages, offer search, and bookings (form, then POST of one
seat on a random upcoming session; « Complet » is a normal answer, not an error). Halfway through,
five races start at once: 60 clients each for the 12 seats of five fresh sessions.

It stops by itself, then prints p50/p95 per page, the errors (any 5xx, timeout, or unexpected
status), the races' winners and losers, and checks the database: no session holds more seats
than its capacity, and each session's counter equals the sum of its active bookings.
Targets: 0 errors, 0 oversold.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import statistics
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
import workshops_http as wh  # noqa: E402

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
BOOK_LINK = re.compile(r'href="(/ateliers/[^"]+/seances/[0-9a-f-]+/reserver/)"')


def _setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def workshop_paths(limit: int = 300) -> list[str]:
    from workshops.models import Workshop

    published = Workshop.objects.filter(slug__startswith="bench-", is_published=True).order_by("pk")
    return [f"/ateliers/{slug}/" for slug in published.values_list("slug", flat=True)[:limit]]


class Visitor:
    """One visitor: a connection, its cookies, and what it measured."""

    def __init__(self, stats: dict, lock: threading.Lock, rng: random.Random):
        self.conn = http.client.HTTPConnection(wh.HOST, wh.PORT, timeout=60)
        self.cookies: dict[str, str] = {}
        self.stats, self.lock, self.rng = stats, lock, rng
        self.shown_400 = False

    def request(self, label: str, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{wh.HOST}:{wh.PORT}{path}"
        t0 = time.perf_counter()
        try:
            self.conn.request(method, path, body=body, headers=headers)
            response = self.conn.getresponse()
            html = response.read().decode(errors="replace")
            status = response.status
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name] = rest.split(";", 1)[0]
        except (OSError, http.client.HTTPException):
            self.conn.close()
            self.conn = http.client.HTTPConnection(wh.HOST, wh.PORT, timeout=60)
            status, html = 0, ""
        elapsed = time.perf_counter() - t0
        with self.lock:
            entry = self.stats.setdefault(label, {"times": [], "errors": 0, "statuses": {}})
            entry["times"].append(elapsed)
            entry["statuses"][status] = entry["statuses"].get(status, 0) + 1
        return status, html

    def error(self, label: str) -> None:
        with self.lock:
            self.stats[label]["errors"] += 1

    def book(self, workshop_path: str, n: int) -> None:
        status, html = self.request("workshop page", "GET", workshop_path)
        links = BOOK_LINK.findall(html)
        if status != 200:
            self.error("workshop page")
            return
        if not links:
            return  # no date with seats left: a visitor would look elsewhere
        form_path = self.rng.choice(links)
        status, html = self.request("booking form", "GET", form_path)
        match = TOKEN.search(html)
        if status != 200 or not match:
            if status != 409:  # the last seat went meanwhile
                self.error("booking form")
            return
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": match.group(1),
                "party_size": 1,
                "children": 0,
                "youngest_age": 35,  # some workshops have a minimum age: an adult alone
                "name": f"Visiteur d'endurance {n}",
                "email": f"soak{n}-{self.rng.randrange(10**9)}@example.org",
                "idempotency_key": f"soak-{n}-{self.rng.randrange(10**12)}",
            }
        )
        status, html = self.request("booking POST", "POST", form_path, body=body)
        if status == 302:
            return
        if status == 409 and ("Complet" in html or "Plus que" in html or "place" in html):
            return
        self.error("booking POST")
        if status == 400 and not self.shown_400:
            self.shown_400 = True
            start = html.find('class="errorlist')
            print("booking POST 400:", html[start : start + 300] if start >= 0 else html[:300])


def visitor_loop(n: int, stop_at: float, workshops: list[str], stats: dict, lock: threading.Lock) -> None:
    rng = random.Random(n)
    visitor = Visitor(stats, lock, rng)
    pages = [
        ("catalogue", "/ateliers/", 30),
        ("catalogue, filters", "/ateliers/?available=on&price_max=60&date_from=2027-01-10", 10),
        ("offer search", "/offres/?q=atelier", 10),
        ("offer search, weekend", "/offres/?q=bois&when=weekend", 5),
    ]
    while time.perf_counter() < stop_at:
        roll = rng.randrange(100)
        if roll < 30:
            label, path = pages[0][:2]
        elif roll < 40:
            label, path = pages[1][:2]
        elif roll < 50:
            label, path = pages[2][:2]
        elif roll < 55:
            label, path = pages[3][:2]
        elif roll < 90:
            label, path = "workshop page", rng.choice(workshops)
        else:
            visitor.book(rng.choice(workshops), n)
            continue
        status, _html = visitor.request(label, "GET", path)
        if status != 200:
            visitor.error(label)
    visitor.conn.close()


def percentile(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * q))] * 1000 if values else 0.0


def check_database(race_ids: list[int]) -> tuple[int, int]:
    from django.db.models import F, Sum

    from workshops.models import ACTIVE_BOOKING_STATUSES, Booking, Session

    oversold = Session.objects.filter(seats_booked__gt=F("capacity")).count()
    drift = 0
    touched = set(
        Booking.objects.filter(email__startswith="soak").order_by().values_list("session_id", flat=True)
    ) | set(race_ids)
    for session in Session.objects.filter(pk__in=list(touched)):
        active = session.bookings.filter(status__in=ACTIVE_BOOKING_STATUSES).aggregate(s=Sum("party_size"))
        active = active["s"] or 0
        if active != session.seats_booked or active > session.capacity:
            drift += 1
    return oversold, drift


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--visitors", type=int, default=100)
    parser.add_argument("--races", type=int, default=5)
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the seeded benchmark database.")
    _setup_django()
    workshops = workshop_paths()
    races = [wh.prepare_race_session(shift=i) for i in range(args.races)]
    os.environ.setdefault("RATE_LIMITS_ENABLED", "False")  # every visitor comes from 127.0.0.1
    server = wh.start_server()
    stats: dict = {}
    lock = threading.Lock()
    race_results: list[dict] = []
    try:
        wh.load("/ateliers/", clients=2, seconds=2, max_requests=20)
        stop_at = time.perf_counter() + args.seconds
        threads = [
            threading.Thread(target=visitor_loop, args=(n, stop_at, workshops, stats, lock))
            for n in range(args.visitors)
        ]
        for t in threads:
            t.start()
        time.sleep(args.seconds / 2)

        def one_race(path: str) -> None:
            result = wh.race(path, clients=60, sizes=[1])
            with lock:
                race_results.append(result)

        racers = [threading.Thread(target=one_race, args=(path,)) for path, _pk in races]
        for t in racers:
            t.start()
        for t in racers + threads:
            t.join()
    finally:
        server.terminate()
        server.wait(timeout=30)

    print(f"soak: {args.visitors} visitors for {args.seconds:.0f} s, gunicorn 2 workers, loopback")
    print(f"{'page':<24} {'requests':>9} {'p50 ms':>8} {'p95 ms':>8} {'errors':>7}  statuses")
    total_errors = 0
    for label, entry in sorted(stats.items()):
        total_errors += entry["errors"]
        statuses = ", ".join(f"{k}×{v}" for k, v in sorted(entry["statuses"].items()))
        print(
            f"{label:<24} {len(entry['times']):9d} {statistics.median(entry['times']) * 1000:8.1f} "
            f"{percentile(entry['times'], 0.95):8.1f} {entry['errors']:7d}  {statuses}"
        )
    race_errors = sum(r["errors"] for r in race_results)
    for i, r in enumerate(race_results, 1):
        print(
            f"race {i}: 60 clients for 12 seats — {r['winners']} winners ({r['seats_won']} seats), "
            f"{r['losers']} losers told, {r['errors']} errors, {r['total_s']:.1f} s"
        )
    oversold, drift = check_database([pk for _path, pk in races])
    seats_won = [r["seats_won"] for r in race_results]
    print(
        f"errors: {total_errors + race_errors} (target 0) — oversold sessions: {oversold} (target 0) — "
        f"counters differing from their bookings: {drift} (target 0) — seats won per race: {seats_won} (≤ 12)"
    )
    ok = total_errors + race_errors == 0 and oversold == 0 and drift == 0 and all(s <= 12 for s in seats_won)
    print("OK" if ok else "OVER TARGET")


if __name__ == "__main__":
    main()
