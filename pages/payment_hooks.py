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

from decimal import Decimal

from django.utils import timezone

from common.audit import log_action
from common.models import ActionLog
from common.tasks import enqueue
from shop import services as shop_services
from shop.models import Order
from workshops import services as workshop_services
from workshops.models import Booking
from workshops.selectors import booking_audit_amount

from .selectors import CHECKOUT_OBJECT_TYPE
from .services import STAY_PAYMENT_KIND

# Audit row of what a gift voucher got back of a cancelled booking (payouts reads it).
VOUCHER_RECREDITED = "workshops.booking.voucher_recredited"


class _SeatsGone(Exception):
    pass


def _record(key: str) -> dict:
    row = ActionLog.objects.filter(object_type=CHECKOUT_OBJECT_TYPE, object_id=key).first()
    return row.data if row is not None else {}


def stay_confirm(*, booking_references, late: bool, method: str = "card") -> bool:
    """Confirm every held booking of a stay, all or nothing (False: some seat is gone).

    ``method`` (``card`` or ``voucher``) is what the booking's confirmation e-mail says was paid."""
    from django.db import transaction

    ids = list(Booking.objects.filter(reference__in=list(booking_references)).values_list("pk", flat=True))
    try:
        with transaction.atomic():
            for pk in sorted(ids):
                if not workshop_services.booking_payment_confirm(booking_id=pk, late=late, method=method):
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


def _checkout_of(booking) -> tuple[str | None, dict]:
    row = (
        ActionLog.objects.filter(
            object_type=CHECKOUT_OBJECT_TYPE, data__bookings__contains=[booking.reference]
        )
        .only("object_id", "data")
        .first()
    )
    return (row.object_id, row.data or {}) if row is not None else (None, {})


def _paid_payment_of(booking):
    from payments.models import Payment

    key, _data = _checkout_of(booking)
    if key is None:
        return None
    return Payment.objects.filter(
        reference_kind=STAY_PAYMENT_KIND, reference_id=key, status=Payment.Status.SUCCEEDED
    ).first()


def _refund_booking(booking, *, percent: int, kind: str, reason: str) -> Decimal:
    """Give back the share of a cancelled booking: card money first, then what a gift voucher
    paid of it (re-credited to the voucher, never more than it gave to this checkout).
    Returns what was given back (card and voucher together)."""
    from payments import hooks
    from payments.services import refund_create

    key, data = _checkout_of(booking)
    if key is None:
        return Decimal("0.00")
    due = (booking.price * percent / Decimal(100)).quantize(Decimal("0.01"))
    card = Decimal("0")
    payment = _paid_payment_of(booking)
    if payment is not None:
        card = max(Decimal("0"), min(payment.amount - payment.refunded_total(), due))
        if card > 0:
            refund_create(
                payment_id=payment.pk,
                amount=card,
                reason=reason,
                kind=kind,
                lines=[f"booking:{booking.reference}"],
            )
    elif Decimal(data.get("to_pay") or "0") > 0:
        return Decimal("0.00")  # its card payment never succeeded: the hold's release gave all back
    back = due - card
    if data.get("voucher_shares") is not None:
        # A desk checkout: the voucher paid each booking its own share (the rest on site), so a
        # cancelled booking gives back at most its share, never another booking's.
        back = min(back, Decimal(str(data["voucher_shares"].get(booking.reference) or "0")))
    given = Decimal("0.00")
    if back > 0 and data.get("deductions"):
        results = hooks.run("checkout.deductions.recredit", reference=key, amount=back, reason=reason)
        given = sum((Decimal(str(r)) for r in results if r), Decimal("0.00"))
        if given > 0:
            # Read by the artisan's statement (payouts): a voucher re-credit is a refund of the
            # seats in the month it happens, like a card refund.
            log_action(None, VOUCHER_RECREDITED, booking, amount=str(given), key=key)
    return card + given


def on_booking_repriced(*, booking) -> Decimal:
    """A desk booking paid partly by gift voucher now costs less (fewer people): what the voucher
    paid beyond the new price goes back to it, under its lock, once (what went back before is
    counted). Returns the amount given back (the caller tells staff and the visitor)."""
    from payments import hooks

    key, data = _checkout_of(booking)
    if key is None or data.get("voucher_shares") is None or not data.get("deductions"):
        return Decimal("0.00")
    share = Decimal(str(data["voucher_shares"].get(booking.reference) or "0"))
    back = share - booking_audit_amount(booking, VOUCHER_RECREDITED) - booking.price
    if back <= 0:
        return Decimal("0.00")
    reason = f"réservation {booking.reference} : {booking.party_size} personne(s)"
    results = hooks.run("checkout.deductions.recredit", reference=key, amount=back, reason=reason)
    given = sum((Decimal(str(r)) for r in results if r), Decimal("0.00"))
    if given > 0:
        log_action(None, VOUCHER_RECREDITED, booking, amount=str(given), key=key)
    return given


def booking_payment(*, booking):
    """The card payment that paid this booking (through a stay or its own form), if any."""
    return _paid_payment_of(booking)


def on_booking_cancelled(*, booking, full: bool) -> Decimal:
    """A visitor cancelling within the policy gets its share back; staff past the deadline, all.
    Returns what was given back (the artisan's e-mail says it)."""
    from payments.models import Refund

    percent = 100 if full else booking.session.workshop.cancellation_refund_percent
    return _refund_booking(
        booking,
        percent=percent,
        kind=Refund.Kind.CANCELLATION,
        reason=f"annulation de la réservation {booking.reference} ({percent} %)",
    )


def on_session_cancelled(*, booking_ids) -> None:
    """A session cancelled by the artisan or the go/no-go rule: every payer refunded in full."""
    from payments.models import Refund

    for booking in Booking.objects.filter(pk__in=list(booking_ids)).order_by("pk"):
        _refund_booking(
            booking,
            percent=100,
            kind=Refund.Kind.SESSION_CANCELLED,
            reason=f"séance annulée, réservation {booking.reference}",
        )


def receipt(*, payment) -> dict | None:
    """The receipt of a stay paid by card: each confirmed booking and the order's lines, at the
    prices the checkout computed. A gift voucher that paid part of it is a means of payment,
    not a discount (its VAT is due now, on what it pays), so the lines keep their full price."""
    from django.conf import settings

    from invoicing.services import LineInput
    from shop.models import OrderLine

    data = _record(payment.reference_id)
    lines = []
    bookings = Booking.objects.filter(
        reference__in=data.get("bookings", []), status=Booking.Status.CONFIRMED
    ).select_related("session__workshop")
    rate = Decimal(str(settings.INVOICE_WORKSHOP_VAT_RATE))
    name = ""
    for booking in bookings.order_by("pk"):
        name = name or booking.name
        label = "Atelier « {title} » — {when} — {ref} ({n} pers.)".format(
            title=booking.session.workshop.title,
            when=timezone.localtime(booking.session.start).strftime("%d/%m/%Y %H:%M"),
            ref=booking.reference,
            n=booking.party_size,
        )
        lines.append(LineInput(label[:255], Decimal(1), booking.price, rate))
    order = Order.objects.filter(reference=data.get("order") or "").first() if data.get("order") else None
    if order is not None:
        name = name or order.name
        for line in OrderLine.objects.filter(order=order).select_related("product"):
            lines.append(
                LineInput(
                    f"{line.product.name} — {order.reference}"[:255],
                    Decimal(line.quantity),
                    line.unit_price,
                    line.product.applicable_vat_rate,
                )
            )
    if not lines:
        return None
    return {
        "buyer": {"buyer_name": name or payment.email, "buyer_email": payment.email},
        "lines": lines,
        "method": "carte + bon cadeau" if data.get("deductions") else "carte",
    }


def desk_voucher(*, booking, code: str, ip=None, actor=None) -> None:
    from .services import desk_booking_by_voucher

    desk_booking_by_voucher(booking=booking, code=code, ip=ip, actor=actor)


def register() -> None:
    from payments import hooks

    hooks.register(f"{STAY_PAYMENT_KIND}:succeeded", on_succeeded)
    hooks.register(f"{STAY_PAYMENT_KIND}:expired", on_expired)
    hooks.register(f"{STAY_PAYMENT_KIND}:receipt", receipt)
    hooks.register("workshops.booking.cancelled", on_booking_cancelled)
    hooks.register("workshops.session.cancelled", on_session_cancelled)
    hooks.register("workshops.booking.payment", booking_payment)
    hooks.register("workshops.booking.desk_voucher", desk_voucher)
    hooks.register("workshops.booking.repriced", on_booking_repriced)
