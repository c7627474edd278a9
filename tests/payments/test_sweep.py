"""The hold-expiry sweep works in chunks (one transaction per chunk, rows taken SKIP LOCKED): every
due payment expires once with its hook, a failing hook leaves only its own payment open."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from payments import hooks, services
from payments.models import Payment

pytestmark = pytest.mark.django_db

KIND = "test.sweep"


def _due(n: int, **kwargs) -> list[Payment]:
    past = timezone.now() - datetime.timedelta(minutes=1)
    return Payment.objects.bulk_create(
        Payment(
            reference_kind=KIND,
            reference_id=uuid.uuid4().hex,
            amount=Decimal("35.00"),
            email="v@example.org",
            provider="stripe",
            expires_at=past,
            **kwargs,
        )
        for _ in range(n)
    )


@pytest.fixture
def expired_calls():
    calls: list[str] = []

    def handler(*, payment):
        if payment.reference_id == "boom":
            raise RuntimeError("hook failed")
        calls.append(payment.reference_id)

    hooks.register(f"{KIND}:expired", handler)
    yield calls
    hooks.unregister(f"{KIND}:expired", handler)


def test_the_sweep_expires_every_due_payment_once_across_chunks(expired_calls):
    payments = _due(23)
    Payment.objects.create(
        reference_kind=KIND,
        reference_id="later",
        amount=Decimal("1"),
        email="v@example.org",
        provider="stripe",
        expires_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    assert services.payments_expire_due(batch=20, chunk=7) == 20
    assert services.payments_expire_due(batch=20, chunk=7) == 3
    assert services.payments_expire_due(batch=20, chunk=7) == 0
    assert sorted(expired_calls) == sorted(p.reference_id for p in payments)
    assert Payment.objects.filter(status=Payment.Status.EXPIRED).count() == 23
    assert Payment.objects.get(reference_id="later").status == Payment.Status.PENDING


def test_a_failing_hook_leaves_only_its_payment_open(expired_calls):
    _due(5)
    bad = Payment.objects.filter(reference_kind=KIND).order_by("pk")[2]
    Payment.objects.filter(pk=bad.pk).update(reference_id="boom")
    assert services.payments_expire_due(chunk=2) == 4
    bad.refresh_from_db()
    assert bad.status == Payment.Status.PENDING and len(expired_calls) == 4
