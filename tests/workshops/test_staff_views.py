import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories.network import CommuneFactory, MemberFactory
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory
from workshops.models import Booking

pytestmark = pytest.mark.django_db


def staff_urls(session, booking):
    return [
        reverse("workshops_staff:desk"),
        reverse("workshops_staff:figures"),
        reverse("workshops_staff:group_request_list"),
        reverse("workshops_staff:session_detail", args=[session.public_id]),
        reverse("workshops_staff:booking_detail", args=[booking.reference]),
        reverse("workshops_staff:contacts_csv"),
        reverse("workshops_staff:review_list"),
    ]


def test_staff_pages_send_anonymous_to_login(visitor, session):
    for url in staff_urls(session, BookingFactory(session=session)):
        response = visitor.get(url)
        assert response.status_code == 302 and "/comptes/login/" in response.url, url


def test_staff_pages_refuse_members_and_plain_users(member_client, plain_client, session):
    booking = BookingFactory(session=session)
    for client in (member_client, plain_client):
        for url in staff_urls(session, booking):
            assert client.get(url).status_code == 403, url


def test_staff_pages_work_for_office_staff(staff_client, session):
    booking = BookingFactory(session=session, attendance="present")
    for url in staff_urls(session, booking):
        assert staff_client.get(url).status_code == 200, url


def test_desk_lists_sessions_with_seats_less_than_twenty_minutes_from_the_office(
    staff_client, session, settings
):
    settings.OFFICE_LATITUDE, settings.OFFICE_LONGITUDE = 45.3419, 5.8156
    far = WorkshopFactory(
        member=MemberFactory(commune=CommuneFactory(insee_code="74999", latitude=46.0, longitude=6.5)),
        title="Loin",
    )
    SessionFactory(workshop=far)
    full = SessionFactory(workshop=session.workshop, start=session.start + datetime.timedelta(days=1))
    BookingFactory(session=full, party_size=8)
    response = staff_client.get(reverse("workshops_staff:desk"))
    assert list(response.context["sessions"]) == [session]


def test_desk_search_finds_booking_by_reference(staff_client, session):
    booking = BookingFactory(session=session, name="Hélène Roux")
    response = staff_client.get(reverse("workshops_staff:desk"), {"q": booking.reference.lower()})
    assert list(response.context["bookings"]) == [booking]


def test_staff_books_at_the_desk_for_a_visitor(staff_client, staff_user, session):
    response = staff_client.post(
        reverse("workshops_staff:session_detail", args=[session.public_id]),
        {
            "party_size": "3",
            "children": "0",
            "youngest_age": "30",
            "name": "Visiteur au comptoir",
            "email": "comptoir@example.org",
            "channel": "desk",
            "idempotency_key": "desk-1",
        },
    )
    booking = Booking.objects.get()
    assert response.url == reverse("workshops_staff:booking_detail", args=[booking.reference])
    assert booking.channel == Booking.Channel.DESK and booking.created_by == staff_user


def test_desk_booking_on_a_full_session_says_complet(staff_client, session):
    BookingFactory(session=session, party_size=8)
    response = staff_client.post(
        reverse("workshops_staff:session_detail", args=[session.public_id]),
        {
            "party_size": "1",
            "children": "0",
            "youngest_age": "30",
            "name": "Tard",
            "email": "tard@example.org",
            "channel": "desk",
        },
    )
    assert response.status_code == 409
    assert "Complet" in response.content.decode()


def test_staff_cancels_past_the_visitor_deadline(staff_client, workshop):
    session = SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(hours=2))
    booking = BookingFactory(session=session)
    staff_client.post(
        reverse("workshops_staff:booking_detail", args=[booking.reference]),
        {"action": "cancel", "confirm": "yes", "reason": "Malade"},
    )
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_a_desk_cancellation_needs_a_reason_which_the_artisan_receives(
    staff_client, workshop, mailoutbox, django_capture_on_commit_callbacks
):
    session = SessionFactory(workshop=workshop, start=timezone.now() + datetime.timedelta(days=3))
    booking = BookingFactory(session=session)
    url = reverse("workshops_staff:booking_detail", args=[booking.reference])
    missing = staff_client.post(url, {"action": "cancel", "confirm": "yes", "reason": "  "})
    assert missing.status_code == 400
    assert "Motif : indiquez pourquoi" in missing.content.decode()
    booking.refresh_from_db()
    assert booking.status != Booking.Status.CANCELLED and not mailoutbox
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            url, {"action": "cancel", "confirm": "yes", "reason": "Route fermée d'Entremont & col"}
        )
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    bodies = [m.body for m in mailoutbox]
    assert any("Route fermée d'Entremont & col" in body for body in bodies)


def test_coordinator_only_sees_sessions_of_their_antenna(coordinator_client, session, other_session):
    assert (
        coordinator_client.get(
            reverse("workshops_staff:session_detail", args=[session.public_id])
        ).status_code
        == 200
    )
    assert (
        coordinator_client.get(
            reverse("workshops_staff:session_detail", args=[other_session.public_id])
        ).status_code
        == 404
    )


def test_figures_compute_fill_and_no_show_rates(staff_client, workshop):
    this_week = timezone.now() - datetime.timedelta(minutes=5)
    session = SessionFactory(workshop=workshop, start=this_week, capacity=10)
    BookingFactory(session=session, party_size=4, attendance="present")
    BookingFactory(session=session, party_size=1, attendance="no_show")
    response = staff_client.get(reverse("workshops_staff:figures"))
    figures = response.context["figures"]
    assert figures["totals"].seats == 5 and figures["totals"].capacity == 10
    assert figures["totals"].fill_rate == 50
    assert figures["totals"].no_show_rate == 50
    assert [r.label for r in figures["per_workshop"]] == [workshop.title]
    assert "chart.umd.js" in response.content.decode()


def test_staff_home_shows_workshops_card(staff_client, session):
    assert "Accueil ateliers" in staff_client.get(reverse("pages:staff_home")).content.decode()


def test_contacts_export_lists_only_visitors_who_consented(staff_client, member_client, session):
    from network import services as network_services

    BookingFactory(session=session, email="oui@example.org", consent_contact=True)
    BookingFactory(session=session, email="non@example.org", consent_contact=False)
    network_services.contact_record(email="oui@example.org", source="workshops.booking", consent=True)
    network_services.contact_record(email="non@example.org", source="workshops.booking")
    url = reverse("workshops_staff:contacts_csv")
    assert member_client.get(url).status_code == 403
    text = staff_client.get(url).content.decode("utf-8-sig")
    assert "oui@example.org" in text and "non@example.org" not in text


def test_staff_moderate_reviews_and_members_cannot(staff_client, member_client, workshop):
    from workshops.models import Review

    past = SessionFactory(workshop=workshop, start=timezone.now() - datetime.timedelta(days=2))
    review = Review.objects.create(
        booking=BookingFactory(session=past), workshop=workshop, score=7, comment="Bien", author_name="Zoé"
    )
    url = reverse("workshops_staff:review_list")
    assert member_client.post(url, {"review": review.pk, "decision": "approve"}).status_code == 403
    assert "Bien" in staff_client.get(url).content.decode()
    staff_client.post(url, {"review": review.pk, "decision": "approve"})
    review.refresh_from_db()
    assert review.status == Review.Status.APPROVED
