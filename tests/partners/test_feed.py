"""The open-data feed: the network's own content as schema.org JSON-LD under Etalab 2.0."""

import json

import pytest

from offers.models import Source
from tests.factories.offers import OfferFactory
from tests.factories.workshops import SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

ETALAB = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"


def test_workshops_feed_is_json_ld_with_courses_and_their_dates(client, member):
    workshop = WorkshopFactory(member=member, title="Vannerie d'osier & <rotin>")
    session = SessionFactory(workshop=workshop)
    WorkshopFactory(is_published=False)

    response = client.get("/partenaires/donnees-ouvertes/ateliers.jsonld")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    data = json.loads(response.content)
    assert data["@context"] == "https://schema.org" and data["@type"] == "DataFeed"
    assert data["license"] == ETALAB
    [course] = data["dataFeedElement"]
    assert course["@type"] == "Course" and course["name"] == "Vannerie d'osier & <rotin>"
    assert course["provider"]["name"] == member.name
    [instance] = course["hasCourseInstance"]
    assert instance["@type"] == "CourseInstance"
    assert instance["startDate"] == session.start.isoformat() and "+" in instance["startDate"][10:]
    assert instance["location"]["geo"]["@type"] == "GeoCoordinates"


def test_offers_feed_republishes_own_and_open_licence_offers_only_with_attribution(client, member):
    OfferFactory(member=member, title="Visite de l'atelier", source=Source.MANUAL)
    OfferFactory(
        title="Cave de Chartreuse",
        source=Source.DATATOURISME,
        external_id="https://data.datatourisme.gouv.fr/1/abc",
        source_url="https://data.datatourisme.gouv.fr/1/abc",
        attribution_name="Isère Attractivité",
    )
    OfferFactory(title="Hôtel Apidae", source=Source.APIDAE, external_id="42")

    data = client.get("/partenaires/donnees-ouvertes/offres.jsonld").json()

    by_name = {item["name"]: item for item in data["dataFeedElement"]}
    assert set(by_name) == {"Visite de l'atelier", "Cave de Chartreuse"}
    cave = by_name["Cave de Chartreuse"]
    assert cave["sdPublisher"]["name"] == "Isère Attractivité"
    assert cave["isBasedOn"] == "https://data.datatourisme.gouv.fr/1/abc"
    assert all(item["license"] == ETALAB for item in by_name.values())


def test_feed_is_paginated_with_next_and_previous_links(client):
    for n in range(3):
        OfferFactory(title=f"Offre {n}")

    first = client.get("/partenaires/donnees-ouvertes/offres.jsonld", {"page_size": 2}).json()
    second = client.get("/partenaires/donnees-ouvertes/offres.jsonld", {"page_size": 2, "page": 2}).json()

    assert len(first["dataFeedElement"]) == 2 and first["nextPage"].endswith("page=2")
    assert "previousPage" not in first
    assert len(second["dataFeedElement"]) == 1 and "nextPage" not in second
    assert second["previousPage"].endswith("page=1")


def test_unknown_feed_is_404(client):
    assert client.get("/partenaires/donnees-ouvertes/membres-secrets.jsonld").status_code == 404
