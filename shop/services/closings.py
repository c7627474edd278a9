"""Periodic closings of the till: daily (Z), monthly and yearly (fiscal year = calendar year),
each with the period's totals per VAT rate and payment method and the perpetual grand totals,
written into the hash chain and signed with Ed25519 when the key is installed."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from common.audit import log_action

from ..exceptions import InvalidState, PeriodNotClosable
from ..models import DailyClosing, JournalEntry, PeriodClosing, Sale
from ..selectors import grand_totals, period_totals
from .journal import journal_append, journal_lock
from .signing import sign_if_possible


def _actor(actor):
    return actor if getattr(actor, "pk", None) else None


def _with_grand_totals(totals: dict, through: datetime.date) -> dict:
    gt, gt_abs = grand_totals(through=through)
    return {**totals, "grand_total": str(gt), "grand_total_abs": str(gt_abs)}


def closing_create(*, day: datetime.date, actor) -> DailyClosing:
    """Close a day (Z report): totals and grand totals into the chain; later sales that day are
    refused. Idempotent (closing twice returns the first closing). InvalidState for a future day."""
    if day > timezone.localdate():
        raise InvalidState()
    with transaction.atomic():
        journal_lock()
        existing = DailyClosing.objects.filter(day=day).first()
        if existing:
            return existing
        totals = _with_grand_totals(period_totals(start=day, end=day), day)
        entry = journal_append(kind=JournalEntry.Kind.CLOSING, payload={"closing": totals})
        closing = DailyClosing.objects.create(
            day=day,
            closed_by=_actor(actor),
            tickets=totals["tickets"],
            total=Decimal(totals["total"]),
            vat_total=Decimal(totals["vat_total"]),
            totals=totals,
            journal_sequence=entry.sequence,
            grand_total=Decimal(totals["grand_total"]),
            grand_total_abs=Decimal(totals["grand_total_abs"]),
            signature=sign_if_possible(entry.hash.encode("ascii")),
        )
        log_action(actor, "shop.closing.created", closing, total=totals["total"])
    return closing


def month_bounds(any_day: datetime.date) -> tuple[datetime.date, datetime.date]:
    start = any_day.replace(day=1)
    end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1) - datetime.timedelta(days=1)
    return start, end


def year_bounds(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _close_period(*, kind: str, start: datetime.date, end: datetime.date, actor) -> PeriodClosing:
    existing = PeriodClosing.objects.filter(kind=kind, start=start).first()
    if existing:
        return existing
    totals = _with_grand_totals(period_totals(start=start, end=end), end)
    journal_kind = (
        JournalEntry.Kind.MONTH_CLOSING
        if kind == PeriodClosing.Kind.MONTH
        else JournalEntry.Kind.YEAR_CLOSING
    )
    entry = journal_append(kind=journal_kind, payload={"closing": totals})
    closing = PeriodClosing.objects.create(
        kind=kind,
        start=start,
        end=end,
        closed_by=_actor(actor),
        tickets=totals["tickets"],
        total=Decimal(totals["total"]),
        vat_total=Decimal(totals["vat_total"]),
        totals=totals,
        grand_total=Decimal(totals["grand_total"]),
        grand_total_abs=Decimal(totals["grand_total_abs"]),
        journal_sequence=entry.sequence,
        signature=sign_if_possible(entry.hash.encode("ascii")),
    )
    log_action(actor, f"shop.closing.{kind}", closing, total=totals["total"])
    return closing


def _close_missing_days(start: datetime.date, end: datetime.date, actor) -> None:
    """Every day of the period with tickets gets its Z before the period is closed."""
    closed = set(DailyClosing.objects.filter(day__gte=start, day__lte=end).values_list("day", flat=True))
    days = set(Sale.objects.filter(sold_on__gte=start, sold_on__lte=end).values_list("sold_on", flat=True))
    for day in sorted(days - closed):
        closing_create(day=day, actor=actor)


def closing_month(*, month: datetime.date, actor) -> PeriodClosing:
    """Close a finished month (its open days first). Idempotent. Raises PeriodNotClosable."""
    start, end = month_bounds(month)
    if end >= timezone.localdate():
        raise PeriodNotClosable(period=f"{start:%m/%Y}")
    with transaction.atomic():
        journal_lock()
        _close_missing_days(start, end, actor)
        return _close_period(kind=PeriodClosing.Kind.MONTH, start=start, end=end, actor=actor)


def closing_year(*, year: int, actor) -> PeriodClosing:
    """Close a finished fiscal year (its open months and days first). Idempotent."""
    start, end = year_bounds(year)
    if end >= timezone.localdate():
        raise PeriodNotClosable(period=str(year))
    with transaction.atomic():
        journal_lock()
        closed = set(
            PeriodClosing.objects.filter(
                kind=PeriodClosing.Kind.MONTH, start__gte=start, start__lte=end
            ).values_list("start", flat=True)
        )
        months = {
            day.replace(day=1)
            for day in Sale.objects.filter(sold_on__gte=start, sold_on__lte=end).dates("sold_on", "month")
        }
        for month in sorted(months - closed):
            closing_month(month=month, actor=actor)
        return _close_period(kind=PeriodClosing.Kind.YEAR, start=start, end=end, actor=actor)
