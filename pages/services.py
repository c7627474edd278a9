"""Writes of the stay basket: one checkout that books seats and orders products together.

The checkout is one database transaction around the workshops and shop services: their
own ``atomic`` blocks become savepoints, so a refusal on any line rolls back every booking
and the order, and the e-mails they queued with ``on_commit`` are dropped with them.
Lock order: the checkout's advisory lock, then the session rows in id order (each
``booking_create``), then the product rows in id order (``order_create`` / ``sale_create``).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.urls import reverse

from common.models import ActionLog
from shop import services as shop_services
from shop.exceptions import ShopError, TenderRefused
from workshops import services as workshop_services
from workshops.exceptions import WorkshopError
from workshops.models import Booking
from workshops.selectors import session_workshop_ids

from .exceptions import EMPTY_STAY, PAYMENT_REQUIRED, PHONE_REQUIRED, StayError
from .selectors import CHECKOUT_ACTION, CHECKOUT_OBJECT_TYPE

STAY_PAYMENT_KIND = "pages.stay"  # the reference kind of a stay's card payment (payments app)


@dataclass(frozen=True)
class SeatRequest:
    session_id: int
    public_id: str
    party_size: int
    children: int = 0
    youngest_age: int | None = None
    promo_code: str = ""


@dataclass
class CheckoutResult:
    key: str
    booking_references: list[str] = field(default_factory=list)
    order_reference: str = ""
    sale_reference: str = ""
    total: Decimal = Decimal("0")
    duplicate: bool = False
    payment_id: str = ""  # public id of the card payment to make (pay_online), else ""
    to_pay: Decimal = Decimal("0")  # what the card is charged: total less the deductions


def _product_line(exc: ShopError, names: Mapping[int, str]) -> str | None:
    name = exc.params.get("product")
    for pid, product_name in names.items():
        if product_name == name:
            return f"product:{pid}"
    return None


def stay_checkout(
    *,
    idempotency_key: uuid.UUID,
    seats: Sequence[SeatRequest],
    products: Mapping[int, int],
    product_names: Mapping[int, str] | None = None,
    name: str,
    email: str,
    phone: str = "",
    consent_contact: bool = False,
    language: str = "fr",
    desk: bool = False,
    payment_method: str = "",
    actor=None,
    pay_online: bool = False,
    deduction_context: dict | None = None,
    voucher_code: str = "",
    seats_voucher: bool = False,
) -> CheckoutResult:
    """Book every seat line and order (online) or sell (desk) the products, all or nothing.

    Prices are computed by the workshops and shop services. The same ``idempotency_key``
    returns the first checkout's result. Raises ``StayError`` naming the line at fault.

    ``pay_online``: the seats and the stock are held while the visitor pays by card
    (``PAYMENTS_HOLD_MINUTES``); ``pages.payment_hooks`` confirms or releases them when the
    payment ends. Deductions (gift vouchers…) come through the payments seam.

    ``seats_voucher`` (desk): the gift voucher ``voucher_code`` pays the seats, whole or part
    (the rest is paid on site), spent under its row lock in this transaction.
    """
    if not seats and not products:
        raise StayError(EMPTY_STAY)
    if products and not desk and not phone.strip():
        raise StayError(PHONE_REQUIRED)
    if products and desk and not payment_method:
        raise StayError(PAYMENT_REQUIRED)
    key = str(idempotency_key)
    names = product_names or {}
    with transaction.atomic():
        # Two clicks on "Valider" carry the same key: the second waits here for the first
        # to commit, then finds its record and returns it instead of booking again.
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"{CHECKOUT_OBJECT_TYPE}:{key}"])
        done = ActionLog.objects.filter(object_type=CHECKOUT_OBJECT_TYPE, object_id=key).first()
        if done is not None:
            return CheckoutResult(
                key=key,
                booking_references=list(done.data.get("bookings", [])),
                order_reference=done.data.get("order") or "",
                sale_reference=done.data.get("sale") or "",
                total=Decimal(done.data.get("total") or "0"),
                duplicate=True,
                payment_id=done.data.get("payment") or "",
                to_pay=Decimal(done.data.get("to_pay") or "0"),
            )
        result = CheckoutResult(key=key)
        tokens: list[str] = []
        # Seats in workshop order, then session order: booking a seat locks its session, then
        # (PostgreSQL's listing triggers) its workshop; two stays on the same two workshops
        # locking them in opposite orders could deadlock.
        workshop_of = session_workshop_ids(seat.session_id for seat in seats)
        for seat in sorted(seats, key=lambda s: (workshop_of.get(s.session_id, 0), s.session_id)):
            try:
                booking = workshop_services.booking_create(
                    session_id=seat.session_id,
                    name=name,
                    email=email,
                    phone=phone,
                    party_size=seat.party_size,
                    children=seat.children,
                    youngest_age=seat.youngest_age,
                    consent_contact=consent_contact,
                    channel=Booking.Channel.DESK if desk else Booking.Channel.ONLINE,
                    language=language,
                    idempotency_key=f"{uuid.UUID(key).hex}-{seat.session_id}",
                    actor=actor,
                    hold=pay_online and not desk,
                    promo_code=seat.promo_code or None,
                )
            except WorkshopError as exc:
                raise StayError(exc.message, line=f"seat:{seat.public_id}") from exc
            result.booking_references.append(booking.reference)
            tokens.append(booking.manage_token)
            result.total += booking.price
        order_token = ""
        if products:
            try:
                if desk:
                    sale = shop_services.sale_create(
                        quantities=products,
                        payment_method=payment_method,
                        seller=actor,
                        customer_email=email,
                        voucher_code=voucher_code,
                    )
                    result.sale_reference = sale.reference
                    result.total += sale.total
                else:
                    order = shop_services.order_create(
                        basket=products,
                        name=name,
                        email=email,
                        phone=phone,
                        language=language,
                        consent_contact=consent_contact,
                    )
                    result.order_reference = order.reference
                    order_token = str(order.token)
                    result.total += order.total
            except TenderRefused as exc:
                raise StayError(str(exc), line="voucher") from exc
            except ShopError as exc:
                raise StayError(str(exc), line=_product_line(exc, names)) from exc
        extra = {}
        if pay_online and not desk:
            extra = _open_payment(result, key=key, name=name, email=email, context=deduction_context)
        elif desk and seats_voucher and result.booking_references:
            extra = _desk_seats_by_voucher(
                result, key=key, code=voucher_code, ip=(deduction_context or {}).get("ip"), actor=actor
            )
        # The audit row doubles as the checkout's record: found again by its key (indexed).
        ActionLog.objects.create(
            actor=actor if getattr(actor, "pk", None) else None,
            action=CHECKOUT_ACTION,
            object_type=CHECKOUT_OBJECT_TYPE,
            object_id=key,
            data={
                "bookings": result.booking_references,
                "booking_tokens": tokens,
                "order": result.order_reference,
                "order_token": order_token,
                "sale": result.sale_reference,
                "total": str(result.total),
                "channel": "desk" if desk else "online",
                **extra,
            },
        )
    return result


def _open_payment(result: CheckoutResult, *, key: str, name: str, email: str, context) -> dict:
    """Inside the checkout transaction: deductions committed, card payment opened for the rest."""
    from django.conf import settings
    from django.utils import timezone

    from payments import hooks as payment_hooks
    from payments.checkout import checkout_total
    from payments.exceptions import PaymentError
    from payments.services import payment_start

    lines = _seat_lines(result.booking_references)
    try:
        totals = checkout_total(
            gross=result.total, context={"email": email, **(context or {}), "lines": lines}
        )
        if totals.deductions:
            payment_hooks.run("checkout.deductions.commit", deductions=totals.deductions, reference=key)
    except PaymentError as exc:
        # The whole checkout rolls back: no seat held, nothing spent from the voucher.
        raise StayError(exc.message, line="voucher") from exc
    result.to_pay = totals.total
    extra = {"to_pay": str(totals.total), "deductions": totals.as_data()}
    if totals.total <= 0:
        # Fully covered (a gift voucher): nothing to pay by card, confirmed at once.
        from .payment_hooks import stay_confirm

        stay_confirm(booking_references=result.booking_references, late=False, method="voucher")
        return extra
    try:
        payment = payment_start(
            reference_kind=STAY_PAYMENT_KIND,
            reference_id=key,
            amount=totals.total,
            email=email,
            description=f"Séjour {name}"[:200],
            expires_at=timezone.now() + datetime.timedelta(minutes=settings.PAYMENTS_HOLD_MINUTES),
            # Once paid, « Continuer » leads to what was booked, with each booking's own link.
            return_url=reverse("pages:stay_confirmation", kwargs={"key": key}),
        )
    except PaymentError as exc:
        raise StayError(exc.message) from exc
    result.payment_id = str(payment.public_id)
    return {**extra, "payment": result.payment_id}


def _seat_lines(references: Sequence[str]) -> list[dict]:
    """What each booking costs, so that a deduction bound to one workshop (a workshop voucher)
    pays only that workshop's lines. Prices come from the rows just written."""
    return [
        {"kind": "seat", "reference": ref, "workshop_id": workshop_id, "amount": str(price)}
        for ref, workshop_id, price in Booking.objects.filter(reference__in=list(references))
        .order_by("pk")
        .values_list("reference", "session__workshop_id", "price")
    ]


def voucher_shares(deductions: Sequence, lines: Sequence[dict]) -> dict[str, Decimal]:
    """Each booking's part of what the deductions paid, booking by booking in order (a workshop
    voucher only on its own workshop's lines): what goes back if that booking is cancelled and
    what reaches the artisan's statement."""
    left = {line["reference"]: Decimal(line["amount"]) for line in lines}
    shares: dict[str, Decimal] = {}
    for deduction in deductions:
        rest = Decimal(deduction.amount)
        workshop_id = (deduction.data or {}).get("workshop_id")
        for line in lines:
            if rest <= 0:
                break
            if workshop_id and line["workshop_id"] != workshop_id:
                continue
            take = min(rest, left[line["reference"]])
            if take > 0:
                shares[line["reference"]] = shares.get(line["reference"], Decimal("0")) + take
                left[line["reference"]] -= take
                rest -= take
    return shares


def _desk_seats_by_voucher(result: CheckoutResult, *, key: str, code: str, ip, actor) -> dict:
    """Inside the desk checkout's transaction: the gift voucher pays the seats (all it can, the
    rest on site), through the same deduction and commit hooks as an online basket (the voucher's
    row lock, the ledger never below zero). Raises ``StayError(line="voucher")``."""
    from common.audit import log_action
    from payments import hooks as payment_hooks
    from payments.checkout import checkout_total
    from payments.exceptions import PaymentError

    from .exceptions import VOUCHER_CODE_REQUIRED

    if not (code or "").strip():
        raise StayError(VOUCHER_CODE_REQUIRED, line="voucher")
    lines = _seat_lines(result.booking_references)
    gross = sum((Decimal(line["amount"]) for line in lines), Decimal("0"))
    try:
        totals = checkout_total(gross=gross, context={"codes": [code], "ip": ip, "lines": lines})
        if totals.deductions:
            payment_hooks.run("checkout.deductions.commit", deductions=totals.deductions, reference=key)
    except PaymentError as exc:
        raise StayError(exc.message, line="voucher") from exc
    shares = voucher_shares(totals.deductions, lines)
    for booking in Booking.objects.filter(reference__in=list(shares)).order_by("pk"):
        # Read by the booking's e-mail, manage page and staff page: « réglé par bon cadeau ».
        log_action(
            actor, "workshops.booking.voucher_paid", booking, amount=str(shares[booking.reference]), key=key
        )
    return {
        "deductions": totals.as_data(),
        "voucher_shares": {ref: str(amount) for ref, amount in shares.items()},
        "on_site": str(totals.total),
    }


def desk_booking_by_voucher(*, booking: Booking, code: str, ip=None, actor=None) -> None:
    """A booking taken on the session's desk page paid by gift voucher (hook
    ``workshops.booking.desk_voucher``, inside ``booking_create``'s transaction): recorded as a
    one-booking desk checkout, so that cancelling it gives the voucher back its share and the
    artisan's statement counts it, like a desk stay. Raises ``WorkshopError(field="voucher_code")``."""
    key = str(uuid.uuid5(uuid.NAMESPACE_URL, f"maillage-desk-booking-{booking.reference}"))
    result = CheckoutResult(key=key, booking_references=[booking.reference], total=booking.price)
    try:
        extra = _desk_seats_by_voucher(result, key=key, code=code, ip=ip, actor=actor)
    except StayError as exc:
        raise WorkshopError(exc.message, field="voucher_code") from exc
    ActionLog.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=CHECKOUT_ACTION,
        object_type=CHECKOUT_OBJECT_TYPE,
        object_id=key,
        data={
            "bookings": [booking.reference],
            "booking_tokens": [booking.manage_token],
            "order": "",
            "order_token": "",
            "sale": "",
            "total": str(booking.price),
            "channel": "desk",
            **extra,
        },
    )
