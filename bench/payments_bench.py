"""Benchmark of card payments: stay checkout creation, webhook processing, the hold-expiry sweep.

Starts localstripe on a free loopback port, migrates and uses the database of DATABASE_URL
(use a scratch one: the script empties it), then prints p50/p95 beside the targets:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/mlg_payments \\
        .venv/bin/python bench/payments_bench.py [--runs 20 --pending 10000]
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import subprocess
import sys
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
from django.utils import timezone  # noqa: E402

from tests import localstripe  # noqa: E402

TARGETS = {"checkout": 300.0, "webhook": 100.0, "sweep_per_1000": 2000.0}


def pct(values, q):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q / 100 * (len(values) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--pending", type=int, default=10000)
    args = parser.parse_args()

    port = localstripe.free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "localstripe", "--port", str(port), "--from-scratch"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        localstripe._wait(port)
        base = f"http://127.0.0.1:{port}"
        settings.PAYMENTS_PROVIDER = "stripe"
        settings.STRIPE_SECRET_KEY = localstripe.SECRET_KEY
        settings.STRIPE_PUBLISHABLE_KEY = localstripe.PUBLISHABLE_KEY
        settings.STRIPE_WEBHOOK_SECRET = localstripe.WEBHOOK_SECRET
        settings.STRIPE_API_BASE = base
        settings.CELERY_TASK_ALWAYS_EAGER = True
        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
        call_command("migrate", verbosity=0)
        call_command("flush", interactive=False, verbosity=0)  # factories need an empty database
        run(args)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def run(args) -> None:
    from pages.services import SeatRequest, stay_checkout
    from payments import services
    from payments.models import Payment
    from tests.factories.workshops import SessionFactory, WorkshopFactory

    workshop = WorkshopFactory(price=Decimal("35.00"), child_price=None, max_participants=8)
    start = timezone.now() + datetime.timedelta(days=10)
    session = SessionFactory(workshop=workshop, start=start, capacity=2 * args.runs + 10)

    checkout_ms, webhook_ms, payments = [], [], []
    for i in range(args.runs):
        t0 = time.perf_counter()
        result = stay_checkout(
            idempotency_key=uuid.uuid4(),
            seats=[SeatRequest(session_id=session.pk, public_id=str(session.public_id), party_size=2)],
            products={},
            name=f"Bench {i}",
            email=f"bench{i}@example.org",
            pay_online=True,
        )
        payment = services.payment_intent_ensure(payment=Payment.objects.get(public_id=result.payment_id))
        checkout_ms.append((time.perf_counter() - t0) * 1000)
        payments.append(payment)

    for payment in payments:
        body, header = localstripe.signed(
            {
                "id": f"evt_bench_{uuid.uuid4().hex}",
                "type": "payment_intent.succeeded",
                "data": {"object": {"id": payment.provider_ref, "object": "payment_intent"}},
            }
        )
        t0 = time.perf_counter()
        services.webhook_receive(provider_name="stripe", payload=body, headers={"Stripe-Signature": header})
        webhook_ms.append((time.perf_counter() - t0) * 1000)
    confirmed = Payment.objects.filter(
        pk__in=[p.pk for p in payments], status=Payment.Status.SUCCEEDED
    ).count()

    past = timezone.now() - datetime.timedelta(minutes=1)
    Payment.objects.bulk_create(
        [
            Payment(
                reference_kind="bench.pending",
                reference_id=f"{uuid.uuid4().hex}",
                amount=Decimal("35.00"),
                email="bench@example.org",
                provider="stripe",
                expires_at=past,
            )
            for _ in range(args.pending)
        ],
        batch_size=2000,
    )
    t0 = time.perf_counter()
    swept = 0
    while True:
        n = services.payments_expire_due(batch=500)
        swept += n
        if n == 0:
            break
    sweep_s = time.perf_counter() - t0

    load = os.getloadavg()
    print(
        f"machine load (1/5/15 min): {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on {os.cpu_count()} cores"
    )
    print(
        f"checkout creation (2 seats held + payment + intent), {args.runs} runs: "
        f"p50 {statistics.median(checkout_ms):.0f} ms, p95 {pct(checkout_ms, 95):.0f} ms "
        f"(target p95 <= {TARGETS['checkout']:.0f} ms)"
    )
    print(
        f"webhook processing (signed, applied, bookings confirmed, e-mails eager): "
        f"p50 {statistics.median(webhook_ms):.0f} ms, p95 {pct(webhook_ms, 95):.0f} ms "
        f"(target p95 <= {TARGETS['webhook']:.0f} ms); {confirmed}/{args.runs} confirmed"
    )
    per_1000 = sweep_s * 1000 / max(swept, 1) * 1000
    print(
        f"hold-expiry sweep: {swept} pending payments expired in {sweep_s:.1f} s "
        f"({per_1000:.0f} ms per 1,000; target <= {TARGETS['sweep_per_1000']:.0f} ms per 1,000)"
    )


if __name__ == "__main__":
    main()
