"""No Content-Security-Policy violation on the main public and staff pages (demo data), and the
maps (Leaflet) and charts (Chart.js) still draw under the policy."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client

from network.models import User
from tests.conftest import _with_totp

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LISTEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " " + e.blockedURI + " " + e.sourceFile + ":" + e.lineNumber);
});
"""

PUBLIC = ["/", "/ateliers/", "/offres/", "/reseau/", "/boutique/", "/reseau/charte/", "/sejour/"]
STAFF = [
    "/staff/",
    "/staff/ateliers/chiffres/",
    "/staff/boutique/tableau-de-bord/",
    "/staff/boutique/caisse/",
    "/staff/reseau/candidatures/",
]


def _context(browser, live_server, user=None):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    context.add_init_script(LISTEN)
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
    return context


def _visit(context, url: str) -> list[str]:
    page = context.new_page()
    page.set_default_timeout(20_000)
    console: list[str] = []
    page.on(
        "console", lambda msg: console.append(msg.text) if "Content Security Policy" in msg.text else None
    )
    response = page.goto(url)
    assert response is not None and response.status < 400, (url, response and response.status)
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)
    violations = page.evaluate("window.__csp") + console
    return page, [f"{url}: {v}" for v in violations]


def test_no_csp_violation_on_the_main_pages_and_maps_and_charts_draw(browser, live_server):
    call_command("load_demo", verbosity=0)
    staff = _with_totp(User.objects.get(email="accueil@maillage.demo"))
    found: list[str] = []

    context = _context(browser, live_server)
    for url in PUBLIC:
        page, violations = _visit(context, url)
        found += violations
        if url == "/ateliers/":
            page.locator(".leaflet-marker-icon").first.wait_for()
        page.close()
    # A member page with its map, an offer page.
    context.close()

    context = _context(browser, live_server, staff)
    for url in STAFF:
        page, violations = _visit(context, url)
        found += violations
        if url in ("/staff/ateliers/chiffres/", "/staff/boutique/tableau-de-bord/"):
            drawn = page.evaluate(
                "() => Array.from(document.querySelectorAll('canvas'))"
                ".some(c => window.Chart && Chart.getChart(c))"
            )
            assert drawn, f"no Chart.js chart drawn on {url}"
        page.close()
    context.close()
    assert not found, found
