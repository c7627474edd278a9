"""A gift voucher in Chromium through localstripe's Stripe.js (issue 13, point 6): a phone at 390 px
buys it by card and lands on its code and receipt; then spends it in the stay basket with
« Appliquer », the rest to pay by card. No axe violation, no CSP violation, no sideways scroll."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from invoicing.models import Invoice
from payments.models import Payment
from tests.factories.workshops import SessionFactory, WorkshopFactory
from tests.localstripe import fill_card, localstripe_url, stripe_on  # noqa: F401
from vouchers.models import Voucher

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _clean(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_a_phone_buys_a_voucher_by_card_then_spends_it_in_the_basket(phone, stripe_on, member):  # noqa: F811
    page = phone
    page.goto("/bons-cadeaux/")
    _clean(page)
    page.get_by_label("Montant (en euros)").fill("50")
    page.get_by_label("Votre nom").fill("Zoé L'Hôte")
    page.get_by_label("Votre e-mail").fill("zoe@example.org")
    page.get_by_role("button", name="Payer en ligne par carte").click()
    page.wait_for_url("**/paiements/payer/**")
    fill_card(page)
    page.get_by_role("button", name="Payer 50,00").click()
    page.wait_for_url("**/bons-cadeaux/commande/**")
    voucher = Voucher.objects.get()
    receipt = Invoice.objects.get(reference_id=str(Payment.objects.get().public_id))
    assert voucher.status == Voucher.Status.ACTIVE
    assert voucher.display_code in page.content() and receipt.number in page.content()
    _clean(page)

    workshop = WorkshopFactory(
        member=member, title="Tourner un bol", slug="tourner-un-bol", price=Decimal("35.00"), child_price=None
    )
    start = (timezone.now() + datetime.timedelta(days=9)).replace(minute=0, second=0, microsecond=0)
    SessionFactory(workshop=workshop, start=start, capacity=6)
    page.goto("/sejour/?atelier=tourner-un-bol")
    page.locator("input[name=party_size]").first.fill("2")
    page.get_by_role("button", name="Ajouter à mon séjour").first.click()
    page.goto("/sejour/valider/")
    page.locator("#voucher-apply-code").fill(voucher.display_code)
    page.get_by_role("button", name="Appliquer").click()
    page.locator("#voucher-preview").filter(has_text="20,00").wait_for()
    _clean(page)
    page.get_by_label("Nom et prénom").fill("Zoé L'Hôte")
    page.get_by_label("E-mail").fill("zoe@example.org")
    page.get_by_role("button", name="Réserver mon séjour").click()
    page.wait_for_url("**/paiements/payer/**")
    assert Payment.objects.order_by("-pk").first().amount == Decimal("20.00")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("0.00")
    assert not page.csp_violations, page.csp_violations
