"""Waiting lists: join, seats offered in turn, claim, leave, offers that run out."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from common.audit import log_action
from common.tasks import enqueue
from network import services as network_services

from .. import exceptions as errors
from ..models import (
    Booking,
    Session,
    WaitlistEntry,
)
from .bookings import _booking_insert, _enqueue_booking_created
from .common import (
    WAITLIST_HOLD,
    _check_bookable,
    _check_party,
    _lock_session,
    _seats_booked,
    _seats_held,
    _store_seats_booked,
)

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
        from .. import tasks

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
        from .. import tasks

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
                from .. import tasks

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
