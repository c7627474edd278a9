"""The Maison's pages in a real browser: the association's request and the member's booking
flows, axe-core with no violations, and nothing wider than a 390 px phone (French and English)."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from places.models import Space, SpaceBooking
from places.services import MORNING, slot_on
from tests.factories.places import SpaceBookingFactory, SpaceFactory, next_weekday

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _check(page, url):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{url}\n{results.generate_report()}"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url}: {overflow}px wider than the screen"


def _sign_in(page, live_server, user):
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


@pytest.fixture
def spaces(db):
    desk = SpaceFactory(slug="poste-fenetre", name="Poste fenêtre", members_only=True)
    room = SpaceFactory(
        slug="salle-grand-som",
        name="Salle du Grand Som",
        kind=Space.Kind.ROOM,
        capacity=14,
        equipment="Écran, tableau blanc",
        rules="Salle rendue rangée",
    )
    return desk, room


def test_association_requests_the_room_on_a_phone(page, spaces, member):
    from django.utils import timezone

    from places.models import Exhibition

    expo = SpaceFactory(
        slug="exposition", name="Espace d'exposition", kind=Space.Kind.EXHIBITION, capacity=40
    )
    today = timezone.localdate()
    Exhibition.objects.create(
        space=expo,
        member=member,
        title="Bois tournés",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=9),
    )
    page.set_viewport_size(PHONE)
    page.goto(member.get_absolute_url())
    assert "Bois tournés" in page.content()
    _check(page, "member page with an exhibition")
    day = next_weekday(2)
    page.goto("/maison/")
    _check(page, "/maison/")
    page.get_by_role("link", name="Salle du Grand Som").click()
    _check(page, page.url)
    page.get_by_role("link", name="Demander cet espace").click()
    page.get_by_label("une association").check()
    page.get_by_label("Nom de l'association").fill("Club des marcheurs")
    page.get_by_label("Nom et prénom").fill("Hélène Bouvier")
    page.get_by_label("E-mail").fill("helene@example.org")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Heure de début").fill("14:00")
    page.get_by_label("Heure de fin").fill("13:00")
    page.get_by_label("Nombre de personnes").fill("12")
    page.get_by_label("Objet de la réunion").fill("Assemblée générale")
    page.get_by_role("button", name="Envoyer la demande").click()
    assert "L'heure de fin doit être après l'heure de début." in page.content()
    assert page.get_by_label("Nom et prénom").input_value() == "Hélène Bouvier"
    _check(page, "request form with errors")
    page.get_by_label("Heure de fin").fill("17:00")
    page.get_by_role("button", name="Envoyer la demande").click()
    page.wait_for_url("**/maison/demande/**")
    assert SpaceBooking.objects.get().status == "requested"
    _check(page, page.url)
    page.get_by_role("link", name="Annuler ma demande").click()
    _check(page, page.url)


def test_school_visit_form_on_a_phone(page, spaces, member):
    from tests.factories.workshops import WorkshopFactory

    SpaceFactory(slug="exposition", name="Espace d'exposition", kind=Space.Kind.EXHIBITION, capacity=40)
    WorkshopFactory(member=member, slug="rucher", title="Une matinée au rucher", audiences=["schools"])
    page.set_viewport_size(PHONE)
    page.goto("/maison/")
    page.get_by_role("link", name="Visite scolaire de la Maison").click()
    _check(page, page.url)
    page.get_by_label("École ou établissement").fill("École du Bourg")
    page.get_by_label("Niveau de la classe").select_option("cycle3")
    page.get_by_label("Nombre d'élèves et d'accompagnateurs").fill("26")
    page.get_by_label("Enseignants et accompagnateurs (noms)").fill("Mme Durand")
    page.get_by_label("Nom du contact").fill("Claire Durand")
    page.get_by_label("E-mail").fill("ecole@example.org")
    page.get_by_label("Date de la visite").fill(next_weekday(3).isoformat())
    page.get_by_role("button", name="Envoyer la demande de visite").click()
    assert (
        "Choisissez le matin ou l&#x27;après-midi." in page.content()
        or "Choisissez le matin ou l'après-midi." in page.content()
    )
    _check(page, "school visit form with errors")
    page.get_by_label("matin").check()
    page.get_by_label("Avec un atelier d'artisan (facultatif)").select_option(label="Une matinée au rucher")
    page.get_by_role("button", name="Envoyer la demande de visite").click()
    page.wait_for_url("**/maison/demande/**")
    assert "Une matinée au rucher" in page.content()
    _check(page, page.url)


def test_member_books_two_half_days_of_the_desk(page, live_server, spaces, member_user):
    page.set_viewport_size(PHONE)
    _sign_in(page, live_server, member_user)
    page.goto("/portail/maison/")
    _check(page, "/portail/maison/")
    page.get_by_role("link", name="Réserver Poste fenêtre").click()
    page.get_by_label("Date").fill(next_weekday(1).isoformat())
    page.get_by_label("matin").check()
    page.get_by_label("après-midi").check()
    page.get_by_role("button", name="Réserver", exact=True).click()
    page.wait_for_url("**/portail/maison/")
    assert "2 créneaux réservés." in page.content()
    assert SpaceBooking.objects.filter(status="confirmed").count() == 2
    _check(page, "/portail/maison/ with bookings")
    page.goto("/portail/")
    assert "Maison : mes réservations" in page.content()
    _check(page, "/portail/ with the Maison card")
    page.goto("/portail/maison/reserver/?espace=poste-fenetre")
    _check(page, page.url)
    page.goto("/portail/maison/")
    page.get_by_role("link", name=re.compile(r"^Annuler Poste fenêtre")).first.click()
    _check(page, page.url)
    page.get_by_role("button", name="Oui, annuler ce créneau").click()
    page.wait_for_url("**/portail/maison/")
    assert SpaceBooking.objects.filter(status="confirmed").count() == 1


def test_staff_pages_have_no_axe_violations_in_both_languages(page, live_server, spaces, staff_user, member):
    desk, room = spaces
    day = next_weekday(1)
    start, end = slot_on(day=day, start=MORNING[0], end=MORNING[1])
    SpaceBookingFactory(
        space=desk, start=start, end=end, status="confirmed", requester="member", member=member
    )
    pending = SpaceBookingFactory(space=room, start=start, end=end + datetime.timedelta(hours=1))
    _sign_in(page, live_server, staff_user)
    urls = [
        "/staff/maison/",
        f"/staff/maison/semaine/?semaine={day.isoformat()}",
        f"/staff/maison/occupation/?mois={day:%Y-%m}",
        f"/staff/maison/demandes/{pending.public_id}/",
        "/staff/",
    ]
    for width in (PHONE, {"width": 1280, "height": 900}):
        page.set_viewport_size(width)
        for url in urls:
            page.goto(url)
            results = Axe().run(page)
            assert results.violations_count == 0, f"{url}\n{results.generate_report()}"
    page.goto(f"/staff/maison/demandes/{pending.public_id}/")
    page.get_by_role("button", name="Accepter et réserver le créneau").click()
    page.wait_for_url("**/staff/maison/")
    pending.refresh_from_db()
    assert pending.status == "confirmed"
    # English
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto(f"/staff/maison/occupation/?mois={day:%Y-%m}")
    assert "House: occupancy in" in page.content()
    page.goto("/maison/salle-grand-som/")
    assert "Request this space" in page.content()
    _check(page, "English space page")
