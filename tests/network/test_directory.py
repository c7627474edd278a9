"""Public directory and map: filters, « near a place » sorted by travel time, bounded queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network import selectors
from network.models import Member, MemberPhoto
from tests.factories.network import CommuneFactory, CraftFactory, MemberFactory

from .conftest import png_upload

pytestmark = pytest.mark.django_db

DIRECTORY = reverse("network:directory")


@pytest.fixture
def places(antenna, other_antenna):
    near = CommuneFactory(
        name="Saint-Pierre-de-Chartreuse",
        insee_code="38442",
        antenna=antenna,
        latitude=45.3419,
        longitude=5.8156,
    )
    mid = CommuneFactory(
        name="Saint-Laurent-du-Pont", insee_code="38412", antenna=antenna, latitude=45.3906, longitude=5.7342
    )
    far = CommuneFactory(
        name="Voreppe", insee_code="38565", antenna=other_antenna, latitude=45.2947, longitude=5.6358
    )
    return near, mid, far


def test_directory_lists_active_members_only(visitor, places):
    near, _mid, _far = places
    MemberFactory(name="Actif", commune=near)
    MemberFactory(name="Parti", commune=near, status=Member.Status.LEFT)
    MemberFactory(name="Non renouvelé", commune=near, status=Member.Status.LAPSED)
    html = visitor.get(DIRECTORY).content.decode()
    assert "Actif" in html and "Parti" not in html and "Non renouvelé" not in html
    assert 'id="directory-points"' in html and "vendor/leaflet/leaflet.js" in html


def test_filters_by_craft_antenna_commune_and_text(visitor, places, other_antenna):
    near, mid, far = places
    honey = CraftFactory(name="Miel", slug="miel")
    MemberFactory(name="Rucher", commune=near, crafts=[honey], description="Miel de sapin")
    MemberFactory(name="Tourneur", commune=mid)
    MemberFactory(name="Forge", commune=far, description="Couteaux forgés à l'ancienne")

    def names(**params):
        response = visitor.get(DIRECTORY, params)
        return sorted(m.name for m in response.context["members"])

    assert names(craft="miel") == ["Rucher"]
    assert names(antenna=other_antenna.slug) == ["Forge"]
    assert names(commune="38412") == ["Tourneur"]
    assert names(q="verrerie") == []
    assert names(q="FORGES") == ["Forge"]  # accents and case do not matter
    assert names(q="sapin") == ["Rucher"]
    assert names(q="miel") == ["Rucher"]  # craft name


def test_near_a_commune_sorts_by_travel_time_and_filters_20_minutes(visitor, places):
    near, mid, far = places
    MemberFactory(name="Loin", commune=far)
    MemberFactory(name="Moyen", commune=mid)
    MemberFactory(name="Proche", commune=near)
    response = visitor.get(DIRECTORY, {"near": "38442"})
    members = list(response.context["members"])
    assert [m.name for m in members] == ["Proche", "Moyen", "Loin"]
    assert members[0].travel_minutes < 1 < members[1].travel_minutes < members[2].travel_minutes
    within = [m.name for m in visitor.get(DIRECTORY, {"near": "38442", "within": "20"}).context["members"]]
    assert within == ["Proche", "Moyen"]
    assert "triés par temps de trajet depuis Saint-Pierre-de-Chartreuse" in response.content.decode()


def test_near_browser_position(visitor, places):
    near, _mid, far = places
    MemberFactory(name="Loin", commune=far)
    MemberFactory(name="Proche", commune=near)
    response = visitor.get(DIRECTORY, {"lat": "45.30", "lon": "5.64"})
    assert [m.name for m in response.context["members"]] == ["Loin", "Proche"]


def test_bad_parameters_do_not_break_the_page(visitor, places):
    MemberFactory(commune=places[0])
    for params in ({"near": "99999"}, {"lat": "abc", "lon": "5"}, {"within": "7"}, {"lat": "95", "lon": "5"}):
        response = visitor.get(DIRECTORY, params)
        assert response.status_code == 200


def test_members_near_selector(places):
    near, mid, far = places
    MemberFactory(name="Proche", commune=near)
    MemberFactory(name="Loin", commune=far)
    result = selectors.members_near(lat=near.latitude, lon=near.longitude, max_minutes=20)
    assert [m.name for m in result] == ["Proche"]


def test_directory_query_count_does_not_grow_with_members(visitor, places, django_assert_max_num_queries):
    crafts = [CraftFactory() for _ in range(3)]
    for i in range(3):
        MemberFactory(commune=places[i % 3], crafts=crafts[:2])
    with django_assert_max_num_queries(12) as small:
        visitor.get(DIRECTORY, {"near": "38442"})
    for i in range(40):
        MemberFactory(commune=places[i % 3], crafts=crafts)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = visitor.get(DIRECTORY, {"near": "38442"})
    assert len(response.context["members"]) == 24  # paginated list, the map shows all


def test_member_public_page_shows_gallery_crafts_and_chosen_contacts(visitor, member):
    MemberPhoto.objects.create(member=member, image=png_upload(), caption="Bol en érable")
    member.phone, member.show_phone, member.email, member.show_email = "04 76 00 00 00", False, "a@b.fr", True
    member.save()
    html = visitor.get(member.get_absolute_url()).content.decode()
    assert 'alt="Bol en érable"' in html
    assert "a@b.fr" in html and "04 76 00 00 00" not in html
    assert member.crafts.first().name in html


def test_home_page_lists_members_near_the_tourism_office(visitor, places, settings):
    near, _mid, far = places
    settings.OFFICE_LATITUDE, settings.OFFICE_LONGITUDE = near.latitude, near.longitude
    MemberFactory(name="Tout près", commune=near)
    MemberFactory(name="Trop loin", commune=far)
    html = visitor.get("/").content.decode()
    assert "moins de 20 minutes" in html and "Tout près" in html and "Trop loin" not in html
