"""The legal and contact pages as a visitor sees them: phone and laptop, French and English."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from network.models import Office

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = ["/contact/", "/mentions-legales/", "/conditions-de-vente/", "/confidentialite/", "/accessibilite/"]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_legal_and_contact_pages_have_no_axe_violations_and_no_sideways_scroll(
    page, live_server, width, lang
):
    from pages.legal_defaults import legal_pages_ensure
    from pages.models import LegalPage

    legal_pages_ensure(LegalPage)  # a transactional test starts from an empty table
    Office.objects.create(
        name="Office de tourisme",
        is_main=True,
        address="Place de la Mairie",
        postcode="38380",
        city="Saint-Pierre-de-Chartreuse",
        phone="04 76 88 62 08",
        opening_hours="Lundi–samedi : 9 h – 18 h",
    )
    page.set_viewport_size({"width": width, "height": 900})
    if lang == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    for path in PAGES:
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, path
        assert page.locator("html").get_attribute("lang") == lang
        results = Axe().run(page)
        assert results.violations_count == 0, (path, results.generate_report())
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
