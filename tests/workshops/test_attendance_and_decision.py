"""Issue 11 point 7 (part): attendance is noted only once a session has started, « Tous
présents » marks the bookings not noted yet, and the artisan sees when the minimum-participants
decision will be taken."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from common.models import ActionLog
from tests.factories.workshops import BookingFactory, SessionFactory
from workshops import exceptions as errors
from workshops import services
from workshops.models import Booking, Session

pytestmark = pytest.mark.django_db


def _started(session: Session) -> Session:
    now = timezone.now()
    Session.objects.filter(pk=session.pk).update(
        start=now - datetime.timedelta(minutes=30), end=now + datetime.timedelta(hours=1)
    )
    session.refresh_from_db()
    return session


def test_attendance_is_refused_before_the_session_starts(session, member_user):
    booking = BookingFactory(session=session)

    with pytest.raises(errors.WorkshopError) as caught:
        services.booking_mark_attendance(booking_id=booking.pk, attendance="no_show", actor=member_user)

    assert caught.value.message == str(errors.ATTENDANCE_TOO_EARLY)
    booking.refresh_from_db()
    assert booking.attendance == Booking.Attendance.UNKNOWN


def test_attendance_view_before_the_start_says_why_and_changes_nothing(member_client, session):
    booking = BookingFactory(session=session)
    url = reverse("workshops_portal:attendance", args=[session.public_id])

    response = member_client.post(url, {"reference": booking.reference, "attendance": "no_show"}, follow=True)

    assert "La présence se note une fois la séance commencée." in response.content.decode()
    booking.refresh_from_db()
    assert booking.attendance == Booking.Attendance.UNKNOWN


def test_session_page_shows_no_attendance_column_before_the_start(member_client, session):
    BookingFactory(session=session)
    body = member_client.get(
        reverse("workshops_portal:session_detail", args=[session.public_id])
    ).content.decode()
    assert ">Présence<" not in body and "Tous présents" not in body
    assert "La présence se note ici une fois la séance commencée." in body


def test_all_present_marks_only_the_bookings_not_noted_yet(member_client, session):
    noted_absent = BookingFactory(session=session, attendance=Booking.Attendance.NO_SHOW)
    unnoted = [BookingFactory(session=session), BookingFactory(session=session)]
    cancelled = BookingFactory(session=session, status=Booking.Status.CANCELLED)
    _started(session)
    page = member_client.get(reverse("workshops_portal:session_detail", args=[session.public_id]))
    assert "Tous présents" in page.content.decode() and ">Présence<" in page.content.decode()

    response = member_client.post(
        reverse("workshops_portal:all_present", args=[session.public_id]), follow=True
    )

    assert "2 réservations notées présentes." in response.content.decode()
    for booking in unnoted:
        booking.refresh_from_db()
        assert booking.attendance == Booking.Attendance.PRESENT
    noted_absent.refresh_from_db()
    cancelled.refresh_from_db()
    assert noted_absent.attendance == Booking.Attendance.NO_SHOW
    assert cancelled.attendance == Booking.Attendance.UNKNOWN
    assert ActionLog.objects.filter(action="workshops.session.all_present").count() == 1
    # Twice is harmless: nothing left to mark.
    assert services.session_mark_all_present(session_id=session.pk, actor=None) == 0


def test_all_present_is_refused_before_the_start(member_client, session):
    booking = BookingFactory(session=session)
    response = member_client.post(
        reverse("workshops_portal:all_present", args=[session.public_id]), follow=True
    )
    assert "La présence se note une fois la séance commencée." in response.content.decode()
    booking.refresh_from_db()
    assert booking.attendance == Booking.Attendance.UNKNOWN


def test_all_present_is_for_the_owner_only(other_client, visitor, session):
    url = reverse("workshops_portal:all_present", args=[session.public_id])
    _started(session)
    BookingFactory(session=session)
    assert other_client.post(url).status_code == 404
    assert visitor.post(url).status_code == 302
    assert not Booking.objects.filter(attendance=Booking.Attendance.PRESENT).exists()


def test_artisan_sees_when_the_minimum_participants_decision_is_taken(member_client, workshop):
    start = timezone.make_aware(datetime.datetime(2031, 4, 3, 10, 0))
    session = SessionFactory(workshop=workshop, start=start, end=start + datetime.timedelta(hours=2))
    go_no_go = timezone.make_aware(datetime.datetime(2031, 4, 1, 10, 0))
    Session.objects.filter(pk=session.pk).update(go_no_go_at=go_no_go)

    detail = member_client.get(reverse("workshops_portal:session_detail", args=[session.public_id]))
    sessions = member_client.get(reverse("workshops_portal:workshop_sessions", args=[workshop.slug]))

    text = detail.content.decode().replace("\u00a0", " ")
    assert "sera maintenue ou annulée le mardi 1er avril 2031 à 10 h 00" in text
    assert "Décision (minimum)" in sessions.content.decode()
    assert "1er avr." in sessions.content.decode()


def test_no_decision_date_once_the_session_is_confirmed(member_client, workshop):
    session = SessionFactory(workshop=workshop, status=Session.Status.CONFIRMED, decision=Session.Decision.GO)
    body = member_client.get(
        reverse("workshops_portal:session_detail", args=[session.public_id])
    ).content.decode()
    assert "sera maintenue ou annulée" not in body
