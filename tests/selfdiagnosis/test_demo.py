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
