"""The read-only public API: lists, detail, pagination, ETag, rate limits, API keys, schema."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client, override_settings
from django.utils import timezone

from offers.models import Offer, Source
from partners import services
from tests.factories.network import MemberFactory
from tests.factories.offers import OfferFactory, OpeningPeriodFactory
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    return Client()


@pytest.fixture
def workshop(member):
    workshop = WorkshopFactory(member=member, title="Tournage d'un bol & <cuillère>", slug="tournage-bol")
    session = SessionFactory(workshop=workshop, capacity=6)
    BookingFactory(session=session, party_size=2)
    return workshop


def test_openapi_schema_is_served_and_lists_every_endpoint(api):
    response = api.get("/api/v1/openapi.json")

    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {
        "/api/v1/workshops",
        "/api/v1/workshops/{slug}",
        "/api/v1/offers",
        "/api/v1/offers/{slug}",
        "/api/v1/members",
        "/api/v1/members/{slug}",
    } <= set(schema["paths"])
    assert "seats_left" in schema["components"]["schemas"]["SessionOut"]["properties"]


def test_workshops_list_gives_sessions_with_seats_left(api, workshop):
    data = api.get("/api/v1/workshops").json()

    assert data["page"] == 1 and data["next"] is None
    [item] = data["results"]
    assert item["title"] == "Tournage d'un bol & <cuillère>"
    assert item["member"]["slug"] == workshop.member.slug
    [session] = item["sessions"]
    assert session["seats_left"] == 4
    assert session["book_url"].endswith("/reserver/")


def test_unpublished_workshops_and_inactive_members_are_not_listed(api, workshop):
    WorkshopFactory(is_published=False)
    WorkshopFactory(member=MemberFactory(status="left"))

    assert [w["slug"] for w in api.get("/api/v1/workshops").json()["results"]] == ["tournage-bol"]


def test_workshops_filter_by_member(api, workshop, other_member):
    WorkshopFactory(member=other_member, slug="vannerie")

    data = api.get("/api/v1/workshops", {"member": other_member.slug}).json()

    assert [w["slug"] for w in data["results"]] == ["vannerie"]


def test_workshop_detail_and_unknown_slug(api, workshop):
    data = api.get("/api/v1/workshops/tournage-bol").json()
    assert data["min_age"] == workshop.min_age and data["languages"] == ["fr"]
    assert data["sessions"][0]["seats_left"] == 4

    assert api.get("/api/v1/workshops/nexiste-pas").status_code == 404


def test_pagination_fetches_one_more_not_a_count(api, django_assert_max_num_queries):
    for n in range(5):
        OfferFactory(title=f"Offre {n}")

    first = api.get("/api/v1/offers", {"page_size": 2}).json()
    last = api.get("/api/v1/offers", {"page_size": 2, "page": 3}).json()

    assert first["next"] == 2 and len(first["results"]) == 2
    assert last["next"] is None and len(last["results"]) == 1


def test_bad_paging_values_fall_back(api):
    OfferFactory()
    response = api.get("/api/v1/offers", {"page": "abc", "page_size": "100000"})
    assert response.status_code == 200 and response.json()["page"] == 1


def test_offers_list_and_detail_show_published_only(api):
    published = OfferFactory(title="Musée de l'ours", price_min="4.00", price_max="7.50")
    OpeningPeriodFactory(
        offer=published,
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate() + datetime.timedelta(days=30),
    )
    draft = OfferFactory(status=Offer.Status.DRAFT)

    results = api.get("/api/v1/offers").json()["results"]

    assert [o["slug"] for o in results] == [published.slug]
    assert results[0]["price_min"] == "4.00" and results[0]["next_date"] == timezone.localdate().isoformat()
    assert api.get(f"/api/v1/offers/{draft.slug}").status_code == 404


def test_members_list(api, member, other_member):
    results = api.get("/api/v1/members").json()["results"]
    # Alphabetical, as in the directory: « Atelier d'Alice » before « Atelier de Bob ».
    assert [m["slug"] for m in results] == [member.slug, other_member.slug]
    assert api.get(f"/api/v1/members/{member.slug}").json()["antenna"] == member.antenna.name


def test_etag_and_if_none_match_give_304(api, workshop):
    first = api.get("/api/v1/workshops")
    etag = first["ETag"]
    assert etag and "max-age" in first["Cache-Control"]

    again = api.get("/api/v1/workshops", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b""

    BookingFactory(session=workshop.sessions.get(), party_size=1)
    changed = api.get("/api/v1/workshops", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


@override_settings(PARTNERS_API_ANON_PER_MINUTE=3)
def test_anonymous_clients_are_rate_limited_with_a_french_message(api):
    statuses = [api.get("/api/v1/members").status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = api.get("/api/v1/members")
    assert "Trop de requêtes" in response.json()["detail"] and int(response["Retry-After"]) > 0


@override_settings(PARTNERS_API_ANON_PER_MINUTE=2)
def test_partner_key_gets_its_own_higher_limit_and_a_bad_key_counts_as_anonymous(api):
    key, raw = services.api_key_create(name="Hôtel des Cimes", requests_per_minute=10)

    keyed = [api.get("/api/v1/members", HTTP_X_API_KEY=raw).status_code for _ in range(5)]
    bad = [api.get("/api/v1/members", HTTP_X_API_KEY="mlg_faux").status_code for _ in range(3)]

    assert keyed == [200] * 5
    assert bad == [200, 200, 429]
    key.refresh_from_db()
    assert key.last_used_at is not None and raw not in key.key_hash


def test_list_query_count_does_not_grow_with_the_data(api, django_assert_max_num_queries):
    for _ in range(3):
        SessionFactory(workshop=WorkshopFactory())
        OfferFactory()
    with django_assert_max_num_queries(15) as few:
        api.get("/api/v1/workshops")
        api.get("/api/v1/offers")
        api.get("/api/v1/members")
    for _ in range(12):
        SessionFactory(workshop=WorkshopFactory())
        OfferFactory()
    with django_assert_max_num_queries(len(few.captured_queries)):
        api.get("/api/v1/workshops")
        api.get("/api/v1/offers")
        api.get("/api/v1/members")


def test_imported_apidae_offers_are_in_the_api_but_not_the_open_feed(api, client):
    OfferFactory(source=Source.APIDAE, external_id="123", title="Gîte Apidae")
    assert [o["title"] for o in api.get("/api/v1/offers").json()["results"]] == ["Gîte Apidae"]
    feed = client.get("/partenaires/donnees-ouvertes/offres.jsonld").json()
    assert feed["dataFeedElement"] == []


def test_workshop_list_never_counts_the_whole_filter(api, workshop):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        api.get("/api/v1/workshops")
        api.get("/api/v1/offers")
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]
