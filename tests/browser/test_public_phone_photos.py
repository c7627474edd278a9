"""Phone first and photos at 390 px (issue 10 points 14 and 15), in Chromium.

On a phone the catalogues show their quick dates and results before the folded « Filtrer »
panel's content and the map; every card photo carries srcset, width and height (no layout
shift) and only the first is loaded at once; menu and footer links are 24 px targets; after a
failed form the focus is on the error summary, which links to each field.
"""

from __future__ import annotations

import io

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from tests.factories.workshops import SessionFactory, WorkshopFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}

IMAGES = """() => [...document.querySelectorAll('main .cards img')].map(i => ({
    srcset: i.getAttribute('srcset') || '', width: i.getAttribute('width'),
    height: i.getAttribute('height'), loading: i.getAttribute('loading'), alt: i.getAttribute('alt')}))"""

SMALL_TARGETS = """() => [...document.querySelectorAll(`.main-nav a, .header-tools a, .header-tools button,
    .header-tools select, .site-footer a, .quick-dates a, summary`)]
    .filter(e => e.offsetParent !== null)
    .map(e => [e.textContent.trim(), e.getBoundingClientRect()])
    .filter(([, r]) => r.width < 24 || r.height < 24).map(([t]) => t)"""


def _photo(name: str) -> str:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), "#8a5a2b").save(out, format="JPEG")
    if default_storage.exists(name):
        default_storage.delete(name)
    return default_storage.save(name, ContentFile(out.getvalue()))


@pytest.fixture
def catalogue(member):
    cache.clear()
    sessions = []
    for i, title in enumerate(["Tourner un bol", "Modeler en grès", "Tisser une écharpe"]):
        workshop = WorkshopFactory(member=member, title=title, photo_alt=f"Photo de l'atelier « {title} »")
        workshop.photo.name = _photo(f"browser/atelier-{i}.jpg")
        workshop.save(update_fields=["photo"])
        sessions.append(SessionFactory(workshop=workshop, capacity=6))
    return sessions


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_catalogue_at_390_px_results_first_photos_responsive_targets_24_px(
    page, live_server, catalogue, lang
):
    page.set_viewport_size(PHONE)
    if lang == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(live_server.url + reverse("workshops:catalogue"))
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # Filters folded behind one button; the results come before the map.
    assert page.evaluate("document.getElementById('filters').open") is False
    assert page.locator("#catalogue-filters").is_visible() is False
    card_top = page.locator(".cards").bounding_box()["y"]
    assert card_top < page.locator("#workshops-map").bounding_box()["y"]
    assert card_top < 844 * 1.5, card_top
    images = page.evaluate(IMAGES)
    assert len(images) == 3
    for image in images:
        assert " 320w" in image["srcset"] and " 640w" in image["srcset"], image
        assert image["width"] == "1200" and image["height"] == "800", image
        assert image["alt"].startswith("Photo de l'atelier"), image
    assert [i["loading"] for i in images] == ["eager", "lazy", "lazy"]
    assert page.evaluate(SMALL_TARGETS) == []
    # The panel opens on a tap, and the quick dates fill the search.
    page.locator("#filters > summary").click()
    assert page.locator("#catalogue-filters").is_visible()
    page.locator(".quick-dates a").first.click()
    page.wait_for_url("**date_from=*date_to=*")
    assert page.locator(".quick-dates a[aria-current=true]").count() == 1
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("lang", ["fr", "en"])
@pytest.mark.parametrize("name", ["offers:search", "network:directory"])
def test_searches_fold_their_filters_on_a_phone_and_open_them_on_a_laptop(
    page, live_server, member, name, lang
):
    if lang == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse(name))
    assert page.evaluate("document.getElementById('filters').open") is False
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.evaluate(SMALL_TARGETS) == []
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + reverse(name))
    assert page.evaluate("document.getElementById('filters').open") is True
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_failed_booking_puts_the_focus_on_the_error_summary(page, live_server, catalogue):
    session = catalogue[0]
    page.set_viewport_size(PHONE)
    url = reverse("workshops:booking_create", args=[session.workshop.slug, session.public_id])
    page.goto(live_server.url + url)
    page.get_by_label("Nom et prénom").fill("")
    page.get_by_role("button", name="Confirmer la réservation").click()
    page.wait_for_load_state()
    focused = page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert focused, page.evaluate("document.activeElement.outerHTML")
    links = page.locator("[data-error-summary] a")
    assert links.count() >= 1
    target = links.first.get_attribute("href")
    assert page.locator(target).count() == 1, target
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
