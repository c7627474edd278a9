"""Issue 11 point 14 in a real browser: the counter's « Encaisser » stays in view on a 1024×768
tablet with a long ticket; the offers list's « Tout sélectionner » ticks every offer; the
campaign member picker filters as one types."""

from __future__ import annotations

from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.test import Client
from django.urls import reverse

from tests.factories.network import MemberFactory
from tests.factories.offers import OfferFactory
from tests.factories.selfdiagnosis import CampaignFactory, build_questionnaire
from tests.factories.shop import ProductFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 1024, "height": 768}


def _browser_session(page, live_server, client: Client) -> None:
    page.context.add_cookies(
        [
            {
                "name": django_settings.SESSION_COOKIE_NAME,
                "value": client.cookies[django_settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def test_pay_button_stays_in_view_on_a_tablet_with_a_long_ticket(page, live_server, staff_user):
    client = Client()
    client.force_login(staff_user)
    for n in range(18):
        product = ProductFactory(name=f"Bol tourné n° {n + 1}", price=Decimal("12.00"), stock=20)
        assert client.post(reverse("shop_staff:counter_add"), {"product": product.pk}).status_code == 302
    _browser_session(page, live_server, client)
    page.set_viewport_size(TABLET)

    page.goto(reverse("shop_staff:counter"))
    button = page.get_by_role("button", name="Encaisser")
    box = button.bounding_box()

    assert page.evaluate("document.documentElement.scrollHeight") > TABLET["height"] * 1.5
    assert box["y"] >= 0 and box["y"] + box["height"] <= TABLET["height"], box
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_select_all_ticks_every_offer_of_the_list(page, live_server, staff_user):
    for title in ("Randonnée au col", "Visite de la scierie", "Atelier vannerie"):
        OfferFactory(title=title)
    client = Client()
    client.force_login(staff_user)
    _browser_session(page, live_server, client)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(reverse("offers_staff:offer_list"))
    page.get_by_label("Tout sélectionner").check()

    boxes = page.locator('input[type="checkbox"][name="offers"]')
    assert boxes.count() == 3
    assert all(boxes.nth(i).is_checked() for i in range(3))
    boxes.nth(0).uncheck()
    assert page.evaluate("document.getElementById('select-all-offers').indeterminate")


def test_campaign_member_picker_filters_as_one_types(page, live_server, staff_user):
    MemberFactory(name="Scierie Giroud")
    MemberFactory(name="Miellerie du Col")
    campaign = CampaignFactory(questionnaire=build_questionnaire())
    client = Client()
    client.force_login(staff_user)
    _browser_session(page, live_server, client)
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(reverse("selfdiagnosis_staff:campaign_detail", kwargs={"public_id": campaign.public_id}))
    page.get_by_label("Chercher un membre").fill("scierie")

    assert page.get_by_label("Scierie Giroud").is_visible()
    assert not page.get_by_label("Miellerie du Col").is_visible()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
