"""Issue 11 point 11 in a real browser: the archived offer's staff page offers « Restaurer » and
the bulk confirmation page gives the count; both fit 1280 px and a 1024×768 tablet with 0 axe
violations."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.test import Client

from offers.models import Offer
from tests.factories.offers import OfferFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("size", [{"width": 1280, "height": 800}, {"width": 1024, "height": 768}])
def test_restore_and_bulk_confirmation_in_the_browser(page, live_server, staff_user, size):
    offers = [OfferFactory(status=Offer.Status.SUBMITTED, title=f"Atelier poterie {n}") for n in range(2)]
    client = Client()
    client.force_login(staff_user)
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page.set_viewport_size(size)
    page.goto(f"{live_server.url}/staff/offres/")
    for offer in offers:
        page.locator(f'input[name="offers"][value="{offer.uuid}"]').check()
    page.select_option("#bulk-action", "archive")
    page.get_by_role("button", name="Appliquer").click()
    page.get_by_role("heading", name="Archiver 2 offres ?").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name="Confirmer : Archiver 2 offres").click()
    page.wait_for_url("**/staff/offres/**")
    assert set(Offer.objects.values_list("status", flat=True)) == {Offer.Status.ARCHIVED}

    page.goto(f"{live_server.url}/staff/offres/{offers[0].slug}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= size["width"]
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_role("button", name="Restaurer (annuler l'archivage)").click()
    page.get_by_role("button", name="Archiver").wait_for()
    offers[0].refresh_from_db()
    assert offers[0].status == Offer.Status.SUBMITTED
