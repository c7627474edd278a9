"""Issue 11 point 11: an archived offer can be restored to the state it had before, and the
offer's staff page shows only the actions that still apply."""

from __future__ import annotations

import pytest

from offers import services
from offers.exceptions import InvalidTransition
from offers.models import Offer
from tests.factories.offers import OfferFactory

pytestmark = pytest.mark.django_db
S = Offer.Status


def test_restore_brings_back_the_previous_state(staff_user):
    offer = OfferFactory(status=S.PUBLISHED)
    services.offer_archive(offer=offer, actor=staff_user)
    assert offer.status == S.ARCHIVED and offer.status_before_archive == S.PUBLISHED
    services.offer_archive(offer=offer, actor=staff_user)  # twice: the remembered state stays
    assert offer.status_before_archive == S.PUBLISHED
    services.offer_restore(offer=offer, actor=staff_user)
    assert offer.status == S.PUBLISHED and offer.status_before_archive == ""
    with pytest.raises(InvalidTransition):
        services.offer_restore(offer=offer, actor=staff_user)


def test_staff_page_restores_and_hides_what_no_longer_applies(staff_client):
    offer = OfferFactory(status=S.PRESELECTED)
    staff_client.post(f"/staff/offres/{offer.slug}/archive/")
    page = staff_client.get(f"/staff/offres/{offer.slug}/").content.decode()
    assert "Restaurer" in page
    assert f"/staff/offres/{offer.slug}/publish/" not in page
    assert f"/staff/offres/{offer.slug}/archive/" not in page
    assert f"/staff/offres/{offer.slug}/reject/" not in page
    staff_client.post(f"/staff/offres/{offer.slug}/restore/")
    offer.refresh_from_db()
    assert offer.status == S.PRESELECTED
    page = staff_client.get(f"/staff/offres/{offer.slug}/").content.decode()
    assert "Restaurer" not in page
    assert f"/staff/offres/{offer.slug}/publish/" in page
    assert f"/staff/offres/{offer.slug}/preselect/" not in page


def test_restore_is_closed_to_anonymous_and_members(visitor, member_client, staff_user):
    offer = OfferFactory(status=S.PUBLISHED)
    services.offer_archive(offer=offer, actor=staff_user)
    visitor.post(f"/staff/offres/{offer.slug}/restore/")
    assert member_client.post(f"/staff/offres/{offer.slug}/restore/").status_code == 403
    offer.refresh_from_db()
    assert offer.status == S.ARCHIVED
