"""Tills and baskets spending the same voucher at once, against real PostgreSQL: the balance
never goes below zero and every accepted spending is in the ledger."""

import contextlib
import threading
from decimal import Decimal

import pytest
from django.db import connection

from tests.factories.vouchers import issued_voucher
from vouchers import exceptions as errors
from vouchers import services
from vouchers.models import Voucher

pytestmark = pytest.mark.django_db(transaction=True)


def test_eight_spendings_of_15_on_a_50_voucher_exactly_three_pass():
    voucher = issued_voucher("50.00")
    barrier = threading.Barrier(8)
    results: list = [None] * 8

    def worker(i: int):
        try:
            barrier.wait()
            try:
                results[i] = services.voucher_redeem(code=voucher.code, amount="15", reference=f"T-{i}")
            except errors.VoucherError as exc:
                results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    passed = [r for r in results if not isinstance(r, errors.VoucherError)]
    assert len(passed) == 3
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("5.00")
    assert sum(m.amount for m in voucher.movements.all()) == voucher.balance


def test_partial_spendings_at_once_take_exactly_the_balance():
    voucher = issued_voucher("50.00")
    barrier = threading.Barrier(6)

    def worker(i: int):
        try:
            barrier.wait()
            with contextlib.suppress(errors.VoucherError):
                services.voucher_redeem(code=voucher.code, amount="12", reference=f"B-{i}", partial=True)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    voucher = Voucher.objects.get(pk=voucher.pk)
    assert voucher.balance == 0
    taken = -sum(m.amount for m in voucher.movements.filter(kind="redeem"))
    assert taken == Decimal("50.00")
