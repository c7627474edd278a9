import pytest

from network import demo as network_demo
from offers import demo
from offers.models import Family, Offer, OpeningPeriod
from offers.selectors import offer_member_suggestions

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


def test_demo_imported_offer_suggests_its_member_and_reload_keeps_the_link():
    network_demo.load()
    demo.load()
    offer = Offer.objects.get(source="apidae", external_id="demo-apidae-7001")
    assert [m.slug for m in offer_member_suggestions(offer)] == ["rucher-des-cimes"]
    Offer.objects.filter(pk=offer.pk).update(member=offer_member_suggestions(offer)[0])
    demo.load()
    assert Offer.objects.get(pk=offer.pk).member.slug == "rucher-des-cimes"
