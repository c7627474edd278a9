import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories.workshops import BookingFactory, SessionFactory
from workshops import exceptions as errors
from workshops import services
from workshops.models import Booking, GroupRequest, Review, Session

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_recurring_series_keeps_local_time_across_daylight_saving(workshop, member_user):
    # Wednesdays from 15 October to 12 November 2031: summer time ends on 26 October.
    starts = services.recurring_starts(
        first_date=datetime.date(2031, 10, 15),
        last_date=datetime.date(2031, 11, 12),
        weekdays=[2],
        start_time=datetime.time(14, 0),
    )
    assert len(starts) == 5
    assert {s.astimezone(PARIS).hour for s in starts} == {14}
    utc_hours = [s.astimezone(datetime.UTC).hour for s in starts]
    assert utc_hours == [12, 12, 13, 13, 13]
    outcome = services.session_create_recurring(
        workshop=workshop,
        first_date=datetime.date(2031, 10, 15),
        last_date=datetime.date(2031, 11, 12),
        weekdays=[2],
        start_time=datetime.time(14, 0),
        capacity=6,
        actor=member_user,
    )
    assert len(outcome.created) == 5 and outcome.skipped == []
    stored = Session.objects.filter(workshop=workshop).order_by("start")
    assert [timezone.localtime(s.start).strftime("%a %H:%M") for s in stored] == ["Wed 14:00"] * 5
    assert all(s.go_no_go_at == s.start - datetime.timedelta(hours=48) for s in stored)
    assert len({s.series for s in stored}) == 1


def test_recurring_series_without_matching_day_is_refused(workshop, member_user):
    with pytest.raises(errors.WorkshopError) as exc:
        services.session_create_recurring(
            workshop=workshop,
            first_date=datetime.date(2031, 10, 15),
            last_date=datetime.date(2031, 10, 16),
            weekdays=[0],
            start_time=datetime.time(14, 0),
            actor=member_user,
        )
    assert exc.value.message == str(errors.RECURRENCE_EMPTY)
    assert not Session.objects.exists()


def _group(workshop, size=24):
    return services.group_request_create(
        workshop=workshop,
        group_type="school",
        contact_name="Mme Durand",
        email="ecole@example.org",
        organisation="École de Saint-Pierre",
        size=size,
        age_min=8,
        age_max=9,
        preferred_dates="Un mardi de mai, le matin",
    )


def test_group_request_proposal_acceptance_creates_private_session_and_invoice_booking(
    workshop, member_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        group = _group(workshop)
    assert any("Demande de groupe" in m.subject for m in mail.outbox)
    start = timezone.now() + datetime.timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        services.group_request_propose(
            group_request_id=group.pk, start=start, price_per_person=Decimal("12"), actor=member_user
        )
    proposal = [m for m in mail.outbox if m.to == ["ecole@example.org"] and "bien reçue" not in m.subject]
    assert len(proposal) == 1 and group.token in proposal[0].body
    booking = services.group_request_accept(token=group.token, po_number="BC-2031-17")
    again = services.group_request_accept(token=group.token)
    assert booking.pk == again.pk
    assert booking.status == Booking.Status.CONFIRMED_INVOICE and booking.is_group
    assert booking.price == Decimal("288.00") and booking.po_number == "BC-2031-17"
    session = booking.session
    assert session.is_private and session.capacity == 24 and session.seats_booked == 24
    assert booking.headcount_deadline == start - datetime.timedelta(days=7)
    group.refresh_from_db()
    assert group.status == GroupRequest.Status.ACCEPTED


def test_group_headcount_changes_until_deadline_with_group_price(workshop, member_user):
    group = _group(workshop, size=20)
    services.group_request_propose(
        group_request_id=group.pk,
        start=timezone.now() + datetime.timedelta(days=30),
        price_per_person=Decimal("10"),
        actor=member_user,
    )
    booking = services.group_request_accept(token=group.token)
    services.booking_change_party_size(booking_id=booking.pk, party_size=18)
    booking.refresh_from_db()
    assert booking.party_size == 18 and booking.price == Decimal("180.00")
    Booking.objects.filter(pk=booking.pk).update(
        headcount_deadline=timezone.now() - datetime.timedelta(hours=1)
    )
    with pytest.raises(errors.DeadlinePassed):
        services.booking_change_party_size(booking_id=booking.pk, party_size=19)


def test_group_accept_without_proposal_is_refused(workshop):
    group = _group(workshop)
    with pytest.raises(errors.WorkshopError) as exc:
        services.group_request_accept(token=group.token)
    assert exc.value.message == str(errors.GROUP_REQUEST_NOT_PROPOSED)
    assert not Session.objects.exists()


def test_review_after_session_reaches_artisan_and_is_public_once_approved(
    workshop, staff_user, django_capture_on_commit_callbacks
):
    past = SessionFactory(workshop=workshop, start=timezone.now() - datetime.timedelta(days=1))
    booking = BookingFactory(session=past, name="Léa Martin")
    with django_capture_on_commit_callbacks(execute=True):
        review = services.review_submit(booking_id=booking.pk, score=9, comment="Magique !")
    assert review.status == Review.Status.PENDING and review.author_name == "Léa"
    assert any("Nouvel avis" in m.subject for m in mail.outbox)
    with pytest.raises(errors.WorkshopError) as exc:
        services.review_submit(booking_id=booking.pk, score=3)
    assert exc.value.message == str(errors.REVIEW_ALREADY_GIVEN)
    services.review_moderate(review_id=review.pk, approve=True, actor=staff_user)
    review.refresh_from_db()
    assert review.status == Review.Status.APPROVED and review.moderated_by == staff_user


def test_review_before_the_session_or_out_of_range_is_refused(session):
    booking = BookingFactory(session=session)
    with pytest.raises(errors.WorkshopError) as exc:
        services.review_submit(booking_id=booking.pk, score=8)
    assert exc.value.message == str(errors.REVIEW_TOO_EARLY)
    with pytest.raises(errors.WorkshopError):
        services.review_submit(booking_id=booking.pk, score=11)
    assert not Review.objects.exists()


def test_a_group_request_is_acknowledged_with_its_reference_and_next_steps(
    workshop, django_capture_on_commit_callbacks
):
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        request = services.group_request_create(
            workshop=workshop,
            group_type="school",
            contact_name="Mme O'Neil",
            email="ecole@example.org",
            size=3,
            preferred_dates="Un mardi de mai",
        )
    [ack] = [m for m in mail.outbox if m.to == ["ecole@example.org"]]
    assert request.reference in ack.subject and request.reference.startswith("GR-")
    assert "Et maintenant ?" in ack.body and "Mme O'Neil" in ack.body
    assert not request.adaptations


def test_a_group_too_large_or_too_young_is_flagged_to_adapt_for_the_artisan(
    workshop, member_client, django_capture_on_commit_callbacks
):
    from django.core import mail

    workshop.max_participants, workshop.min_age = 8, 10
    workshop.save()
    with django_capture_on_commit_callbacks(execute=True):
        request = services.group_request_create(
            workshop=workshop,
            group_type="school",
            contact_name="Mme Durand",
            email="ecole@example.org",
            size=25,
            age_min=7,
            age_max=8,
            preferred_dates="Juin",
        )
    assert len(request.adaptations) == 2
    artisan = [m for m in mail.outbox if m.to != ["ecole@example.org"]]
    assert artisan and "25 participants pour 8 places" in artisan[0].body and "dès 7 ans" in artisan[0].body
    ack = [m for m in mail.outbox if m.to == ["ecole@example.org"]][0]
    assert "à adapter" in ack.body
    html = member_client.get("/portail/ateliers/groupes/").content.decode()
    assert "à adapter" in html
