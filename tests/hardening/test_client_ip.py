"""The client address behind trusted proxies: one helper (common.net.client_ip) used by allauth's
login limits and by every recorded address."""

from __future__ import annotations

import pytest
from allauth.account.adapter import get_adapter
from django.core.cache import cache
from django.test import RequestFactory, override_settings
from django.urls import reverse

from common.net import client_ip
from tests.factories.network import UserFactory


def _request(remote="10.0.0.1", xff=None, **headers):
    meta = {"REMOTE_ADDR": remote}
    if xff is not None:
        meta["HTTP_X_FORWARDED_FOR"] = xff
    for name, value in headers.items():
        meta["HTTP_" + name.upper()] = value
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxy_the_forwarded_header_is_ignored():
    assert client_ip(_request(xff="203.0.113.9")) == "10.0.0.1"


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_one_trusted_proxy_gives_the_last_hop_and_ignores_forged_ones():
    assert client_ip(_request(xff="203.0.113.9")) == "203.0.113.9"
    # A client that sends its own X-Forwarded-For: the proxy appends the real address.
    assert client_ip(_request(xff="6.6.6.6, 203.0.113.9")) == "203.0.113.9"


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_two_trusted_proxies_give_the_second_hop_from_the_right():
    assert client_ip(_request(xff="6.6.6.6, 203.0.113.9, 10.0.0.2")) == "203.0.113.9"


@override_settings(TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
def test_a_trusted_header_wins_and_garbage_is_no_address():
    assert client_ip(_request(xff="6.6.6.6", x_real_ip="2001:db8::1")) == "2001:db8::1"
    assert client_ip(_request(x_real_ip="not an ip")) is None


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_allauth_uses_the_same_address():
    assert get_adapter().get_client_ip(_request(xff="203.0.113.9")) == "203.0.113.9"


@pytest.mark.django_db
@override_settings(
    TRUSTED_PROXY_COUNT=1,
    ALLAUTH_TRUSTED_PROXY_COUNT=1,
    ACCOUNT_RATE_LIMITS={"login_failed": "3/m/ip"},
)
def test_login_limit_behind_the_proxy_locks_out_only_the_offending_address(client):
    cache.clear()
    UserFactory(email="someone@example.org")
    url = reverse("account_login")
    data = {"login": "someone@example.org", "password": "wrong-password-1"}
    for _ in range(4):
        client.post(url, data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    blocked = client.post(url, data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    other = client.post(url, data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="198.51.100.7")
    too_many = "Trop de tentatives de connexion"
    assert too_many in blocked.content.decode()
    assert too_many not in other.content.decode()
    cache.clear()


@pytest.mark.django_db
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_charter_signature_records_the_client_address_not_the_proxy(member_client, member):
    from network.models import CharterSignature
    from tests.factories.network import CharterVersionFactory

    version = CharterVersionFactory()
    url = reverse("network_portal:charter")
    data = {"version": version.number, "confirm": "on"}
    member_client.post(url, data, REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")
    signature = CharterSignature.objects.filter(member=member).first()
    assert signature is not None
    assert signature.ip_address == "203.0.113.9"
