"""The Maison's pages by audience: public, portal (own bookings only), staff; bad input keeps
what was typed and changes nothing."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils.html import escape

from places.models import SpaceBooking
from places.services import MORNING, slot_on
from tests.factories.places import SpaceBookingFactory

pytestmark = pytest.mark.django_db


def test_public_pages_list_spaces_and_show_busy_slots(visitor, room, desk, member, tuesday):
    start, end = slot_on(day=tuesday, start=MORNING[0], end=MORNING[1])
    SpaceBookingFactory(space=room, start=start, end=end, status="confirmed")
    page = visitor.get(reverse("places:space_list")).content.decode()
    assert "Salle du Grand Som" in page and "Poste fenêtre" in page
    detail = visitor.get(reverse("places:space_detail", args=[room.slug])).content.decode()
    assert "8\xa0h\xa030 – 12\xa0h\xa030" in detail
    assert "Demander cet espace" in detail
    # Members-only spaces cannot be requested by the public.
    assert visitor.get(reverse("places:space_request", args=[desk.slug])).status_code == 404


def test_public_pages_are_translated(visitor, room):
    visitor.cookies["django_language"] = "en"
    page = visitor.get(reverse("places:space_detail", args=[room.slug]), HTTP_ACCEPT_LANGUAGE="en").content
    assert b"Request this space" in page


def _request_data(when, **overrides):
    return {
        "requester": "association",
        "organisation": "Club des marcheurs",
        "contact_name": "Hélène Bouvier",
        "email": "helene@example.org",
        "phone": "04 76 88 00 00",
        "day": when.isoformat(),
        "start_time": "14:00",
        "end_time": "17:00",
        "headcount": "12",
        "purpose": "Assemblée générale",
        **overrides,
    }


def test_association_requests_a_room_and_follows_it_by_its_link(
    visitor, room, tuesday, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = visitor.post(reverse("places:space_request", args=[room.slug]), _request_data(tuesday))
    booking = SpaceBooking.objects.get()
    assert response.status_code == 302 and response["Location"] == booking.get_status_url()
    assert booking.status == "requested" and booking.organisation == "Club des marcheurs"
    assert len(mail.outbox) == 1
    page = visitor.get(booking.get_status_url()).content.decode()
    assert "Demande à étudier" in page or "demande à étudier" in page


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"email": "pas-une-adresse"}, "email", "L&#x27;adresse e-mail n&#x27;est pas valide."),
        ({"organisation": ""}, "organisation", "Indiquez le nom de l&#x27;association."),
        ({"end_time": "13:00"}, "end_time", "L&#x27;heure de fin doit être après l&#x27;heure de début."),
        ({"headcount": "40"}, "headcount", "Cet espace accueille au plus 14 personnes."),
        ({"day": "31/02/2027"}, "day", "La date n&#x27;est pas valide"),
        ({"start_time": "06:00"}, "start_time", "Le créneau doit être compris entre"),
        ({"phone": "abc"}, "phone", "numéro de téléphone valide"),
    ],
)
def test_bad_request_input_names_the_field_keeps_what_was_typed_and_changes_nothing(
    visitor, room, tuesday, overrides, field, message
):
    data = _request_data(tuesday, **overrides)
    response = visitor.post(reverse("places:space_request", args=[room.slug]), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert "Hélène Bouvier" in page and "Assemblée générale" in page
    assert SpaceBooking.objects.count() == 0 and mail.outbox == []


def test_requester_cancels_with_a_confirmation_step(visitor, room, tuesday):
    booking = SpaceBookingFactory(space=room)
    url = reverse("places:request_cancel", args=[booking.token])
    page = visitor.get(url).content.decode()
    assert "Le créneau sera libéré" in page
    booking.refresh_from_db()
    assert booking.status == "requested"
    visitor.post(url)
    booking.refresh_from_db()
    assert booking.status == "cancelled"


# --------------------------------------------------------------------------- portal


def test_member_books_two_half_days_from_the_portal(member_client, member, desk, tuesday):
    url = reverse("places_portal:book")
    page = member_client.get(url, {"espace": desk.slug}).content.decode()
    assert "Réserver : Poste fenêtre" in page
    response = member_client.post(
        url, {"space": desk.slug, "day": tuesday.isoformat(), "slots": ["morning", "afternoon"]}
    )
    assert response.status_code == 302
    assert SpaceBooking.objects.filter(member=member, status="confirmed").count() == 2
    page = member_client.get(reverse("places_portal:space_list")).content.decode()
    assert "Poste fenêtre" in page and "Annuler" in page


def test_member_books_weekly_precise_hours(member_client, member, room, tuesday):
    url = reverse("places_portal:book")
    member_client.post(
        url,
        {
            "space": room.slug,
            "day": tuesday.isoformat(),
            "start_time": "09:00",
            "end_time": "11:00",
            "repeat_weeks": "3",
        },
    )
    assert SpaceBooking.objects.filter(member=member).count() == 4


def test_second_member_sees_why_the_desk_is_taken(member_client, other_client, other_member, desk, tuesday):
    url = reverse("places_portal:book")
    data = {"space": desk.slug, "day": tuesday.isoformat(), "slots": ["morning"]}
    member_client.post(url, data)
    response = other_client.post(url, data)
    assert response.status_code == 400
    assert "Cet espace est déjà réservé sur ce créneau" in response.content.decode()
    assert SpaceBooking.objects.filter(member=other_member).count() == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"day": ""}, "day"),
        ({"day": "demain"}, "day"),
        ({"slots": []}, "slots"),
        ({"slots": ["morning"], "start_time": "09:00", "end_time": "10:00"}, "start_time"),
        ({"slots": [], "start_time": "11:00", "end_time": "10:00"}, "end_time"),
        ({"repeat_weeks": "40"}, "repeat_weeks"),
        ({"slots": ["la-nuit"]}, "slots"),
        ({"space": "nexiste-pas"}, "space"),
    ],
)
def test_bad_booking_input_is_refused_and_books_nothing(member_client, desk, tuesday, data, field):
    payload = {"space": desk.slug, "day": tuesday.isoformat(), "slots": ["morning"], **data}
    response = member_client.post(reverse("places_portal:book"), payload)
    assert response.status_code == 400
    assert response.context["form"].errors.get(field), response.context["form"].errors
    assert SpaceBooking.objects.count() == 0


def test_member_cancels_own_booking_after_confirmation(member_client, member, member_user, desk, tuesday):
    member_client.post(
        reverse("places_portal:book"), {"space": desk.slug, "day": tuesday.isoformat(), "slots": ["morning"]}
    )
    booking = SpaceBooking.objects.get()
    url = reverse("places_portal:booking_cancel", args=[booking.public_id])
    assert "Le créneau sera libéré" in member_client.get(url).content.decode()
    member_client.post(url)
    booking.refresh_from_db()
    assert booking.status == "cancelled"


def test_staff_and_anonymous_cannot_use_the_member_portal(visitor, staff_client, desk):
    url = reverse("places_portal:book")
    assert visitor.get(url).status_code == 302
    assert staff_client.get(url).status_code == 403


# --------------------------------------------------------------------------- staff


def test_staff_approve_an_association_request(staff_client, room, django_capture_on_commit_callbacks):
    booking = SpaceBookingFactory(space=room)
    listing = staff_client.get(reverse("places_staff:request_list")).content.decode()
    assert "Club des marcheurs" in listing
    url = reverse("places_staff:request_detail", args=[booking.public_id])
    assert staff_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(url, {"action": "approve"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert "Demande acceptée" in mail.outbox[-1].subject


def test_staff_decline_needs_a_reason(staff_client, room):
    booking = SpaceBookingFactory(space=room)
    url = reverse("places_staff:request_detail", args=[booking.public_id])
    response = staff_client.post(url, {"action": "decline", "reason": ""})
    assert response.status_code == 400
    assert "Indiquez le motif du refus" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == "requested"
    staff_client.post(url, {"action": "decline", "reason": "Salle en travaux"})
    booking.refresh_from_db()
    assert booking.status == "declined" and booking.decline_reason == "Salle en travaux"


def test_staff_unknown_action_changes_nothing(staff_client, room):
    booking = SpaceBookingFactory(space=room)
    response = staff_client.post(
        reverse("places_staff:request_detail", args=[booking.public_id]), {"action": "x"}
    )
    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.status == "requested"


def test_staff_week_and_occupancy_pages(
    staff_client, room, desk, member, tuesday, django_assert_max_num_queries
):
    for week in range(3):
        start, end = slot_on(
            day=tuesday + datetime.timedelta(days=week % 3), start=MORNING[0], end=MORNING[1]
        )
        SpaceBookingFactory(
            space=desk, start=start, end=end, status="confirmed", requester="member", member=member
        )
    SpaceBookingFactory(space=room)
    week = staff_client.get(reverse("places_staff:week"), {"semaine": tuesday.isoformat()}).content.decode()
    assert escape(member.name) in week and "Club des marcheurs" in week
    with django_assert_max_num_queries(12):
        page = staff_client.get(reverse("places_staff:occupancy"), {"mois": tuesday.strftime("%Y-%m")})
    assert "Poste fenêtre" in page.content.decode()
    # Bad query strings fall back to the current week and month.
    assert staff_client.get(reverse("places_staff:week"), {"semaine": "n'importe"}).status_code == 200
    assert staff_client.get(reverse("places_staff:occupancy"), {"mois": "2026-13"}).status_code == 200
    home = staff_client.get(reverse("pages:staff_home")).content.decode()
    assert "1 demande d'espace à étudier" in home


def test_coordinator_sees_the_maison_pages(coordinator_client):
    assert coordinator_client.get(reverse("places_staff:request_list")).status_code == 200


def test_portal_home_lists_my_space_bookings(member_client, member, desk, tuesday):
    member_client.post(
        reverse("places_portal:book"), {"space": desk.slug, "day": tuesday.isoformat(), "slots": ["morning"]}
    )
    page = member_client.get(reverse("pages:portal_home")).content.decode()
    assert "Maison : mes réservations" in page and "Poste fenêtre" in page


def test_staff_request_list_and_week_query_counts_do_not_grow(
    staff_client, room, member, tuesday, django_assert_max_num_queries
):
    for hour in range(9, 17):
        start, end = slot_on(day=tuesday, start=datetime.time(hour, 0), end=datetime.time(hour, 30))
        SpaceBookingFactory(space=room, start=start, end=end, organisation=f"Asso {hour}")
        SpaceBookingFactory(
            space=room,
            start=start + datetime.timedelta(minutes=30),
            end=end + datetime.timedelta(minutes=30),
            status="confirmed",
            requester="member",
            member=member,
        )
    with django_assert_max_num_queries(12):
        assert "Asso 16" in staff_client.get(reverse("places_staff:request_list")).content.decode()
    with django_assert_max_num_queries(12):
        staff_client.get(reverse("places_staff:week"), {"semaine": tuesday.isoformat()})
