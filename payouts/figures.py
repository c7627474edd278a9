"""The money card of the staff home (issue 13 point 9): online revenue, the office's share from
workshops and shop, and the gift vouchers' liability. Reads only."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db.models import Sum

from .selectors import month_bounds, workshop_statement_rows

ZERO = Decimal("0.00")


def online_revenue(*, period: datetime.date) -> dict[str, Decimal]:
    """Card payments of the month: paid (by payment date), refunded (by refund date, failed
    refunds left out), and what is pending now (open payments holding seats or stock)."""
    from payments.models import OPEN_STATUSES, Payment, Refund

    start, end = month_bounds(period)
    paid = Payment.objects.filter(
        status=Payment.Status.SUCCEEDED, paid_at__gte=start, paid_at__lt=end
    ).aggregate(s=Sum("amount"))["s"]
    refunded = (
        Refund.objects.filter(created_at__gte=start, created_at__lt=end)
        .exclude(status=Refund.Status.FAILED)
        .aggregate(s=Sum("amount"))["s"]
    )
    pending = Payment.objects.filter(status__in=OPEN_STATUSES).aggregate(s=Sum("amount"))["s"]
    paid, refunded = paid or ZERO, refunded or ZERO
    return {"paid": paid, "refunded": refunded, "net": paid - refunded, "pending": pending or ZERO}


def office_share(*, period: datetime.date) -> dict[str, Decimal]:
    """The office's commission (HT) of the month: shop sale lines and workshop seats paid online
    (net of the commission given back on refunds), computed like the statements."""
    from shop.models import SaleLine
    from shop.services.statements import next_month

    shop = (
        SaleLine.objects.filter(sale__sold_on__gte=period, sale__sold_on__lt=next_month(period)).aggregate(
            s=Sum("commission")
        )["s"]
        or ZERO
    )
    workshops = sum(
        (row["commission"] for rows in workshop_statement_rows(period=period).values() for row in rows), ZERO
    )
    return {"shop": shop, "workshops": workshops, "total": shop + workshops}


def voucher_liability() -> dict | None:
    try:
        from vouchers.selectors import voucher_liability as liability
    except ImportError:  # the vouchers app is optional here
        return None
    return liability()


def no_show_rates(*, days: int = 365, now: datetime.datetime | None = None) -> dict:
    """Share of no-shows among bookings whose attendance was taken (sessions of the last
    ``days``), paid by card when booking versus paid on site: what online payment changes."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from pages.selectors import booking_references_paid_online
    from workshops.models import Booking

    now = now or timezone.now()
    marked = Booking.objects.filter(
        session__start__gte=now - datetime.timedelta(days=days),
        session__start__lt=now,
        attendance__in=[Booking.Attendance.PRESENT, Booking.Attendance.NO_SHOW],
    )
    paid = Q(reference__in=booking_references_paid_online())

    def rate(rows) -> dict:
        counts = rows.aggregate(
            n=Count("pk"), absent=Count("pk", filter=Q(attendance=Booking.Attendance.NO_SHOW))
        )
        n = counts["n"] or 0
        return {"bookings": n, "rate": round(100 * counts["absent"] / n, 1) if n else None}

    return {
        "card": rate(marked.filter(paid)),
        "on_site": rate(marked.exclude(paid).exclude(status="confirmed_invoice")),
    }


def money_figures(*, period: datetime.date) -> dict:
    return {
        "period": period,
        "online": online_revenue(period=period),
        "share": office_share(period=period),
        "vouchers": voucher_liability(),
        "no_shows": no_show_rates(),
    }
