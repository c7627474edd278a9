"""Members' exhibitions in the exhibition space: shown on the house's page and the member's page,
never two at once in one space."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from places.models import Exhibition, Space
from tests.factories.places import SpaceFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def exhibition_space(db):
    return SpaceFactory(
        slug="exposition", name="Espace d'exposition", kind=Space.Kind.EXHIBITION, capacity=40
    )


def test_exhibition_shows_on_the_house_and_member_pages(visitor, exhibition_space, member):
    today = timezone.localdate()
    Exhibition.objects.create(
        space=exhibition_space,
        member=member,
        title="Bois tournés",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=20),
    )
    Exhibition.objects.create(
        space=exhibition_space,
        member=member,
        title="Ancienne expo",
        starts_on=today - datetime.timedelta(days=60),
        ends_on=today - datetime.timedelta(days=30),
    )
    house = visitor.get(reverse("places:space_list")).content.decode()
    assert "Bois tournés" in house and "Ancienne expo" not in house
    page = visitor.get(member.get_absolute_url()).content.decode()
    assert "Exposition à la Maison de l" in page and "Bois tournés" in page


def test_two_published_exhibitions_cannot_overlap_in_one_space(exhibition_space, member, other_member):
    today = timezone.localdate()
    Exhibition.objects.create(
        space=exhibition_space,
        member=member,
        title="A",
        starts_on=today,
        ends_on=today + datetime.timedelta(days=10),
    )
    with pytest.raises(IntegrityError, match="exhibition_no_overlap"), transaction.atomic():
        Exhibition.objects.create(
            space=exhibition_space,
            member=other_member,
            title="B",
            starts_on=today + datetime.timedelta(days=10),
            ends_on=today + datetime.timedelta(days=20),
        )
    # The day after is free; an unpublished draft may overlap.
    Exhibition.objects.create(
        space=exhibition_space,
        member=other_member,
        title="C",
        starts_on=today + datetime.timedelta(days=11),
        ends_on=today + datetime.timedelta(days=20),
    )
    Exhibition.objects.create(
        space=exhibition_space,
        member=other_member,
        title="Brouillon",
        starts_on=today,
        ends_on=today,
        is_published=False,
    )
