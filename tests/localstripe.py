"""localstripe as a real process on a free loopback port, and helpers that talk to it over HTTP.

``localstripe_url`` (session) starts ``python -m localstripe --from-scratch``; ``stripe_on``
points the official ``stripe`` client at it with test keys; ``stripe_off`` removes the keys.
``card_token`` does over HTTP what the localstripe Stripe.js mock does in a browser (a token
from a card number); ``authenticate`` plays the 3-D Secure modal.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request

import pytest

PUBLISHABLE_KEY = "pk_test_maillage"
SECRET_KEY = "sk_test_maillage"
WEBHOOK_SECRET = "whsec_maillage_tests"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait(port: int, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("localstripe did not start")


@pytest.fixture(scope="session")
def localstripe_url(tmp_path_factory):
    port = free_port()
    log = open(tmp_path_factory.mktemp("localstripe") / "localstripe.log", "wb")  # noqa: SIM115
    proc = subprocess.Popen(
        [sys.executable, "-m", "localstripe", "--port", str(port), "--from-scratch"],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


@pytest.fixture
def stripe_on(settings, localstripe_url):
    settings.PAYMENTS_PROVIDER = "stripe"
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_PUBLISHABLE_KEY = PUBLISHABLE_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_JS_URL = f"{localstripe_url}/js.stripe.com/v3/"
    return localstripe_url


@pytest.fixture
def stripe_off(settings):
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_PUBLISHABLE_KEY = ""
    settings.STRIPE_WEBHOOK_SECRET = ""


def _post(base: str, path: str, data: dict, *, key: str | None = None) -> dict:
    body = urllib.parse.urlencode(data).encode()
    request = urllib.request.Request(base + path, data=body, method="POST")
    if key:
        request.add_header("Authorization", f"Bearer {key}")
    with urllib.request.urlopen(request, timeout=10) as response:
        text = response.read().decode()
    return json.loads(text) if text else {}


def card_token(base: str, number: str = "4242424242424242") -> str:
    """A card token made with the publishable key, as Stripe.js would."""
    data = {
        "card[number]": number,
        "card[exp_month]": "12",
        "card[exp_year]": "2035",
        "card[cvc]": "123",
        "key": PUBLISHABLE_KEY,
    }
    return _post(base, "/v1/tokens", data)["id"]


def authenticate(base: str, intent_id: str, client_secret: str, *, success: bool = True) -> dict:
    """The 3-D Secure step the browser's confirmCardPayment runs."""
    path = f"/v1/payment_intents/{intent_id}/_authenticate?success={'true' if success else 'false'}"
    return _post(base, path, {"key": PUBLISHABLE_KEY, "client_secret": client_secret})


def register_webhook(base: str, url: str, *, name: str = "maillage") -> None:
    _post(base, f"/_config/webhooks/{name}", {"url": url, "secret": WEBHOOK_SECRET})


def signed(payload: dict, secret: str = WEBHOOK_SECRET) -> tuple[bytes, str]:
    """A webhook body and its Stripe-Signature header, signed as Stripe signs."""
    import stripe

    body = json.dumps(payload)
    return body.encode(), stripe.WebhookSignature.generate_signature_header(body, secret)


def fill_card(page, number: str = "4242424242424242") -> None:
    """Type a test card into localstripe's card element in a Playwright page (plain inputs named
    by placeholder, where real Stripe.js has an iframe)."""
    element = page.locator("#card-element")
    element.locator("input[placeholder=number]").fill(number)
    element.locator("input[placeholder=exp_month]").fill("12")
    element.locator("input[placeholder=exp_year]").fill("35")
    element.locator("input[placeholder=cvc]").fill("123")
    postal = element.locator("input[placeholder=postal_code]")
    if postal.count():
        postal.fill("38000")
