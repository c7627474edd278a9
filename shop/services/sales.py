"""Counter sales, their corrections (reversing tickets) and the daily closing."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from common.audit import log_action
from common.tasks import enqueue

from ..exceptions import AlreadyReversed, DayClosed, EmptyBasket, InvalidState, ReasonRequired, ShopError
from ..models import (
    DailyClosing,
    JournalEntry,
    PaymentMethod,
    Product,
    Sale,
    SaleLine,
    ShopSettings,
    StockMovement,
)
from ..selectors import closing_totals
from .common import (
    check_sellable,
    clean_quantities,
    commission_rate_for,
    lock_products,
    random_code,
    to_cents,
    vat_included,
)
from .journal import journal_append, journal_lock


def sale_reference(now: datetime.datetime) -> str:
    return f"T{timezone.localtime(now):%y%m%d}-{random_code(5)}"


def sale_payload(sale: Sale, lines: list[SaleLine], products: Mapping[int, Product] | None = None) -> dict:
    """What the journal keeps of a ticket: enough to rebuild it without the other tables."""
    vat_by_rate: dict[str, list[Decimal]] = {}
    for line in lines:
        bucket = vat_by_rate.setdefault(str(line.vat_rate), [Decimal("0"), Decimal("0")])
        bucket[0] += line.total
        bucket[1] += line.vat_amount
    return {
        "reference": sale.reference,
        "kind": sale.kind,
        "channel": sale.channel,
        "sold_on": sale.sold_on.isoformat(),
        "payment_method": sale.payment_method,
        "reverses": sale.reverses.reference if sale.reverses_id else None,
        "reason": sale.reason,
        "lines": [
            {
                "code": products[line.product_id].code if products else str(line.product_id),
                "name": line.product_name,
                "quantity": line.quantity,
                "unit_price": str(line.unit_price),
                "vat_rate": str(line.vat_rate),
                "total": str(line.total),
                "vat": str(line.vat_amount),
            }
            for line in lines
        ],
        "total": str(sale.total),
        "vat_total": str(sale.vat_total),
        "vat_by_rate": {
            rate: {"total": str(t), "vat": str(v)} for rate, (t, v) in sorted(vat_by_rate.items())
        },
    }


def build_sale_lines(
    *,
    sale: Sale,
    products: Mapping[int, Product],
    quantities: Mapping[int, int],
    unit_prices: Mapping[int, Decimal] | None = None,
    shop_settings: ShopSettings,
) -> list[SaleLine]:
    """Price, VAT and commission of each line, computed on the server, rounded half-up."""
    lines = []
    for pid in sorted(quantities):
        product = products[pid]
        quantity = quantities[pid]
        unit_price = (unit_prices or {}).get(pid, product.price)
        total = to_cents(unit_price * quantity)
        rate = product.applicable_vat_rate
        commission_rate = commission_rate_for(product, shop_settings)
        lines.append(
            SaleLine(
                sale=sale,
                product_id=pid,
                member_id=product.member_id,
                product_name=product.name,
                quantity=quantity,
                unit_price=unit_price,
                vat_rate=rate,
                total=total,
                vat_amount=vat_included(total, rate),
                commission_rate=commission_rate,
                commission=to_cents(total * commission_rate / Decimal(100)),
            )
        )
    return lines


def record_sale(
    *,
    products: Mapping[int, Product],
    quantities: Mapping[int, int],
    payment_method: str,
    seller,
    channel: str,
    customer_email: str = "",
    unit_prices: Mapping[int, Decimal] | None = None,
) -> Sale:
    """Write the ticket, its lines and its journal entry. Caller holds the product locks."""
    if payment_method not in PaymentMethod.values:
        raise ShopError()
    journal_lock()
    now = timezone.now()
    day = timezone.localdate(now)
    if DailyClosing.objects.filter(day=day).exists():
        raise DayClosed(day=day.strftime("%d/%m/%Y"))
    sale = Sale(
        reference=sale_reference(now),
        channel=channel,
        created_at=now,
        sold_on=day,
        seller=seller if getattr(seller, "pk", None) else None,
        payment_method=payment_method,
        customer_email=customer_email,
        total=Decimal("0"),
        vat_total=Decimal("0"),
    )
    lines = build_sale_lines(
        sale=sale,
        products=products,
        quantities=quantities,
        unit_prices=unit_prices,
        shop_settings=ShopSettings.load(),
    )
    sale.total = sum((line.total for line in lines), Decimal("0"))
    sale.vat_total = sum((line.vat_amount for line in lines), Decimal("0"))
    sale.save(force_insert=True)
    SaleLine.objects.bulk_create(lines)
    journal_append(kind=JournalEntry.Kind.SALE, payload=sale_payload(sale, lines, products), created_at=now)
    return sale


def sale_create(
    *, quantities: Mapping[int, object], payment_method: str, seller, customer_email: str = ""
) -> Sale:
    """A counter sale: lock the products in id order, re-count stock from the ledger, write.

    Raises EmptyBasket, InvalidQuantity, ProductUnavailable, OutOfStock, DayClosed.
    """
    cleaned = clean_quantities(quantities)
    if not cleaned:
        raise EmptyBasket()
    with transaction.atomic():
        products = lock_products(cleaned)
        check_sellable(products, cleaned)
        sale = record_sale(
            products=products,
            quantities=cleaned,
            payment_method=payment_method,
            seller=seller,
            channel=Sale.Channel.COUNTER,
            customer_email=customer_email,
        )
        StockMovement.objects.bulk_create(
            [
                StockMovement(
                    product_id=pid, kind=StockMovement.Kind.SALE, quantity=-q, actor=seller, sale=sale
                )
                for pid, q in sorted(cleaned.items())
            ]
        )
        log_action(seller, "shop.sale.created", sale, total=sale.total, payment_method=payment_method)
    if customer_email:
        from ..tasks import send_receipt

        enqueue(send_receipt, sale.pk, customer_email)
    return sale


def sale_reverse(*, sale: Sale, actor, reason: str) -> Sale:
    """Correct a ticket with a reversing ticket (never an edit); the goods go back to stock.

    Raises ReasonRequired, AlreadyReversed, InvalidState (a reversal cannot be reversed), DayClosed.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ReasonRequired()
    with transaction.atomic():
        original = Sale.objects.select_for_update().get(pk=sale.pk)
        if original.kind != Sale.Kind.SALE:
            raise InvalidState()
        if Sale.objects.filter(reverses=original).exists():
            raise AlreadyReversed()
        original_lines = list(original.lines.all())
        products = lock_products(line.product_id for line in original_lines)
        journal_lock()
        now = timezone.now()
        day = timezone.localdate(now)
        if DailyClosing.objects.filter(day=day).exists():
            raise DayClosed(day=day.strftime("%d/%m/%Y"))
        reversal = Sale.objects.create(
            reference=sale_reference(now),
            kind=Sale.Kind.REVERSAL,
            channel=original.channel,
            created_at=now,
            sold_on=day,
            seller=actor,
            payment_method=original.payment_method,
            total=-original.total,
            vat_total=-original.vat_total,
            reverses=original,
            reason=reason,
        )
        lines = [
            SaleLine(
                sale=reversal,
                product_id=line.product_id,
                member_id=line.member_id,
                product_name=line.product_name,
                quantity=-line.quantity,
                unit_price=line.unit_price,
                vat_rate=line.vat_rate,
                total=-line.total,
                vat_amount=-line.vat_amount,
                commission_rate=line.commission_rate,
                commission=-line.commission,
            )
            for line in original_lines
        ]
        SaleLine.objects.bulk_create(lines)
        StockMovement.objects.bulk_create(
            [
                StockMovement(
                    product_id=line.product_id,
                    kind=StockMovement.Kind.SALE_REVERSAL,
                    quantity=line.quantity,
                    actor=actor,
                    sale=reversal,
                    reason=reason,
                )
                for line in original_lines
            ]
        )
        journal_append(
            kind=JournalEntry.Kind.REVERSAL, payload=sale_payload(reversal, lines, products), created_at=now
        )
        log_action(actor, "shop.sale.reversed", original, reversal=reversal.reference, reason=reason)
    return reversal


def closing_create(*, day: datetime.date, actor) -> DailyClosing:
    """Close a day of the till: totals into the journal; later sales that day are refused.

    Idempotent (closing twice returns the first closing). Raises InvalidState for a future day.
    """
    if day > timezone.localdate():
        raise InvalidState()
    with transaction.atomic():
        journal_lock()
        existing = DailyClosing.objects.filter(day=day).first()
        if existing:
            return existing
        totals = closing_totals(day=day)
        entry = journal_append(kind=JournalEntry.Kind.CLOSING, payload={"closing": totals})
        closing = DailyClosing.objects.create(
            day=day,
            closed_by=actor if getattr(actor, "pk", None) else None,
            tickets=totals["tickets"],
            total=Decimal(totals["total"]),
            vat_total=Decimal(totals["vat_total"]),
            totals=totals,
            journal_sequence=entry.sequence,
        )
        log_action(actor, "shop.closing.created", closing, total=totals["total"])
    return closing
