"""factory_boy factories for the places app (the Maison's spaces)."""

import datetime

import factory
from django.utils import timezone

from places.models import Space, SpaceBooking
from places.services import MORNING, slot_on


def next_weekday(weekday: int = 1, *, weeks: int = 1) -> datetime.date:
    """A date ``weeks`` weeks ahead falling on ``weekday`` (0 = Monday): always in the future."""
    today = timezone.localdate()
    return today + datetime.timedelta(days=(weekday - today.weekday()) % 7 + 7 * weeks)


class SpaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Space

    slug = factory.Sequence(lambda n: f"espace-{n}")
    name = factory.Sequence(lambda n: f"Poste de coworking {n}")
    kind = Space.Kind.DESK
    capacity = 1
    open_days = factory.LazyFunction(lambda: [0, 1, 2, 3, 4])
    opens_at = datetime.time(8, 30)
    closes_at = datetime.time(18, 0)


class SpaceBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpaceBooking

    space = factory.SubFactory(SpaceFactory)
    start = factory.LazyFunction(lambda: slot_on(day=next_weekday(), start=MORNING[0], end=MORNING[1])[0])
    end = factory.LazyFunction(lambda: slot_on(day=next_weekday(), start=MORNING[0], end=MORNING[1])[1])
    status = SpaceBooking.Status.REQUESTED
    requester = SpaceBooking.Requester.ASSOCIATION
    organisation = "Club des marcheurs"
    contact_name = "Hélène Bouvier"
    email = "marcheurs@example.org"
    headcount = 6
    purpose = "Assemblée générale"
