"""Deposits by members and stock adjustments by staff: every change is a ledger row."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from common.audit import log_action

from ..exceptions import InvalidQuantity, InvalidState, OutOfStock, ReasonRequired, ShopError
from ..models import DepositLine, DepositSlip, Product, StockMovement
from .common import clean_quantities, lock_products, random_code, stock_levels


def deposit_request(
    *,
    member,
    actor,
    quantities: Mapping[int, object],
    planned_on: datetime.date | None = None,
    note: str = "",
) -> DepositSlip:
    """A member announces goods they will bring; no stock moves until staff receive them.

    ``quantities`` maps product ids (of this member) to quantities. Raises InvalidQuantity.
    """
    cleaned = clean_quantities({pid: q for pid, q in quantities.items() if str(q).strip() not in ("", "0")})
    if not cleaned:
        raise InvalidQuantity()
    products = Product.objects.filter(id__in=cleaned, member=member)
    if products.count() != len(cleaned):
        raise ShopError()
    with transaction.atomic():
        slip = DepositSlip.objects.create(
            reference=f"D-{timezone.localdate():%y%m}-{random_code(5)}",
            member=member,
            planned_on=planned_on,
            note=note,
            requested_by=actor if getattr(actor, "pk", None) else None,
        )
        DepositLine.objects.bulk_create(
            [
                DepositLine(slip=slip, product_id=pid, quantity_announced=q)
                for pid, q in sorted(cleaned.items())
            ]
        )
        log_action(actor, "shop.deposit.requested", slip, lines=len(cleaned))
    return slip


def deposit_receive(*, slip: DepositSlip, actor, received: Mapping[int, object] | None = None) -> DepositSlip:
    """Staff confirm reception; the quantities received (default: announced) enter the ledger.

    Idempotent: receiving a slip twice changes nothing. Raises InvalidState if cancelled.
    """
    with transaction.atomic():
        slip = DepositSlip.objects.select_for_update().get(pk=slip.pk)
        if slip.status == DepositSlip.Status.RECEIVED:
            return slip
        if slip.status != DepositSlip.Status.REQUESTED:
            raise InvalidState()
        lines = list(slip.lines.all())
        movements = []
        for line in lines:
            raw = (received or {}).get(line.product_id, line.quantity_announced)
            try:
                quantity = int(str(raw).strip())
            except (TypeError, ValueError):
                raise InvalidQuantity() from None
            if quantity < 0:
                raise InvalidQuantity()
            line.quantity_received = quantity
            if quantity:
                movements.append(
                    StockMovement(
                        product_id=line.product_id,
                        kind=StockMovement.Kind.DEPOSIT,
                        quantity=quantity,
                        actor=actor,
                        deposit_slip=slip,
                    )
                )
        DepositLine.objects.bulk_update(lines, ["quantity_received"])
        StockMovement.objects.bulk_create(movements)
        slip.status = DepositSlip.Status.RECEIVED
        slip.received_at = timezone.now()
        slip.received_by = actor
        slip.save(update_fields=["status", "received_at", "received_by", "updated_at"])
        log_action(actor, "shop.deposit.received", slip, units=sum(m.quantity for m in movements))
    return slip


def deposit_cancel(*, slip: DepositSlip, actor) -> DepositSlip:
    """Cancel a deposit that was not received yet. Idempotent."""
    with transaction.atomic():
        slip = DepositSlip.objects.select_for_update().get(pk=slip.pk)
        if slip.status == DepositSlip.Status.CANCELLED:
            return slip
        if slip.status != DepositSlip.Status.REQUESTED:
            raise InvalidState()
        slip.status = DepositSlip.Status.CANCELLED
        slip.save(update_fields=["status", "updated_at"])
        log_action(actor, "shop.deposit.cancelled", slip)
    return slip


ADJUSTMENT_KINDS = (StockMovement.Kind.RETURN, StockMovement.Kind.WRITE_OFF, StockMovement.Kind.CORRECTION)


def stock_adjust(*, product: Product, actor, kind: str, quantity: int, reason: str = "") -> StockMovement:
    """Return to the producer, write-off (``quantity`` units out) or inventory correction
    (signed ``quantity``, reason mandatory). Never leaves the stock below zero.
    """
    if kind not in ADJUSTMENT_KINDS:
        raise InvalidState()
    reason = (reason or "").strip()
    if kind == StockMovement.Kind.CORRECTION:
        if not reason:
            raise ReasonRequired()
        if quantity == 0:
            raise InvalidQuantity()
        delta = quantity
    else:
        if quantity <= 0:
            raise InvalidQuantity()
        delta = -quantity
    with transaction.atomic():
        lock_products([product.pk])
        if delta < 0:
            available = stock_levels([product.pk])[product.pk]
            if available + delta < 0:
                raise OutOfStock(product=product.name, available=available)
        movement = StockMovement.objects.create(
            product=product, kind=kind, quantity=delta, actor=actor, reason=reason
        )
        log_action(actor, f"shop.stock.{kind}", product, quantity=delta, reason=reason)
    return movement
