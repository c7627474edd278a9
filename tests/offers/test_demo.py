import pytest

from network import demo as network_demo
from offers import demo
from offers.models import Family, Offer, OpeningPeriod

pytestmark = pytest.mark.django_db


def test_demo_has_every_family_and_is_idempotent():
    network_demo.load()
    demo.load()
    snapshot = sorted(Offer.objects.values_list("slug", "status", "families", "badge_level"))
    periods = OpeningPeriod.objects.count()
    demo.load()
    assert sorted(Offer.objects.values_list("slug", "status", "families", "badge_level")) == snapshot
    assert OpeningPeriod.objects.count() == periods
    published = Offer.objects.filter(status=Offer.Status.PUBLISHED)
    for family, _label in Family.choices:
        assert published.filter(families__contains=[family]).exists(), family
    assert published.exclude(badge_level="").exists()
    assert Offer.objects.filter(member__slug="atelier-du-tourneur").exists()
