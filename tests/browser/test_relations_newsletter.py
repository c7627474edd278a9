"""The public newsletter pages on a phone (390 px): sign up (a bad address first), confirm from
the e-mailed link, then unsubscribe from a message's link; axe on every state, no sideways
scroll."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from network.models import Contact

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _check(page, label: str) -> None:
    assert page.locator("h1").count() == 1, label
    results = Axe().run(page)
    assert results.violations_count == 0, (label, results.generate_report())
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), label


def test_newsletter_sign_up_confirm_and_unsubscribe_on_a_phone(page, live_server, mailoutbox):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/relations/lettre/")
    _check(page, "sign-up form")

    page.get_by_label("Votre adresse e-mail").fill("lea.martin@")
    with page.expect_navigation():  # a POST answered on the same address
        page.get_by_role("button", name="M'inscrire").click()
    assert page.get_by_label("Votre adresse e-mail").input_value() == "lea.martin@"  # kept
    _check(page, "sign-up form with an error")

    page.get_by_label("Votre adresse e-mail").fill("lea.martin@example.org")
    with page.expect_navigation():  # a POST answered on the same address
        page.get_by_role("button", name="M'inscrire").click()
    assert "lea.martin@example.org" in page.content()
    _check(page, "sign-up sent")
    assert not Contact.objects.filter(email="lea.martin@example.org", marketing_consent=True).exists()

    # The link of the confirmation e-mail: a GET shows a button, only the POST subscribes.
    [message] = mailoutbox
    link = re.search(r"https?://\S+/relations/lettre/[^/\s]+/", message.body).group(0)
    page.goto(live_server.url + link[link.index("/relations/") :])
    _check(page, "confirmation page")
    assert not Contact.objects.filter(email="lea.martin@example.org", marketing_consent=True).exists()
    with page.expect_navigation():  # a POST answered on the same address
        page.get_by_role("button", name="Oui, je veux recevoir la lettre").click()
    _check(page, "confirmed")
    contact = Contact.objects.get(email="lea.martin@example.org")
    assert contact.marketing_consent

    # The unsubscribe link at the foot of every message.
    page.goto(f"{live_server.url}/relations/desinscription/{contact.unsubscribe_token}/")
    _check(page, "unsubscribe page")
    with page.expect_navigation():  # a POST answered on the same address
        page.get_by_role("button", name="Ne plus recevoir ces informations").click()
    assert "Vous ne recevrez plus les informations du réseau" in page.content()
    _check(page, "unsubscribed")
    contact.refresh_from_db()
    assert not contact.marketing_consent
