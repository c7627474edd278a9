"""Issue 11 points 9, 10 and 12 in a real browser, at 1280 px and on a 1024×768 tablet: the
charter editor reorders a line with its buttons (no script needed), saves, previews the diff and
publishes after the confirmation; the type mappings, capacity rules and decision templates pages
fit without sideways scrolling and pass axe with 0 violations."""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from network.models import CharterVersion, DecisionTemplate
from offers.models import TypeMapping
from tests.factories.network import CapacityRuleFactory, CharterVersionFactory, CraftFactory
from tests.factories.offers import OfferFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = [{"width": 1280, "height": 800}, {"width": 1024, "height": 768}]


def _signed_in(page, live_server, user, size):
    client = Client()
    client.force_login(user)
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


def _fits_and_passes_axe(page, width):
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("size", SIZES)
def test_charter_editor_reorders_previews_and_publishes(page, live_server, staff_user, member, size):
    CharterVersionFactory(number=1, commitments=["Premier engagement.", "Deuxième engagement."])
    _signed_in(page, live_server, staff_user, size)
    page.goto(f"{live_server.url}/staff/reseau/charte/brouillon/")
    _fits_and_passes_axe(page, size["width"])
    page.get_by_role("button", name="Descendre l'engagement 1").click()
    page.get_by_text("Ordre modifié").wait_for()
    assert page.locator("#commitment-1").input_value() == "Deuxième engagement."
    page.fill("#commitment-3", "Troisième engagement.")
    page.fill("#id_effective_on", "2031-01-01")
    page.get_by_role("button", name="Créer le brouillon de la version 2").click()
    page.get_by_role(
        "heading", name="Aperçu : ce que les membres verront entre la version 1 et la version 2"
    ).wait_for()
    draft = CharterVersion.objects.get(number=2)
    assert draft.commitments == ["Deuxième engagement.", "Premier engagement.", "Troisième engagement."]
    _fits_and_passes_axe(page, size["width"])
    deadline = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    page.fill("#id_sign_deadline", deadline)
    page.get_by_role("button", name="Publier la version 2 et demander les signatures").click()
    page.get_by_text("Confirmation : cochez la case pour publier.").first.wait_for()
    assert CharterVersion.objects.get(number=2).published_at is None
    page.get_by_label("Je confirme").check()
    page.get_by_role("button", name="Publier la version 2 et demander les signatures").click()
    page.wait_for_url("**/staff/reseau/charte/")
    assert CharterVersion.objects.get(number=2).is_published


@pytest.mark.parametrize("size", SIZES)
def test_settings_pages_fit_and_pass_axe(page, live_server, staff_user, antenna, size):
    mapping = TypeMapping.objects.create(
        source="apidae", code="ZZ_BROWSER", families=["food"], kind="tasting"
    )
    OfferFactory(
        source="apidae", external_id="b-1", source_types=["ZZ_BROWSER", "ZZ_SANS_CORRESPONDANCE_LONGUE"]
    )
    rule = CapacityRuleFactory(antenna=antenna, craft=CraftFactory(name="Miel", slug="miel"), max_members=2)
    template = DecisionTemplate.objects.create(kind="refuse", title="Zone", body="Bonjour, " * 30)
    _signed_in(page, live_server, staff_user, size)
    for path in (
        "/staff/offres/correspondances/",
        f"/staff/offres/correspondances/{mapping.pk}/",
        f"/staff/offres/correspondances/{mapping.pk}/supprimer/",
        "/staff/offres/correspondances/nouvelle/?source=apidae&code=ZZ_SANS_CORRESPONDANCE_LONGUE",
        "/staff/reseau/capacites/",
        f"/staff/reseau/capacites/{rule.pk}/supprimer/",
        "/staff/reseau/modeles-de-reponse/",
        f"/staff/reseau/modeles-de-reponse/{template.pk}/",
    ):
        page.goto(f"{live_server.url}{path}")
        assert page.locator("h1").count() == 1, path
        _fits_and_passes_axe(page, size["width"])
