"""Services of the Maison's spaces: members' bookings, public requests, staff decisions."""

import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from common.models import ActionLog
from places import exceptions as errors
from places import services
from places.models import SpaceBooking
from places.services import AFTERNOON, MORNING, slot_on
from tests.factories.places import SpaceBookingFactory

pytestmark = pytest.mark.django_db


def _book(desk, member, user, day, *times):
    return services.space_booking_create_for_member(
        space_id=desk.pk,
        member=member,
        actor=user,
        slots=[slot_on(day=day, start=s, end=e) for s, e in times],
    )


def test_member_books_a_desk_for_two_half_days(desk, member, member_user, tuesday):
    bookings = _book(desk, member, member_user, tuesday, MORNING, AFTERNOON)
    assert [b.status for b in bookings] == ["confirmed", "confirmed"]
    assert bookings[0].series == bookings[1].series is not None
    assert ActionLog.objects.filter(action="places.booking.created").count() == 1


def test_second_member_cannot_take_the_same_desk_at_the_same_time(
    desk, member, member_user, other_member, other_member_user, tuesday
):
    _book(desk, member, member_user, tuesday, MORNING)
    with pytest.raises(errors.PlacesError) as exc:
        _book(desk, other_member, other_member_user, tuesday, (datetime.time(11, 0), datetime.time(14, 0)))
    assert exc.value.message == errors.SPACE_TAKEN
    assert SpaceBooking.objects.filter(member=other_member).count() == 0


def test_back_to_back_slots_do_not_overlap(
    desk, member, member_user, other_member, other_member_user, tuesday
):
    _book(desk, member, member_user, tuesday, (datetime.time(9, 0), datetime.time(12, 0)))
    _book(desk, other_member, other_member_user, tuesday, (datetime.time(12, 0), datetime.time(13, 0)))
    assert SpaceBooking.objects.count() == 2


def test_a_series_is_all_or_nothing(desk, member, member_user, other_member, other_member_user, tuesday):
    _book(desk, member, member_user, tuesday + datetime.timedelta(weeks=2), MORNING)
    slots = [
        slot_on(day=tuesday + datetime.timedelta(weeks=w), start=MORNING[0], end=MORNING[1]) for w in range(4)
    ]
    with pytest.raises(errors.PlacesError):
        services.space_booking_create_for_member(
            space_id=desk.pk, member=other_member, actor=other_member_user, slots=slots
        )
    assert SpaceBooking.objects.filter(member=other_member).count() == 0


@pytest.mark.parametrize(
    ("day_offset", "times", "message"),
    [
        (-14, MORNING, errors.IN_PAST),
        (4, MORNING, errors.SPACE_CLOSED_DAY),  # Saturday
        (0, (datetime.time(7, 0), datetime.time(9, 0)), "Le créneau doit être compris entre"),
        (0, (datetime.time(10, 0), datetime.time(9, 0)), errors.END_BEFORE_START),
    ],
)
def test_member_booking_refuses_bad_slots(desk, member, member_user, tuesday, day_offset, times, message):
    with pytest.raises(errors.PlacesError) as exc:
        _book(desk, member, member_user, tuesday + datetime.timedelta(days=day_offset), times)
    assert str(exc.value.message).startswith(str(message))
    assert SpaceBooking.objects.count() == 0


def test_overlapping_slots_in_one_request_are_refused(desk, member, member_user, tuesday):
    with pytest.raises(errors.PlacesError) as exc:
        _book(desk, member, member_user, tuesday, MORNING, (datetime.time(12, 0), datetime.time(13, 0)))
    assert exc.value.message == errors.SLOTS_OVERLAP


def test_the_database_refuses_two_overlapping_confirmed_bookings(desk, member, tuesday):
    start, end = slot_on(day=tuesday, start=MORNING[0], end=MORNING[1])
    SpaceBookingFactory(
        space=desk, start=start, end=end, status="confirmed", requester="member", member=member
    )
    # A pending request on the same slot is allowed (it does not hold the space) ...
    SpaceBookingFactory(space=desk, start=start, end=end, status="requested")
    # ... a second confirmed booking is not, whatever code path writes it.
    with pytest.raises(IntegrityError, match="space_booking_no_overlap"), transaction.atomic():
        SpaceBookingFactory(
            space=desk, start=start + datetime.timedelta(hours=1), end=end, status="confirmed"
        )


def _request(room, day, **overrides):
    start, end = slot_on(day=day, start=datetime.time(14, 0), end=datetime.time(17, 0))
    kwargs = {
        "space_id": room.pk,
        "requester": "association",
        "organisation": "Club des marcheurs",
        "contact_name": "Hélène Bouvier",
        "email": "helene@example.org",
        "phone": "",
        "headcount": 12,
        "purpose": "Assemblée générale",
        "start": start,
        "end": end,
        "language": "fr",
        **overrides,
    }
    return services.space_request_create(**kwargs)


def test_association_request_is_acknowledged_then_approved_by_staff(
    room, tuesday, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking = _request(room, tuesday)
    assert booking.status == "requested"
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.endswith("Demande reçue : Salle du Grand Som")
    assert booking.get_status_url() in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.space_request_approve(booking_id=booking.pk, actor=staff_user)
    booking.refresh_from_db()
    assert booking.status == "confirmed" and booking.decided_by == staff_user
    assert mail.outbox[1].subject.endswith("Demande acceptée : Salle du Grand Som")
    assert "&" not in mail.outbox[1].subject
    with pytest.raises(errors.PlacesError) as exc:
        services.space_request_approve(booking_id=booking.pk, actor=staff_user)
    assert exc.value.message == errors.NOT_REQUESTED


def test_approval_refused_when_the_slot_was_taken_meanwhile(room, tuesday, staff_user, member, member_user):
    booking = _request(room, tuesday)
    services.space_booking_create_for_member(
        space_id=room.pk,
        member=member,
        actor=member_user,
        slots=[slot_on(day=tuesday, start=datetime.time(15, 0), end=datetime.time(16, 0))],
    )
    with pytest.raises(errors.PlacesError) as exc:
        services.space_request_approve(booking_id=booking.pk, actor=staff_user)
    assert exc.value.message == errors.SPACE_TAKEN
    booking.refresh_from_db()
    assert booking.status == "requested"


def test_decline_sends_the_reason(room, tuesday, staff_user, django_capture_on_commit_callbacks):
    booking = _request(room, tuesday)
    with django_capture_on_commit_callbacks(execute=True):
        services.space_request_decline(booking_id=booking.pk, actor=staff_user, reason="Salle en travaux")
    booking.refresh_from_db()
    assert booking.status == "declined"
    assert "Salle en travaux" in mail.outbox[-1].body
    assert "Demande non retenue" in mail.outbox[-1].subject


def test_request_refused_above_capacity_or_for_members_only_spaces(room, desk, tuesday):
    with pytest.raises(errors.PlacesError) as exc:
        _request(room, tuesday, headcount=15)
    assert exc.value.field == "headcount"
    with pytest.raises(errors.PlacesError) as exc:
        _request(desk, tuesday, headcount=1)
    assert exc.value.message == errors.MEMBERS_ONLY
    assert SpaceBooking.objects.count() == 0


def test_cancel_frees_the_slot_and_tells_the_requester(
    room, tuesday, staff_user, member, member_user, django_capture_on_commit_callbacks
):
    booking = _request(room, tuesday)
    services.space_request_approve(booking_id=booking.pk, actor=staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        services.space_booking_cancel(booking_id=booking.pk, actor=staff_user)
    assert "annulée" in mail.outbox[-1].subject
    _book(room, member, member_user, tuesday, (datetime.time(14, 0), datetime.time(17, 0)))
    with pytest.raises(errors.PlacesError) as exc:
        services.space_booking_cancel(booking_id=booking.pk, actor=staff_user)
    assert exc.value.message == errors.CANNOT_CANCEL


def test_tasks_send_each_email_once(room, tuesday):
    from places import tasks

    booking = _request(room, tuesday)
    mail.outbox.clear()
    assert tasks.send_request_acknowledgement(booking.pk) is True
    assert tasks.send_request_acknowledgement(booking.pk) is False
    assert len(mail.outbox) == 1


def test_occupancy_counts_booked_hours_over_opening_hours(desk, member, member_user, tuesday):
    from places import selectors

    _book(desk, member, member_user, tuesday, MORNING, AFTERNOON)
    rows = {r.space.pk: r for r in selectors.occupancy_for_month(year=tuesday.year, month=tuesday.month)}
    row = rows[desk.pk]
    assert row.booked_hours == 8.5 and row.bookings == 2
    assert row.open_hours == pytest.approx(
        9.5
        * sum(
            1
            for d in range(1, 32)
            if _valid(tuesday.year, tuesday.month, d)
            and datetime.date(tuesday.year, tuesday.month, d).weekday() < 5
        )
    )
    assert 0 < row.rate < 100


def _valid(y, m, d):
    try:
        datetime.date(y, m, d)
    except ValueError:
        return False
    return True
