"""The demo data loads, twice, without duplicates, and covers every stage the issue asks for."""

import pytest

from network import demo as network_demo
from selfdiagnosis import demo
from selfdiagnosis.models import Answer, Assessment, Signature

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_and_has_validated_in_progress_and_expired_assessments():
    network_demo.load()
    demo.load()
    counts = (Assessment.objects.count(), Answer.objects.count(), Signature.objects.count())
    demo.load()
    assert (Assessment.objects.count(), Answer.objects.count(), Signature.objects.count()) == counts
    statuses = set(Assessment.objects.values_list("status", flat=True))
    assert {"validated", "in_progress", "submitted", "invited"} <= statuses
    assert any(a.badge_level and not a.badge_is_valid for a in Assessment.objects.filter(status="validated"))
    assert any(a.badge_is_valid for a in Assessment.objects.filter(status="validated"))
    expired = next(
        a for a in Assessment.objects.filter(status="validated") if a.badge_level and not a.badge_is_valid
    )
    assert expired.renewals.get().answers.count() == expired.answers.count()


def test_demo_business_assessment_shares_the_answers_of_the_members_offer():
    from offers import demo as offers_demo

    network_demo.load()
    offers_demo.load()
    demo.load()
    business = Assessment.objects.get(member__slug=demo.SHARED_BUSINESS, offer__isnull=True)
    offer_assessment = Assessment.objects.get(member__slug=demo.SHARED_BUSINESS, offer__isnull=False)
    shared = {
        a.indicator.code: a.display_value for a in business.answers.select_related("indicator", "choice")
    }
    assert shared
    for code, value in shared.items():
        assert offer_assessment.answers.get(indicator__code=code).display_value == value
    assert all(
        a.indicator.criterion.scope == "business"
        for a in business.answers.select_related("indicator__criterion")
    )
