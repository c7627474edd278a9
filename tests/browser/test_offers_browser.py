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
