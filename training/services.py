"""Writes of the resource centre: registering for a training goes through the workshops' booking
and waitlist services (their seat locks); this module adds the training's own rules."""

from __future__ import annotations

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
