"""The artisan's statement when an online stay was paid partly by gift voucher: the voucher's
share is revenue, and giving it back to the voucher is a refund of the month it happens in,
exactly like a card refund (pay13b)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from common.models import ActionLog
from payments import services
from payments.models import Payment, Refund
from payouts.selectors import month_figures, workshop_statement_rows
from shop.models import ShopSettings, Statement
from shop.services.common import to_cents
from shop.services.statements import statement_close_month
from tests.payments.conftest import card_and_voucher_stay
from tests.payouts.conftest import at, last_month
from vouchers.models import Movement
from workshops.services import booking_cancel

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def paid_stay(stripe_on, django_capture_on_commit_callbacks):
    """70 € of seats (2 × 35 €): 50 € by voucher, 20 € by card (paid)."""
    return card_and_voucher_stay(stripe_on, django_capture_on_commit_callbacks, days_ahead=20)


def _this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def _commission(amount: str) -> Decimal:
    return to_cents(Decimal(amount) * ShopSettings.load().commission_rate / Decimal(100))


def _totals(rows) -> tuple[Decimal, Decimal]:
    return sum((r["gross"] for r in rows), Decimal("0")), sum((r["commission"] for r in rows), Decimal("0"))


def test_a_cancelled_stay_paid_20_by_card_and_50_by_voucher_nets_zero(
    paid_stay, django_capture_on_commit_callbacks
):
    payment, voucher, booking = paid_stay
    member = booking.session.workshop.member
    before = workshop_statement_rows(period=_this_month(), member_ids=[member.pk])[member.pk]
    assert _totals(before) == (Decimal("70.00"), _commission("70.00"))
    assert before[0]["name"].endswith("places réglées en ligne (carte ou bon cadeau)")

    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking_id=booking.pk, override_deadline=True)
        booking_cancel(booking_id=booking.pk, override_deadline=True)  # twice: nothing more

    assert Refund.objects.get(payment=payment).amount == Decimal("20.00")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("50.00")
    assert voucher.movements.filter(kind=Movement.Kind.RECREDIT).count() == 1
    rows = workshop_statement_rows(period=_this_month(), member_ids=[member.pk])[member.pk]
    assert sorted(r["gross"] for r in rows) == [Decimal("-70.00"), Decimal("70.00")]
    assert _totals(rows) == (Decimal("0.00"), Decimal("0.00"))
    (month,) = month_figures(period=_this_month(), member=member)
    assert (month.workshop_gross, month.refunds) == (Decimal("70.00"), Decimal("70.00"))
    assert month.net == Decimal("0.00")


def test_a_staff_refund_of_35_split_card_and_voucher_leaves_35_less_commission(paid_stay, staff_user):
    payment, voucher, booking = paid_stay
    member = booking.session.workshop.member
    refund = services.refund_create(
        payment_id=payment.pk,
        amount=Decimal("35.00"),
        reason="atelier écourté",
        actor=staff_user,
        to_voucher=True,
    )
    assert (refund.amount, refund.voucher_amount) == (Decimal("10.00"), Decimal("25.00"))

    rows = workshop_statement_rows(period=_this_month(), member_ids=[member.pk])[member.pk]
    refunds = [r for r in rows if r["kind"] == "workshop_refund"]
    assert [r["gross"] for r in refunds] == [Decimal("-35.00")]
    gross, commission = _totals(rows)
    assert gross == Decimal("35.00")
    assert commission == _commission("70.00") - _commission("35.00")


def test_a_cancellation_after_the_month_was_closed_goes_into_the_next_statement(
    paid_stay, staff_user, django_capture_on_commit_callbacks
):
    payment, voucher, booking = paid_stay
    member = booking.session.workshop.member
    period = last_month()
    # The stay was paid last month (card and voucher), and that month is closed.
    Payment.objects.filter(pk=payment.pk).update(paid_at=at(period, 10))
    ActionLog.objects.filter(action="pages.stay.checked_out").update(created_at=at(period, 10))
    statement_close_month(period=period, actor=staff_user)
    closed = Statement.objects.get(member=member, period=period)
    assert closed.is_closed and closed.gross == Decimal("70.00")

    with django_capture_on_commit_callbacks(execute=True):
        booking_cancel(booking_id=booking.pk, override_deadline=True)

    closed.refresh_from_db()
    assert closed.gross == Decimal("70.00")  # never rewritten
    (old,) = month_figures(period=period, member=member)
    assert (old.workshop_gross, old.refunds) == (Decimal("70.00"), Decimal("0.00"))
    (now,) = month_figures(period=_this_month(), member=member)
    # The card's 20 € and the voucher's 50 € are both taken back this month.
    assert (now.workshop_gross, now.refunds) == (Decimal("0.00"), Decimal("70.00"))
    assert now.net < 0  # owed back by the artisan, taken from a later payout like card refunds
