"""What a stay's card payment does to its bookings and order (handlers of the payments seam).

Registered in ``PagesConfig.ready`` for the reference kind ``pages.stay`` (the checkout key).
Each handler runs inside the transaction that changes the payment, under its row lock.

- succeeded: the held bookings are confirmed (their own e-mails leave) and the visitor gets
  « paiement reçu ». If the payment came after the hold ended and a seat or the order is gone,
  nothing is half-confirmed: the whole payment is refunded automatically and the visitor told.
- expired: the seats and the stock are released, deductions given back, the visitor told.
- failed: nothing; the hold stays until it ends, so the visitor may retry with another card.
"""

from __future__ import annotations

from common.models import ActionLog
from common.tasks import enqueue
from shop import services as shop_services
from shop.models import Order
from workshops import services as workshop_services
from workshops.models import Booking

from .selectors import CHECKOUT_OBJECT_TYPE
from .services import STAY_PAYMENT_KIND


class _SeatsGone(Exception):
    pass


def _record(key: str) -> dict:
    row = ActionLog.objects.filter(object_type=CHECKOUT_OBJECT_TYPE, object_id=key).first()
    return row.data if row is not None else {}


def stay_confirm(*, booking_references, late: bool) -> bool:
    """Confirm every held booking of a stay, all or nothing (False: some seat is gone)."""
    from django.db import transaction

    ids = list(Booking.objects.filter(reference__in=list(booking_references)).values_list("pk", flat=True))
    try:
        with transaction.atomic():
            for pk in sorted(ids):
                if not workshop_services.booking_payment_confirm(booking_id=pk, late=late):
                    raise _SeatsGone
    except _SeatsGone:
        return False
    return True


def on_succeeded(*, payment) -> None:
    from payments import tasks as payment_tasks
    from payments.models import Refund
    from payments.services import refund_full_if_paid

    data = _record(payment.reference_id)
    order_ok = True
    if data.get("order"):
        order_ok = Order.objects.filter(reference=data["order"], status__in=Order.OPEN).exists()
    if order_ok and stay_confirm(booking_references=data.get("bookings", []), late=payment.late):
        enqueue(payment_tasks.send_payment_email, payment.pk, "paid")
        return
    # Paid after the hold ended and something is gone: the visitor is never charged for it.
    refund_full_if_paid(
        reference_kind=STAY_PAYMENT_KIND,
        reference_id=payment.reference_id,
        reason="paiement reçu après la fin du délai, places ou produits plus disponibles",
        kind=Refund.Kind.LATE_PAYMENT,
        lines=[f"booking:{ref}" for ref in data.get("bookings", [])]
        + ([f"order:{data['order']}"] if data.get("order") else []),
    )
    _release(payment.reference_id, data)
    enqueue(payment_tasks.send_payment_email, payment.pk, "late_refund")


def _release(key: str, data: dict) -> None:
    from payments import hooks

    for pk in Booking.objects.filter(reference__in=data.get("bookings", [])).values_list("pk", flat=True):
        workshop_services.booking_hold_release(booking_id=pk)
    if data.get("order"):
        order = Order.objects.filter(reference=data["order"]).first()
        if order is not None and order.is_open:
            shop_services.order_release(order=order)
    if data.get("deductions"):
        hooks.run("checkout.deductions.release", reference=key)


def on_expired(*, payment) -> None:
    from payments import tasks as payment_tasks

    _release(payment.reference_id, _record(payment.reference_id))
    enqueue(payment_tasks.send_payment_email, payment.pk, "expired")


def register() -> None:
    from payments import hooks

    hooks.register(f"{STAY_PAYMENT_KIND}:succeeded", on_succeeded)
    hooks.register(f"{STAY_PAYMENT_KIND}:expired", on_expired)
