"""The offer life cycle and the services selfdiagnosis relies on."""

import datetime as dt

import pytest

from common.models import ActionLog
from offers.exceptions import (
    MESSAGE_INVALID_TRANSITION,
    MESSAGE_REJECTION_REASON_REQUIRED,
    IncompleteOffer,
    InvalidBadge,
    InvalidTransition,
    NotEditable,
    RejectionReasonRequired,
)
from offers.models import Offer
from offers.selectors import offer_get, offer_list_for_member
from offers.services import (
    offer_archive,
    offer_bulk_transition,
    offer_create,
    offer_mark_assessed,
    offer_preselect,
    offer_publish,
    offer_reject,
    offer_set_badge,
    offer_submit,
    offer_update,
)
from tests.factories.offers import OfferFactory

pytestmark = pytest.mark.django_db

S = Offer.Status


def _draft(member, user):
    return offer_create(
        actor=user,
        member=member,
        data={
            "title": "Visite de l'atelier de tournage",
            "families": ["heritage"],
            "kind": "visit",
            "short_description": "Le tour à bois expliqué par l'artisan.",
            "commune": member.commune,
        },
    )


def test_member_offer_goes_from_draft_to_published(member, member_user, staff_user):
    offer = _draft(member, member_user)
    assert offer.status == S.DRAFT and offer.provider_name == member.name
    assert offer.latitude == member.commune.latitude  # the commune centre when no point is given

    offer_submit(offer=offer, actor=member_user)
    offer_preselect(offer=offer, actor=staff_user)
    offer_mark_assessed(offer=offer, actor=staff_user)
    offer_publish(offer=offer, actor=staff_user)

    offer.refresh_from_db()
    assert offer.status == S.PUBLISHED and offer.published_at is not None
    actions = list(ActionLog.objects.filter(object_id=str(offer.pk)).values_list("action", flat=True))
    assert "offers.offer.published" in actions and "offers.offer.submitted" in actions


def test_status_changes_are_idempotent(staff_user):
    offer = OfferFactory(status=S.DRAFT)
    offer_preselect(offer=offer, actor=staff_user)
    offer_preselect(offer=offer, actor=staff_user)
    assert ActionLog.objects.filter(action="offers.offer.preselected").count() == 1


def test_invalid_transition_raises_a_translated_message(staff_user):
    offer = OfferFactory(status=S.ARCHIVED)
    with pytest.raises(InvalidTransition) as exc:
        offer_publish(offer=offer, actor=staff_user)
    assert exc.value.message == MESSAGE_INVALID_TRANSITION
    offer.refresh_from_db()
    assert offer.status == S.ARCHIVED


def test_reject_requires_a_reason_and_keeps_it(staff_user):
    offer = OfferFactory(status=S.SUBMITTED)
    with pytest.raises(RejectionReasonRequired) as exc:
        offer_reject(offer=offer, actor=staff_user, reason="  ")
    assert exc.value.message == MESSAGE_REJECTION_REASON_REQUIRED
    offer_reject(offer=offer, actor=staff_user, reason="Offre hors du territoire.")
    offer.refresh_from_db()
    assert offer.status == S.REJECTED and offer.rejection_reason == "Offre hors du territoire."


def test_submit_refuses_an_incomplete_offer(member, member_user):
    offer = _draft(member, member_user)
    Offer.objects.filter(pk=offer.pk).update(families=[])
    offer.refresh_from_db()
    with pytest.raises(IncompleteOffer):
        offer_submit(offer=offer, actor=member_user)


def test_member_cannot_edit_an_archived_offer(member, member_user):
    offer = OfferFactory(member=member, status=S.ARCHIVED)
    with pytest.raises(NotEditable):
        offer_update(offer=offer, actor=member_user, data={"title": "Autre"})
    offer.refresh_from_db()
    assert offer.title != "Autre"


def test_editing_a_rejected_offer_brings_it_back_to_draft(member, member_user, staff_user):
    offer = _draft(member, member_user)
    offer_submit(offer=offer, actor=member_user)
    offer_reject(offer=offer, actor=staff_user, reason="Précisez les horaires.")
    offer = offer_update(
        offer=offer,
        actor=member_user,
        data={"title": "Visite de l'atelier (horaires)"},
        periods=[{"starts_on": dt.date(2030, 5, 1), "ends_on": dt.date(2030, 9, 30)}],
    )
    assert offer.status == S.DRAFT and offer.periods.count() == 1


def test_badge_is_set_and_removed_by_selfdiagnosis(staff_user):
    offer = OfferFactory(status=S.PRESELECTED)
    scores = {
        "environment": {"label": "Environnement", "score": 70, "commitments": ["Eau de pluie récupérée"]}
    }
    offer_set_badge(
        offer=offer, level="engagé", expires_on=dt.date(2031, 1, 1), scores=scores, actor=staff_user
    )
    assert offer.has_badge and offer.badge_scores == scores and offer.badge_awarded_on is not None

    offer_set_badge(offer=offer, level="", expires_on=None, scores={}, actor=staff_user)
    assert not offer.has_badge and offer.badge_scores == {}


def test_badge_without_expiry_is_refused():
    offer = OfferFactory()
    with pytest.raises(InvalidBadge):
        offer_set_badge(offer=offer, level="engagé", expires_on=None, scores={})


def test_expired_badge_is_not_shown():
    offer = OfferFactory(badge_level="engagé", badge_expires_on=dt.date(2000, 1, 1))
    assert not offer.has_badge


def test_mark_assessed_leaves_published_offers_visible(staff_user):
    offer = OfferFactory(status=S.PUBLISHED)
    offer_mark_assessed(offer=offer, actor=staff_user)
    assert offer.status == S.PUBLISHED
    draft = OfferFactory(status=S.DRAFT)
    with pytest.raises(InvalidTransition):
        offer_mark_assessed(offer=draft, actor=staff_user)


def test_bulk_transition_counts_refusals(staff_user):
    offers = [OfferFactory(status=S.DRAFT), OfferFactory(status=S.DRAFT), OfferFactory(status=S.ARCHIVED)]
    done, refused = offer_bulk_transition(offers=offers, actor=staff_user, action="preselect")
    assert (done, refused) == (2, 1)
    with pytest.raises(RejectionReasonRequired):
        offer_bulk_transition(offers=offers, actor=staff_user, action="reject", reason="")


def test_archive_then_selectors(member, staff_user):
    offer = OfferFactory(member=member)
    offer_archive(offer=offer, actor=staff_user)
    assert offer_get(slug=offer.slug).status == S.ARCHIVED
    assert list(offer_list_for_member(member)) == [offer]
