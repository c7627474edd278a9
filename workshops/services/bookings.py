"""Bookings: created (with their payment hold), confirmed, cancelled, resized, attended."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.audit import log_action
from common.tasks import enqueue
from network import services as network_services
from payments import hooks as payment_hooks

from .. import exceptions as errors
from .. import selectors
from ..models import (
    ACTIVE_BOOKING_STATUSES,
    Booking,
    Session,
    new_reference,
)
from .common import (
    _check_bookable,
    _check_party,
    _lock_session,
    _seats_booked,
    _seats_held,
    _store_seats_booked,
)

# --- bookings ------------------------------------------------------------------------------


def _booking_insert(**fields) -> Booking:
    """Insert a booking; on the (1 in 10^11) clash of a random reference, draw another one."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                return Booking.objects.create(**fields)
        except IntegrityError as exc:
            if "reference" not in str(exc) or attempt == 4:
                raise
            fields["reference"] = new_reference()
    raise AssertionError("unreachable")


def booking_create(
    *,
    session_id: int,
    name: str,
    email: str,
    phone: str = "",
    party_size: int,
    children: int = 0,
    youngest_age: int | None = None,
    consent_contact: bool = False,
    channel: str = Booking.Channel.ONLINE,
    language: str = "fr",
    idempotency_key: str | None = None,
    actor=None,
    promo_code: str | None = None,
    hold: bool = False,
    voucher_code: str = "",
    ip: str | None = None,
) -> Booking:
    """Book seats on a session, at once confirmed; price computed here, never taken from input.

    ``voucher_code`` (desk): a gift voucher pays the seats, whole or part (the rest on site), in
    this transaction, through the paying app's hook ``workshops.booking.desk_voucher``; a refused
    voucher raises ``WorkshopError`` on the field ``voucher_code`` and nothing is booked.

    ``hold``: the seats are held for an online payment (status ``pending_payment``, no e-mail
    yet); ``booking_payment_confirm`` or ``booking_hold_release`` ends the hold.

    The same ``idempotency_key`` returns the booking it created the first time. Raises
    ``NotEnoughSeats`` (with ``seats_left``) or ``WorkshopError``.
    """
    now = timezone.now()
    with transaction.atomic():
        session = _lock_session(session_id)
        if idempotency_key:
            existing = Booking.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        _check_bookable(session, now=now)
        workshop = session.workshop
        _check_party(workshop, party_size=party_size, children=children, youngest_age=youngest_age)
        seats_left = session.capacity - _seats_booked(session) - _seats_held(session, now=now)
        if party_size > seats_left:
            raise errors.not_enough_seats(seats_left)
        booking = _booking_insert(
            session=session,
            name=name.strip(),
            email=email.strip().lower(),
            phone=phone.strip(),
            party_size=party_size,
            children=children,
            youngest_age=youngest_age,
            price=_promo_price(
                promo_code, session, workshop.price_for(party_size=party_size, children=children)
            ),
            consent_contact=consent_contact,
            channel=channel,
            language=language,
            idempotency_key=idempotency_key or None,
            created_by=actor if getattr(actor, "pk", None) else None,
            status=Booking.Status.PENDING_PAYMENT if hold else Booking.Status.CONFIRMED,
        )
        _store_seats_booked(session)
        network_services.contact_record_after_commit(
            email=booking.email,
            name=booking.name,
            phone=booking.phone,
            language=language,
            source="workshops.booking",
            consent=True if consent_contact else None,
        )
        log_action(
            actor,
            "workshops.booking.created",
            booking,
            session=str(session.public_id),
            party_size=party_size,
            channel=channel,
            hold=hold,
        )
        if (voucher_code or "").strip() and not hold:
            # Under the session lock taken above, then the voucher's own row lock.
            payment_hooks.run(
                "workshops.booking.desk_voucher", booking=booking, code=voucher_code, ip=ip, actor=actor
            )
        if not hold:
            _enqueue_booking_created(booking.pk)
    return booking


def booking_payment_confirm(*, booking_id: int, late: bool = False, method: str = "card") -> bool:
    """Confirm a booking whose online payment succeeded; its e-mails leave now. Idempotent.

    ``late``: the payment came after the hold ended and the booking may have been released;
    the seats are re-checked under the session lock. False when they are gone (refund then).
    """
    with transaction.atomic():
        session, booking = _lock_booking(booking_id)
        if booking.status in (Booking.Status.CONFIRMED, Booking.Status.CONFIRMED_INVOICE):
            return True
        if booking.status == Booking.Status.CANCELLED:
            if not late or session.status == Session.Status.CANCELLED or session.start <= timezone.now():
                return False
            now = timezone.now()
            seats_left = session.capacity - _seats_booked(session) - _seats_held(session, now=now)
            if booking.party_size > seats_left:
                return False
            booking.cancelled_at = None
        booking.status = Booking.Status.CONFIRMED
        booking.save(update_fields=["status", "cancelled_at", "updated_at"])
        _store_seats_booked(session)
        # The audit row is also what the confirmation e-mail reads: « payé en ligne par carte ».
        log_action(None, "workshops.booking.paid", booking, late=late, method=method)
        _enqueue_booking_created(booking.pk)
    return True


def booking_hold_release(*, booking_id: int) -> Booking:
    """Give back the seats of a booking whose payment failed for good or whose hold ended.

    No cancellation e-mail (the paying app tells the visitor once for the whole checkout);
    the waitlist is offered the seats. Idempotent; a confirmed booking is left alone.
    """
    with transaction.atomic():
        session, booking = _lock_booking(booking_id)
        if booking.status != Booking.Status.PENDING_PAYMENT:
            return booking
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.cancel_reason = "paiement non reçu à temps"
        booking.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
        _store_seats_booked(session)
        log_action(None, "workshops.booking.hold_released", booking)
        from .. import tasks

        enqueue(tasks.offer_waitlist_seats, session.pk)
    return booking


def _promo_price(code: str | None, session: Session, price):
    """An off-season promo code (relations app), checked and applied here on the server."""
    if code is None or not code.strip():
        return price
    from relations.exceptions import PromoCodeInvalid
    from relations.services import promo_code_apply

    try:
        return promo_code_apply(code=code, session=session, price=price)[1]
    except PromoCodeInvalid as exc:
        raise errors.WorkshopError(exc.message, field="promo_code") from None


def _enqueue_booking_created(booking_id: int) -> None:
    from .. import tasks

    enqueue(tasks.send_booking_confirmation, booking_id)
    enqueue(tasks.notify_artisan_new_booking, booking_id)


def _lock_booking(booking_id: int) -> tuple[Session, Booking]:
    session_id = Booking.objects.values_list("session_id", flat=True).get(pk=booking_id)
    session = _lock_session(session_id)
    booking = Booking.objects.select_for_update().get(pk=booking_id)
    booking.session = session
    return session, booking


def booking_cancel(
    *, booking_id: int, actor=None, override_deadline: bool = False, reason: str = ""
) -> Booking:
    """Cancel a booking and offer its seats to the waitlist; visitor and artisan are told. Idempotent.

    Past the workshop's deadline only staff (``override_deadline``) may cancel; raises
    ``DeadlinePassed`` otherwise. ``reason`` (desk cancellations) is passed on to the artisan.
    """
    with transaction.atomic():
        session, booking = _lock_booking(booking_id)
        if booking.status == Booking.Status.CANCELLED:
            return booking
        if not override_deadline and not booking.can_change():
            raise errors.DeadlinePassed(errors.DEADLINE_PASSED)
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.cancel_reason = reason.strip()[:255]
        booking.save(update_fields=["status", "cancelled_at", "cancel_reason", "updated_at"])
        _store_seats_booked(session)
        log_action(
            actor, "workshops.booking.cancelled", booking, override=override_deadline, reason=reason.strip()
        )
        # The paying app refunds what was paid online (the policy's share; in full past the
        # deadline, which only staff can do).
        results = payment_hooks.run("workshops.booking.cancelled", booking=booking, full=override_deadline)
        refunded = sum((Decimal(str(x)) for x in results if x), Decimal("0.00"))
        from .. import tasks

        enqueue(tasks.send_booking_cancelled, booking.pk)
        enqueue(tasks.notify_artisan_booking_cancelled, booking.pk, str(refunded))
        enqueue(tasks.offer_waitlist_seats, session.pk)
    return booking


def booking_change_party_size(
    *,
    booking_id: int,
    party_size: int,
    children: int = 0,
    youngest_age: int | None = None,
    actor=None,
    override_deadline: bool = False,
) -> Booking:
    """Change the number of people of a booking (group headcount included), price recomputed.

    Raises ``DeadlinePassed``, ``NotEnoughSeats`` or ``WorkshopError``; changes nothing then.
    """
    with transaction.atomic():
        session, booking = _lock_booking(booking_id)
        if not booking.is_active:
            raise errors.WorkshopError(errors.BOOKING_CANCELLED)
        if not override_deadline and not booking.can_change():
            raise errors.DeadlinePassed(errors.DEADLINE_PASSED)
        # A price paid by card is not recomputed behind the payment: staff adjust and refund.
        if not override_deadline and selectors.booking_payment(booking=booking) is not None:
            raise errors.WorkshopError(errors.PAID_ONLINE_NO_CHANGE, field="party_size")
        workshop = session.workshop
        group = getattr(booking, "group_request", None) if booking.is_group else None
        if youngest_age is None:
            youngest_age = booking.youngest_age
        _check_party(
            workshop,
            party_size=party_size,
            children=children,
            youngest_age=youngest_age,
            max_size=session.capacity if booking.is_group else None,
        )
        if (
            party_size == booking.party_size
            and children == booking.children
            and youngest_age == booking.youngest_age
        ):
            return booking
        now = timezone.now()
        seats_left = (
            session.capacity
            - _seats_booked(session, exclude_booking_id=booking.pk)
            - _seats_held(session, now=now)
        )
        if party_size > seats_left:
            raise errors.not_enough_seats(seats_left)
        old = booking.party_size
        booking.party_size = party_size
        booking.children = children
        booking.youngest_age = youngest_age
        if group is not None and group.proposed_price is not None:
            booking.price = group.proposed_price * party_size
        else:
            booking.price = workshop.price_for(party_size=party_size, children=children)
        booking.save(update_fields=["party_size", "children", "youngest_age", "price", "updated_at"])
        _store_seats_booked(session)
        # A gift voucher that paid this booking at the desk gets back what it paid beyond the
        # new price (the paying app knows the voucher; nothing when it paid none).
        recredited = sum(
            (Decimal(str(x)) for x in payment_hooks.run("workshops.booking.repriced", booking=booking) if x),
            Decimal("0.00"),
        )
        log_action(
            actor,
            "workshops.booking.party_size_changed",
            booking,
            before=old,
            after=party_size,
            override=override_deadline,
            voucher_recredited=str(recredited),
        )
        booking.voucher_recredited = recredited  # type: ignore[attr-defined]  # for the view's message
        from .. import tasks

        enqueue(tasks.send_booking_changed, booking.pk, party_size)
        enqueue(tasks.notify_artisan_booking_changed, booking.pk, old, party_size)
        if party_size < old:
            enqueue(tasks.offer_waitlist_seats, session.pk)
    return booking


def booking_mark_attendance(*, booking_id: int, attendance: str, actor) -> Booking:
    """Record present / no-show (or reset) for an active booking of a session that has started.

    Idempotent. Raises ``WorkshopError`` before the session starts or for a cancelled booking."""
    if attendance not in Booking.Attendance.values:
        raise errors.WorkshopError(errors.BOOKING_CANCELLED)
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("session").get(pk=booking_id)
        if not booking.is_active:
            raise errors.WorkshopError(errors.BOOKING_CANCELLED)
        # Nobody is « absent » from a session that has not begun (it would count as a no-show).
        if booking.session.start > timezone.now():
            raise errors.WorkshopError(errors.ATTENDANCE_TOO_EARLY)
        if booking.attendance != attendance:
            booking.attendance = attendance
            booking.save(update_fields=["attendance", "updated_at"])
            log_action(actor, "workshops.booking.attendance", booking, attendance=attendance)
    return booking


def session_mark_all_present(*, session_id: int, actor) -> int:
    """« Tous présents »: mark present every active booking of a started session whose attendance
    is not noted yet (a no-show already noted stays). Returns how many were marked.

    Raises ``WorkshopError`` before the session starts."""
    with transaction.atomic():
        session = _lock_session(session_id)
        if session.start > timezone.now():
            raise errors.WorkshopError(errors.ATTENDANCE_TOO_EARLY)
        ids = list(
            Booking.objects.select_for_update()
            .filter(
                session=session,
                status__in=ACTIVE_BOOKING_STATUSES,
                attendance=Booking.Attendance.UNKNOWN,
            )
            .order_by("id")
            .values_list("id", flat=True)
        )
        Booking.objects.filter(pk__in=ids).update(
            attendance=Booking.Attendance.PRESENT, updated_at=timezone.now()
        )
        if ids:
            log_action(actor, "workshops.session.all_present", session, bookings=len(ids))
    return len(ids)
