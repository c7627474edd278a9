"""Click & collect: visitors' orders reserve stock until they are collected or released."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from common.audit import log_action
from common.tasks import enqueue
from network import services as network_services

from ..exceptions import EmptyBasket, InvalidState
from ..models import Order, OrderLine, Sale, ShopSettings, StockMovement
from .common import check_sellable, clean_quantities, lock_products, random_code, to_cents
from .sales import record_sale


def order_create(
    *,
    basket: Mapping[int, object],
    name: str,
    email: str,
    phone: str,
    note: str = "",
    language: str = "fr",
    consent_contact: bool = False,
) -> Order:
    """Order for pick-up: prices come from the database, stock is reserved under row locks.

    The buyer joins the network's contacts (``network.services.contact_record``); their
    consent to be contacted again is recorded only when they ticked the box.

    Raises EmptyBasket, InvalidQuantity, ProductUnavailable, OutOfStock.
    """
    cleaned = clean_quantities(basket)
    if not cleaned:
        raise EmptyBasket()
    settings_row = ShopSettings.load()
    with transaction.atomic():
        products = lock_products(cleaned)
        check_sellable(products, cleaned)
        now = timezone.now()
        lines = [
            OrderLine(
                product_id=pid,
                quantity=q,
                unit_price=products[pid].price,
                total=to_cents(products[pid].price * q),
            )
            for pid, q in sorted(cleaned.items())
        ]
        order = Order.objects.create(
            reference=f"CC-{random_code(6)}",
            name=name.strip(),
            email=email.strip(),
            phone=phone.strip(),
            note=note.strip(),
            language=language,
            total=sum((line.total for line in lines), Decimal("0")),
            hold_until=now + datetime.timedelta(hours=settings_row.order_hold_hours),
        )
        for line in lines:
            line.order = order
        OrderLine.objects.bulk_create(lines)
        StockMovement.objects.bulk_create(
            [
                StockMovement(
                    product_id=pid, kind=StockMovement.Kind.ORDER_RESERVED, quantity=-q, order=order
                )
                for pid, q in sorted(cleaned.items())
            ]
        )
        network_services.contact_record_after_commit(
            email=order.email,
            name=order.name,
            phone=order.phone,
            language=language,
            source="shop.order",
            consent=True if consent_contact else None,
        )
        log_action(None, "shop.order.created", order, total=order.total)
        from ..tasks import send_order_email

        enqueue(send_order_email, order.pk, "received")
    return order


def _locked(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def order_mark_ready(*, order: Order, actor) -> Order:
    """Staff prepared the order: the visitor is emailed; the pick-up delay restarts now.

    Idempotent. Raises InvalidState when the order is no longer open.
    """
    with transaction.atomic():
        order = _locked(order)
        if order.status == Order.Status.READY:
            return order
        if order.status != Order.Status.RESERVED:
            raise InvalidState()
        now = timezone.now()
        hold = datetime.timedelta(hours=ShopSettings.load().order_hold_hours)
        order.status = Order.Status.READY
        order.ready_at = now
        order.hold_until = max(order.hold_until, now + hold)
        order.save(update_fields=["status", "ready_at", "hold_until", "updated_at"])
        log_action(actor, "shop.order.ready", order)
        from ..tasks import send_order_email

        enqueue(send_order_email, order.pk, "ready")
    return order


def order_collect(*, order: Order, actor, payment_method: str) -> Sale:
    """The visitor picks the order up and pays: a ticket at the prices of the order.

    Idempotent (returns the existing ticket). Raises InvalidState when released or cancelled.
    """
    with transaction.atomic():
        order = _locked(order)
        if order.status == Order.Status.COLLECTED and order.sale is not None:
            return order.sale
        if not order.is_open:
            raise InvalidState()
        lines = list(order.lines.all())
        quantities = {line.product_id: line.quantity for line in lines}
        products = lock_products(quantities)
        sale = record_sale(
            products=products,
            quantities=quantities,
            payment_method=payment_method,
            seller=actor,
            channel=Sale.Channel.ONLINE,
            customer_email=order.email,
            unit_prices={line.product_id: line.unit_price for line in lines},
        )
        # The units left the stock when reserved; this row only records the hand-over.
        StockMovement.objects.bulk_create(
            [
                StockMovement(
                    product_id=pid,
                    kind=StockMovement.Kind.ORDER_COLLECTED,
                    quantity=0,
                    actor=actor,
                    order=order,
                    sale=sale,
                )
                for pid in sorted(quantities)
            ]
        )
        order.status = Order.Status.COLLECTED
        order.closed_at = timezone.now()
        order.sale = sale
        order.save(update_fields=["status", "closed_at", "sale", "updated_at"])
        log_action(actor, "shop.order.collected", order, sale=sale.reference)
    return sale


def order_release(
    *,
    order: Order,
    actor=None,
    expired: bool = False,
    now: datetime.datetime | None = None,
    reason: str = "",
) -> Order:
    """Give the reserved units back to the stock and tell the visitor.

    ``expired``: the automatic release of an unclaimed order (re-checked under the lock).
    Idempotent: a closed order is returned unchanged.
    """
    now = now or timezone.now()
    with transaction.atomic():
        order = _locked(order)
        if not order.is_open or (expired and order.hold_until >= now):
            return order
        lines = list(order.lines.all())
        lock_products(line.product_id for line in lines)
        StockMovement.objects.bulk_create(
            [
                StockMovement(
                    product_id=line.product_id,
                    kind=StockMovement.Kind.ORDER_RELEASED,
                    quantity=line.quantity,
                    actor=actor,
                    order=order,
                    reason="délai de retrait dépassé"
                    if expired
                    else (f"annulée : {reason.strip()}"[:200] if reason.strip() else "annulée"),
                )
                for line in lines
            ]
        )
        order.status = Order.Status.RELEASED if expired else Order.Status.CANCELLED
        order.closed_at = now
        order.save(update_fields=["status", "closed_at", "updated_at"])
        log_action(
            actor, "shop.order.released" if expired else "shop.order.cancelled", order, reason=reason.strip()
        )
        from ..tasks import send_order_cancelled_to_members, send_order_email

        enqueue(send_order_email, order.pk, "released")
        if not expired and actor is not None:
            # Staff cancelled: the artisans whose products were set aside hear it, with the reason.
            enqueue(send_order_cancelled_to_members, order.pk, reason.strip())
    return order


def orders_release_expired(*, now: datetime.datetime | None = None, batch_size: int = 100) -> int:
    """Release open orders past their pick-up deadline, in small batches. Returns how many."""
    now = now or timezone.now()
    ids = list(
        Order.objects.filter(status__in=Order.OPEN, hold_until__lt=now)
        .order_by("hold_until")
        .values_list("pk", flat=True)[:batch_size]
    )
    released = 0
    for order in Order.objects.filter(pk__in=ids):
        if order_release(order=order, expired=True, now=now).status == Order.Status.RELEASED:
            released += 1
    return released
