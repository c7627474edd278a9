"""Rate limits of public POSTs, turned on against a real Redis (db 11): a visitor over the limit
gets a French page saying when to retry (429 + Retry-After); nothing is written for that POST."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest
from django.core import mail
from django.core.cache import caches
from django.test import override_settings
from django.urls import reverse

from common.ratelimit import parse_rate, ratelimit_hit
from network.models import MembershipApplication
from tests.factories.network import ApplicationFactory
from tests.factories.workshops import SessionFactory, WorkshopFactory
from tests.network.conftest import charter, honey  # noqa: F401
from tests.network.test_applications import _form
from workshops.models import Booking

CSRF = "y" * 32


@pytest.fixture
def limits(redis_url):
    caches_setting = {
        "default": {"BACKEND": "common.cache.RedisCache", "LOCATION": f"{redis_url}/11"},
    }
    with override_settings(CACHES=caches_setting, RATE_LIMITS_ENABLED=True):
        caches["default"].clear()
        yield
        caches["default"].clear()


def test_rates_parse():
    assert parse_rate("5/m") == (5, 60)
    assert parse_rate("10/15m") == (10, 900)
    assert parse_rate("3/h") == (3, 3600)


def test_hits_over_the_rate_give_the_wait_in_seconds(limits):
    assert [ratelimit_hit(scope="t", key="1.2.3.4", rate="2/h") for _ in range(2)] == [None, None]
    wait = ratelimit_hit(scope="t", key="1.2.3.4", rate="2/h")
    assert wait is not None and 0 < wait <= 3600
    assert ratelimit_hit(scope="t", key="5.6.7.8", rate="2/h") is None  # another address
    assert ratelimit_hit(scope="u", key="1.2.3.4", rate="2/h") is None  # another scope


def test_limits_are_off_unless_enabled(limits):
    with override_settings(RATE_LIMITS_ENABLED=False):
        assert all(ratelimit_hit(scope="t", key="k", rate="1/h") is None for _ in range(5))


def _post(url: str) -> tuple[int, str, dict]:
    request = urllib.request.Request(
        url,
        data=b"party_size=1",
        headers={"Cookie": f"csrftoken={CSRF}", "X-CSRFToken": CSRF},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, response.read().decode(), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), dict(error.headers)


@pytest.mark.django_db(transaction=True)
def test_booking_over_the_limit_gets_the_french_429_page_over_the_live_server(live_server, limits):
    session = SessionFactory(workshop=WorkshopFactory())
    url = live_server.url + reverse(
        "workshops:booking_create", kwargs={"slug": session.workshop.slug, "public_id": session.public_id}
    )
    with override_settings(RATE_LIMITS={"workshops.booking": "3/h"}):
        statuses = [_post(url)[0] for _ in range(3)]
        status, body, headers = _post(url)
    assert 429 not in statuses
    assert status == 429
    assert "Trop de demandes" in body and "Réessayez dans" in body
    assert 0 < int(headers["Retry-After"]) <= 3600
    assert not Booking.objects.exists()


@pytest.mark.django_db
def test_resending_the_application_link_is_limited_per_address(
    client,
    commune,
    honey,  # noqa: F811
    charter,  # noqa: F811
    limits,
    django_capture_on_commit_callbacks,  # noqa: F811
):
    ApplicationFactory(email="lea@bois.example", commune=commune)
    with override_settings(RATE_LIMITS={"network.resend_link": "2/h", "network.application": "100/h"}):
        for _ in range(4):
            with django_capture_on_commit_callbacks(execute=True):
                response = client.post(reverse("network:apply"), _form(commune, honey, charter))
            assert response.status_code == 200
    assert len([m for m in mail.outbox if m.to == ["lea@bois.example"]]) == 2
    assert "déjà été renvoyé" in response.content.decode()
    assert MembershipApplication.objects.count() == 1
