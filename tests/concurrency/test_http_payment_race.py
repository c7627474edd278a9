"""60 visitors race over HTTP for the 12 seats of a workshop paid by card (issue 13): each loads
the booking form, all post at once to the live server; 12 are sent to the pay page with their
seats held, 48 get the form back with « Complet » and no payment; then every winner pays twice
at once (a double click) and is charged once."""

from __future__ import annotations

import datetime
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from decimal import Decimal
from http.cookiejar import CookieJar

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
from django.utils import timezone

from payments.models import Payment
from tests.concurrency import run_at_once
from tests.factories.workshops import SessionFactory, WorkshopFactory
from tests.localstripe import card_token, localstripe_url, stripe_on  # noqa: F401
from workshops.models import Booking, Session

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 60
SEATS = 12
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class _Server(ThreadedWSGIServer):
    # The live_server fixture's server listens with a backlog of 5: sixty clients at once would
    # be reset by the kernel before Django sees them. A real server has a longer queue.
    request_queue_size = 128


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def http_server():
    server = _Server(("127.0.0.1", 0), _QuietHandler, allow_reuse_address=False)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _opener():
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), _NoRedirect)
    opener.jar = jar  # type: ignore[attr-defined]
    return opener


def _csrf(opener) -> str:
    return next(cookie.value for cookie in opener.jar if cookie.name == "csrftoken")


def _status(opener, request) -> tuple[int, str, str]:
    try:
        with opener.open(request, timeout=120) as response:
            return response.status, response.headers.get("Location", ""), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Location", ""), exc.read().decode()


def test_sixty_visitors_over_http_for_twelve_card_seats(http_server, stripe_on, settings):  # noqa: F811
    settings.RATE_LIMITS_ENABLED = False  # all sixty come from 127.0.0.1
    workshop = WorkshopFactory(price=Decimal("30.00"), child_price=None, max_participants=12)
    start = (timezone.now() + datetime.timedelta(days=6)).replace(minute=0, second=0, microsecond=0)
    session = SessionFactory(workshop=workshop, start=start, capacity=SEATS)
    url = f"{http_server}/ateliers/{workshop.slug}/seances/{session.public_id}/reserver/"

    visitors = []
    for _visitor in range(CLIENTS):
        opener = _opener()
        status, _location, html = _status(opener, url)
        assert status == 200
        visitors.append((opener, TOKEN.search(html).group(1)))

    def book(i):
        opener, token = visitors[i]
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": token,
                "party_size": "1",
                "children": "0",
                "name": f"Visiteur n° {i} & Cie",
                "email": f"course{i}@example.org",
                "seats_seen": str(SEATS),
                "action": "book",
            }
        ).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": url})
        return _status(opener, request)

    results = run_at_once(CLIENTS, book)
    errors = [r for r in results if isinstance(r, Exception)]
    assert not errors
    winners = [r for r in results if r[0] == 302]
    losers = [r for r in results if r[0] == 409]
    assert len(winners) == SEATS and len(losers) == CLIENTS - SEATS
    assert all("/paiements/payer/" in location for _status_code, location, _html in winners)
    assert all("Complet" in html for _status_code, _location, html in losers)  # told before paying
    assert Payment.objects.count() == SEATS
    assert Booking.objects.filter(status=Booking.Status.PENDING_PAYMENT).count() == SEATS
    assert Session.objects.get(pk=session.pk).seats_booked == SEATS

    # Every winner double-clicks « Payer » on the pay page: two confirmations, one charge.
    payments = list(Payment.objects.order_by("pk"))
    tabs = []  # two browser tabs per winner, each with the pay page loaded
    for i in range(2 * SEATS):
        opener = _opener()
        page = f"{http_server}/paiements/payer/{payments[i // 2].public_id}/"
        assert _status(opener, page)[0] == 200
        tabs.append((opener, page))
    tokens = [card_token(stripe_on) for _ in range(2 * SEATS)]

    def pay(i):
        opener, page = tabs[i]
        request = urllib.request.Request(
            f"{page}confirmer/",
            data=json.dumps({"token": tokens[i]}).encode(),
            headers={"Content-Type": "application/json", "X-CSRFToken": _csrf(opener), "Referer": page},
        )
        return _status(opener, request)

    answers = run_at_once(2 * SEATS, pay)
    assert not [a for a in answers if isinstance(a, Exception)]
    paid = Payment.objects.filter(status=Payment.Status.SUCCEEDED)
    assert paid.count() == SEATS and len(set(paid.values_list("provider_ref", flat=True))) == SEATS
    assert Booking.objects.filter(status=Booking.Status.CONFIRMED).count() == SEATS
    assert Session.objects.get(pk=session.pk).seats_booked == SEATS
