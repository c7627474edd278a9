"""Issue 11 points 2 and 8 in a real browser: every portal page an artisan reaches from the
dashboard, on a 390 px phone, has no axe-core violation, nothing that scrolls sideways (the page,
its tables, its forms), and menu links and table actions at least 24 px high.

The walk starts at /portail/ signed in as the demo artisan and follows every /portail/ link,
at most two pages per view (a view's pages share one template); downloads (CSV, PDF, iCal,
certificates) are not pages and are skipped."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import Resolver404, resolve

from network.models import User
from tests.browser.test_workshops_booking import _sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
PER_VIEW = 2
NOT_PAGES = ("csv", "pdf", "calendar_feed", "certificate", "document_download")

OVERFLOW = """() => {
  const out = [];
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    out.push("page " + document.documentElement.scrollWidth + "px");
  }
  for (const el of document.querySelectorAll("main .table-wrap, main table, main form")) {
    if (el.scrollWidth > el.clientWidth + 1) {
      out.push(el.tagName.toLowerCase() + "." + el.className + " " + el.scrollWidth + " > " + el.clientWidth);
    }
  }
  return out;
}"""

SMALL_TARGETS = """() => Array.from(document.querySelectorAll(".subnav a, main td a, main td button"))
  .filter(el => el.offsetParent !== null)
  .map(el => [el.textContent.trim().slice(0, 30), el.getBoundingClientRect().height])
  .filter(([, h]) => h < 24)"""


def _view_name(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.view_name


def _links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
    found = []
    for href in hrefs:
        parts = urlsplit(href)
        if parts.netloc or not parts.path.startswith("/portail/"):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def test_every_portal_page_fits_a_phone_and_passes_axe(page, live_server):
    call_command("load_demo", verbosity=0)
    _sign_in(page, live_server, User.objects.get(email="artisan@maillage.demo"))
    page.set_viewport_size(PHONE)
    axe = Axe()

    queue, seen, per_view, problems, visited = ["/portail/"], {"/portail/"}, {}, [], []
    while queue:
        url = queue.pop(0)
        name = _view_name(urlsplit(url).path)
        if name is None or any(bit in name for bit in NOT_PAGES):
            continue
        if per_view.get(name, 0) >= PER_VIEW:
            continue
        per_view[name] = per_view.get(name, 0) + 1
        response = page.goto(url)
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        assert response.status < 400, (url, response.status)
        visited.append(url)
        results = axe.run(page)
        if results.violations_count:
            problems.append(f"{url}: axe\n{results.generate_report()}")
        for overflow in page.evaluate(OVERFLOW):
            problems.append(f"{url}: sideways scroll ({overflow})")
        for text, height in page.evaluate(SMALL_TARGETS):
            problems.append(f"{url}: « {text} » is {height:.0f}px high")
        for link in _links(page):
            if link not in seen:
                seen.add(link)
                queue.append(link)

    # The walk reached the pages with the tables of the issue (money, statuses, attendance).
    reached = set(per_view)
    for expected in (
        "shop_portal:statement_list",
        "shop_portal:sales",
        "shop_portal:product_list",
        "offers_portal:offer_list",
        "workshops_portal:workshop_list",
        "workshops_portal:session_detail",
        "payouts_portal:home",
        "payouts_portal:bank",
    ):
        assert expected in reached, (expected, visited)
    assert not problems, "\n".join(problems)


def test_offer_location_is_picked_by_tapping_the_map_on_a_phone(page, live_server, member_user):
    _sign_in(page, live_server, member_user)
    page.set_viewport_size(PHONE)
    page.goto("/portail/offres/nouvelle/")
    canvas = page.locator(".pin-map-canvas")
    canvas.wait_for()
    page.locator(".pin-map-canvas.leaflet-container").wait_for()
    assert page.locator("#id_latitude").input_value() == ""

    # A tap beside the centre (Playwright scrolls the map into view first).
    canvas.click(position={"x": 190, "y": 180})

    lat, lon = page.locator("#id_latitude").input_value(), page.locator("#id_longitude").input_value()
    assert lat and lon and -90 <= float(lat) <= 90
    assert "Épingle posée" in page.locator(".pin-map-status").inner_text()
    page.get_by_role("button", name="Retirer l'épingle").click()
    assert page.locator("#id_latitude").input_value() == ""
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
