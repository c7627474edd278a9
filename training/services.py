"""Writes of the resource centre: registering for a training goes through the workshops' booking
and waitlist services (their seat locks); this module adds the training's own rules."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from common.audit import log_action
from workshops import exceptions as workshop_errors
from workshops import services as workshop_services

from . import exceptions as errors
from .models import Training


def training_register(
    *,
    training: Training,
    session_id: int,
    name: str,
    email: str,
    phone: str,
    is_member: bool,
    language: str,
    actor,
):
    """Register one person on a training session; when it is full, put them on its waitlist.

    Returns ``("booked", booking)`` or ``("waitlisted", entry)``. Raises ``TrainingError``
    (MEMBERS_ONLY) or the workshops' ``WorkshopError`` (past or cancelled session).
    """
    if not is_member and not training.open_to_public:
        raise errors.TrainingError(errors.MEMBERS_ONLY)
    try:
        booking = workshop_services.booking_create(
            session_id=session_id,
            name=name,
            email=email,
            phone=phone,
            party_size=1,
            language=language,
            actor=actor,
        )
    except workshop_errors.NotEnoughSeats:
        entry = workshop_services.waitlist_join(
            session_id=session_id,
            name=name,
            email=email,
            phone=phone,
            party_size=1,
            language=language,
            actor=actor,
        )
        log_action(actor, "training.waitlisted", training, entry=entry.pk)
        return "waitlisted", entry
    log_action(actor, "training.registered", training, booking=booking.reference)
    return "booked", booking


def attendance_mark(*, booking_id: int, present: bool, actor):
    """Staff note who attended (the workshops' attendance field)."""
    return workshop_services.booking_mark_attendance(
        booking_id=booking_id, attendance="present" if present else "no_show", actor=actor
    )


# --- staff: trainings and their sessions -------------------------------------------------------

TRAINING_FIELDS = ("audience", "objectives", "hours", "trainer", "is_active")


def _workshop_values(data: dict) -> dict:
    """What of the staff form belongs to the training's (unpublished) workshop."""
    values = {key: data[key] for key in ("title", "summary", "description", "place_name") if key in data}
    if data.get("hours"):
        # Sessions last the certified hours (at least the workshops' 15 minutes).
        values["duration_minutes"] = max(15, int(Decimal(data["hours"]) * 60))
    values["price"] = data.get("price") or Decimal("0")
    values["is_published"] = False  # never in the visitors' catalogue
    return values


def training_create(*, host, actor, **data) -> Training:
    """Create a training: an unpublished workshop hosted by ``host`` (a member) + its training row."""
    craft = host.crafts.first()
    if craft is None:
        raise errors.TrainingError(errors.HOST_WITHOUT_CRAFT, field="host")
    with transaction.atomic():
        workshop = workshop_services.workshop_create(
            member=host,
            actor=actor,
            craft=craft,
            min_participants=1,
            max_participants=1,
            **_workshop_values(data),
        )
        training = Training(workshop=workshop, **{k: data[k] for k in TRAINING_FIELDS if k in data})
        training.full_clean(exclude=["workshop"])
        training.save()
        log_action(actor, "training.created", training)
    return training


def training_update(*, training: Training, actor, **data) -> Training:
    with transaction.atomic():
        workshop_services.workshop_update(workshop=training.workshop, actor=actor, **_workshop_values(data))
        for key in TRAINING_FIELDS:
            if key in data:
                setattr(training, key, data[key])
        training.full_clean(exclude=["workshop"])
        training.save()
        log_action(actor, "training.updated", training)
    return training


def training_session_add(*, training: Training, start, capacity: int, actor):
    """Add a date to a training (the workshops' session service: future start, no duplicate)."""
    session = workshop_services.session_create(
        workshop=training.workshop, start=start, capacity=capacity, actor=actor
    )
    log_action(actor, "training.session.added", training, session=str(session.public_id))
    return session
