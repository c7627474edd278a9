"""Issue 10, points 4, 5, 7, 8, 10 on the workshops pages: no surprises for the visitor."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from network.models import Office
from tests.factories.offers import OfferFactory
from tests.factories.workshops import BookingFactory, SessionFactory
from workshops.models import Booking

pytestmark = pytest.mark.django_db


@pytest.fixture
def office(antenna):
    return Office.objects.create(
        name="Office de tourisme d'Entremont & <Cie>",
        is_main=True,
        phone="04 76 88 62 08",
        email="accueil@example.org",
    )


def booking_url(session):
    return reverse("workshops:booking_create", args=[session.workshop.slug, session.public_id])


def data(**kwargs):
    values = {
        "party_size": "2",
        "children": "0",
        "youngest_age": "30",
        "name": "Léa Martin",
        "email": "lea@example.org",
        "phone": "06 12 34 56 78",
    }
    values.update(kwargs)
    return values


# --- 4. booking inside the cancellation deadline -------------------------------------------


def test_late_booking_is_told_before_confirming_with_the_office_contact(visitor, workshop, office):
    late = SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(hours=5))
    html = visitor.get(booking_url(late)).content.decode()
    assert 'id="late-booking"' in html
    assert "ne pourra plus être modifiée ni annulée en ligne" in html
    assert "04 76 88 62 08" in html and "accueil@example.org" in html
    assert html.index('id="late-booking"') < html.index("Confirmer la réservation")
    assert "un lien pour modifier ou annuler" not in html


def test_booking_in_good_time_has_no_late_notice(visitor, session):
    html = visitor.get(booking_url(session)).content.decode()
    assert 'id="late-booking"' not in html
    assert "un lien pour modifier ou annuler" in html


def test_late_booking_email_offers_no_online_change_and_gives_the_office(
    visitor, workshop, office, django_capture_on_commit_callbacks
):
    late = SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(hours=5))
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(booking_url(late), data())
    (message,) = [m for m in mail.outbox if "lea@example.org" in m.to]
    assert "Pour modifier le nombre de personnes ou annuler" not in message.body
    assert "ne peut plus être modifiée ni annulée en ligne" in message.body
    assert "04 76 88 62 08" in message.body
    html = message.alternatives[0][0]
    assert "Gérer ma réservation" not in html and "accueil@example.org" in html


def test_booking_email_in_good_time_offers_the_manage_link(
    visitor, session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        visitor.post(booking_url(session), data())
    (message,) = [m for m in mail.outbox if "lea@example.org" in m.to]
    assert "Pour modifier le nombre de personnes ou annuler" in message.body


# --- 7. youngest participant's age -------------------------------------------------------


def test_age_is_required_when_the_workshop_has_a_minimum_age(visitor, session):
    response = visitor.post(booking_url(session), data(youngest_age=""))
    assert response.status_code == 400
    assert "Âge du plus jeune participant : indiquez-le" in response.content.decode()
    assert not Booking.objects.exists()


def test_age_is_not_asked_without_a_minimum_age(visitor, other_session):
    html = visitor.get(booking_url(other_session)).content.decode()
    assert 'type="hidden" name="youngest_age"' in html
    response = visitor.post(booking_url(other_session), data(youngest_age=""))
    assert response.status_code == 302


def test_age_is_stored_and_prefilled_on_the_manage_page(visitor, session):
    visitor.post(booking_url(session), data(youngest_age="9"))
    booking = Booking.objects.get()
    assert booking.youngest_age == 9
    html = visitor.get(booking.get_manage_url()).content.decode()
    assert 'name="youngest_age" value="9"' in html


def test_manage_change_checks_the_age(visitor, session):
    booking = BookingFactory(session=session, party_size=2, youngest_age=30)
    response = visitor.post(
        booking.get_manage_url(),
        {"action": "change", "party_size": "3", "children": "1", "youngest_age": "5"},
    )
    assert response.status_code == 409
    booking.refresh_from_db()
    assert booking.party_size == 2


def test_desk_form_asks_the_age(staff_client, session):
    url = reverse("workshops_staff:session_detail", args=[session.public_id])
    html = staff_client.get(url).content.decode()
    assert 'name="youngest_age"' in html and 'type="number" name="youngest_age"' in html
    response = staff_client.post(url, {**data(youngest_age=""), "channel": "desk"})
    assert response.status_code == 400
    assert not Booking.objects.exists()


# --- 8. honest numbers -------------------------------------------------------------------


def test_seats_that_were_never_there_are_not_blamed_on_other_visitors(visitor, session):
    BookingFactory(session=session, party_size=6)  # 2 left from the start
    response = visitor.post(booking_url(session), data(party_size="3", seats_seen="2"))
    html = response.content.decode()
    assert response.status_code == 409
    assert "Plus que 2 places sur cette séance" in html
    assert "viennent de réserver" not in html


def test_seats_taken_while_the_form_was_open_say_so(visitor, session):
    html = visitor.get(booking_url(session)).content.decode()
    assert 'name="seats_seen" value="8"' in html
    BookingFactory(session=session, party_size=6)
    response = visitor.post(booking_url(session), data(party_size="3", seats_seen="8"))
    assert "Plus que 2 places : d'autres visiteurs viennent de réserver." in response.content.decode()


def test_total_is_shown_before_confirming_and_previewed_without_booking(visitor, workshop, session):
    workshop.price, workshop.child_price = Decimal("35.00"), Decimal("20.00")
    workshop.save()
    html = visitor.get(booking_url(session)).content.decode()
    assert 'id="booking-total-amount"' in html and "35,00" in html
    assert "workshops/booking_total.js" in html and 'data-price="35.00"' in html
    response = visitor.post(booking_url(session), {**data(party_size="3", children="1"), "action": "preview"})
    assert response.status_code == 200
    assert "90,00" in response.content.decode()
    assert not Booking.objects.exists()


def test_manage_page_says_how_many_people_can_be_added(visitor, session):
    booking = BookingFactory(session=session, party_size=2)
    BookingFactory(session=session, party_size=3)  # 8 seats: 3 left, workshop max 8 → +3
    html = visitor.get(booking.get_manage_url()).content.decode()
    assert "Vous pouvez ajouter jusqu'à 3 personnes." in html


def test_manage_page_caps_the_addition_at_the_workshop_maximum(visitor, workshop):
    big = SessionFactory(workshop=workshop, capacity=20)
    booking = BookingFactory(session=big, party_size=6)
    assert "ajouter jusqu'à 2 personnes" in visitor.get(booking.get_manage_url()).content.decode()


def test_phone_inputs_are_tel_with_autocomplete(visitor, session):
    html = visitor.get(booking_url(session)).content.decode()
    assert 'type="tel" name="phone"' in html and 'autocomplete="tel"' in html
    assert 'autocomplete="name"' in html and 'autocomplete="email"' in html
    waitlist = reverse("workshops:waitlist_join", args=[session.workshop.slug, session.public_id])
    assert 'type="tel" name="phone"' in visitor.get(waitlist).content.decode()
    group = reverse("workshops:group_request", args=[session.workshop.slug])
    assert 'autocomplete="organization"' in visitor.get(group).content.decode()


def test_desk_form_does_not_autofill_the_staff_member(staff_client, session):
    html = staff_client.get(
        reverse("workshops_staff:session_detail", args=[session.public_id])
    ).content.decode()
    assert 'autocomplete="off"' in html and 'autocomplete="email"' not in html


# --- 5. desk cancel asks first -------------------------------------------------------------


def test_desk_cancel_asks_for_confirmation_first(staff_client, session):
    booking = BookingFactory(session=session)
    url = reverse("workshops_staff:booking_detail", args=[booking.reference])
    response = staff_client.post(url, {"action": "cancel"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Confirmez-vous l'annulation ?" in html and 'name="confirm" value="yes"' in html
    booking.refresh_from_db()
    assert booking.is_active
    staff_client.post(url, {"action": "cancel", "confirm": "yes", "reason": "Demande du visiteur"})
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


# --- 10. connected journey -----------------------------------------------------------------


def test_workshop_page_adds_a_session_to_the_stay(visitor, session):
    html = visitor.get(session.workshop.get_absolute_url()).content.decode()
    assert f"{reverse('pages:stay')}?atelier={session.workshop.slug}#party-{session.public_id}" in html
    assert "Ajouter à mon séjour" in html


def test_offer_of_a_member_links_to_their_bookable_workshops(visitor, member, session):
    offer = OfferFactory(member=member)
    html = visitor.get(reverse("offers:detail", args=[offer.slug])).content.decode()
    assert 'id="member-workshops"' in html and session.workshop.get_absolute_url() in html


def test_offer_without_member_or_dates_shows_no_workshops(visitor, member, workshop):
    offer = OfferFactory(member=member)  # the workshop has no session
    assert (
        'id="member-workshops"'
        not in visitor.get(reverse("offers:detail", args=[offer.slug])).content.decode()
    )
    other = OfferFactory()
    assert (
        'id="member-workshops"'
        not in visitor.get(reverse("offers:detail", args=[other.slug])).content.decode()
    )
