"""Reads of the payouts app: workshop seats paid online as statement rows, the month's figures
per member (gross, commission, refunds, net, IBAN, payout) and a member's own payouts."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from common.models import ActionLog
from network.models import Member
from shop.models import ShopSettings, Statement
from shop.services.common import to_cents
from shop.services.statements import next_month, statement_compute, statement_rows

from .banking import BankStatus, bank_status
from .models import Payout, SepaExport, WorkshopCommission

ZERO = Decimal("0.00")
# Reference kinds of payments that pay workshop seats: a stay basket (the checkout key; its
# bookings are in the checkout record) and, once it exists, a single booking (its reference).
STAY_KIND = "pages.stay"
BOOKING_KIND = "workshops.booking"
CHECKOUT_OBJECT_TYPE = "pages.stay"
CHECKOUT_ACTION = "pages.stay.checked_out"
# Statement line texts are frozen in French in the document, like shop product names.
SEATS_LABEL = "Atelier « %s » — places réglées en ligne (carte ou bon cadeau)"
VOUCHER_SEATS_LABEL = "Atelier « %s » — places réglées par bon cadeau"
REFUNDS_LABEL = "Atelier « %s » — remboursements"
VOUCHER_RECREDITED = "workshops.booking.voucher_recredited"  # pages.payment_hooks writes it


def month_bounds(period: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(period, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(next_month(period), datetime.time.min, tzinfo=tz)
    return start, end


def commission_rate_for_workshop(workshop, *, member, default: Decimal, agreed: dict) -> Decimal:
    """THE rate on a workshop seat: the workshop's own rate, else the member's, else the network's."""
    if workshop.pk in agreed:
        return agreed[workshop.pk]
    if member.commission_rate is not None:
        return member.commission_rate
    return default


def workshop_vat_rate(member) -> Decimal:
    """VAT included in the seats the member sells: none for a member exempt from VAT."""
    return ZERO if member.vat_exempt else Decimal(settings.INVOICE_WORKSHOP_VAT_RATE)


def _booking_refs_by_payment(payments: list) -> dict[int, list[str]]:
    keys = {p.reference_id for p in payments if p.reference_kind == STAY_KIND}
    records = {
        row.object_id: row.data or {}
        for row in ActionLog.objects.filter(
            object_type=CHECKOUT_OBJECT_TYPE, action=CHECKOUT_ACTION, object_id__in=keys
        )
    }
    refs: dict[int, list[str]] = {}
    for payment in payments:
        if payment.reference_kind == STAY_KIND:
            refs[payment.pk] = list(records.get(payment.reference_id, {}).get("bookings", []))
        else:
            refs[payment.pk] = [payment.reference_id]
    return refs


def _voucher_covered_refs(start: datetime.datetime, end: datetime.datetime) -> dict[str, Decimal | None]:
    """Bookings paid by gift voucher in the month, with what the voucher paid (None: the whole
    price). Online stays wholly paid by voucher have no card payment; seats taken at the desk
    and paid by voucher carry each booking's share (the rest was paid on site, to the artisan).
    The voucher's money came in when it was sold, and the artisan is owed the seats all the same."""
    refs: dict[str, Decimal | None] = {}
    records = ActionLog.objects.filter(
        object_type=CHECKOUT_OBJECT_TYPE,
        action=CHECKOUT_ACTION,
        created_at__gte=start,
        created_at__lt=end,
        data__has_key="deductions",
    ).values_list("data", flat=True)
    for data in records:
        if not data.get("deductions"):
            continue
        if data.get("voucher_shares") is not None:
            for ref, amount in data["voucher_shares"].items():
                refs[ref] = Decimal(str(amount))
            continue
        try:
            to_pay = Decimal(str(data.get("to_pay")))
        except (ArithmeticError, ValueError):
            continue
        if to_pay == 0 and not data.get("payment"):
            refs.update(dict.fromkeys(data.get("bookings", [])))
    return refs


def _refund_lines(refund, stay_refs: dict[int, list[str]]) -> list[str]:
    """The bookings a refund gives back: its ``booking:`` lines, else (a staff refund of a
    stay, which has no lines) every booking of the paid stay, in order."""
    refs = [str(line).split(":", 1)[1] for line in (refund.lines or []) if str(line).startswith("booking:")]
    return refs or list(stay_refs.get(refund.payment_id, []))


def _refund_allocations(
    refunds: list, bookings: dict, stay_refs: dict
) -> list[tuple[object, Decimal, object]]:
    """(booking, amount, refund) for each booking of each refund: the refund's total (card part
    and the part re-credited to a gift voucher) is spread over its bookings in order, each
    capped at that booking's price."""
    out = []
    for refund in refunds:
        left = refund.amount + (getattr(refund, "voucher_amount", None) or ZERO)
        for ref in _refund_lines(refund, stay_refs):
            if left <= 0:
                continue
            booking = bookings.get(ref)
            if booking is None:
                continue
            share = min(left, booking.price)
            left -= share
            out.append((booking, share, refund))
    return out


def workshop_statement_rows(*, period: datetime.date, member_ids=None) -> dict[int, list[dict]]:
    """Workshop seats paid online in the month (by payment date) and refunds made in the month
    (by refund date), as statement rows per member, workshop and kind.

    Row shape of ``shop.services.statements.statement_rows`` (gross TTC, commission HT rounded
    per booking); refunds are negative rows that also give the commission back. Group bookings
    paid on invoice are not here: the office invoices them (invoicing app).
    """
    from payments.models import Payment, Refund
    from workshops.models import Booking

    start, end = month_bounds(period)
    paid = list(
        Payment.objects.filter(
            status=Payment.Status.SUCCEEDED,
            reference_kind__in=(STAY_KIND, BOOKING_KIND),
            paid_at__gte=start,
            paid_at__lt=end,
        ).only("pk", "reference_kind", "reference_id")
    )
    refunds = list(
        Refund.objects.filter(
            payment__reference_kind__in=(STAY_KIND, BOOKING_KIND),
            created_at__gte=start,
            created_at__lt=end,
        )
        .exclude(status=Refund.Status.FAILED)
        .select_related("payment")
        .order_by("created_at", "pk")
    )
    voucher_refs = _voucher_covered_refs(start, end)
    recredits = list(
        ActionLog.objects.filter(
            action=VOUCHER_RECREDITED,
            object_type="workshops.booking",
            created_at__gte=start,
            created_at__lt=end,
        )
        .order_by("created_at", "pk")
        .values_list("object_id", "data")
    )
    if not paid and not refunds and not voucher_refs and not recredits:
        return {}
    card_refs = [ref for refs in _booking_refs_by_payment(paid).values() for ref in refs]
    stay_refs = _booking_refs_by_payment(
        list({refund.payment.pk: refund.payment for refund in refunds}.values())
    )
    refund_refs = [ref for refund in refunds for ref in _refund_lines(refund, stay_refs)]
    recredit_ids = [int(object_id) for object_id, _data in recredits if str(object_id).isdigit()]
    bookings_qs = Booking.objects.filter(
        Q(reference__in=set(card_refs) | set(voucher_refs) | set(refund_refs)) | Q(pk__in=recredit_ids)
    ).select_related("session__workshop__member")
    if member_ids is not None:
        bookings_qs = bookings_qs.filter(session__workshop__member_id__in=list(member_ids))
    bookings = {b.reference: b for b in bookings_qs}
    if not bookings:
        return {}
    default = ShopSettings.load().commission_rate
    agreed = dict(
        WorkshopCommission.objects.filter(
            workshop_id__in={b.session.workshop_id for b in bookings.values()}
        ).values_list("workshop_id", "rate")
    )

    groups: dict[tuple, dict] = {}

    def add(booking, amount: Decimal, quantity: int, refund: bool, label: str = SEATS_LABEL) -> None:
        workshop = booking.session.workshop
        member = workshop.member
        rate = commission_rate_for_workshop(workshop, member=member, default=default, agreed=agreed)
        vat_rate = workshop_vat_rate(member)
        key = (member.pk, workshop.pk, refund, vat_rate, label)
        row = groups.setdefault(
            key,
            {
                "member_id": member.pk,
                "product_id": None,
                "name": (REFUNDS_LABEL if refund else label) % workshop.title,
                "quantity": 0,
                "vat_rate": vat_rate,
                "gross": ZERO,
                "commission": ZERO,
                "kind": "workshop_refund" if refund else "workshop",
            },
        )
        sign = -1 if refund else 1
        row["quantity"] += quantity
        row["gross"] += sign * amount
        row["commission"] += sign * to_cents(amount * rate / Decimal(100))

    # Seats count when paid, cancelled or not: a cancellation is a refund row (card refund or
    # voucher re-credit) in the month it happens, so a closed month is never rewritten.
    for ref in card_refs:
        booking = bookings.get(ref)
        if booking is not None and booking.price > 0:
            add(booking, booking.price, booking.party_size, refund=False)
    for ref, share in voucher_refs.items():
        booking = bookings.get(ref)
        if booking is None or booking.price <= 0:
            continue
        amount = booking.price if share is None else min(share, booking.price)
        add(booking, amount, booking.party_size, refund=False, label=VOUCHER_SEATS_LABEL)
    for refunded, amount, _refund in _refund_allocations(refunds, bookings, stay_refs):
        add(refunded, amount, 1, refund=True)
    by_pk = {b.pk: b for b in bookings.values()}
    for object_id, data in recredits:
        booking = by_pk.get(int(object_id)) if str(object_id).isdigit() else None
        try:
            amount = Decimal(str((data or {}).get("amount")))
        except (ArithmeticError, ValueError):
            continue
        if booking is not None and amount > 0:
            add(booking, amount, 1, refund=True)

    grouped: dict[int, list[dict]] = {}
    for key in sorted(groups, key=lambda k: (k[0], groups[k]["name"], k[2])):
        grouped.setdefault(key[0], []).append(groups[key])
    return grouped


# --------------------------------------------------------------------------- month figures


@dataclass
class MemberMonth:
    """One member's month as staff and the member see it (amounts in euros, TTC)."""

    member: Member
    statement: Statement | None
    shop_gross: Decimal
    workshop_gross: Decimal
    refunds: Decimal
    commission: Decimal  # the office's commission, VAT on it included
    net: Decimal
    payout: Payout | None
    bank: BankStatus

    @property
    def gross(self) -> Decimal:
        return self.shop_gross + self.workshop_gross

    @property
    def is_closed(self) -> bool:
        return self.statement is not None and self.statement.is_closed

    @property
    def is_paid(self) -> bool:
        """A payout recorded here, or the statement marked paid from the shop's statement page."""
        return self.payout is not None or (
            self.statement is not None and self.statement.status == Statement.Status.PAID
        )

    @property
    def payable(self) -> bool:
        return self.is_closed and not self.is_paid and self.net > 0


def _split(lines) -> tuple[Decimal, Decimal, Decimal]:
    """(shop gross, workshop gross, refunds) of statement lines or rows."""
    shop = workshop = refunds = ZERO
    for line in lines:
        gross = Decimal(line.gross if hasattr(line, "gross") else line["gross"])
        product = line.product_id if hasattr(line, "product_id") else line.get("product_id")
        if gross < 0:
            refunds -= gross
        elif product is None:
            workshop += gross
        else:
            shop += gross
    return shop, workshop, refunds


def month_figures(*, period: datetime.date, member: Member | None = None) -> list[MemberMonth]:
    """Every member with sales, a statement or a payout that month, by name.

    A closed statement gives its frozen figures; otherwise they are computed now with the
    statements' own computation (``statement_compute``), nothing saved.
    """
    statements = {
        s.member_id: s
        for s in Statement.objects.filter(period=period).prefetch_related("lines")
        if member is None or s.member_id == member.pk
    }
    payouts = {
        p.member_id: p for p in Payout.objects.filter(period=period, **({"member": member} if member else {}))
    }
    rows = statement_rows(period=period, member_ids=[member.pk] if member else None)
    member_ids = set(statements) | set(payouts) | set(rows)
    members = Member.objects.filter(pk__in=member_ids).order_by("name", "pk")
    out = []
    for m in members:
        statement = statements.get(m.pk)
        if statement is not None and statement.is_closed:
            lines = list(statement.lines.all())
            figures = statement
        else:
            figures = Statement(member=m, period=period)
            lines = statement_compute(statement=figures, rows=rows.get(m.pk, []))
        shop, workshop, refunds = _split(lines)
        out.append(
            MemberMonth(
                member=m,
                statement=statement,
                shop_gross=shop,
                workshop_gross=workshop,
                refunds=refunds,
                commission=figures.commission + figures.commission_vat,
                net=figures.net_due,
                payout=payouts.get(m.pk),
                bank=bank_status(m),
            )
        )
    return out


def month_totals(months: list[MemberMonth]) -> dict[str, Decimal]:
    keys = ("gross", "commission", "refunds", "net")
    return {key: sum((getattr(m, key) for m in months), ZERO) for key in keys}


def payout_list_for_member(*, member: Member) -> QuerySet[Payout]:
    return Payout.objects.filter(member=member).select_related("statement").order_by("-period")


def statement_list_for_member(*, member: Member) -> QuerySet[Statement]:
    """The member's closed statements (drafts are the office's working copies)."""
    return (
        Statement.objects.filter(member=member)
        .exclude(status=Statement.Status.DRAFT)
        .select_related("payout")
        .order_by("-period")
    )


def sepa_export_list(*, period: datetime.date) -> QuerySet[SepaExport]:
    return SepaExport.objects.filter(period=period).order_by("-created_at")
