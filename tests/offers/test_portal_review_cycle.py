"""Issue 11 point 7 (offers): the offer page has its own « Soumettre » and « Enregistrer et
soumettre »; editing a pre-selected, assessed or published offer sends it back to the office's
review instead of being impossible; only an archived offer is frozen."""

from __future__ import annotations

import pytest
from django.urls import reverse

from common.models import ActionLog
from offers.models import Offer
from offers.models import Offer as O
from tests.badinput.test_offers import _offer
from tests.factories.offers import OfferFactory

pytestmark = pytest.mark.django_db
S = O.Status


def _edit_data(offer, **overrides):
    return _offer(offer.commune or offer.member.commune, **overrides)


def test_offer_page_has_its_own_submit_button(member_client, member):
    offer = OfferFactory(member=member, status=S.DRAFT, source="manual")
    page = member_client.get(reverse("offers_portal:offer_update", args=[offer.slug])).content.decode()
    assert 'id="submit-offer"' in page and "Enregistrer et soumettre" in page

    response = member_client.post(reverse("offers_portal:offer_submit", args=[offer.slug]), {"from": "page"})

    assert response.url == reverse("offers_portal:offer_update", args=[offer.slug])
    offer.refresh_from_db()
    assert offer.status == S.SUBMITTED


def test_save_and_submit_in_one_go(member_client, member):
    data = _offer(member.commune, and_submit="1")
    member_client.post(reverse("offers_portal:offer_create"), data)
    offer = Offer.objects.get()
    assert offer.status == S.SUBMITTED and offer.submitted_at is not None


@pytest.mark.parametrize("status", [S.PRESELECTED, S.ASSESSED, S.PUBLISHED])
def test_editing_a_reviewed_offer_sends_it_back_to_review(member_client, member, status):
    offer = OfferFactory(member=member, status=status, source="manual", title="Avant")
    page = member_client.get(reverse("offers_portal:offer_update", args=[offer.slug])).content.decode()
    assert 'id="back-to-review"' in page and 'id="submit-offer"' not in page

    response = member_client.post(
        reverse("offers_portal:offer_update", args=[offer.slug]),
        _edit_data(offer, title="Après"),
        follow=True,
    )

    offer.refresh_from_db()
    assert offer.title == "Après" and offer.status == S.SUBMITTED
    assert "repart à la relecture" in response.content.decode()
    log = ActionLog.objects.get(action="offers.offer.back_to_review")
    assert log.data["before"] == status


def test_an_archived_offer_stays_frozen(member_client, member):
    offer = OfferFactory(member=member, status=S.ARCHIVED, source="manual", title="Avant")
    member_client.post(
        reverse("offers_portal:offer_update", args=[offer.slug]), _edit_data(offer, title="Après")
    )
    offer.refresh_from_db()
    assert offer.title == "Avant" and offer.status == S.ARCHIVED


def test_another_member_cannot_submit_or_edit(other_client, member):
    offer = OfferFactory(member=member, status=S.PUBLISHED, source="manual")
    assert other_client.post(reverse("offers_portal:offer_submit", args=[offer.slug])).status_code == 404
    assert other_client.get(reverse("offers_portal:offer_update", args=[offer.slug])).status_code == 404
