import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories.workshops import SessionFactory, WorkshopFactory
from workshops.models import Booking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bookable(member):
    workshop = WorkshopFactory(
        member=member, title="Tourner un bol", slug="tourner-un-bol", what_to_bring="Des chaussures fermées."
    )
    return SessionFactory(workshop=workshop, capacity=6)


def test_visitor_books_from_the_public_page_then_cancels_with_the_manage_link(page, bookable):
    page.goto("/ateliers/")
    page.get_by_role("link", name="Tourner un bol").click()
    page.get_by_role("link", name="Voir les dates et réserver").click()
    page.get_by_role("link", name=re.compile(r"^Réserver ")).first.click()
    page.get_by_label("Nombre de personnes").fill("2")
    page.get_by_label("Nom et prénom").fill("Léa Martin")
    page.get_by_label("E-mail").fill("lea@example.org")
    assert not page.get_by_label("J'accepte d'être recontacté·e", exact=False).is_checked()
    page.get_by_role("button", name="Confirmer la réservation").click()
    page.wait_for_url("**/ateliers/reservation/**")
    booking = Booking.objects.get()
    assert booking.reference in page.get_by_role("heading", level=1).inner_text()
    assert "Réservation confirmée" in page.content()
    manage_url = page.url
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.goto("/")
    page.goto(manage_url)
    page.get_by_role("link", name="Annuler ma réservation…").click()
    page.get_by_role("button", name="Oui, annuler ma réservation").click()
    page.wait_for_load_state()
    assert "Votre réservation est annulée." in page.content()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


def test_catalogue_workshop_and_booking_pages_have_no_axe_violations(page, bookable):
    for url in (
        "/ateliers/",
        "/ateliers/tourner-un-bol/",
        f"/ateliers/tourner-un-bol/seances/{bookable.public_id}/reserver/",
    ):
        page.goto(url)
        results = Axe().run(page)
        assert results.violations_count == 0, f"{url}\n{results.generate_report()}"


def _sign_in(page, live_server, user):
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_portal_and_desk_pages_have_no_axe_violations(page, live_server, bookable, member_user, staff_user):
    from tests.factories.workshops import BookingFactory

    BookingFactory(session=bookable, name="Paul Girard")
    _sign_in(page, live_server, member_user)
    for url in (
        "/portail/ateliers/",
        "/portail/ateliers/tourner-un-bol/",
        f"/portail/ateliers/seances/{bookable.public_id}/",
        "/portail/ateliers/nouvel-atelier/",
    ):
        page.goto(url)
        results = Axe().run(page)
        assert results.violations_count == 0, f"{url}\n{results.generate_report()}"
    page.context.clear_cookies()
    _sign_in(page, live_server, staff_user)
    for url in (
        "/staff/ateliers/",
        "/staff/ateliers/chiffres/",
        "/staff/ateliers/avis/",
        f"/staff/ateliers/seances/{bookable.public_id}/",
    ):
        page.goto(url)
        assert page.get_by_role("heading", level=1).count() == 1
        results = Axe().run(page)
        assert results.violations_count == 0, f"{url}\n{results.generate_report()}"
