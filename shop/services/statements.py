"""Monthly statements: sales by product, gross, VAT, the office's commission and the net due."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from common.audit import log_action

from ..exceptions import InvalidState, PeriodNotOver, StatementClosed
from ..models import PayoutMethod, SaleLine, Statement, StatementLine
from .common import to_cents, vat_included

ZERO = Decimal("0.00")
COMMISSION_VAT_RATE = Decimal("20.00")
# Statement numbers are sequential without gaps; closings are serialised by this lock.
STATEMENT_NUMBER_LOCK_KEY = 74_200_118


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def next_month(period: datetime.date) -> datetime.date:
    return (period.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _period_label(period: datetime.date) -> str:
    return f"{period:%m/%Y}"


# Other apps whose sales enter the members' statements (e.g. payouts: workshop seats paid
# online). Each source is ``fn(*, period, member_ids) -> {member_id: [row, ...]}`` with the row
# shape of ``statement_rows``; registered once from an AppConfig.ready.
_ROW_SOURCES: list[Callable[..., dict[int, list[dict]]]] = []


def register_row_source(source: Callable[..., dict[int, list[dict]]]) -> None:
    """Add a source of statement rows (idempotent: a source registered twice counts once)."""
    if source not in _ROW_SOURCES:
        _ROW_SOURCES.append(source)


def statement_rows(*, period: datetime.date, member_ids=None) -> dict[int, list[dict]]:
    """Sales of the month grouped by member, product and VAT rate, in one SQL aggregate,
    followed by the rows of the registered sources (workshop seats paid online…).

    Each row: product_id, name, quantity, vat_rate, gross, commission (commission was rounded
    half-up on each ticket line). VAT is NOT taken from the lines: ``statement_compute``
    computes it on the month's totals per rate.
    """
    lines = SaleLine.objects.filter(sale__sold_on__gte=period, sale__sold_on__lt=next_month(period))
    if member_ids is not None:
        lines = lines.filter(member_id__in=member_ids)
    rows = (
        lines.values("member_id", "product_id", "vat_rate")
        .annotate(
            name=Max("product_name"),
            quantity=Sum("quantity"),
            gross=Sum("total"),
            commission=Sum("commission"),
        )
        .order_by("member_id", "name", "product_id", "vat_rate")
    )
    grouped: dict[int, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row["member_id"], []).append(row)
    for source in _ROW_SOURCES:
        for member_id, extra in source(period=period, member_ids=member_ids).items():
            if extra:
                grouped.setdefault(member_id, []).extend(extra)
    return grouped


def office_commission_vat_rate() -> Decimal:
    """VAT on the office's commission (a service it invoices): 20 % when the main office is
    VAT-registered (has a VAT number and is not exempt), else 0."""
    from network.selectors import office_main

    office = office_main()
    if office.vat_number and not office.vat_exempt:
        return COMMISSION_VAT_RATE
    return ZERO


def statement_compute(
    *, statement: Statement, rows: list[dict], commission_vat_rate: Decimal | None = None
) -> list[StatementLine]:
    """THE computation of a statement's figures (the one place; other apps add rows here).

    ``rows``: dicts with product_id (or None), name, quantity, vat_rate, gross (TTC) and
    commission (HT, the office's service). Sets on ``statement`` (unsaved):
    - gross = Σ gross; VAT per rate computed on the total of each rate (not line by line),
      stored in ``vat_by_rate`` ({"20.00": {"gross": "224.00", "vat": "37.33"}}), vat = Σ;
    - commission = Σ commission; its VAT at ``commission_vat_rate`` (default: 20 % when the
      main office is VAT-registered), rounded on the total;
    - net due = gross − commission − commission VAT.
    Returns the unsaved lines (line VAT is indicative, rounded on the line's own total).
    """
    if commission_vat_rate is None:
        commission_vat_rate = office_commission_vat_rate()
    by_rate: dict[Decimal, Decimal] = {}
    lines = []
    for row in rows:
        rate = Decimal(row.get("vat_rate") or 0)
        gross = Decimal(row["gross"])
        commission = Decimal(row["commission"])
        by_rate[rate] = by_rate.get(rate, ZERO) + gross
        lines.append(
            StatementLine(
                statement=statement,
                product_id=row.get("product_id"),
                product_name=row["name"],
                quantity=row["quantity"],
                vat_rate=rate,
                gross=gross,
                vat=vat_included(gross, rate),
                commission=commission,
                net_due=gross - commission,
            )
        )
    statement.vat_by_rate = {
        f"{rate:.2f}": {"gross": str(gross), "vat": str(vat_included(gross, rate))}
        for rate, gross in sorted(by_rate.items())
    }
    statement.gross = sum(by_rate.values(), ZERO)
    statement.vat = sum((vat_included(gross, rate) for rate, gross in by_rate.items()), ZERO)
    statement.commission = sum((line.commission for line in lines), ZERO)
    statement.commission_vat_rate = Decimal(commission_vat_rate)
    statement.commission_vat = to_cents(statement.commission * statement.commission_vat_rate / 100)
    statement.net_due = statement.gross - statement.commission - statement.commission_vat
    return lines


def _write(statement: Statement, rows: list[dict]) -> Statement:
    lines = statement_compute(statement=statement, rows=rows)
    statement.lines.all().delete()
    statement.save()
    StatementLine.objects.bulk_create(lines)
    return statement


def statement_generate(*, member, period: datetime.date, actor=None) -> Statement:
    """Create or refresh the draft statement of ``member`` for the month of ``period``.

    Raises StatementClosed when that month's statement is already closed.
    """
    period = month_start(period)
    with transaction.atomic():
        statement, _created = Statement.objects.select_for_update().get_or_create(
            member=member, period=period
        )
        if statement.is_closed:
            raise StatementClosed(period=_period_label(period))
        rows = statement_rows(period=period, member_ids=[member.pk]).get(member.pk, [])
        _write(statement, rows)
    return statement


def statement_generate_month(*, period: datetime.date, actor=None) -> list[Statement]:
    """Refresh the draft statements of every member who sold something that month.

    Members whose statement is already closed are left out.
    """
    period = month_start(period)
    member_ids = statement_rows(period=period).keys()
    closed = set(
        Statement.objects.filter(period=period)
        .exclude(status=Statement.Status.DRAFT)
        .values_list("member_id", flat=True)
    )
    from network.models import Member

    return [
        statement_generate(member=member, period=period, actor=actor)
        for member in Member.objects.filter(pk__in=member_ids).exclude(pk__in=closed).order_by("pk")
    ]


def _next_number() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [STATEMENT_NUMBER_LOCK_KEY])
    last = Statement.objects.aggregate(n=Max("number"))["n"] or 0
    return last + 1


def _check_period_over(period: datetime.date) -> None:
    if next_month(period) > timezone.localdate():
        raise PeriodNotOver(period=_period_label(period))


def statement_close(*, statement: Statement, actor) -> Statement:
    """Recompute the statement one last time, number it and freeze it (idempotent).

    Raises PeriodNotOver while the month is not finished.
    """
    _check_period_over(statement.period)
    with transaction.atomic():
        statement = Statement.objects.select_for_update().get(pk=statement.pk)
        if statement.is_closed:
            return statement
        rows = statement_rows(period=statement.period, member_ids=[statement.member_id])
        _write(statement, rows.get(statement.member_id, []))
        statement.number = _next_number()
        statement.status = Statement.Status.CLOSED
        statement.closed_at = timezone.now()
        statement.closed_by = actor if getattr(actor, "pk", None) else None
        statement.save(update_fields=["number", "status", "closed_at", "closed_by", "updated_at"])
        log_action(
            actor, "shop.statement.closed", statement, number=statement.number, net_due=statement.net_due
        )
    return statement


def statement_close_month(*, period: datetime.date, actor) -> list[Statement]:
    """Close the statements of every member who sold something that month (and any draft).

    Closed statements are left as they are. Raises PeriodNotOver.
    """
    period = month_start(period)
    _check_period_over(period)
    with transaction.atomic():
        rows = statement_rows(period=period)
        member_ids = set(rows) | set(
            Statement.objects.filter(period=period, status=Statement.Status.DRAFT).values_list(
                "member_id", flat=True
            )
        )
        existing = {s.member_id: s for s in Statement.objects.select_for_update().filter(period=period)}
        number = _next_number()
        now = timezone.now()
        closed: list[Statement] = []
        new_lines: list[StatementLine] = []
        to_create: list[Statement] = []
        draft_ids = []
        for member_id in sorted(member_ids):
            statement = existing.get(member_id)
            if statement is not None and statement.is_closed:
                continue
            if statement is None:
                statement = Statement(member_id=member_id, period=period)
                to_create.append(statement)
            else:
                draft_ids.append(statement.pk)
            closed.append(statement)
        StatementLine.objects.filter(statement_id__in=draft_ids).delete()
        Statement.objects.bulk_create(to_create)
        commission_vat_rate = office_commission_vat_rate()
        for statement in closed:
            new_lines += statement_compute(
                statement=statement,
                rows=rows.get(statement.member_id, []),
                commission_vat_rate=commission_vat_rate,
            )
        StatementLine.objects.bulk_create(new_lines)
        # Lines are written while the statements are drafts; the closed state comes last,
        # so the immutability trigger on closed statements is never in the way.
        for statement in closed:
            statement.number = number
            number += 1
            statement.status = Statement.Status.CLOSED
            statement.closed_at = now
            statement.closed_by = actor if getattr(actor, "pk", None) else None
        Statement.objects.bulk_update(
            closed,
            [
                "gross",
                "vat",
                "vat_by_rate",
                "commission",
                "commission_vat_rate",
                "commission_vat",
                "net_due",
                "number",
                "status",
                "closed_at",
                "closed_by",
            ],
        )
        log_action(actor, "shop.statement.month_closed", None, period=period.isoformat(), count=len(closed))
    return closed


def statement_mark_paid(
    *, statement: Statement, actor, method: str = PayoutMethod.TRANSFER, paid_at=None
) -> Statement:
    """Record that the net due was paid to the member (date and method). Idempotent;
    refused on a draft or with an unknown method (InvalidState)."""
    if method not in PayoutMethod.values:
        raise InvalidState()
    with transaction.atomic():
        statement = Statement.objects.select_for_update().get(pk=statement.pk)
        if statement.status == Statement.Status.PAID:
            return statement
        if statement.status != Statement.Status.CLOSED:
            raise InvalidState()
        statement.status = Statement.Status.PAID
        statement.paid_at = paid_at or timezone.now()
        statement.paid_by = actor
        statement.payment_method = method
        statement.save(update_fields=["status", "paid_at", "paid_by", "payment_method", "updated_at"])
        log_action(actor, "shop.statement.paid", statement, net_due=statement.net_due, method=method)
    return statement
