"""Writes of the workshops app: one entry point per business action.

Lock order, everywhere: the session row first, then its bookings / waitlist entries. Seats
are counted from the rows after the lock, never from a cached counter (STYLE.md rule 11).
The lock is a plain ``SELECT … FOR UPDATE``: a competing request waits for the few
milliseconds the winner holds it, then re-counts and gets its "plus que N places" answer.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from common.audit import log_action
from common.content_languages import apply_translations, translation_keys
from common.images import renditions_schedule
from common.tasks import enqueue
from network import services as network_services
from payments import hooks as payment_hooks

from . import exceptions as errors
from . import selectors
from .models import (
    ACTIVE_BOOKING_STATUSES,
    CHILD_AGE_LIMIT,
    WORKSHOP_EDITABLE_FIELDS,
    WORKSHOP_TRANSLATED_FIELDS,
    Booking,
    CalendarFeed,
    GroupRequest,
    Review,
    Session,
    WaitlistEntry,
    Workshop,
    WorkshopPhoto,
    new_reference,
)

WAITLIST_HOLD = datetime.timedelta(hours=12)
GO_NO_GO_BEFORE = datetime.timedelta(hours=48)
GO_NO_GO_ANSWER_WINDOW = datetime.timedelta(hours=12)
GO_NO_GO_LAST_NOTICE = datetime.timedelta(hours=2)
GROUP_HEADCOUNT_DEADLINE_BEFORE = datetime.timedelta(days=7)
MAX_SERIES_SESSIONS = 200


# --- seats ---------------------------------------------------------------------------------


def _lock_session(session_id: int) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("workshop", "workshop__member")
        .get(pk=session_id)
    )


def _seats_booked(session: Session, *, exclude_booking_id: int | None = None) -> int:
    qs = Booking.objects.filter(session=session, status__in=ACTIVE_BOOKING_STATUSES)
    if exclude_booking_id:
        qs = qs.exclude(pk=exclude_booking_id)
    return qs.aggregate(n=Coalesce(Sum("party_size"), 0))["n"]


def _seats_held(session: Session, *, now: datetime.datetime, exclude_entry_id: int | None = None) -> int:
    qs = WaitlistEntry.objects.filter(
        session=session, status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=now
    )
    if exclude_entry_id:
        qs = qs.exclude(pk=exclude_entry_id)
    return qs.aggregate(n=Coalesce(Sum("party_size"), 0))["n"]


def _store_seats_booked(session: Session) -> None:
    session.seats_booked = _seats_booked(session)
    Session.objects.filter(pk=session.pk).update(seats_booked=session.seats_booked)


def _check_bookable(session: Session, *, now: datetime.datetime) -> None:
    if session.status == Session.Status.CANCELLED:
        raise errors.WorkshopError(errors.SESSION_CANCELLED)
    if session.start <= now:
        raise errors.WorkshopError(errors.SESSION_PAST)


def _check_party(
    workshop: Workshop,
    *,
    party_size: int,
    children: int,
    youngest_age: int | None,
    max_size: int | None = None,
) -> None:
    if party_size is None or party_size < 1:
        raise errors.WorkshopError(errors.PARTY_SIZE_INVALID, field="party_size")
    limit = max_size or workshop.max_participants
    if party_size > limit:
        raise errors.WorkshopError(errors.PARTY_SIZE_ABOVE_MAX % {"max": limit}, field="party_size")
    if children < 0 or children > party_size:
        raise errors.WorkshopError(errors.CHILDREN_ABOVE_PARTY, field="children")
    if workshop.min_age:
        too_young = youngest_age is not None and youngest_age < workshop.min_age
        # Children are the under-12s: a workshop for 14+ cannot take any of them.
        if too_young or (children and workshop.min_age >= CHILD_AGE_LIMIT):
            raise errors.WorkshopError(errors.BELOW_MIN_AGE % {"age": workshop.min_age}, field="youngest_age")


def booking_party_check(
    *, workshop: Workshop, party_size: int, children: int, youngest_age: int | None
) -> None:
    """The checks ``booking_create`` makes on a party, for a basket that books later.

    Unlike ``booking_create`` (whose callers ask the age in their forms), the age is required
    here when the workshop has a minimum age. Raises ``WorkshopError`` naming the field.
    """
    if workshop.min_age and youngest_age is None:
        raise errors.WorkshopError(
            errors.YOUNGEST_AGE_REQUIRED % {"age": workshop.min_age}, field="youngest_age"
        )
    _check_party(workshop, party_size=party_size, children=children, youngest_age=youngest_age)


def session_seats_left(*, session: Session, now: datetime.datetime | None = None) -> int:
    """Seats still free (bookings and held waitlist offers deducted); read-only, no lock."""
    now = now or timezone.now()
    return max(0, session.capacity - _seats_booked(session) - _seats_held(session, now=now))


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
        from . import tasks

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
    from . import tasks

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
        from . import tasks

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
        from . import tasks

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


# --- waitlist ------------------------------------------------------------------------------


def waitlist_join(
    *,
    session_id: int,
    name: str,
    email: str,
    phone: str = "",
    party_size: int,
    language: str = "fr",
    actor=None,
) -> WaitlistEntry:
    """Put a party on the waitlist of a full session. Raises ``WorkshopError`` if seats are left."""
    now = timezone.now()
    with transaction.atomic():
        session = _lock_session(session_id)
        _check_bookable(session, now=now)
        _check_party(session.workshop, party_size=party_size, children=0, youngest_age=None)
        seats_left = session.capacity - _seats_booked(session) - _seats_held(session, now=now)
        if party_size <= seats_left:
            raise errors.WorkshopError(errors.WAITLIST_NOT_FULL, field="party_size")
        entry = WaitlistEntry.objects.create(
            session=session,
            name=name.strip(),
            email=email.strip().lower(),
            phone=phone.strip(),
            party_size=party_size,
            language=language,
        )
        log_action(actor, "workshops.waitlist.joined", entry, party_size=party_size)
        from . import tasks

        enqueue(tasks.send_waitlist_joined, entry.pk)
    return entry


def waitlist_offer_next(*, session_id: int, now: datetime.datetime | None = None) -> list[int]:
    """Offer the free seats to the first waiting parties that fit, holding them for 12 h.

    Safe to run any number of times: it only offers seats nobody holds. Returns the ids offered.
    """
    now = now or timezone.now()
    offered: list[int] = []
    with transaction.atomic():
        session = _lock_session(session_id)
        if session.status == Session.Status.CANCELLED or session.start <= now:
            return offered
        seats_left = session.capacity - _seats_booked(session) - _seats_held(session, now=now)
        if seats_left <= 0:
            return offered
        expires = min(now + WAITLIST_HOLD, session.start)
        waiting = (
            WaitlistEntry.objects.select_for_update()
            .filter(session=session, status=WaitlistEntry.Status.WAITING)
            .order_by("created_at", "id")
        )
        from . import tasks

        for entry in waiting:
            if entry.party_size > seats_left:
                continue
            entry.status = WaitlistEntry.Status.OFFERED
            entry.offered_at = now
            entry.offer_expires_at = expires
            entry.save(update_fields=["status", "offered_at", "offer_expires_at", "updated_at"])
            seats_left -= entry.party_size
            offered.append(entry.pk)
            log_action(None, "workshops.waitlist.offered", entry, expires=expires.isoformat())
            enqueue(tasks.send_waitlist_offer, entry.pk)
            if seats_left <= 0:
                break
    return offered


def waitlist_claim(*, token: str, children: int = 0, consent_contact: bool = False) -> Booking:
    """Turn an open waitlist offer into a booking on the held seats. Idempotent.

    Raises ``WorkshopError`` (``OFFER_EXPIRED`` / ``OFFER_NOT_OPEN``).
    """
    now = timezone.now()
    session_id = WaitlistEntry.objects.values_list("session_id", flat=True).get(token=token)
    with transaction.atomic():
        session = _lock_session(session_id)
        entry = WaitlistEntry.objects.select_for_update().get(token=token)
        if entry.status == WaitlistEntry.Status.CLAIMED and entry.booking is not None:
            return entry.booking
        if (
            entry.status == WaitlistEntry.Status.OFFERED
            and entry.offer_expires_at is not None
            and entry.offer_expires_at <= now
        ):
            raise errors.WorkshopError(errors.OFFER_EXPIRED)
        if entry.status != WaitlistEntry.Status.OFFERED:
            raise errors.WorkshopError(errors.OFFER_NOT_OPEN)
        _check_bookable(session, now=now)
        workshop = session.workshop
        _check_party(workshop, party_size=entry.party_size, children=children, youngest_age=None)
        seats_left = (
            session.capacity
            - _seats_booked(session)
            - _seats_held(session, now=now, exclude_entry_id=entry.pk)
        )
        if entry.party_size > seats_left:
            raise errors.not_enough_seats(seats_left)
        booking = _booking_insert(
            session=session,
            name=entry.name,
            email=entry.email,
            phone=entry.phone,
            party_size=entry.party_size,
            children=children,
            price=workshop.price_for(party_size=entry.party_size, children=children),
            consent_contact=consent_contact,
            channel=Booking.Channel.ONLINE,
            language=entry.language,
        )
        entry.status = WaitlistEntry.Status.CLAIMED
        entry.booking = booking
        entry.save(update_fields=["status", "booking", "updated_at"])
        _store_seats_booked(session)
        network_services.contact_record_after_commit(
            email=booking.email,
            name=booking.name,
            phone=booking.phone,
            language=booking.language,
            source="workshops.booking",
            consent=True if consent_contact else None,
        )
        log_action(None, "workshops.waitlist.claimed", entry, booking=booking.reference)
        _enqueue_booking_created(booking.pk)
    return booking


def waitlist_leave(*, token: str) -> WaitlistEntry:
    """The visitor withdraws from the waitlist (held seats go to the next). Idempotent."""
    session_id = WaitlistEntry.objects.values_list("session_id", flat=True).get(token=token)
    with transaction.atomic():
        _lock_session(session_id)
        entry = WaitlistEntry.objects.select_for_update().get(token=token)
        if entry.status in (WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED):
            was_offered = entry.status == WaitlistEntry.Status.OFFERED
            entry.status = WaitlistEntry.Status.CANCELLED
            entry.save(update_fields=["status", "updated_at"])
            log_action(None, "workshops.waitlist.left", entry)
            if was_offered:
                from . import tasks

                enqueue(tasks.offer_waitlist_seats, session_id)
    return entry


def waitlist_expire_offers(*, now: datetime.datetime | None = None, batch: int = 200) -> int:
    """Close the offers past their time and pass the seats on. Returns how many expired."""
    now = now or timezone.now()
    session_ids = list(
        WaitlistEntry.objects.filter(status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now)
        .values_list("session_id", flat=True)
        .distinct()
        .order_by("session_id")[:batch]
    )
    expired = 0
    for session_id in session_ids:
        with transaction.atomic():
            _lock_session(session_id)
            expired += WaitlistEntry.objects.filter(
                session_id=session_id, status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now
            ).update(status=WaitlistEntry.Status.EXPIRED, updated_at=now)
        waitlist_offer_next(session_id=session_id, now=now)
    return expired


# --- workshops and sessions ----------------------------------------------------------------


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:120] or "atelier"
    slug, n = base, 2
    others = Workshop.objects.exclude(pk=exclude_pk) if exclude_pk is not None else Workshop.objects.all()
    while others.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


_TRANSLATION_KEYS = translation_keys(WORKSHOP_TRANSLATED_FIELDS)


def workshop_create(*, member, actor, **data) -> Workshop:
    """Create a workshop of ``member``; place defaults to the member's address and position."""
    values = {k: v for k, v in data.items() if k in WORKSHOP_EDITABLE_FIELDS}
    values.setdefault("commune", member.commune)
    if values.get("latitude") is None or values.get("longitude") is None:
        values["latitude"], values["longitude"] = member.latitude, member.longitude
    with transaction.atomic():
        workshop = Workshop(member=member, slug=_unique_slug(values["title"]), **values)
        apply_translations(workshop, _TRANSLATION_KEYS, data)
        workshop.full_clean(exclude=["photo"])
        workshop.save()
        log_action(actor, "workshops.workshop.created", workshop)
        renditions_schedule(workshop.photo)
    return workshop


def workshop_update(*, workshop: Workshop, actor, **data) -> Workshop:
    """Update a workshop's description; the slug (its public address) never changes."""
    changed = []
    for key, value in data.items():
        if key in WORKSHOP_EDITABLE_FIELDS and (key != "photo" or value):
            setattr(workshop, key, value)
            changed.append(key)
    changed += apply_translations(workshop, _TRANSLATION_KEYS, data)
    if workshop.latitude is None or workshop.longitude is None:
        workshop.latitude, workshop.longitude = workshop.member.latitude, workshop.member.longitude
    with transaction.atomic():
        workshop.full_clean(exclude=["photo"])
        workshop.save()
        log_action(actor, "workshops.workshop.updated", workshop, fields=changed)
        if "photo" in changed:
            renditions_schedule(workshop.photo)
    return workshop


def workshop_photo_add(*, workshop: Workshop, image, alt: str, actor) -> WorkshopPhoto:
    """Add a gallery photo (``image`` already verified by ``common.uploads.clean_image``)."""
    with transaction.atomic():
        position = WorkshopPhoto.objects.filter(workshop=workshop).count()
        photo = WorkshopPhoto.objects.create(
            workshop=workshop, image=image, alt=alt.strip(), position=position
        )
        log_action(actor, "workshops.photo.added", workshop, photo=photo.pk)
        renditions_schedule(photo.image)
    return photo


def workshop_photo_delete(*, workshop: Workshop, photo_id: int, actor) -> None:
    """Remove one of the workshop's gallery photos (another workshop's photo id is ignored)."""
    with transaction.atomic():
        deleted, _rows = WorkshopPhoto.objects.filter(workshop=workshop, pk=photo_id).delete()
        if deleted:
            log_action(actor, "workshops.photo.deleted", workshop, photo=photo_id)


def _new_session(
    workshop: Workshop, start: datetime.datetime, capacity: int | None, series: uuid.UUID | None = None
) -> Session:
    capacity = capacity or workshop.max_participants
    return Session(
        workshop=workshop,
        start=start,
        end=start + datetime.timedelta(minutes=workshop.duration_minutes),
        capacity=capacity,
        go_no_go_at=start - GO_NO_GO_BEFORE,
        series=series,
    )


def session_start_label(start: datetime.datetime) -> str:
    """« mercredi 1er avril 2026 à 14 h 00 »: how a refused or skipped date is named."""
    from .templatetags.workshops_dates import when_long

    return when_long(timezone.localtime(start), "year")


def _lock_workshop(workshop: Workshop) -> None:
    # Serialises date additions of one workshop, so the "already there?" check below and
    # the insert see the same rows; the partial unique index is the last word anyway.
    Workshop.objects.select_for_update().filter(pk=workshop.pk).first()


def _live_starts(workshop: Workshop, starts: Iterable[datetime.datetime]) -> set[datetime.datetime]:
    return set(
        Session.objects.filter(workshop=workshop, start__in=list(starts))
        .exclude(status=Session.Status.CANCELLED)
        .values_list("start", flat=True)
    )


def session_create(
    *, workshop: Workshop, start: datetime.datetime, capacity: int | None = None, actor
) -> Session:
    """Add one date to a workshop. ``start`` must be aware and in the future.

    Raises ``WorkshopError(SESSION_DUPLICATE)`` naming the date when a live session of the
    workshop already starts then.
    """
    if start <= timezone.now():
        raise errors.WorkshopError(errors.SESSION_PAST, field="start")
    duplicate = errors.WorkshopError(
        errors.SESSION_DUPLICATE % {"when": session_start_label(start)}, field="start"
    )
    try:
        with transaction.atomic():
            _lock_workshop(workshop)
            if _live_starts(workshop, [start]):
                raise duplicate
            session = _new_session(workshop, start, capacity)
            session.save()
            log_action(actor, "workshops.session.created", session)
    except IntegrityError as exc:
        if "session_one_live_per_workshop_start" in str(exc):
            raise duplicate from exc
        raise
    return session


@dataclass(frozen=True)
class SeriesOutcome:
    """What a weekly series did: the sessions created and the starts skipped as duplicates."""

    created: list[Session]
    skipped: list[datetime.datetime]

    @property
    def skipped_labels(self) -> list[str]:
        return [session_start_label(s) for s in self.skipped]


def recurring_starts(
    *, first_date: datetime.date, last_date: datetime.date, weekdays: Iterable[int], start_time: datetime.time
) -> list[datetime.datetime]:
    """Wall-clock ``start_time`` in Europe/Paris on each chosen weekday (0 = Monday).

    Each date is made aware on its own, so 14:00 stays 14:00 across the DST changes.
    """
    tz = ZoneInfo(settings.TIME_ZONE)
    days = set(weekdays)
    starts = []
    day = first_date
    while day <= last_date:
        if day.weekday() in days:
            starts.append(datetime.datetime.combine(day, start_time, tzinfo=tz))
        day += datetime.timedelta(days=1)
    return starts


def session_create_recurring(
    *,
    workshop: Workshop,
    first_date: datetime.date,
    last_date: datetime.date,
    weekdays: Iterable[int],
    start_time: datetime.time,
    capacity: int | None = None,
    actor,
) -> SeriesOutcome:
    """Create a weekly series (e.g. every Wednesday 14:00) between two dates, future ones only.

    Dates where a live session of the workshop already starts are skipped and reported;
    raises ``RECURRENCE_ALL_EXIST`` when every date already exists.
    """
    now = timezone.now()
    starts = [
        s
        for s in recurring_starts(
            first_date=first_date, last_date=last_date, weekdays=weekdays, start_time=start_time
        )
        if s > now
    ]
    if not starts:
        raise errors.WorkshopError(errors.RECURRENCE_EMPTY, field="weekdays")
    if len(starts) > MAX_SERIES_SESSIONS:
        raise errors.WorkshopError(
            errors.RECURRENCE_TOO_LONG % {"max": MAX_SERIES_SESSIONS}, field="last_date"
        )
    series = uuid.uuid4()
    with transaction.atomic():
        _lock_workshop(workshop)
        existing = _live_starts(workshop, starts)
        skipped = [s for s in starts if s in existing]
        fresh = [s for s in starts if s not in existing]
        if not fresh:
            raise errors.WorkshopError(
                errors.RECURRENCE_ALL_EXIST % {"dates": ", ".join(session_start_label(s) for s in skipped)},
                field="first_date",
            )
        sessions = Session.objects.bulk_create(
            [_new_session(workshop, start, capacity, series) for start in fresh]
        )
        log_action(
            actor,
            "workshops.session.series_created",
            workshop,
            series=str(series),
            count=len(sessions),
            skipped=len(skipped),
        )
    return SeriesOutcome(created=sessions, skipped=skipped)


def session_change_capacity(*, session_id: int, capacity: int, actor) -> Session:
    """Change the number of places; never below the seats already booked. Frees go to the waitlist."""
    with transaction.atomic():
        session = _lock_session(session_id)
        booked = _seats_booked(session)
        if capacity < max(1, booked):
            raise errors.WorkshopError(errors.CAPACITY_BELOW_BOOKED % {"booked": booked}, field="capacity")
        old = session.capacity
        session.capacity = capacity
        session.save(update_fields=["capacity", "updated_at"])
        log_action(actor, "workshops.session.capacity_changed", session, before=old, after=capacity)
        if capacity > old:
            from . import tasks

            enqueue(tasks.offer_waitlist_seats, session.pk)
    return session


def session_cancel(
    *, session_id: int, actor, reason: str = "", decision: str = Session.Decision.NO_GO
) -> Session:
    """Cancel a session, its bookings and its waitlist; everyone is told, with other dates. Idempotent."""
    with transaction.atomic():
        session = _lock_session(session_id)
        if session.status == Session.Status.CANCELLED:
            return session
        now = timezone.now()
        booking_ids = list(
            Booking.objects.select_for_update()
            .filter(session=session, status__in=ACTIVE_BOOKING_STATUSES)
            .order_by("id")
            .values_list("id", flat=True)
        )
        Booking.objects.filter(pk__in=booking_ids).update(
            status=Booking.Status.CANCELLED, cancelled_at=now, updated_at=now
        )
        waitlist_ids = list(
            WaitlistEntry.objects.filter(
                session=session,
                status__in=[WaitlistEntry.Status.WAITING, WaitlistEntry.Status.OFFERED],
            ).values_list("id", flat=True)
        )
        WaitlistEntry.objects.filter(pk__in=waitlist_ids).update(
            status=WaitlistEntry.Status.CANCELLED, updated_at=now
        )
        session.status = Session.Status.CANCELLED
        session.decision = decision
        session.cancelled_reason = reason[:255]
        session.seats_booked = 0
        session.save(update_fields=["status", "decision", "cancelled_reason", "seats_booked", "updated_at"])
        log_action(
            actor,
            "workshops.session.cancelled",
            session,
            reason=reason,
            bookings=len(booking_ids),
            decision=decision,
        )
        from . import tasks

        for booking_id in booking_ids:
            enqueue(tasks.send_booking_cancelled, booking_id)
        # Every participant who paid online is refunded in full.
        payment_hooks.run("workshops.session.cancelled", booking_ids=booking_ids)
        for entry_id in waitlist_ids:
            enqueue(tasks.send_waitlist_session_cancelled, entry_id)
    return session


def session_decide(*, session_id: int, go: bool, actor) -> Session:
    """The artisan's go/no-go answer for a session under its minimum."""
    with transaction.atomic():
        session = _lock_session(session_id)
        if session.status == Session.Status.CANCELLED or session.start <= timezone.now():
            raise errors.WorkshopError(errors.DECISION_NOT_PENDING)
        if go:
            session.status = Session.Status.CONFIRMED
            session.decision = Session.Decision.GO
            session.save(update_fields=["status", "decision", "updated_at"])
            log_action(actor, "workshops.session.go", session)
            return session
    return session_cancel(
        session_id=session_id, actor=actor, decision=Session.Decision.NO_GO, reason="Annulée par l'artisan"
    )


def session_go_no_go_run(*, now: datetime.datetime | None = None, batch: int = 100) -> dict[str, int]:
    """Periodic: at each session's go/no-go time, confirm it, or ask the artisan when under the
    minimum; cancel the ones whose artisan did not answer in time."""
    now = now or timezone.now()
    counts = {"confirmed": 0, "asked": 0, "auto_cancelled": 0}
    due = list(
        Session.objects.filter(
            status=Session.Status.SCHEDULED, decision="", go_no_go_at__lte=now, start__gt=now
        )
        .order_by("go_no_go_at")
        .values_list("id", flat=True)[:batch]
    )
    from . import tasks

    for session_id in due:
        with transaction.atomic():
            session = _lock_session(session_id)
            if session.status != Session.Status.SCHEDULED or session.decision:
                continue
            if _seats_booked(session) >= session.workshop.min_participants:
                session.status = Session.Status.CONFIRMED
                session.decision = Session.Decision.GO
                counts["confirmed"] += 1
            else:
                session.decision = Session.Decision.ASKED
                session.decision_asked_at = now
                counts["asked"] += 1
                enqueue(tasks.send_go_no_go_request, session.pk)
            session.save(update_fields=["status", "decision", "decision_asked_at", "updated_at"])
            log_action(None, f"workshops.session.go_no_go_{session.decision}", session)
    # No answer within the window, or the start is too close to keep waiting: participants need
    # notice. A session that already started is left alone (nothing left to cancel).
    unanswered = list(
        Session.objects.filter(
            Q(decision_asked_at__lte=now - GO_NO_GO_ANSWER_WINDOW) | Q(start__lte=now + GO_NO_GO_LAST_NOTICE),
            status=Session.Status.SCHEDULED,
            decision=Session.Decision.ASKED,
            start__gt=now,
        ).values_list("id", flat=True)[:batch]
    )
    for session_id in unanswered:
        session_cancel(
            session_id=session_id,
            actor=None,
            decision=Session.Decision.AUTO_CANCELLED,
            reason="Nombre minimum de participants non atteint",
        )
        counts["auto_cancelled"] += 1
    return counts


# --- groups --------------------------------------------------------------------------------


def group_request_create(
    *,
    workshop: Workshop,
    group_type: str,
    contact_name: str,
    email: str,
    size: int,
    preferred_dates: str,
    phone: str = "",
    organisation: str = "",
    age_min: int | None = None,
    age_max: int | None = None,
    message: str = "",
    language: str = "fr",
) -> GroupRequest:
    """A group asks for a private session; the artisan is told."""
    if size < 1:
        raise errors.WorkshopError(errors.PARTY_SIZE_INVALID, field="size")
    with transaction.atomic():
        request = GroupRequest.objects.create(
            workshop=workshop,
            group_type=group_type,
            contact_name=contact_name.strip(),
            email=email.strip().lower(),
            phone=phone.strip(),
            organisation=organisation.strip(),
            size=size,
            age_min=age_min,
            age_max=age_max,
            preferred_dates=preferred_dates,
            message=message,
            language=language,
        )
        log_action(None, "workshops.group_request.created", request)
        from . import tasks

        enqueue(tasks.notify_group_request, request.pk)
        enqueue(tasks.send_group_request_received, request.pk)
    return request


def group_request_propose(
    *,
    group_request_id: int,
    start: datetime.datetime,
    price_per_person: Decimal,
    message: str = "",
    headcount_deadline: datetime.datetime | None = None,
    actor,
) -> GroupRequest:
    """Answer a group with a private-session proposal (date and price); they are emailed a link."""
    if start <= timezone.now():
        raise errors.WorkshopError(errors.GROUP_PROPOSAL_IN_PAST, field="start")
    with transaction.atomic():
        request = GroupRequest.objects.select_for_update().get(pk=group_request_id)
        if request.status not in (GroupRequest.Status.NEW, GroupRequest.Status.PROPOSED):
            raise errors.WorkshopError(errors.GROUP_REQUEST_NOT_PROPOSED)
        request.status = GroupRequest.Status.PROPOSED
        request.proposed_start = start
        request.proposed_price = price_per_person
        request.proposal_message = message
        request.headcount_deadline = headcount_deadline or max(
            timezone.now(), start - GROUP_HEADCOUNT_DEADLINE_BEFORE
        )
        request.proposed_by = actor if getattr(actor, "pk", None) else None
        request.save()
        log_action(
            actor,
            "workshops.group_request.proposed",
            request,
            start=start.isoformat(),
            price=price_per_person,
        )
        from . import tasks

        enqueue(tasks.send_group_proposal, request.pk, start.isoformat())
    return request


def group_request_accept(*, token: str, po_number: str = "") -> Booking:
    """The group accepts: a private session and one group booking "confirmed, payment on
    invoice" are created. Idempotent (returns the same booking)."""
    with transaction.atomic():
        request = GroupRequest.objects.select_for_update().select_related("workshop").get(token=token)
        if request.status == GroupRequest.Status.ACCEPTED and request.booking is not None:
            return request.booking
        if request.status != GroupRequest.Status.PROPOSED or request.proposed_start is None:
            raise errors.WorkshopError(errors.GROUP_REQUEST_NOT_PROPOSED)
        if request.proposed_start <= timezone.now():
            raise errors.WorkshopError(errors.SESSION_PAST)
        workshop = request.workshop
        session = _new_session(workshop, request.proposed_start, max(request.size, workshop.max_participants))
        session.is_private = True
        session.status = Session.Status.CONFIRMED
        session.decision = Session.Decision.GO
        session.seats_booked = request.size
        session.save()
        booking = _booking_insert(
            session=session,
            name=request.organisation or request.contact_name,
            email=request.email,
            phone=request.phone,
            party_size=request.size,
            children=0,
            price=(request.proposed_price or workshop.price) * request.size,
            status=Booking.Status.CONFIRMED_INVOICE,
            is_group=True,
            po_number=po_number.strip()[:60],
            headcount_deadline=request.headcount_deadline,
            language=request.language,
        )
        request.status = GroupRequest.Status.ACCEPTED
        request.session = session
        request.booking = booking
        request.save(update_fields=["status", "session", "booking", "updated_at"])
        log_action(None, "workshops.group_request.accepted", request, booking=booking.reference)
        _enqueue_booking_created(booking.pk)
    return booking


def group_request_decline(*, group_request_id: int, actor) -> GroupRequest:
    with transaction.atomic():
        request = GroupRequest.objects.select_for_update().get(pk=group_request_id)
        if request.status in (GroupRequest.Status.NEW, GroupRequest.Status.PROPOSED):
            request.status = GroupRequest.Status.DECLINED
            request.save(update_fields=["status", "updated_at"])
            log_action(actor, "workshops.group_request.declined", request)
    return request


def booking_set_po_number(*, booking_id: int, po_number: str, actor=None) -> Booking:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking_id)
        booking.po_number = po_number.strip()[:60]
        booking.save(update_fields=["po_number", "updated_at"])
        log_action(actor, "workshops.booking.po_number", booking, po_number=booking.po_number)
    return booking


# --- reviews -------------------------------------------------------------------------------


def review_submit(*, booking_id: int, score: int, comment: str = "", author_name: str = "") -> Review:
    """Answer the satisfaction survey of a booking after its session; one answer per booking."""
    if score is None or not 0 <= score <= 10:
        raise errors.WorkshopError(errors.SCORE_INVALID, field="score")
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("session").get(pk=booking_id)
        if not booking.is_active or booking.session.end > timezone.now():
            raise errors.WorkshopError(errors.REVIEW_TOO_EARLY)
        if Review.objects.filter(booking=booking).exists():
            raise errors.WorkshopError(errors.REVIEW_ALREADY_GIVEN)
        try:
            with transaction.atomic():
                review = Review.objects.create(
                    booking=booking,
                    workshop_id=booking.session.workshop_id,
                    score=score,
                    comment=comment.strip(),
                    author_name=(author_name.strip() or booking.name.split()[0])[:80],
                )
        except IntegrityError:
            raise errors.WorkshopError(errors.REVIEW_ALREADY_GIVEN) from None
        log_action(None, "workshops.review.submitted", review, score=score)
        from . import tasks

        enqueue(tasks.notify_artisan_review, review.pk)
    return review


def review_moderate(*, review_id: int, approve: bool, actor) -> Review:
    """Staff publish or refuse a review. Idempotent."""
    status = Review.Status.APPROVED if approve else Review.Status.REJECTED
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review_id)
        if review.status != status:
            review.status = status
            review.moderated_by = actor
            review.moderated_at = timezone.now()
            review.save(update_fields=["status", "moderated_by", "moderated_at", "updated_at"])
            log_action(actor, f"workshops.review.{status}", review)
    return review


# --- calendar feed -------------------------------------------------------------------------


def calendar_feed_get_or_create(*, member) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(member=member)
    return feed


def calendar_feed_reset(*, member, actor) -> CalendarFeed:
    """Give the member a new private feed address; the old one stops working."""
    from .models import new_token

    with transaction.atomic():
        feed, _created = CalendarFeed.objects.select_for_update().get_or_create(member=member)
        feed.token = new_token()
        feed.save(update_fields=["token"])
        log_action(actor, "workshops.calendar.reset", feed)
    return feed


def workshop_listings_refresh_due(*, now: datetime.datetime | None = None, batch: int = 200) -> int:
    """Recompute the listing columns that time, not a write, made wrong: a stored first date
    that has started, or a waitlist hold that has run out but is not swept yet. Every write is
    already followed by the database (migration 0013); this only catches the clock. Small
    batches, one short transaction per workshop (the refresh locks the workshop row)."""
    from django.db import connection

    now = now or timezone.now()
    held_over = WaitlistEntry.objects.filter(
        status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now
    ).values("session__workshop_id")
    ids = list(
        Workshop.objects.filter(Q(next_start_with_seats__lte=now) | Q(pk__in=held_over))
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    )
    for pk in ids:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT workshops_listing_refresh(%s)", [pk])
    return len(ids)


def catalogue_changes_prune(*, keep_minutes: int = 2) -> int:
    """Delete change rows older than ``keep_minutes`` (the page cache only compares stamps).

    Run every minute: ``catalogue_stamp`` counts the rows at every anonymous page view, which
    cost 4 ms at 30,000 rows. A row's time is its transaction's start, so a long transaction's
    rows may go at the next prune after its commit: its commit moves the stamp at once (the
    count grows) and that prune moves it again."""
    from .models import CatalogueChange

    cutoff = timezone.now() - datetime.timedelta(minutes=keep_minutes)
    deleted, _detail = CatalogueChange.objects.filter(at__lt=cutoff).delete()
    return deleted
