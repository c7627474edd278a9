"""Join the network in a real browser: apply, staff accepts, the invited member sets a
password, signs in and signs the charter."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from common.access import STAFF_GROUPS
from network.models import CharterSignature, MembershipApplication, User
from tests.conftest import _with_totp
from tests.factories.network import CharterVersionFactory, CommuneFactory, CraftFactory, StaffUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_apply_accept_set_password_and_sign_charter(page, browser, live_server, antenna):
    for name in STAFF_GROUPS:
        Group.objects.get_or_create(name=name)
    CommuneFactory(name="Saint-Pierre-de-Chartreuse", postcode="38380", insee_code="38442", antenna=antenna)
    CraftFactory(name="Miel", slug="miel")
    charter = CharterVersionFactory(number=1)
    staff = _with_totp(StaffUserFactory(email="staff@example.org"))

    # 1. The applicant fills in the public form.
    page.goto("/reseau/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.goto("/reseau/rejoindre/")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    page.get_by_label("Nom de l'entreprise").fill("Rucher du Grand Som")
    page.get_by_label("Prénom et nom").fill("Léa Martin")
    page.get_by_label("E-mail").fill("lea@rucher.example")
    page.get_by_label("Commune de l'atelier").fill("Saint-Pierre-de-Chartreuse (38380)")
    page.get_by_label("Miel").check()
    page.get_by_label("Présentez votre activité").fill("Trente ruches sur les alpages.")
    for radio in page.get_by_label("Oui, je respecte cet engagement").all():
        radio.check()
    page.get_by_label("J'accepte que l'association").check()
    page.get_by_role("button", name="Envoyer ma candidature").click()
    page.wait_for_url("**/reseau/candidature/**")
    application = MembershipApplication.objects.get()
    assert application.reference in page.content()

    # 2. Staff (signed in with two-factor done) accept it.
    client = Client()
    client.force_login(staff)
    staff_context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    staff_context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    staff_page = staff_context.new_page()
    staff_page.goto(f"/staff/reseau/candidatures/{application.reference}/")
    staff_page.get_by_label("Accepter").check()
    staff_page.get_by_role("button", name="Enregistrer la décision").click()
    staff_page.locator(".message-success", has_text="Candidature acceptée").wait_for()
    staff_context.close()

    # 3. The invited member sets a password from the email, signs in, signs the charter.
    invitation = next(m for m in mail.outbox if m.to == ["lea@rucher.example"] and "portail" in m.subject)
    link = re.search(r"https?://\S+(/comptes/password/reset/key/\S+/)", invitation.body).group(1)
    page.goto(link)
    page.locator("input[name=password1]").fill("Une-phrase-solide-2026")
    page.locator("input[name=password2]").fill("Une-phrase-solide-2026")
    page.get_by_role("button", name="Modifier le mot de passe").click()
    page.get_by_text("mot de passe a été modifié").first.wait_for()
    page.goto("/comptes/login/")
    page.fill("input[name=login]", "lea@rucher.example")
    page.fill("input[name=password]", "Une-phrase-solide-2026")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/portail/")
    assert "Charte à signer" in page.content()
    page.get_by_role("link", name="Lire et signer", exact=True).click()
    page.get_by_label("J'ai lu la charte").check()
    page.get_by_role("button", name="Signer la charte (version 1)").click()
    page.get_by_text("la charte v1 est signée").wait_for()
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
    user = User.objects.get(email="lea@rucher.example")
    assert CharterSignature.objects.filter(member=user.member, version=charter, signer=user).exists()
