"""« Rencontrer un habitant » in a real browser: a visitor asks for a walk on a phone, a greeter
accepts it from their space, the advice shows on the workshop page; axe-core finds nothing and
nothing is wider than a 390 px phone."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.utils import timezone

from community.models import WalkRequest
from tests.factories.community import CharterFactory, EclaireurFactory, RecommendationFactory
from tests.factories.workshops import WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _check(page, url):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{url}\n{results.generate_report()}"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url}: {overflow}px wider than the screen"


@pytest.fixture
def greeter(antenna, commune):
    CharterFactory()
    return EclaireurFactory(
        first_name="Marie", email="marie@example.org", commune=commune, antennas=[antenna]
    )


def test_visitor_asks_for_a_walk_and_the_greeter_accepts(page, antenna, greeter):
    page.set_viewport_size(PHONE)
    page.goto("/habitants/")
    _check(page, "/habitants/")
    page.get_by_role("link", name="Demander une balade").click()
    page.get_by_label("Nom et prénom").fill("Emma Schneider")
    page.get_by_label("E-mail").fill("emma@example.org")
    page.get_by_label("Où ?").select_option(label=antenna.name)
    page.get_by_label("Date souhaitée").fill((timezone.localdate() + datetime.timedelta(days=9)).isoformat())
    page.get_by_label("Langue de la balade").select_option("en")
    page.get_by_label("Nombre de personnes").fill("9")
    page.get_by_role("button", name="Envoyer ma demande").click()
    assert "Une balade accueille 6 personnes au plus." in page.content()
    _check(page, "walk form with errors")
    page.get_by_label("Nombre de personnes").fill("2")
    page.get_by_role("button", name="Envoyer ma demande").click()
    page.wait_for_url("**/habitants/balade/**")
    status_url = page.url
    _check(page, status_url)
    walk = WalkRequest.objects.get()

    page.goto(f"/habitants/espace/{greeter.token}/")
    _check(page, "greeter space")
    page.get_by_role("button", name="J'accepte").first.click()
    page.wait_for_load_state()
    assert "C'est noté" in page.content()
    walk.refresh_from_db()
    assert walk.status == "accepted"
    page.goto(status_url)
    assert "marie@example.org" in page.content()
    _check(page, "status accepted")


def test_apply_workshop_advice_and_staff_pages(page, live_server, antenna, greeter, member, staff_user):
    workshop = WorkshopFactory(member=member, slug="tourner-un-bol", title="Tourner un bol")
    RecommendationFactory(
        eclaireur=greeter,
        workshop=workshop,
        place_name="",
        status="approved",
        moderated_at=timezone.now(),
        text="On repart avec son bol.",
    )
    RecommendationFactory(eclaireur=greeter, text="Le belvédère au lever du soleil.")
    page.set_viewport_size(PHONE)
    for url in ("/habitants/eclaireurs/rejoindre/", "/ateliers/tourner-un-bol/"):
        page.goto(url)
        _check(page, url)
    assert "On repart avec son bol." in page.content()
    client = Client()
    client.force_login(staff_user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.goto("/staff/habitants/")
    _check(page, "/staff/habitants/")
    page.get_by_role("button", name="Publier").click()
    page.wait_for_load_state()
    assert "Conseil publié." in page.content()
    page.context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": "en", "url": live_server.url}])
    page.goto("/habitants/")
    assert "Meet a local" in page.content()
    _check(page, "/habitants/ in English")
