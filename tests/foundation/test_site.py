import io

import pytest
from django.core.management import call_command
from django.db import connection

from network.models import Antenna, Commune, Craft, Member, User

pytestmark = pytest.mark.django_db


def test_healthz_reports_database(visitor):
    response = visitor.get("/healthz")
    assert response.status_code == 200
    assert response.json()["database"] == "ok"
    assert response.json()["status"] == "ok"


def test_home_page_is_french_by_default(visitor):
    response = visitor.get("/")
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


def test_browser_language_does_not_override_french(visitor):
    response = visitor.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert '<html lang="fr">' in response.content.decode()


def test_language_switcher_sets_english(visitor):
    response = visitor.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    response = visitor.get("/")
    assert '<html lang="en">' in response.content.decode()
    assert "Log in" in response.content.decode()
    assert "Se connecter" not in response.content.decode()


def test_404_page(visitor):
    response = visitor.get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


def _snapshot():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM network_member_crafts")
        links = cursor.fetchone()[0]
    return {
        "members": sorted(Member.objects.values_list("slug", "name", "commune__insee_code")),
        "users": sorted(User.objects.values_list("email", "is_staff", "member__slug")),
        "antennas": Antenna.objects.count(),
        "communes": Commune.objects.count(),
        "crafts": Craft.objects.count(),
        "links": links,
    }


def test_load_demo_twice_gives_the_same_data():
    call_command("load_demo", stdout=io.StringIO())
    first = _snapshot()
    call_command("load_demo", stdout=io.StringIO())
    assert _snapshot() == first
    assert first["antennas"] == 3
    assert len(first["members"]) >= 20
    assert first["crafts"] >= 12
