"""Contacts and review in a real browser (with axe checks): a visitor unsubscribes from the
link, staff add a partner, take an application in charge; the portal shows the charter banner."""

from __future__ import annotations

import copy
import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client

from common.access import STAFF_GROUPS
from network import services
from network.models import Contact, MembershipApplication
from tests.conftest import _with_totp
from tests.factories.network import (
    ApplicationFactory,
    CharterVersionFactory,
    CommuneFactory,
    MemberFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _signed_in_page(browser, live_server, user):
    client = Client()
    client.force_login(user)
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _assert_accessible(page) -> None:
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


def test_visitor_unsubscribes_from_the_link(page):
    contact = services.contact_record(email="jeanne@example.org", source="workshops.booking", consent=True)
    page.goto(contact.get_unsubscribe_url())
    _assert_accessible(page)
    page.get_by_role("button", name="Ne plus recevoir ces informations").click()
    page.get_by_text("vous ne recevrez plus les informations du réseau").wait_for()
    _assert_accessible(page)
    contact.refresh_from_db()
    assert not contact.marketing_consent


def test_staff_add_a_partner_and_take_an_application_in_charge(browser, live_server, antenna):
    for name in STAFF_GROUPS:
        Group.objects.get_or_create(name=name)
    staff = _with_totp(StaffUserFactory(email="staff@example.org", first_name="Nathalie"))
    application = ApplicationFactory(commune=CommuneFactory(antenna=antenna))
    context, page = _signed_in_page(browser, live_server, staff)
    page.goto("/staff/reseau/contacts/")
    _assert_accessible(page)
    page.locator("#id_contact-email").fill("parc@chartreuse.example")
    page.locator("#id_contact-name").fill("Parc naturel régional de Chartreuse")
    page.locator("#id_contact-kind").select_option("partner")
    page.get_by_label("La personne accepte de recevoir les informations du réseau").check()
    page.get_by_role("button", name="Enregistrer le contact").click()
    page.get_by_text("Contact enregistré").wait_for()
    assert Contact.objects.get().marketing_consent

    page.goto(f"/staff/reseau/candidatures/{application.reference}/")
    page.get_by_role("button", name="Prendre en charge").click()
    page.get_by_text("Prise en charge par Nathalie").wait_for()
    _assert_accessible(page)
    context.close()
    application.refresh_from_db()
    assert application.status == MembershipApplication.Status.UNDER_REVIEW


def test_portal_pages_show_the_charter_banner(settings, browser, live_server, antenna):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].append("network.context_processors.charter_banner")
    settings.TEMPLATES = templates
    CharterVersionFactory(number=2, sign_deadline=datetime.date(2031, 3, 15))
    member = MemberFactory(commune=CommuneFactory(antenna=antenna))
    user = UserFactory(email="alice@example.org", member=member)
    context, page = _signed_in_page(browser, live_server, user)
    page.goto("/portail/reseau/profil/")
    banner = page.get_by_role("complementary", name="Charte à signer")
    assert "avant le 15 mars 2031" in banner.inner_text()
    _assert_accessible(page)
    banner.get_by_role("link", name="Lire et signer la charte").click()
    page.wait_for_url("**/portail/reseau/charte/")
    context.close()
