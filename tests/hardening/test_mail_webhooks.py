"""The sending service's webhook: only the configured one is mounted, and bad calls get a 4xx."""

import base64
import json

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import get_resolver

from common.mail_webhooks import tracking_webhook_view

pytestmark = pytest.mark.django_db

AUTH = "Basic " + base64.b64encode(b"hook:test-secret").decode()


def _anymail_paths():
    paths = []
    for pattern in get_resolver().url_patterns:
        route = str(pattern.pattern)
        if route.startswith("anymail/"):
            paths.append("/" + route)
    return paths


def test_only_the_configured_service_is_mounted():
    assert _anymail_paths() == ["/anymail/brevo/tracking/"]


@pytest.mark.parametrize("body", [b"", b"\x00", b"not json", b'{"a": 1}', b"[]"])
@pytest.mark.parametrize("auth", [None, "Basic " + base64.b64encode(b"hook:wrong").decode()])
def test_unsigned_or_garbage_calls_are_refused_without_500(client, body, auth):
    headers = {"HTTP_AUTHORIZATION": auth} if auth else {}
    for path in _anymail_paths():
        response = client.post(path, data=body, content_type="application/json", **headers)
        assert 400 <= response.status_code < 500, (path, body, response.status_code)


@pytest.mark.parametrize("body", [b"\x00", b"not json", b"[1, 2]", json.dumps({"event": "x"}).encode()])
def test_signed_garbage_is_no_500(client, body):
    response = client.post(
        "/anymail/brevo/tracking/", data=body, content_type="application/json", HTTP_AUTHORIZATION=AUTH
    )
    assert response.status_code < 500, (body, response.status_code)


def test_an_unknown_service_is_refused_at_start():
    with pytest.raises(ImproperlyConfigured, match="ANYMAIL_ESP"):
        tracking_webhook_view("carrier-pigeon")
