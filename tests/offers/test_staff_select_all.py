"""Issue 11 point 14: the staff offers list has a « Tout sélectionner » box for its bulk actions
(revealed by static/common/select_all.js; the browser test ticks it)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories.offers import OfferFactory

pytestmark = pytest.mark.django_db


def test_offers_list_has_a_select_all_box_for_the_bulk_actions(staff_client):
    OfferFactory(title="Randonnée au col")
    page = staff_client.get(reverse("offers_staff:offer_list")).content.decode()
    assert 'data-select-all="offers"' in page
    assert 'aria-label="Tout sélectionner"' in page
    assert "common/select_all.js" in page
