"""Issue 12 point 10: staff sessions end when idle; everyone sees and ends their connected devices."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.factories.network import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def _login(user) -> Client:
    client = Client(HTTP_USER_AGENT="Firefox téléphone")
    response = client.post("/comptes/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def test_a_staff_session_expires_after_the_idle_time(staff_client, settings):
    settings.STAFF_SESSION_IDLE_SECONDS = 600
    staff_client.get("/staff/")
    assert staff_client.session.get_expiry_age() == 600
    assert staff_client.session.get("_session_expiry") == 600


def test_a_member_session_keeps_the_normal_length(member_client, settings):
    member_client.get("/portail/")
    assert "_session_expiry" not in member_client.session
    assert member_client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


def test_connected_devices_are_listed_and_another_one_can_be_ended(member):
    user = UserFactory(member=member, email="lea@example.org")
    phone, laptop = _login(user), _login(user)
    page = laptop.get("/comptes/sessions/")
    assert page.status_code == 200
    assert page.content.decode().count("Firefox téléphone") == 2
    response = laptop.post("/comptes/sessions/", {"action": "logout"})
    assert response.status_code in (200, 302)
    assert laptop.get("/portail/").status_code == 200
    assert phone.get("/portail/").status_code == 302  # ended from the laptop


def test_connected_devices_need_a_login(visitor):
    response = visitor.get("/comptes/sessions/")
    assert response.status_code == 302
    assert "/comptes/login/" in response["Location"]


def test_the_menus_link_to_connected_devices(member_client, staff_client):
    assert 'href="/comptes/sessions/"' in member_client.get("/portail/").content.decode()
    assert 'href="/comptes/sessions/"' in staff_client.get("/staff/").content.decode()
