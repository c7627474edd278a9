"""Paying for a workshop by card in Chromium, through localstripe's Stripe.js (issue 13): a phone
at 390 px books, a declined card says so in French and keeps the seats, a 3-D Secure card asks
the bank's confirmation, a good card confirms the booking; no CSP violation, no axe violation."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone

from payments.models import Payment
from tests.factories.workshops import SessionFactory, WorkshopFactory
from tests.localstripe import fill_card, localstripe_url, stripe_on  # noqa: F401
from workshops.models import Booking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def bookable(member):
    workshop = WorkshopFactory(
        member=member,
        title="Tourner un bol d'érable & de frêne",
        slug="bol-erable",
        price=Decimal("35.00"),
        child_price=None,
        max_participants=6,
    )
    start = (timezone.now() + datetime.timedelta(days=9)).replace(minute=0, second=0, microsecond=0)
    return SessionFactory(workshop=workshop, start=start, capacity=6)


def test_a_phone_books_and_pays_declined_then_3ds_then_good_card(phone, bookable, stripe_on):  # noqa: F811
    page = phone
    page.goto(f"/ateliers/bol-erable/seances/{bookable.public_id}/reserver/")
    page.get_by_label("Nombre de personnes").fill("2")
    page.get_by_label("Nom et prénom").fill("Léa O'Neil")
    page.get_by_label("E-mail").fill("lea@example.org")
    page.get_by_role("button", name="Réserver et payer par carte").click()
    page.wait_for_url("**/paiements/payer/**")
    assert "70,00" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    assert Booking.objects.get().status == Booking.Status.PENDING_PAYMENT

    # Declined: a French message, nothing charged, the seats still held; retry possible.
    fill_card(page, "4000000000000002")
    page.get_by_role("button", name="Payer 70,00").click()
    page.locator("#pay-error").filter(has_text="refus").wait_for()
    assert Booking.objects.get().status == Booking.Status.PENDING_PAYMENT

    # 3-D Secure: the bank's window; failing it says so and charges nothing.
    page.reload()
    fill_card(page, "4000002500003155")
    page.get_by_role("button", name="Payer 70,00").click()
    page.get_by_role("button", name="Fail authentication").click()
    page.locator("#pay-error").filter(has_text="3-D Secure").wait_for()
    assert Payment.objects.get().status != Payment.Status.SUCCEEDED

    # 3-D Secure confirmed: paid, then what was booked.
    page.reload()
    fill_card(page, "4000002500003155")
    page.get_by_role("button", name="Payer 70,00").click()
    page.get_by_role("button", name="Complete authentication").click()
    page.wait_for_url("**/sejour/confirmation/**")
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.reference in page.content()
    assert Payment.objects.get().status == Payment.Status.SUCCEEDED
    assert not page.csp_violations, page.csp_violations
