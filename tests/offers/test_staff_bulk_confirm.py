"""Issue 11 point 11: bulk archive and reject ask for a confirmation that gives the count."""

from __future__ import annotations

import pytest

from offers.models import Offer
from tests.factories.offers import OfferFactory

pytestmark = pytest.mark.django_db
S = Offer.Status


def test_bulk_archive_asks_confirmation_with_the_count(staff_client):
    offers = [OfferFactory(status=S.SUBMITTED, title=f"Offre {n}") for n in range(3)]
    data = {"action": "archive", "offers": [str(o.uuid) for o in offers], "next": "/staff/offres/"}
    response = staff_client.post("/staff/offres/actions/", data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Archiver 3 offres ?" in page and 'name="confirmed" value="1"' in page
    assert set(Offer.objects.values_list("status", flat=True)) == {S.SUBMITTED}
    response = staff_client.post("/staff/offres/actions/", {**data, "confirmed": "1"})
    assert response.status_code == 302
    assert set(Offer.objects.values_list("status", flat=True)) == {S.ARCHIVED}


def test_bulk_reject_confirms_with_reason_and_preselect_does_not_ask(staff_client):
    offer = OfferFactory(status=S.SUBMITTED)
    response = staff_client.post(
        "/staff/offres/actions/", {"action": "reject", "offers": [str(offer.uuid)], "reason": "Doublon"}
    )
    assert "Refuser 1 offre ?" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == S.SUBMITTED
    response = staff_client.post(
        "/staff/offres/actions/", {"action": "preselect", "offers": [str(offer.uuid)]}
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == S.PRESELECTED
