"""The public page explaining the « bienveillant » badge, and the badges that link to it."""

import pytest
from django.urls import reverse

from tests.factories.offers import OfferFactory
from tests.factories.selfdiagnosis import build_questionnaire

pytestmark = pytest.mark.django_db

BADGE_URL = "/autodiagnostic/label-bienveillant/"


def test_badge_page_url():
    assert reverse("selfdiagnosis:badge") == BADGE_URL


def test_badge_page_explains_levels_and_dimensions_with_default_thresholds(visitor):
    response = visitor.get(BADGE_URL)
    assert response.status_code == 200
    body = response.content.decode()
    for label in ("Engagé", "Confirmé", "Exemplaire", "Environnement", "Économie locale", "Social"):
        assert label in body
    assert "Moyenne d'au moins 75 sur 100, et au moins 50 sur 100 dans chaque dimension." in body


def test_badge_page_uses_the_published_questionnaire_thresholds(visitor):
    questionnaire = build_questionnaire(code="offre-bienveillante")
    questionnaire.thresholds = [
        {"level": "engage", "label": "Engagé", "average": 0, "minimum": 0},
        {"level": "confirme", "label": "Confirmé", "average": 40, "minimum": 20},
        {"level": "exemplaire", "label": "Exemplaire", "average": 80, "minimum": 60},
    ]
    questionnaire.save()
    body = visitor.get(BADGE_URL).content.decode()
    assert "au moins 80 sur 100, et au moins 60 sur 100" in body


def test_badge_page_in_english(visitor):
    visitor.cookies["django_language"] = "en"
    body = visitor.get(BADGE_URL).content.decode()
    assert "Committed" in body and "Exemplary" in body and "Local economy" in body


def test_badges_on_cards_and_offer_page_link_to_the_page(visitor):
    offer = OfferFactory(title="Ferme labellisée", badge_level="Confirmé", badge_scores={})
    assert offer.has_badge
    search = visitor.get("/offres/").content.decode()
    assert f'class="badge badge-accent" href="{BADGE_URL}"' in search
    page = visitor.get(offer.get_absolute_url()).content.decode()
    assert f'href="{BADGE_URL}"' in page.split("offer-badge", 1)[1]
    # …and the footer of every public page.
    assert visitor.get("/").content.decode().count(f'href="{BADGE_URL}"') >= 1
