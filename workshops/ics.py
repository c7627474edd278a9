"""iCalendar files: the .ics of a booking and a member's private feed of sessions."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import Booking, Session


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//Maillage//Ateliers//FR")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    return cal


def _location(session: Session) -> str:
    w = session.workshop
    parts = [w.place_name or w.member.name, w.address, w.commune.name]
    return ", ".join(p for p in parts if p)


def _event(
    session: Session, *, uid: str, summary: str, description: str, cancelled: bool, sequence: int = 0
) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", timezone.now())
    # Times are written in UTC: every calendar client shows them in the reader's zone.
    event.add("dtstart", session.start)
    event.add("dtend", session.end)
    event.add("summary", summary)
    event.add("description", description)
    event.add("location", _location(session))
    event.add("geo", (session.workshop.latitude, session.workshop.longitude))
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def booking_ics(booking: Booking) -> bytes:
    """The booking's event; once cancelled, a METHOD:CANCEL of the same UID, so the calendar
    that imported the confirmation removes the event instead of keeping it."""
    session = booking.session
    cancelled = not booking.is_active or session.is_cancelled
    cal = _calendar(session.workshop.title)
    cal.add("method", "CANCEL" if cancelled else "PUBLISH")
    manage = f"{settings.SITE_URL}{booking.get_manage_url()}"
    description = (
        f"Réservation {booking.reference} — {booking.party_size} personne(s).\n"
        f"Gérer ma réservation : {manage}"
    )
    cal.add_component(
        _event(
            session,
            uid=f"booking-{booking.reference}@maillage",
            summary=session.workshop.title,
            description=description,
            cancelled=cancelled,
            # A cancellation must supersede the confirmation the calendar already holds.
            sequence=1 if cancelled else 0,
        )
    )
    return cal.to_ical()


def member_feed_ics(*, name: str, sessions: Iterable[Session]) -> bytes:
    cal = _calendar(name)
    for session in sessions:
        booked = getattr(session, "seats_taken", session.seats_booked)
        description = f"{booked} / {session.capacity} places réservées"
        cal.add_component(
            _event(
                session,
                uid=f"session-{session.public_id}@maillage",
                summary=f"{session.workshop.title} ({booked}/{session.capacity})",
                description=description,
                cancelled=session.is_cancelled,
            )
        )
    return cal.to_ical()
