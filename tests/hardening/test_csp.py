"""Content-Security-Policy and Permissions-Policy headers; nonces; widget framing; page cache."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import Client, override_settings
from django.urls import reverse

from tests.factories.workshops import SessionFactory, WorkshopFactory

pytestmark = [pytest.mark.django_db]
NONCE = re.compile(r'nonce="([^"]+)"')
TEMPLATES = Path(settings.BASE_DIR) / "templates"


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_every_page_has_a_strict_script_policy_with_the_pages_nonce(client):
    response = client.get(reverse("pages:home"))
    policy = _policy(response)
    assert "'unsafe-inline'" not in policy["script-src"]
    assert policy["script-src-attr"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]
    nonces = set(NONCE.findall(response.content.decode()))
    assert len(nonces) == 1
    assert f"'nonce-{nonces.pop()}'" in policy["script-src"]
    assert "camera=()" in response["Permissions-Policy"]


def test_the_map_tiles_origin_is_allowed_for_images(client):
    assert "https://tile.openstreetmap.org" in _policy(client.get("/"))["img-src"]


def test_templates_hold_no_inline_handlers_and_no_inline_script_without_nonce():
    handler = re.compile(r"\son[a-z]+\s*=|hx-on|javascript:", re.I)
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*\bnonce=)(?![^>]*type=\"application/)[^>]*>")
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        text = path.read_text()
        if handler.search(text) or inline_script.search(text):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert not offenders


def test_widget_pages_may_be_framed_by_any_site(client):
    response = client.get(reverse("partners:widget_list"))
    assert response.status_code == 200
    assert _policy(response)["frame-ancestors"] == ["*"]
    assert "X-Frame-Options" not in response


def test_a_page_served_from_the_cache_gets_a_fresh_nonce_matching_its_header(member):
    workshop = WorkshopFactory(member=member, slug="bol", price=Decimal("35.00"))
    SessionFactory(workshop=workshop)
    cache.clear()
    try:
        with override_settings(PAGE_CACHE_ENABLED=True):
            first = Client().get(reverse("workshops:catalogue"))
            second = Client().get(reverse("workshops:catalogue"))
    finally:
        cache.clear()
    assert second["X-Page-Cache"] == "hit"
    nonce_1 = set(NONCE.findall(first.content.decode()))
    nonce_2 = set(NONCE.findall(second.content.decode()))
    assert len(nonce_2) == 1 and nonce_1 != nonce_2
    assert f"'nonce-{nonce_2.pop()}'" in _policy(second)["script-src"]
