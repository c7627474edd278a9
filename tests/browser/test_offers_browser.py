import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from tests.factories.offers import OfferFactory, OpeningPeriodFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def offers(member):
    badge = {
        "environment": {"label": "Environnement", "score": 70, "commitments": ["Eau de pluie récupérée"]}
    }
    tasting = OfferFactory(
        title="Dégustation de miels d'alpage",
        families=["food"],
        kind="tasting",
        member=member,
        badge_level="engagé",
        badge_expires_on=timezone.localdate() + dt.timedelta(days=90),
        badge_scores=badge,
        phone="04 76 00 00 00",
    )
    OpeningPeriodFactory(offer=tasting, weekdays=[2], opens_at=dt.time(10), closes_at=dt.time(12))
    OfferFactory(
        title="Randonnée au col", families=["outdoor"], kind="excursion", latitude=45.30, longitude=5.76
    )
    return tasting


def test_search_filters_by_family_and_opens_an_offer(page, offers):
    page.goto("/offres/")
    page.get_by_label("Gastronomie").check()
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/offres/?*family=food*")
    assert page.get_by_role("link", name="Randonnée au col").count() == 0
    page.get_by_role("link", name="Dégustation de miels d'alpage").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dégustation de miels d'alpage"
    assert "Eau de pluie récupérée" in page.content()


@pytest.mark.parametrize("width", [390, 1280])
def test_search_and_offer_pages_have_no_axe_violations(page, offers, width):
    page.set_viewport_size({"width": width, "height": 900})
    for url in ("/offres/", f"/offres/{offers.slug}/"):
        page.goto(url)
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("width", [390, 1280])
def test_member_preview_of_a_draft_has_its_banner_and_no_axe_violations(browser, live_server, member, width):
    from django.conf import settings
    from django.test import Client

    from offers.models import Offer
    from tests.factories.network import UserFactory

    user = UserFactory(email="apercu@example.org", member=member)
    draft = OfferFactory(title="Initiation au tournage", member=member, status=Offer.Status.DRAFT)
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.set_viewport_size({"width": width, "height": 900})
    try:
        page.goto("/portail/offres/")
        page.get_by_role("link", name="Aperçu").click()
        page.wait_for_url(f"**/portail/offres/{draft.slug}/apercu/")
        assert page.get_by_role("heading", level=1).inner_text() == "Initiation au tournage"
        assert "Aperçu — brouillon" in page.get_by_role("status").inner_text()
        results = Axe().run(page)
        assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()
