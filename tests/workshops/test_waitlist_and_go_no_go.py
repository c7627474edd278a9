import datetime

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories.workshops import SessionFactory
from workshops import exceptions as errors
from workshops import services, tasks
from workshops.models import Booking, Session, WaitlistEntry

pytestmark = pytest.mark.django_db


def book(session, size=2, email="lea@example.org"):
    return services.booking_create(session_id=session.pk, name="Léa", email=email, party_size=size)


def join(session, size, email):
    return services.waitlist_join(
        session_id=session.pk, name=email.split("@")[0], email=email, party_size=size
    )


def test_waitlist_join_is_refused_while_seats_are_left(session):
    with pytest.raises(errors.WorkshopError) as exc:
        join(session, 2, "a@example.org")
    assert exc.value.message == str(errors.WAITLIST_NOT_FULL)


def test_cancellation_offers_seats_to_the_first_entry_that_fits(session, django_capture_on_commit_callbacks):
    booking = book(session, 8)
    big = join(session, 5, "big@example.org")
    small = join(session, 2, "small@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_change_party_size(booking_id=booking.pk, party_size=5)
    big.refresh_from_db()
    small.refresh_from_db()
    assert big.status == WaitlistEntry.Status.WAITING  # 5 do not fit in 3 free seats
    assert small.status == WaitlistEntry.Status.OFFERED
    assert small.offer_expires_at == small.offered_at + datetime.timedelta(hours=12)
    offer = [m for m in mail.outbox if m.to == ["small@example.org"]]
    assert len(offer) == 1 and small.token in offer[0].body


def test_held_offer_seats_are_not_sold_to_someone_else(session):
    booking = book(session, 8)
    entry = join(session, 2, "w@example.org")
    services.booking_change_party_size(booking_id=booking.pk, party_size=6)
    services.waitlist_offer_next(session_id=session.pk)
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.OFFERED
    with pytest.raises(errors.NotEnoughSeats) as exc:
        book(session, 1, "intrus@example.org")
    assert exc.value.seats_left == 0


def test_waitlist_claim_turns_the_offer_into_a_booking_once(session):
    booking = book(session, 8)
    entry = join(session, 2, "w@example.org")
    services.booking_change_party_size(booking_id=booking.pk, party_size=6)
    services.waitlist_offer_next(session_id=session.pk)
    claimed = services.waitlist_claim(token=entry.token)
    again = services.waitlist_claim(token=entry.token)
    assert claimed.pk == again.pk and claimed.party_size == 2
    session.refresh_from_db()
    assert session.seats_booked == 8
    entry.refresh_from_db()
    assert entry.status == WaitlistEntry.Status.CLAIMED


def test_expired_offer_passes_to_the_next_entry(session):
    booking = book(session, 8)
    first = join(session, 2, "first@example.org")
    second = join(session, 2, "second@example.org")
    services.booking_change_party_size(booking_id=booking.pk, party_size=6)
    services.waitlist_offer_next(session_id=session.pk)
    first.refresh_from_db()
    assert first.status == WaitlistEntry.Status.OFFERED
    later = timezone.now() + datetime.timedelta(hours=13)
    assert services.waitlist_expire_offers(now=later) == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == WaitlistEntry.Status.EXPIRED
    assert second.status == WaitlistEntry.Status.OFFERED
    with pytest.raises(errors.WorkshopError) as exc:
        services.waitlist_claim(token=first.token)
    assert exc.value.message == str(errors.OFFER_NOT_OPEN)


def test_claim_after_expiry_time_is_refused_even_before_the_job_runs(session):
    booking = book(session, 8)
    entry = join(session, 2, "w@example.org")
    services.booking_change_party_size(booking_id=booking.pk, party_size=6)
    services.waitlist_offer_next(session_id=session.pk)
    WaitlistEntry.objects.filter(pk=entry.pk).update(
        offer_expires_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with pytest.raises(errors.WorkshopError) as exc:
        services.waitlist_claim(token=entry.token)
    assert exc.value.message == str(errors.OFFER_EXPIRED)
    assert Booking.objects.filter(email="w@example.org").count() == 0


def _session_at_go_no_go(workshop, booked):
    start = timezone.now() + datetime.timedelta(hours=40)
    session = SessionFactory(workshop=workshop, start=start)
    if booked:
        book(session, booked)
    return session


def test_go_no_go_confirms_sessions_that_reached_their_minimum(workshop):
    session = _session_at_go_no_go(workshop, booked=2)
    counts = services.session_go_no_go_run()
    session.refresh_from_db()
    assert counts["confirmed"] == 1
    assert session.status == Session.Status.CONFIRMED and session.decision == Session.Decision.GO


def test_go_no_go_asks_the_artisan_then_keeps_the_session_when_they_answer_go(
    workshop, member_user, django_capture_on_commit_callbacks
):
    session = _session_at_go_no_go(workshop, booked=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_go_no_go_run()
    session.refresh_from_db()
    assert session.decision == Session.Decision.ASKED
    asked = [m for m in mail.outbox if "À confirmer" in m.subject]
    assert len(asked) == 1 and workshop.member.email in asked[0].to
    services.session_decide(session_id=session.pk, go=True, actor=member_user)
    services.session_go_no_go_run(now=timezone.now() + datetime.timedelta(hours=13))
    session.refresh_from_db()
    assert session.status == Session.Status.CONFIRMED
    assert Booking.objects.get(session=session).is_active


def test_go_no_go_without_answer_cancels_and_tells_everyone_with_other_dates(
    workshop, django_capture_on_commit_callbacks
):
    session = _session_at_go_no_go(workshop, booked=1)
    other_date = SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(days=10))
    services.session_go_no_go_run()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.session_go_no_go_run(now=timezone.now() + datetime.timedelta(hours=13))
    assert counts["auto_cancelled"] == 1
    session.refresh_from_db()
    assert session.status == Session.Status.CANCELLED
    assert session.decision == Session.Decision.AUTO_CANCELLED
    booking = Booking.objects.get(session=session)
    assert booking.status == Booking.Status.CANCELLED
    notice = [m for m in mail.outbox if m.to == ["lea@example.org"]]
    assert len(notice) == 1
    assert str(other_date.public_id) in notice[0].body


def test_go_no_go_run_twice_asks_once(workshop, django_capture_on_commit_callbacks):
    _session_at_go_no_go(workshop, booked=0)
    with django_capture_on_commit_callbacks(execute=True):
        services.session_go_no_go_run()
        services.session_go_no_go_run()
        tasks.send_go_no_go_request(Session.objects.get().pk)
    assert len([m for m in mail.outbox if "À confirmer" in m.subject]) == 1


def test_session_cancel_cancels_bookings_and_waitlist_and_is_idempotent(session, member_user):
    book(session, 8)
    entry = join(session, 2, "w@example.org")
    services.session_cancel(session_id=session.pk, actor=member_user, reason="Tempête")
    services.session_cancel(session_id=session.pk, actor=member_user, reason="Tempête")
    session.refresh_from_db()
    entry.refresh_from_db()
    assert session.status == Session.Status.CANCELLED and session.seats_booked == 0
    assert entry.status == WaitlistEntry.Status.CANCELLED
    assert not Booking.objects.filter(session=session, status="confirmed").exists()


def test_capacity_cannot_drop_below_booked_seats(session, member_user):
    book(session, 5)
    with pytest.raises(errors.WorkshopError) as exc:
        services.session_change_capacity(session_id=session.pk, capacity=4, actor=member_user)
    assert "5 places déjà réservées" in exc.value.message
    services.session_change_capacity(session_id=session.pk, capacity=10, actor=member_user)
    session.refresh_from_db()
    assert session.capacity == 10


def test_go_no_go_cancels_an_unanswered_session_close_to_its_start_but_never_a_past_one(workshop):
    soon = SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(hours=5))
    past = SessionFactory(workshop=workshop, start=timezone.now() - datetime.timedelta(hours=1))
    Session.objects.filter(pk=past.pk).update(
        decision=Session.Decision.ASKED, decision_asked_at=timezone.now() - datetime.timedelta(days=2)
    )
    services.session_go_no_go_run()
    soon.refresh_from_db()
    assert soon.decision == Session.Decision.ASKED and soon.status == Session.Status.SCHEDULED
    services.session_go_no_go_run(now=timezone.now() + datetime.timedelta(hours=3, minutes=30))
    soon.refresh_from_db()
    past.refresh_from_db()
    assert soon.status == Session.Status.CANCELLED
    assert past.status == Session.Status.SCHEDULED
