"""The demo shows every « done when » case of issue 17, and loading it twice changes nothing."""

import pytest

from community import demo as community_demo
from community.models import Recommendation, WalkRequest
from network import demo as network_demo
from places import demo as places_demo
from places.models import Exhibition, SchoolVisit, SpaceBooking
from training import demo as training_demo
from training.models import Document, Training
from workshops import demo as workshops_demo
from workshops.models import Booking

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def _counts():
    return [
        SpaceBooking.objects.count(),
        SchoolVisit.objects.count(),
        Exhibition.objects.count(),
        WalkRequest.objects.count(),
        Recommendation.objects.count(),
        Training.objects.count(),
        Document.objects.count(),
        Booking.objects.count(),
    ]


def _load():
    for module in (places_demo, community_demo, training_demo):
        module.load()


def test_demo_shows_each_case_and_is_idempotent():
    network_demo.load()
    workshops_demo.load()
    _load()
    counts = _counts()
    _load()
    assert _counts() == counts
    desk = SpaceBooking.objects.filter(
        space__slug="poste-coworking-1", status="confirmed", member__slug="atelier-du-tourneur"
    )
    assert desk.count() == 2
    assert SpaceBooking.objects.filter(requester="association", status="requested").exists()
    visit = SchoolVisit.objects.get()
    assert visit.group_request is not None and visit.group_request.workshop.slug == "une-matinee-au-rucher"
    assert (
        WalkRequest.objects.filter(status="accepted").exists()
        and WalkRequest.objects.filter(status="open").exists()
    )
    assert Recommendation.objects.filter(status="approved", workshop__slug="tourner-son-premier-bol").exists()
    assert Booking.objects.filter(
        session__workshop__slug="formation-photographier-ses-produits",
        email="artisan@maillage.demo",
        attendance="present",
    ).exists()
    assert Exhibition.objects.filter(member__slug="atelier-du-tourneur").exists()
