import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories.workshops import BookingFactory, SessionFactory
from workshops import tasks
from workshops.models import Booking
from workshops.schedule import SCHEDULE

pytestmark = pytest.mark.django_db


def test_reminders_go_once_to_bookings_of_sessions_starting_within_a_day(workshop):
    tomorrow = SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(hours=20))
    later = SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(days=5))
    due = BookingFactory(session=tomorrow, email="due@example.org")
    BookingFactory(session=later, email="later@example.org")
    BookingFactory(session=tomorrow, email="gone@example.org", status=Booking.Status.CANCELLED)
    tasks.send_due_reminders()
    tasks.send_due_reminders()
    tasks.send_reminder(due.pk)  # a redelivered task
    assert [m.to for m in mail.outbox] == [["due@example.org"]]
    assert "Rappel" in mail.outbox[0].subject


def test_surveys_go_once_after_the_session_and_skip_no_shows(workshop):
    past = SessionFactory(workshop=workshop, start=timezone.now() - datetime.timedelta(hours=5))
    came = BookingFactory(session=past, email="came@example.org")
    BookingFactory(session=past, email="absent@example.org", attendance=Booking.Attendance.NO_SHOW)
    tasks.send_due_surveys()
    tasks.send_due_surveys()
    assert [m.to for m in mail.outbox] == [["came@example.org"]]
    assert came.manage_token in mail.outbox[0].body


def test_confirmation_task_run_twice_sends_one_email(session):
    booking = BookingFactory(session=session)
    tasks.send_booking_confirmation(booking.pk)
    tasks.send_booking_confirmation(booking.pk)
    assert len(mail.outbox) == 1


def test_failed_send_can_be_retried(session, monkeypatch):
    booking = BookingFactory(session=session)

    def broken(**kwargs):
        raise OSError("smtp down")

    monkeypatch.setattr(tasks, "send_templated_email", broken)
    with pytest.raises(OSError):
        tasks.send_reminder.run(booking.pk)
    monkeypatch.undo()
    tasks.send_reminder(booking.pk)
    assert len(mail.outbox) == 1


def test_schedule_declares_the_periodic_jobs():
    names = {entry["task"] for entry in SCHEDULE.values()}
    assert names == {
        "workshops.tasks.send_due_reminders",
        "workshops.tasks.run_go_no_go",
        "workshops.tasks.expire_waitlist_offers",
        "workshops.tasks.send_due_surveys",
        "workshops.tasks.prune_catalogue_changes",
        "workshops.tasks.refresh_due_listings",
    }
    for name in names:
        assert callable(getattr(tasks, name.rsplit(".", 1)[1]))
