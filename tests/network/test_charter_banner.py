"""The « charter to sign » banner on every portal page (network.context_processors.charter_banner)."""

from __future__ import annotations

import copy
import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from network import services
from network.context_processors import charter_banner
from tests.factories.network import CharterVersionFactory

pytestmark = pytest.mark.django_db

PROCESSOR = "network.context_processors.charter_banner"
PORTAL_PAGES = ["pages:portal_home", "network_portal:profile", "network_portal:photos"]


@pytest.fixture
def with_banner(settings):
    templates = copy.deepcopy(settings.TEMPLATES)
    templates[0]["OPTIONS"]["context_processors"].append(PROCESSOR)
    settings.TEMPLATES = templates


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    return request


def test_banner_is_one_query_for_a_member_who_has_not_signed(member_user, django_assert_num_queries):
    CharterVersionFactory(number=1, sign_deadline=timezone.localdate() + datetime.timedelta(days=10))
    context = charter_banner(_request(member_user))
    with django_assert_num_queries(1):
        banner = dict(context["charter_banner"])
    assert banner["number"] == 1 and not banner["overdue"]


def test_banner_is_empty_once_signed_and_costs_nothing_for_visitors_and_staff(
    member_user, member, staff_user, plain_user, django_assert_num_queries
):
    version = CharterVersionFactory(number=1)
    services.charter_sign(member=member, user=member_user, version=version)
    assert not charter_banner(_request(member_user))["charter_banner"]
    with django_assert_num_queries(0):
        for user in (AnonymousUser(), staff_user, plain_user):
            assert charter_banner(_request(user))["charter_banner"] is None


def test_no_banner_without_a_published_charter(member_user):
    CharterVersionFactory(number=1, published_at=None)
    assert not charter_banner(_request(member_user))["charter_banner"]


def test_every_portal_page_shows_the_banner_with_deadline_and_link(with_banner, member_client):
    CharterVersionFactory(number=2, sign_deadline=datetime.date(2031, 3, 15))
    sign_url = reverse("network_portal:charter")
    for name in PORTAL_PAGES:
        html = member_client.get(reverse(name)).content.decode()
        assert "Une nouvelle version de la charte (v2) est à signer avant le 15 mars 2031" in html, name
        assert f'href="{sign_url}"' in html, name
    # Not repeated on the signing page itself.
    assert "est à signer avant le" not in member_client.get(sign_url).content.decode()


def test_banner_says_when_the_deadline_has_passed(with_banner, member_client):
    CharterVersionFactory(number=2, sign_deadline=timezone.localdate() - datetime.timedelta(days=3))
    html = member_client.get(reverse("network_portal:profile")).content.decode()
    assert "devait être signée avant le" in html


def test_banner_disappears_after_signing(with_banner, member_client):
    version = CharterVersionFactory(number=2, sign_deadline=datetime.date(2031, 3, 15))
    member_client.post(reverse("network_portal:charter"), {"version": version.number, "confirm": "on"})
    html = member_client.get(reverse("network_portal:profile")).content.decode()
    assert "est à signer avant le" not in html


def test_other_members_banner_depends_on_their_own_signature(
    with_banner, member_client, other_client, other_member, other_member_user
):
    version = CharterVersionFactory(number=1, sign_deadline=datetime.date(2031, 3, 15))
    services.charter_sign(member=other_member, user=other_member_user, version=version)
    profile = reverse("network_portal:profile")
    assert "est à signer avant le" in member_client.get(profile).content.decode()
    assert "est à signer avant le" not in other_client.get(profile).content.decode()
