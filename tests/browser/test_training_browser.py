"""The resource centre in a real browser: a member registers, staff mark attendance, the member
downloads the certificate; axe-core finds nothing, nothing is wider than a 390 px phone."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client
from django.utils import timezone

from tests.factories.training import DocumentFactory, TrainingFactory
from tests.factories.workshops import SessionFactory
from workshops.models import Booking, Session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _check(page, url):
    results = Axe().run(page)
    assert results.violations_count == 0, f"{url}\n{results.generate_report()}"
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{url}: {overflow}px wider than the screen"


def _sign_in(page, live_server, user):
    page.context.clear_cookies()
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def test_member_registers_staff_mark_attendance_member_downloads(
    page, live_server, member, member_user, staff_user, settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    training = TrainingFactory(workshop__member=member, workshop__slug="photographier-ses-produits")
    session = SessionFactory(workshop=training.workshop, capacity=6)
    DocumentFactory()
    page.set_viewport_size(PHONE)
    page.goto("/formations/")
    _check(page, "/formations/")
    page.goto("/formations/photographier-ses-produits/")
    _check(page, page.url)

    _sign_in(page, live_server, member_user)
    page.goto("/portail/formations/")
    _check(page, "/portail/formations/")
    page.get_by_role("button", name="M'inscrire").first.click()
    page.wait_for_load_state()
    assert "Inscription confirmée." in page.content()
    page.goto("/portail/formations/documents/")
    _check(page, "/portail/formations/documents/")

    _sign_in(page, live_server, staff_user)
    now = timezone.now()  # attendance is marked once the session has started
    Session.objects.filter(pk=session.pk).update(
        start=now - datetime.timedelta(minutes=30), end=now + datetime.timedelta(hours=1)
    )
    page.goto(f"/staff/formations/seances/{session.public_id}/")
    _check(page, page.url)
    page.get_by_role("button", name="Présent").first.click()
    page.wait_for_load_state()
    assert Booking.objects.get().attendance == "present"
    page.goto("/staff/formations/")
    _check(page, "/staff/formations/")

    _sign_in(page, live_server, member_user)
    page.goto("/portail/formations/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger l'attestation Photographier ses produits").click()
    assert download.value.suggested_filename.startswith("attestation-")
