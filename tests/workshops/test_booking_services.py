import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from common.models import ActionLog
from tests.factories.workshops import BookingFactory, SessionFactory
from workshops import exceptions as errors
from workshops import services
from workshops.models import REFERENCE_ALPHABET, Booking, Session
from workshops.services.bookings import _booking_insert

pytestmark = pytest.mark.django_db


def book(session, **kwargs):
    data = {"name": "Léa Martin", "email": "Lea@Example.org", "party_size": 2}
    data.update(kwargs)
    return services.booking_create(session_id=session.pk, **data)


def test_booking_create_confirms_at_once_with_reference_and_server_side_price(session):
    booking = book(session, party_size=3, children=1, youngest_age=9)
    assert booking.status == Booking.Status.CONFIRMED
    assert len(booking.reference) == 8 and set(booking.reference) <= set(REFERENCE_ALPHABET)
    assert booking.price == Decimal("90.00")  # 2 × 35 € + 1 × 20 € (child)
    assert booking.email == "lea@example.org"
    assert booking.consent_contact is False
    session.refresh_from_db()
    assert session.seats_booked == 3
    assert ActionLog.objects.filter(action="workshops.booking.created").count() == 1


def test_booking_create_sends_confirmation_with_ics_and_tells_the_artisan(
    session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = book(session)
    to_visitor = [m for m in mail.outbox if m.to == ["lea@example.org"]]
    assert len(to_visitor) == 1
    message = to_visitor[0]
    assert booking.reference in message.subject
    assert booking.get_manage_url() in message.body
    name, content, mimetype = message.attachments[0]
    assert mimetype == "text/calendar"
    event = Calendar.from_ical(content).walk("VEVENT")[0]
    assert event.decoded("dtstart") == session.start
    assert event.decoded("dtend") == session.end
    assert booking.reference in str(event.get("description"))
    assert any(session.workshop.member.email in m.to for m in mail.outbox)


def test_booking_create_with_the_same_idempotency_key_creates_one_booking(session):
    first = book(session, idempotency_key="k-123")
    second = book(session, idempotency_key="k-123")
    assert first.pk == second.pk
    assert Booking.objects.count() == 1
    session.refresh_from_db()
    assert session.seats_booked == 2


def test_booking_create_rejects_when_session_full_with_complet(session):
    book(session, party_size=8)
    with pytest.raises(errors.NotEnoughSeats) as exc:
        book(session, party_size=1)
    assert exc.value.seats_left == 0
    assert exc.value.message == str(errors.SESSION_FULL)
    assert "Complet" in exc.value.message


def test_booking_create_says_how_many_seats_are_left(session):
    book(session, party_size=6)
    with pytest.raises(errors.NotEnoughSeats) as exc:
        book(session, party_size=3)
    assert exc.value.seats_left == 2
    assert exc.value.message == "Plus que 2 places sur cette séance."
    assert Booking.objects.count() == 1


@pytest.mark.parametrize("size", [0, -1])
def test_booking_create_rejects_empty_or_negative_party(session, size):
    with pytest.raises(errors.WorkshopError) as exc:
        book(session, party_size=size)
    assert exc.value.field == "party_size"
    assert Booking.objects.count() == 0


def test_booking_create_rejects_party_above_workshop_maximum(session):
    session.capacity = 20
    session.save()
    with pytest.raises(errors.WorkshopError) as exc:
        book(session, party_size=9)
    assert "au plus 8 personnes" in exc.value.message


def test_booking_create_rejects_child_below_minimum_age(session):
    with pytest.raises(errors.WorkshopError) as exc:
        book(session, party_size=2, children=1, youngest_age=5)
    assert exc.value.message == "L'âge minimum pour cet atelier est de 8 ans."
    assert exc.value.field == "youngest_age"
    assert Booking.objects.count() == 0


def test_booking_create_rejects_children_for_a_workshop_from_fourteen(workshop, session):
    workshop.min_age = 14
    workshop.save()
    with pytest.raises(errors.WorkshopError):
        book(session, party_size=2, children=1)


def test_booking_create_rejects_past_and_cancelled_sessions(workshop):
    past = SessionFactory(workshop=workshop, start=timezone.now() - datetime.timedelta(hours=1))
    with pytest.raises(errors.WorkshopError) as exc:
        book(past)
    assert exc.value.message == str(errors.SESSION_PAST)
    cancelled = SessionFactory(workshop=workshop, status=Session.Status.CANCELLED)
    with pytest.raises(errors.WorkshopError) as exc:
        book(cancelled)
    assert exc.value.message == str(errors.SESSION_CANCELLED)
    assert Booking.objects.count() == 0


def test_database_refuses_more_seats_booked_than_capacity(session):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Session.objects.filter(pk=session.pk).update(seats_booked=9)


def test_booking_cancel_within_deadline_frees_seats_and_is_idempotent(
    session, django_capture_on_commit_callbacks
):
    booking = book(session, party_size=4)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_cancel(booking_id=booking.pk)
    services.booking_cancel(booking_id=booking.pk)
    booking.refresh_from_db()
    session.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert session.seats_booked == 0
    assert len([m for m in mail.outbox if "annulée" in m.subject]) == 1


def test_booking_cancel_after_deadline_is_refused_but_staff_may_override(workshop, staff_user):
    session = SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(hours=24))
    booking = book(session)
    with pytest.raises(errors.DeadlinePassed) as exc:
        services.booking_cancel(booking_id=booking.pk)
    assert exc.value.message == str(errors.DEADLINE_PASSED)
    booking.refresh_from_db()
    assert booking.is_active
    services.booking_cancel(booking_id=booking.pk, actor=staff_user, override_deadline=True)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    log = ActionLog.objects.get(action="workshops.booking.cancelled")
    assert log.actor == staff_user and log.data["override"] is True


def test_booking_change_party_size_recomputes_price_and_respects_seats(session):
    booking = book(session, party_size=2)
    book(session, party_size=4, email="autre@example.org")
    services.booking_change_party_size(booking_id=booking.pk, party_size=4, children=0)
    booking.refresh_from_db()
    assert booking.party_size == 4 and booking.price == Decimal("140.00")
    with pytest.raises(errors.NotEnoughSeats) as exc:
        services.booking_change_party_size(booking_id=booking.pk, party_size=5, children=0)
    assert exc.value.seats_left == 4  # its own 4 seats count as available to it
    booking.refresh_from_db()
    assert booking.party_size == 4
    session.refresh_from_db()
    assert session.seats_booked == 8


def test_booking_change_party_size_after_deadline_is_refused(workshop):
    session = SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(hours=10))
    booking = book(session)
    with pytest.raises(errors.DeadlinePassed):
        services.booking_change_party_size(booking_id=booking.pk, party_size=1)
    booking.refresh_from_db()
    assert booking.party_size == 2


def test_booking_mark_attendance_records_no_show(session, member_user):
    booking = book(session)
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(
        start=now - datetime.timedelta(hours=1), end=now + datetime.timedelta(hours=1)
    )
    services.booking_mark_attendance(booking_id=booking.pk, attendance="no_show", actor=member_user)
    booking.refresh_from_db()
    assert booking.attendance == Booking.Attendance.NO_SHOW


def test_a_reference_clash_draws_another_reference(session):
    first = BookingFactory(session=session, reference="AAAAAAAA")
    second = _booking_insert(
        session=session,
        name="B",
        email="b@example.org",
        party_size=1,
        price=Decimal("35"),
        reference="AAAAAAAA",
    )
    assert first.reference == "AAAAAAAA" and second.reference != "AAAAAAAA" and len(second.reference) == 8
