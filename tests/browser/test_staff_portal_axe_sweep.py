"""Issue 11's « Done when »: every portal page passes axe-core at 390 px without scrolling
sideways, and every staff page at 1280 px and on a 1024×768 tablet, on the demo data.

The pages are found by walking the URL resolver: each route under ``portail/`` or ``staff/``
without a parameter that answers the signed-in user with HTML. A new page is swept without
touching this test.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from network.models import User
from tests.browser.sweep import parameterless_paths, whole_pages
from tests.conftest import _with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _pages(client: Client, area: str) -> list[str]:
    paths = (
        path
        for path in parameterless_paths()
        if path[1:].startswith(area) and "export" not in path and "imprimer" not in path
    )
    return whole_pages(client, paths)


def _sweep(browser, live_server, user, pages, sizes) -> list[str]:
    client = Client()
    client.force_login(user)
    failures = []
    for width, height in sizes:
        context = browser.new_context(
            base_url=live_server.url, locale="fr-FR", viewport={"width": width, "height": height}
        )
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
        page = context.new_page()
        page.set_default_timeout(20_000)
        for path in pages:
            response = page.goto(path)
            if response is None or response.status >= 400:
                failures.append(f"{width}px {path}: HTTP {response and response.status}")
                continue
            if width <= 390 and page.evaluate("document.documentElement.scrollWidth > window.innerWidth"):
                failures.append(f"{width}px {path}: scrolls sideways")
            results = Axe().run(page)
            if results.violations_count:
                ids = sorted({v["id"] for v in results.response["violations"]})
                failures.append(f"{width}px {path}: {', '.join(ids)}")
        context.close()
    return failures


def test_every_portal_and_staff_page_passes_axe_at_its_sizes(browser, live_server):
    call_command("load_demo", verbosity=0)
    staff = _with_totp(User.objects.get(email="accueil@maillage.demo"))
    artisan = User.objects.filter(member__slug="atelier-du-tourneur").first()
    assert artisan is not None

    portal_client, staff_client = Client(), Client()
    portal_client.force_login(artisan)
    staff_client.force_login(staff)
    portal_pages = _pages(portal_client, "portail/")
    staff_pages = _pages(staff_client, "staff/")
    assert len(portal_pages) >= 10 and len(staff_pages) >= 25, (portal_pages, staff_pages)

    failures = _sweep(browser, live_server, artisan, portal_pages, [(390, 844)])
    failures += _sweep(browser, live_server, staff, staff_pages, [(1280, 800), (1024, 768)])
    assert not failures, "\n".join(failures)
