"""What the workshops' writers share: the rules' delays, the session lock and the seat counts.

Lock order, everywhere: the session row first, then its bookings / waitlist entries. Seats
are counted from the rows after the lock, never from a cached counter (STYLE.md rule 11).
The lock is a plain ``SELECT … FOR UPDATE``: a competing request waits for the few
milliseconds the winner holds it, then re-counts and gets its « plus que N places » answer."""

from __future__ import annotations

import datetime

from django.db.models import Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from .. import exceptions as errors
from ..models import (
    ACTIVE_BOOKING_STATUSES,
    CHILD_AGE_LIMIT,
    Booking,
    Session,
    WaitlistEntry,
    Workshop,
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
