"""A staff refund of a voucher purchase and tills spending the same voucher at once (real
PostgreSQL + localstripe): both queue on the voucher's row lock, so they never succeed together
beyond the balance, and the ledger adds up."""

from __future__ import annotations

from decimal import Decimal

import pytest

from payments import services as payment_services
from payments.models import Refund
from tests.concurrency import run_at_once
from tests.factories.network import StaffUserFactory
from tests.localstripe import card_token, localstripe_url, stripe_on  # noqa: F401
from vouchers import services
from vouchers.models import Voucher
from vouchers.payment import voucher_payment_start

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_refund_and_redeems_racing_never_take_more_than_the_balance(stripe_on):  # noqa: F811
    staff = StaffUserFactory()
    order = services.voucher_order_create(
        buyer_name="Zoé", buyer_email="zoe@example.org", amount=Decimal("50")
    )
    payment = voucher_payment_start(voucher=order)
    payment_services.payment_confirm(payment=payment, card_token=card_token(stripe_on))
    voucher = Voucher.objects.get(pk=order.pk)
    assert voucher.balance == Decimal("50.00")

    def act(i):
        if i == 0:
            return payment_services.refund_create(
                payment_id=payment.pk, amount="40", reason="course", actor=staff
            )
        return services.voucher_redeem(code=voucher.code, amount="15", reference=f"ticket:R{i}")

    results = run_at_once(5, act)
    refund_won = isinstance(results[0], Refund)
    redeemed = sum(Decimal(15) for r in results[1:] if not isinstance(r, Exception))
    voucher.refresh_from_db()
    refunded = Decimal(40) if refund_won else Decimal(0)
    assert refunded + redeemed <= Decimal(50)
    assert voucher.balance == Decimal(50) - refunded - redeemed >= 0
    assert sum(m.amount for m in voucher.movements.all()) == voucher.balance
    assert Refund.objects.count() == (1 if refund_won else 0)
    # The refund wins only if it came first (any spending leaves less than 40): then no 15 fits in
    # the 10 left. Otherwise three spendings of 15 pass and the refund is refused with its reason.
    if refund_won:
        assert redeemed == 0 and voucher.balance == Decimal("10.00")
    else:
        assert redeemed == Decimal(45) and "n'a plus que" in str(results[0].message)
    losers = [r for r in results if isinstance(r, Exception)]
    assert all(hasattr(r, "message") for r in losers)
