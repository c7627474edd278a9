"""Phone first at 390 px (issue 10 point 14): no sideways scroll, 24 px boxes, our own focus ring.

Without the site's ``:focus-visible`` rule Chromium draws its thin « auto » ring, and filter
check boxes are 13 px: both assertions below fail on the old stylesheet.
"""

import datetime as dt

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from tests.factories.offers import OfferFactory, OpeningPeriodFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_catalogues_at_390_px(page, live_server, lang):
    offer = OfferFactory(title="Dégustation de miels d'alpage", families=["food"], kind="tasting")
    OpeningPeriodFactory(offer=offer, weekdays=[2], opens_at=dt.time(10), closes_at=dt.time(12))
    page.set_viewport_size({"width": 390, "height": 844})
    if lang == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    for path in ("/offres/", reverse("workshops:catalogue")):
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), path
        small = page.evaluate(
            """() => [...document.querySelectorAll('input[type=checkbox], input[type=radio]')]
                .filter(e => e.offsetParent !== null)
                .map(e => e.getBoundingClientRect())
                .filter(r => r.width < 24 || r.height < 24).length"""
        )
        assert small == 0, path
        page.keyboard.press("Tab")
        ring = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return [s.outlineStyle, s.outlineWidth]; }"
        )
        assert ring == ["solid", "3px"], (path, ring)
        results = Axe().run(page)
        assert results.violations_count == 0, (path, results.generate_report())
