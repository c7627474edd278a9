"""Issue 15 at a 1024×768 tablet: a split-payment sale with a discount, its reprint (DUPLICATA),
the return of one line, the day's closing and its Z report — with axe-core on the till pages."""

from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group
from django.utils import timezone

from common.access import OFFICE_STAFF_GROUP
from shop.models import DailyClosing, Sale
from shop.services import journal_verify
from tests.browser.test_shop_browser import _login, shelf  # noqa: F401 - fixture
from tests.factories.network import StaffUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TABLET = {"width": 1024, "height": 768}


def _no_axe_violations(page):
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_split_sale_with_discount_reprint_return_and_z_report(page, settings, shelf):  # noqa: F811
    settings.STAFF_REQUIRE_MFA = False
    page.set_viewport_size(TABLET)
    Group.objects.get_or_create(name=OFFICE_STAFF_GROUP)
    StaffUserFactory(email="accueil@example.org")
    _login(page, "accueil@example.org")

    page.goto("/staff/boutique/caisse/session/")
    if page.get_by_role("button", name="Ouvrir la session").count():
        page.get_by_label("Fonds de caisse (€)").fill("100")
        page.get_by_role("button", name="Ouvrir la session").click()
        page.get_by_role("heading", name="Session ouverte").wait_for()

    page.goto("/staff/boutique/caisse/")
    search = page.get_by_label("Code, code-barres ou nom")
    search.fill("BOL-HETRE")
    search.press("Enter")
    page.get_by_text("« Bol en hêtre » ajouté.").wait_for()
    search.fill("CONF-MYR")
    search.press("Enter")
    page.get_by_test_id("counter-total").filter(has_text="41,20").wait_for()
    _no_axe_violations(page)

    page.get_by_text("Remise", exact=True).click()
    page.get_by_label("Remise sur le ticket (€)").fill("1,20")
    page.get_by_label("Motif de la remise").fill("Fidélité d'une habituée")
    page.get_by_text("Paiement fractionné (carte + espèces + bon cadeau…)").click()
    page.get_by_role("textbox", name="Carte bancaire").fill("30")
    page.get_by_role("textbox", name="Espèces", exact=True).fill("10")
    page.get_by_label("Espèces reçues").fill("20")
    page.get_by_role("button", name="Encaisser").click()
    page.wait_for_url("**/staff/boutique/tickets/*/")
    sale = Sale.objects.get()
    assert sale.total == Decimal("40.00")
    assert sorted(str(p.amount) for p in sale.payments.all()) == ["10.00", "30.00"]

    page.get_by_role("button", name="Réimprimer (duplicata)").click()
    page.get_by_text("DUPLICATA n°").first.wait_for()
    page.get_by_role("link", name="Retour au ticket").click()

    page.get_by_role("link", name="Retourner ou échanger des articles").click()
    page.get_by_label("Confiture de myrtilles", exact=False).fill("1")
    page.get_by_label("Motif du retour").fill("Pot fêlé")
    page.get_by_role("button", name="Enregistrer le retour et rembourser").click()
    page.get_by_text("Retour enregistré").wait_for()
    assert Sale.objects.filter(kind="return").count() == 1

    page.goto("/staff/boutique/clotures/")
    page.get_by_label("Jour").fill(timezone.localdate().isoformat())
    page.get_by_role("button", name="Clôturer la journée").click()
    closing = DailyClosing.objects.get(day=timezone.localdate())
    page.goto(f"/staff/boutique/clotures/jour/{closing.day:%Y-%m-%d}/")
    assert "Rapport Z" in page.get_by_role("heading", level=1).inner_text()
    assert "Grand total" in page.content()
    _no_axe_violations(page)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert journal_verify().ok
