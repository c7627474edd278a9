"""The booking widget on another site: a static page on another port (another origin, another
site) with a strict Content-Security-Policy embeds it, and a visitor books inside it."""

from __future__ import annotations

import http.server
import threading

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.factories.workshops import SessionFactory, WorkshopFactory
from workshops.models import Booking

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _host_page(widget_origin: str, member_slug: str, lang: str) -> bytes:
    return f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Hôtel des Cimes</title></head>
<body><main><h1>Hôtel des Cimes</h1>
<div class="maillage-ateliers" data-membre="{member_slug}"></div>
<script src="{widget_origin}/static/partners/widget.js"></script>
</main></body></html>""".encode()


@pytest.fixture
def host_site(live_server):
    """A partner's page on 127.0.0.1 (the live server is on localhost: another site)."""
    pages: dict[str, bytes] = {}
    widget_origin = live_server.url

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            body = pages.get(self.path)
            if body is None:
                self.send_error(404)
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            # A strict policy: no inline script, only the widget's origin for scripts and frames.
            self.send_header(
                "Content-Security-Policy",
                f"default-src 'none'; script-src {widget_origin}; frame-src {widget_origin}; "
                "style-src 'none'",
            )
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield pages, f"http://127.0.0.1:{server.server_address[1]}", widget_origin
    server.shutdown()


@pytest.fixture
def session(member):
    workshop = WorkshopFactory(member=member, title="Tournage d'un bol & cuillère", slug="bol")
    return SessionFactory(workshop=workshop, capacity=5)


def test_widget_books_a_session_from_a_page_on_another_site_with_a_strict_csp(
    page, host_site, session, member
):
    pages, host, widget_origin = host_site
    pages["/"] = _host_page(widget_origin, member.slug, "fr")
    violations = []
    page.on(
        "console", lambda msg: violations.append(msg.text) if "Content Security Policy" in msg.text else None
    )

    page.goto(host + "/")
    frame_el = page.wait_for_selector("iframe[title]")
    frame = frame_el.content_frame()
    frame.wait_for_selector("text=Tournage d'un bol & cuillère")
    frame.get_by_role("link", name="Réserver").first.click()
    frame.fill("input[name=name]", "Zoé O'Brien")
    frame.fill("input[name=email]", "zoe@example.org")
    frame.fill("input[name=party_size]", "2")
    frame.get_by_role("button", name="Confirmer la réservation").click()
    frame.wait_for_selector("text=Réservation confirmée")

    booking = Booking.objects.get()
    assert booking.party_size == 2 and booking.session == session
    assert booking.reference in frame.content()
    assert page.url == host + "/"  # the visitor never left the partner's page
    assert violations == []
    assert frame_el.bounding_box()["height"] > 200  # sized to its content


def test_widget_follows_the_host_page_language(page, host_site, session, member):
    pages, host, widget_origin = host_site
    pages["/en"] = _host_page(widget_origin, member.slug, "en")

    page.goto(host + "/en")
    frame = page.wait_for_selector("iframe[title='Book a workshop']").content_frame()
    frame.wait_for_selector("text=Workshops to book")


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_widget_pages_have_no_axe_violations(page, live_server, session, member, width, lang):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/partenaires/widget/ateliers/?membre={member.slug}&lang={lang}")
    assert Axe().run(page).violations_count == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.goto(f"{live_server.url}/partenaires/widget/ateliers/bol/seances/{session.public_id}/?lang={lang}")
    assert Axe().run(page).violations_count == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
