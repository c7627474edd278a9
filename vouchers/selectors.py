"""Reads of the vouchers app."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from .codes import normalize
from .models import Movement, Voucher

ZERO = Decimal("0.00")


def voucher_list(*, query: str = "", status: str = "") -> QuerySet[Voucher]:
    vouchers = Voucher.objects.select_related("workshop").order_by("-created_at")
    if status:
        vouchers = vouchers.filter(status=status)
    if query:
        code = normalize(query)
        vouchers = vouchers.filter(
            Q(code__startswith=code) | Q(buyer_email__iexact=query.strip()) | Q(buyer_name__icontains=query)
        )
    return vouchers


def voucher_movements(voucher: Voucher) -> QuerySet[Movement]:
    return voucher.movements.select_related("actor").order_by("created_at", "id")


def voucher_liability() -> dict:
    """Sold (issued), spent (redeemed net of re-credits), expired, cancelled or refunded, outstanding."""
    sums = {
        row["kind"]: row["total"] or ZERO
        for row in Movement.objects.values("kind").annotate(total=Sum("amount")).order_by()
    }
    sold = sums.get(Movement.Kind.ISSUE, ZERO)
    spent = -(sums.get(Movement.Kind.REDEEM, ZERO) + sums.get(Movement.Kind.RECREDIT, ZERO))
    lapsed = -(
        sums.get(Movement.Kind.EXPIRE, ZERO)
        + sums.get(Movement.Kind.CANCEL, ZERO)
        + sums.get(Movement.Kind.REFUND, ZERO)  # a purchase refunded: no longer owed
    )
    outstanding = (
        Voucher.objects.filter(status=Voucher.Status.ACTIVE).aggregate(s=Sum("balance"))["s"] or ZERO
    )
    return {
        "sold": sold,
        "spent": spent,
        "lapsed": lapsed,
        "outstanding": outstanding,
        "pending_orders": Voucher.objects.filter(status=Voucher.Status.PENDING).count(),
    }


def voucher_payments(voucher):
    """The card payments opened for a voucher bought online (newest first), for staff."""
    from payments.models import Payment

    from .payment import VOUCHER_PAYMENT_KIND

    return Payment.objects.filter(reference_kind=VOUCHER_PAYMENT_KIND, reference_id=str(voucher.public_id))
