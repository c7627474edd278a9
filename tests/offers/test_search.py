"""Public search: French full text with unaccent, filters, sorts, bounded queries."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from offers.models import Offer
from tests.factories.network import CommuneFactory
from tests.factories.offers import OfferFactory, OpeningPeriodFactory

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:
    return [o.title for o in response.context["offers"]]


def test_title_match_ranks_above_description_match(visitor):
    OfferFactory(title="Balade gourmande", short_description="Le fromage de Chartreuse se découvre à pied.")
    OfferFactory(title="Fromages d'alpage", short_description="Dégustation à la ferme.")
    response = visitor.get("/offres/", {"q": "fromage"})
    assert _titles(response) == ["Fromages d'alpage", "Balade gourmande"]
    assert response.context["sort"] == "relevance"


def test_search_ignores_accents_and_word_endings(visitor):
    OfferFactory(title="Visite de l'Église Saint-Hugues")
    OfferFactory(title="Randonnée au col")
    assert _titles(visitor.get("/offres/", {"q": "eglise"})) == ["Visite de l'Église Saint-Hugues"]
    assert _titles(visitor.get("/offres/", {"q": "randonnees"})) == ["Randonnée au col"]


def test_unpublished_offers_are_never_listed(visitor):
    OfferFactory(title="Publiée")
    for status in ("draft", "submitted", "preselected", "assessed", "rejected", "archived"):
        OfferFactory(title=f"Cachée {status}", status=status)
    assert _titles(visitor.get("/offres/")) == ["Publiée"]


def test_family_kind_audience_car_and_badge_filters(visitor):
    OfferFactory(title="Cave", families=["wine", "food"], kind="tasting", audiences=["groups"])
    OfferFactory(
        title="Spa",
        families=["wellbeing"],
        kind="activity",
        without_car=True,
        badge_level="engagé",
        badge_expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    OfferFactory(title="Via ferrata", families=["outdoor"], kind="activity", audiences=["families"])
    assert _titles(visitor.get("/offres/", {"family": ["wine", "wellbeing"]})) == ["Cave", "Spa"]
    assert _titles(visitor.get("/offres/", {"kind": "activity"})) == ["Spa", "Via ferrata"]
    assert _titles(visitor.get("/offres/", {"audience": "families"})) == ["Via ferrata"]
    assert _titles(visitor.get("/offres/", {"without_car": "on"})) == ["Spa"]
    assert _titles(visitor.get("/offres/", {"badge": "on"})) == ["Spa"]


def test_antenna_commune_and_price_filters(visitor, commune, other_member):
    OfferFactory(title="Ici", commune=commune, price_min=Decimal("12"), price_max=Decimal("20"))
    OfferFactory(title="Là-bas", commune=other_member.commune, price_min=Decimal("40"))
    OfferFactory(title="Gratuite", free=True)
    assert _titles(visitor.get("/offres/", {"antenna": commune.antenna.slug})) == ["Ici"]
    assert _titles(visitor.get("/offres/", {"commune": other_member.commune.insee_code})) == ["Là-bas"]
    assert _titles(visitor.get("/offres/", {"price_max": "15", "sort": "title"})) == ["Gratuite", "Ici"]


def test_open_on_dates_keeps_overlapping_and_permanent_offers(visitor):
    today = timezone.localdate()
    OpeningPeriodFactory(
        offer=OfferFactory(title="Été"),
        starts_on=today + dt.timedelta(days=10),
        ends_on=today + dt.timedelta(days=20),
    )
    OpeningPeriodFactory(
        offer=OfferFactory(title="Hiver"),
        starts_on=today + dt.timedelta(days=100),
        ends_on=today + dt.timedelta(days=120),
    )
    OfferFactory(title="Église (toute l'année)")
    response = visitor.get(
        "/offres/", {"date_from": (today + dt.timedelta(days=15)).isoformat(), "sort": "title"}
    )
    assert _titles(response) == ["Église (toute l'année)", "Été"]


def test_date_sort_puts_the_next_dates_first(visitor):
    today = timezone.localdate()
    OpeningPeriodFactory(offer=OfferFactory(title="Plus tard"), starts_on=today + dt.timedelta(days=50))
    OpeningPeriodFactory(offer=OfferFactory(title="Bientôt"), starts_on=today + dt.timedelta(days=2))
    OfferFactory(title="Sans date")
    assert _titles(visitor.get("/offres/", {"sort": "date"})) == ["Bientôt", "Plus tard", "Sans date"]


def test_near_a_commune_sorts_by_distance_and_filters_by_travel_time(visitor):
    origin = CommuneFactory(insee_code="38185", name="Grenoble", latitude=45.1885, longitude=5.7245)
    OfferFactory(title="Loin", latitude=45.90, longitude=6.12)
    OfferFactory(title="Proche", latitude=45.20, longitude=5.73)
    OfferFactory(title="Moyen", latitude=45.34, longitude=5.81)
    response = visitor.get("/offres/", {"near": origin.insee_code, "sort": "distance"})
    assert _titles(response) == ["Proche", "Moyen", "Loin"]
    assert _titles(visitor.get("/offres/", {"near": origin.insee_code, "within": "20"})) == ["Proche"]


def test_near_me_uses_browser_coordinates(visitor):
    OfferFactory(title="Loin", latitude=45.90, longitude=6.12)
    OfferFactory(title="Proche", latitude=45.20, longitude=5.73)
    response = visitor.get("/offres/", {"lat": "45.19", "lon": "5.72"})
    assert response.context["sort"] == "distance"
    assert _titles(response) == ["Proche", "Loin"]


def test_bad_filter_values_are_reported_not_crashing(visitor):
    OfferFactory(title="Une offre")
    response = visitor.get("/offres/", {"price_max": "beaucoup", "date_from": "demain"})
    assert response.status_code == 200
    assert response.context["filter"].errors


def test_search_page_query_count_does_not_grow_with_results(visitor, django_assert_max_num_queries):
    for n in range(3):
        OfferFactory(title=f"Atelier fromage {n}")
    with django_assert_max_num_queries(8) as small:
        visitor.get("/offres/", {"q": "fromage", "family": "heritage", "kind": "visit"})
    for n in range(40):
        offer = OfferFactory(title=f"Atelier fromage bis {n}")
        OpeningPeriodFactory(offer=offer)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = visitor.get("/offres/", {"q": "fromage", "family": "heritage", "kind": "visit"})
    # One run of the search gives the page, the map and (under the map's 500) the exact total.
    assert response.context["total"] == 43 and "43 offres trouvées" in response.content.decode()
    last = visitor.get("/offres/", {"q": "fromage", "family": "heritage", "kind": "visit", "page": "3"})
    assert last.context["total"] == 43 and len(last.context["offers"]) == 3
    assert "Page 3 sur 3" in last.content.decode()
    past_the_end = visitor.get(
        "/offres/", {"q": "fromage", "family": "heritage", "kind": "visit", "page": "9"}
    )
    assert past_the_end.context["page"].number == 3


def test_more_matches_than_the_map_holds_are_never_counted(visitor, monkeypatch):
    """Beyond the map's first matches the page says « plus de N » (issue 18: no COUNT)."""
    from offers.views import public

    monkeypatch.setattr(public, "MAP_POINTS_LIMIT", 25)
    for n in range(30):
        OfferFactory(title=f"Ferme {n:02d}", latitude=45.3, longitude=5.8)
    first = visitor.get("/offres/", {"sort": "title"})
    assert first.context["total"] is None and "Plus de 20 offres trouvées" in first.content.decode()
    assert [o.title for o in first.context["offers"]][:2] == ["Ferme 00", "Ferme 01"]
    assert len(first.context["map_points"]) == 25
    second = visitor.get("/offres/", {"sort": "title", "page": "2"})  # beyond the map: lookahead
    assert [o.title for o in second.context["offers"]] == [f"Ferme {n:02d}" for n in range(20, 30)]
    assert second.context["total"] == 30 and "Page 2 sur 2" in second.content.decode()


def test_search_page_shows_cards_and_map_points(visitor):
    OfferFactory(title="Grotte", latitude=45.3, longitude=5.8)
    content = visitor.get("/offres/").content.decode()
    assert "Grotte" in content and 'id="offers-points"' in content
    assert Offer.objects.get().search_vector is not None
