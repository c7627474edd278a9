"""The workshop's stored listing and review columns (kept by PostgreSQL, migrations 0013–0016) always
equal what the rows say: after any sequence of bookings, cancellations, payment holds and their
release or confirmation, waitlist offers and their expiry, new, moved, resized, private and
cancelled dates, price changes, reviews and plain ``save()`` calls of stale instances."""

from __future__ import annotations

import contextlib
import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Avg, Count
from django.utils import timezone

from tests.factories.workshops import SessionFactory, WorkshopFactory
from workshops import exceptions as errors
from workshops import selectors, services
from workshops.models import LISTING_DATES, Booking, Review, Session, WaitlistEntry, Workshop

pytestmark = [pytest.mark.django_db]


def _expected(workshop: Workshop, now: datetime.datetime) -> list[tuple[str, datetime.datetime, int]]:
    """The first dates with seats left, computed from the rows by the selectors' own rule."""
    rows = (
        selectors.session_public_upcoming(now=now)
        .filter(workshop=workshop, seats_left__gt=0)
        .order_by("start")[:LISTING_DATES]
    )
    return [(str(s.public_id), s.start, s.seats_left) for s in rows]


def _stored(workshop: Workshop, now: datetime.datetime) -> list[tuple[str, datetime.datetime, int]]:
    workshop.refresh_from_db()
    return [(d.public_id, d.start, d.seats_left) for d in selectors.listing_dates(workshop, now=now)]


def _assert_true_to_the_rows(workshops: list[Workshop]) -> None:
    now = timezone.now()
    for workshop in workshops:
        expected = _expected(workshop, now)
        assert _stored(workshop, now) == expected
        assert workshop.next_start_with_seats == (expected[0][1] if expected else None)
        reviews = Review.objects.filter(workshop=workshop, status=Review.Status.APPROVED).aggregate(
            n=Count("id"), avg=Avg("score")
        )
        assert workshop.review_count == reviews["n"]
        assert workshop.review_average == pytest.approx(reviews["avg"]) if reviews["n"] else True
        assert workshop.review_average is None or reviews["n"]


def _book(rng, session, **kwargs):
    try:
        return services.booking_create(
            session_id=session.pk,
            name="Zoé",
            email=f"zoe{rng.randrange(10**6)}@example.org",
            party_size=rng.randint(1, 3),
            **kwargs,
        )
    except errors.WorkshopError:
        return None  # full, or too late: nothing changed, which is checked too


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_stored_listing_and_review_columns_equal_the_rows_after_random_changes(seed, member, member_user):
    rng = random.Random(seed)
    workshops = [WorkshopFactory(member=member, max_participants=8) for _ in range(2)]
    base = (timezone.now() + datetime.timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    sessions = [
        SessionFactory(
            workshop=w, start=base + datetime.timedelta(days=i, hours=j), capacity=rng.randint(2, 6)
        )
        for j, w in enumerate(workshops)
        for i in range(5)
    ]
    bookings: list[Booking] = []
    stale = Workshop.objects.get(pk=workshops[0].pk)  # loaded before every change below
    _assert_true_to_the_rows(workshops)

    for step in range(40):
        session = rng.choice(sessions)
        session.refresh_from_db()
        action = rng.choice(
            [
                "book",
                "book",
                "hold",
                "cancel",
                "release",
                "confirm",
                "offer",
                "expire",
                "new_date",
                "move",
                "capacity",
                "private",
                "cancel_session",
                "price",
                "review",
                "stale_save",
            ]
        )
        live = session.status != Session.Status.CANCELLED
        if action == "book" and live:
            if booking := _book(rng, session):
                bookings.append(booking)
        elif action == "hold" and live:
            if booking := _book(rng, session, hold=True):
                bookings.append(booking)
        elif action == "cancel" and bookings:
            booking = rng.choice(bookings)
            if booking.status != Booking.Status.CANCELLED:
                services.booking_cancel(booking_id=booking.pk, override_deadline=True)
        elif action in ("release", "confirm"):
            held = [
                b for b in bookings if Booking.objects.get(pk=b.pk).status == Booking.Status.PENDING_PAYMENT
            ]
            if held:
                booking = rng.choice(held)
                if action == "release":
                    services.booking_hold_release(booking_id=booking.pk)
                else:
                    services.booking_payment_confirm(booking_id=booking.pk)
        elif action == "offer" and live:
            # A waitlist offer holds seats for a while (as waitlist_offer_next does).
            left = services.session_seats_left(session=session)
            if left:
                WaitlistEntry.objects.create(
                    session=session,
                    name="Liste",
                    email="liste@example.org",
                    party_size=rng.randint(1, left),
                    status=WaitlistEntry.Status.OFFERED,
                    offered_at=timezone.now(),
                    offer_expires_at=timezone.now() + datetime.timedelta(hours=rng.choice([1, 12])),
                )
        elif action == "expire":
            # The sweep after the offers ran out (run with a clock past them).
            services.waitlist_expire_offers(now=timezone.now() + datetime.timedelta(hours=13))
        elif action == "new_date":
            workshop = rng.choice(workshops)
            start = base + datetime.timedelta(days=rng.randint(6, 30), hours=rng.randint(0, 12))
            with contextlib.suppress(errors.WorkshopError):  # a date already there
                sessions.append(
                    services.session_create(workshop=workshop, start=start, capacity=4, actor=None)
                )
        elif action == "move" and live:
            start = session.start + datetime.timedelta(days=rng.choice([-1, 1, 9]), minutes=30)
            Session.objects.filter(pk=session.pk).update(start=start, end=start + datetime.timedelta(hours=2))
        elif action == "capacity" and live:
            with contextlib.suppress(errors.WorkshopError):  # below the seats already booked
                services.session_change_capacity(
                    session_id=session.pk, capacity=rng.randint(1, 8), actor=None
                )
        elif action == "private":
            Session.objects.filter(pk=session.pk).update(is_private=not session.is_private)
        elif action == "cancel_session" and live and rng.random() < 0.3:
            services.session_cancel(session_id=session.pk, actor=member_user)
        elif action == "price":
            workshop = Workshop.objects.get(pk=rng.choice(workshops).pk)
            services.workshop_update(workshop=workshop, actor=member_user, price=Decimal(rng.randint(10, 90)))
        elif action == "review" and (
            unreviewed := [b for b in bookings if not Review.objects.filter(booking=b)]
        ):
            booking = rng.choice(unreviewed)
            Review.objects.create(
                booking=booking,
                workshop=booking.session.workshop,
                score=rng.randint(0, 10),
                comment="Très bien",
                author_name="Léa",
                status=rng.choice([Review.Status.APPROVED, Review.Status.PENDING]),
            )
        elif action == "stale_save":
            # A full save of an instance loaded long ago (an old admin form, a service) must not
            # put back the seats and reviews of that moment.
            stale.title = f"Titre {step}"
            stale.save()
        _assert_true_to_the_rows(workshops)


def test_the_periodic_refresh_drops_a_date_that_has_started(member):
    workshop = WorkshopFactory(member=member)
    session = SessionFactory(workshop=workshop)
    later = SessionFactory(workshop=workshop, start=session.start + datetime.timedelta(days=1))
    # As if the clock had passed the first date since the last write: the stored first date is
    # in the past (written here the way only the refresh functions may).
    past = timezone.now() - datetime.timedelta(minutes=5)
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('workshops.refreshing', 'on', true)")
        Workshop.objects.filter(pk=workshop.pk).update(
            next_start_with_seats=past,
            next_dates=[{"id": str(session.public_id), "start": past.isoformat(), "seats_left": 8}],
        )
        cursor.execute("SELECT set_config('workshops.refreshing', 'off', true)")

    # Read at once, a started date is not shown.
    workshop.refresh_from_db()
    assert selectors.listing_dates(workshop, now=timezone.now()) == []

    assert services.workshop_listings_refresh_due() == 1
    workshop.refresh_from_db()
    assert [d.public_id for d in selectors.listing_dates(workshop, now=timezone.now())] == [
        str(session.public_id),
        str(later.public_id),
    ]
    assert services.workshop_listings_refresh_due() == 0


def test_other_writers_cannot_set_the_stored_columns(member):
    workshop = WorkshopFactory(member=member)
    SessionFactory(workshop=workshop)
    workshop.refresh_from_db()
    before = (workshop.next_start_with_seats, workshop.next_dates)
    Workshop.objects.filter(pk=workshop.pk).update(next_start_with_seats=None, next_dates=[], review_count=3)
    workshop.refresh_from_db()
    assert (workshop.next_start_with_seats, workshop.next_dates) == before
    assert workshop.review_count == 0


def test_the_date_filter_with_seats_counts_waitlist_holds_and_local_days(member, visitor):
    """The hand-written date filter (selectors.workshop_ids_with_dates_sql) keeps the selectors'
    seats rule and the visitor's local days."""
    from django.urls import reverse

    from tests.factories.workshops import SessionFactory as Sessions

    workshop = WorkshopFactory(member=member)
    local = timezone.localtime(timezone.now() + datetime.timedelta(days=10)).replace(
        hour=0, minute=30, second=0, microsecond=0
    )  # 00:30 in Paris: the day before in UTC
    session = Sessions(workshop=workshop, start=local, capacity=2)
    day = local.date().isoformat()

    def listed(**params) -> bool:
        response = visitor.get(reverse("workshops:catalogue"), params)
        return [w["pk"] for w in response.context["workshops"]] == [workshop.pk]

    assert listed(date_from=day, date_to=day, available="on")
    previous = (local.date() - datetime.timedelta(days=1)).isoformat()
    assert not listed(date_from=previous, date_to=previous)

    WaitlistEntry.objects.create(
        session=session,
        name="Offre",
        email="offre@example.org",
        party_size=2,
        status=WaitlistEntry.Status.OFFERED,
        offered_at=timezone.now(),
        offer_expires_at=timezone.now() + datetime.timedelta(hours=12),
    )
    assert not listed(date_from=day, date_to=day, available="on")
    assert listed(date_from=day, date_to=day)  # without « with seats », the date still counts
