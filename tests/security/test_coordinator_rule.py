"""Issue 12 point 13: « which antennas a coordinator sees » is written once
(``network.selectors.in_antennas`` / ``scope_to_antennas``) and every list follows it, tested with an
offer whose member and commune are in different antennas."""

from __future__ import annotations

import pytest
from django.urls import reverse

from network.selectors import scope_to_antennas
from offers.models import Offer
from offers.views.staff import scope_for
from selfdiagnosis import selectors as sd_selectors
from tests.factories.network import CommuneFactory, MemberFactory
from tests.factories.offers import OfferFactory
from tests.factories.selfdiagnosis import CampaignFactory
from tests.factories.workshops import SessionFactory, WorkshopFactory
from workshops import selectors as ws_selectors

pytestmark = pytest.mark.django_db


@pytest.fixture
def split(antenna, other_antenna, commune):
    """A member of the other antenna whose offer lies in a commune of the coordinator's antenna,
    and an external provider's offer (no member) in that commune."""
    member = MemberFactory(
        name="Atelier d'Élise & <fils>",
        commune=CommuneFactory(antenna=other_antenna),
        antenna=other_antenna,
    )
    theirs = OfferFactory(title="Marché d'ailleurs", member=member, commune=commune)
    external = OfferFactory(title="Gîte sans adhérent", member=None, commune=commune)
    return theirs, external


def test_offers_follow_the_member_then_the_commune(split, coordinator_user, staff_user):
    theirs, external = split
    visible = set(scope_for(coordinator_user, Offer.objects.all()))
    assert external in visible and theirs not in visible
    assert {theirs, external} <= set(scope_for(staff_user, Offer.objects.all()))


def test_the_staff_offer_list_and_detail_agree(split, coordinator_client):
    theirs, external = split
    page = coordinator_client.get(reverse("offers_staff:offer_list")).content.decode()
    assert "Gîte sans adhérent" in page and "Marché d&#x27;ailleurs" not in page
    assert coordinator_client.get(reverse("offers_staff:offer_detail", args=[theirs.slug])).status_code == 404


def test_self_assessment_candidates_follow_the_same_rule(split, coordinator_user):
    theirs, external = split
    campaign = CampaignFactory()
    candidates = set(sd_selectors.campaign_candidate_offers(campaign, viewer=coordinator_user))
    assert theirs not in candidates
    assert all(
        o.member is None or o.member.antenna_id in {a.pk for a in coordinator_user.coordinated_antennas.all()}
        for o in candidates
    )


def test_workshop_sessions_follow_the_member(split, coordinator_user, member):
    theirs, _external = split
    mine = SessionFactory(workshop=WorkshopFactory(member=member))
    other = SessionFactory(workshop=WorkshopFactory(member=theirs.member))
    visible = set(ws_selectors.session_scope_for_staff(user=coordinator_user))
    assert mine in visible and other not in visible


def test_someone_without_a_staff_role_sees_nothing(split, member_user):
    assert not scope_to_antennas(member_user, Offer.objects.all(), commune="commune").exists()
