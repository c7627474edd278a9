"""Workshops and their sessions: created, edited, photos, series, capacity, cancellation, go / no-go."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.text import slugify

from common.audit import log_action
from common.content_languages import apply_translations, translation_keys
from common.images import renditions_schedule
from common.tasks import enqueue
from payments import hooks as payment_hooks

from .. import exceptions as errors
from ..models import (
    ACTIVE_BOOKING_STATUSES,
    WORKSHOP_EDITABLE_FIELDS,
    WORKSHOP_TRANSLATED_FIELDS,
    Booking,
    Session,
    WaitlistEntry,
    Workshop,
    WorkshopPhoto,
)
from .common import (
    GO_NO_GO_ANSWER_WINDOW,
    GO_NO_GO_BEFORE,
    GO_NO_GO_LAST_NOTICE,
    MAX_SERIES_SESSIONS,
    _lock_session,
    _seats_booked,
)

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
    from ..templatetags.workshops_dates import when_long

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
            from .. import tasks

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
        from .. import tasks

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
    from .. import tasks

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
