"""Writes of the Maison's spaces: members' bookings, public requests and staff decisions.

Locking (STYLE.md rule 11): every write that takes a space locks the ``Space`` row first
(``select_for_update``), then re-reads the overlapping confirmed bookings from the rows, then
writes. The exclusion constraint ``space_booking_no_overlap`` is the database's own guarantee;
if it ever fires (a code path that forgot the lock), the caller still gets ``SPACE_TAKEN``.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from common.audit import log_action
from common.tasks import enqueue
from workshops import services as workshop_services

from . import exceptions as errors
from . import tasks
from .models import HOLDING_STATUSES, SchoolVisit, Space, SpaceBooking
from .templatetags.places_tags import clock

Slot = tuple[datetime.datetime, datetime.datetime]

MAX_DAYS_AHEAD = 180
MAX_SLOTS = 24
# Half-days of the house; a member can also give precise hours.
MORNING = (datetime.time(8, 30), datetime.time(12, 30))
AFTERNOON = (datetime.time(13, 30), datetime.time(18, 0))


def slot_on(*, day: datetime.date, start: datetime.time, end: datetime.time) -> Slot:
    """The aware datetimes of ``start``–``end`` on ``day``, in the site's time zone."""
    tz = timezone.get_current_timezone()
    return (
        timezone.make_aware(datetime.datetime.combine(day, start), tz),
        timezone.make_aware(datetime.datetime.combine(day, end), tz),
    )


def _check_slot(*, space: Space, start: datetime.datetime, end: datetime.datetime, field: str) -> None:
    now = timezone.now()
    if end <= start:
        raise errors.PlacesError(errors.END_BEFORE_START, field="end_time")
    if start <= now:
        raise errors.PlacesError(errors.IN_PAST, field=field)
    if start > now + datetime.timedelta(days=MAX_DAYS_AHEAD):
        raise errors.PlacesError(errors.TOO_FAR, field=field, days=MAX_DAYS_AHEAD)
    local_start, local_end = timezone.localtime(start), timezone.localtime(end)
    if local_start.weekday() not in space.open_days:
        raise errors.PlacesError(errors.SPACE_CLOSED_DAY, field=field)
    if (
        local_start.date() != local_end.date()
        or local_start.time() < space.opens_at
        or local_end.time() > space.closes_at
    ):
        raise errors.PlacesError(
            errors.OUTSIDE_HOURS,
            field="start_time",
            opens=clock(space.opens_at),
            closes=clock(space.closes_at),
        )


def _check_slots(*, space: Space, slots: Sequence[Slot], field: str) -> list[Slot]:
    if not slots:
        raise errors.PlacesError(errors.NO_SLOT, field="slots")
    if len(slots) > MAX_SLOTS:
        raise errors.PlacesError(errors.TOO_MANY_SLOTS, field="repeat_weeks", max=MAX_SLOTS)
    ordered = sorted(slots)
    for start, end in ordered:
        _check_slot(space=space, start=start, end=end, field=field)
    for (_s1, e1), (s2, _e2) in zip(ordered, ordered[1:], strict=False):
        if s2 < e1:
            raise errors.PlacesError(errors.SLOTS_OVERLAP, field="slots")
    return ordered


def _taken(
    *, space: Space, start: datetime.datetime, end: datetime.datetime, exclude: int | None = None
) -> bool:
    qs = SpaceBooking.objects.filter(space=space, status__in=HOLDING_STATUSES, start__lt=end, end__gt=start)
    if exclude:
        qs = qs.exclude(pk=exclude)
    return qs.exists()


def _lock_space(space_id: int) -> Space:
    space = Space.objects.select_for_update().get(pk=space_id)
    if not space.is_active:
        raise errors.PlacesError(errors.SPACE_INACTIVE)
    return space


def space_booking_create_for_member(
    *, space_id: int, member, actor, slots: Sequence[Slot]
) -> list[SpaceBooking]:
    """Book ``slots`` of a space for a member (portal), all or nothing, confirmed at once.

    Raises ``PlacesError`` (SPACE_TAKEN when another booking holds one of the slots).
    """
    try:
        with transaction.atomic():
            space = _lock_space(space_id)
            ordered = _check_slots(space=space, slots=slots, field="day")
            for start, end in ordered:
                if _taken(space=space, start=start, end=end):
                    raise errors.PlacesError(errors.SPACE_TAKEN, field="day")
            series = uuid.uuid4() if len(ordered) > 1 else None
            bookings = [
                SpaceBooking.objects.create(
                    space=space,
                    start=start,
                    end=end,
                    status=SpaceBooking.Status.CONFIRMED,
                    requester=SpaceBooking.Requester.MEMBER,
                    member=member,
                    booked_by=actor,
                    contact_name=actor.get_full_name() or member.name,
                    email=actor.email,
                    language=getattr(actor, "language", "") or "fr",
                    series=series,
                )
                for start, end in ordered
            ]
            log_action(actor, "places.booking.created", space, slots=len(bookings), member=member.pk)
    except IntegrityError as exc:
        if "space_booking_no_overlap" in str(exc):
            raise errors.PlacesError(errors.SPACE_TAKEN, field="day") from exc
        raise
    return bookings


def space_request_create(
    *,
    space_id: int,
    requester: str,
    organisation: str,
    contact_name: str,
    email: str,
    phone: str,
    headcount: int,
    purpose: str,
    start: datetime.datetime,
    end: datetime.datetime,
    language: str,
) -> SpaceBooking:
    """Record an association's or an inhabitant's request for a space; staff approve it later.

    The requester gets an acknowledgement with a status link. Raises ``PlacesError``.
    """
    with transaction.atomic():
        space = _lock_space(space_id)
        if space.members_only:
            raise errors.PlacesError(errors.MEMBERS_ONLY)
        if headcount > space.capacity:
            raise errors.PlacesError(errors.ABOVE_CAPACITY, field="headcount", capacity=space.capacity)
        _check_slot(space=space, start=start, end=end, field="day")
        if _taken(space=space, start=start, end=end):
            raise errors.PlacesError(errors.SPACE_TAKEN, field="day")
        booking = SpaceBooking.objects.create(
            space=space,
            start=start,
            end=end,
            status=SpaceBooking.Status.REQUESTED,
            requester=requester,
            organisation=organisation,
            contact_name=contact_name,
            email=email,
            phone=phone,
            headcount=headcount,
            purpose=purpose,
            language=language,
        )
        log_action(None, "places.request.created", booking, requester=requester)
        enqueue(tasks.send_request_acknowledgement, booking.pk)
    return booking


def space_request_approve(*, booking_id: int, actor) -> SpaceBooking:
    """Staff approve a pending request: it now holds the space. Raises ``PlacesError``
    (NOT_REQUESTED when already answered, SPACE_TAKEN when the slot was taken meanwhile)."""
    try:
        with transaction.atomic():
            space_id = SpaceBooking.objects.values_list("space_id", flat=True).get(pk=booking_id)
            # Lock order: the space, then the booking (the same order as member bookings).
            space = Space.objects.select_for_update().get(pk=space_id)
            booking = SpaceBooking.objects.select_for_update().get(pk=booking_id)
            if booking.status != SpaceBooking.Status.REQUESTED:
                raise errors.PlacesError(errors.NOT_REQUESTED)
            if _taken(space=space, start=booking.start, end=booking.end, exclude=booking.pk):
                raise errors.PlacesError(errors.SPACE_TAKEN)
            booking.status = SpaceBooking.Status.CONFIRMED
            booking.decided_by = actor
            booking.decided_at = timezone.now()
            booking.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
            log_action(actor, "places.request.approved", booking)
            enqueue(tasks.send_request_decision, booking.pk)
    except IntegrityError as exc:
        if "space_booking_no_overlap" in str(exc):
            raise errors.PlacesError(errors.SPACE_TAKEN) from exc
        raise
    return booking


def space_request_decline(*, booking_id: int, actor, reason: str) -> SpaceBooking:
    """Staff decline a pending request with a reason sent to the requester. Raises ``PlacesError``."""
    with transaction.atomic():
        booking = SpaceBooking.objects.select_for_update().get(pk=booking_id)
        if booking.status != SpaceBooking.Status.REQUESTED:
            raise errors.PlacesError(errors.NOT_REQUESTED)
        booking.status = SpaceBooking.Status.DECLINED
        booking.decline_reason = reason
        booking.decided_by = actor
        booking.decided_at = timezone.now()
        booking.save(update_fields=["status", "decline_reason", "decided_by", "decided_at", "updated_at"])
        log_action(actor, "places.request.declined", booking, reason=reason)
        enqueue(tasks.send_request_decision, booking.pk)
    return booking


def space_booking_cancel(*, booking_id: int, actor) -> SpaceBooking:
    """Cancel a booking or a request before it starts (member, requester by token, staff);
    the space is free again at once. Raises ``PlacesError`` (CANNOT_CANCEL)."""
    with transaction.atomic():
        booking = SpaceBooking.objects.select_for_update().get(pk=booking_id)
        if not booking.can_cancel():
            raise errors.PlacesError(errors.CANNOT_CANCEL)
        notify_requester = booking.requester != SpaceBooking.Requester.MEMBER
        booking.status = SpaceBooking.Status.CANCELLED
        booking.cancelled_at = timezone.now()
        booking.save(update_fields=["status", "cancelled_at", "updated_at"])
        log_action(actor, "places.booking.cancelled", booking)
        if notify_requester:
            enqueue(tasks.send_cancellation, booking.pk)
    return booking


def school_visit_request(
    *,
    school: str,
    level: str,
    headcount: int,
    teachers: str,
    contact_name: str,
    email: str,
    phone: str,
    start: datetime.datetime,
    end: datetime.datetime,
    workshop=None,
    message: str,
    language: str,
) -> SchoolVisit:
    """A class asks to visit the house (the exhibition space), with a members' workshop if wanted.

    The visit is a request on the exhibition space (staff approve it like any other); the workshop
    goes to its artisan through the workshops' group request flow. Raises ``PlacesError``.
    """
    space = (
        Space.objects.filter(kind=Space.Kind.EXHIBITION, is_active=True).order_by("position", "pk").first()
    )
    if space is None:
        raise errors.PlacesError(errors.NO_VISIT_SPACE)
    level_label = str(SchoolVisit.Level(level).label)
    with transaction.atomic():
        booking = space_request_create(
            space_id=space.pk,
            requester=SpaceBooking.Requester.SCHOOL,
            organisation=school,
            contact_name=contact_name,
            email=email,
            phone=phone,
            headcount=headcount,
            purpose=message,
            start=start,
            end=end,
            language=language,
        )
        group_request = None
        if workshop is not None:
            local = timezone.localtime(start)
            group_request = workshop_services.group_request_create(
                workshop=workshop,
                group_type="school",
                contact_name=contact_name,
                email=email,
                phone=phone,
                organisation=school,
                size=headcount,
                preferred_dates=f"{local:%d/%m/%Y %H:%M} — {space.name} ({level_label})",
                message=message,
                language=language,
            )
        visit = SchoolVisit.objects.create(
            booking=booking, level=level, teachers=teachers, group_request=group_request
        )
        log_action(None, "places.school_visit.requested", visit, workshop=getattr(workshop, "pk", None))
    return visit
