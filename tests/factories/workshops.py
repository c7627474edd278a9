"""factory_boy factories for the workshops app."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from tests.factories.network import CraftFactory, MemberFactory
from workshops.models import Booking, Session, Workshop


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Workshop

    member = factory.SubFactory(MemberFactory)
    slug = factory.Sequence(lambda n: f"atelier-{n}")
    title = factory.Sequence(lambda n: f'Tournage d\'un bol & <cuillère> "{n}"')
    craft = factory.SubFactory(CraftFactory)
    summary = "Deux heures au tour à bois pour repartir avec son bol."
    description = "Découverte du tour, des gouges et du hêtre de la forêt voisine."
    duration_minutes = 120
    price = Decimal("35.00")
    child_price = Decimal("20.00")
    min_participants = 2
    max_participants = 8
    languages = factory.LazyFunction(lambda: ["fr"])
    audiences = factory.LazyFunction(lambda: ["families", "adults"])
    commune = factory.LazyAttribute(lambda o: o.member.commune)
    latitude = factory.LazyAttribute(lambda o: o.member.latitude)
    longitude = factory.LazyAttribute(lambda o: o.member.longitude)


def _free_start(workshop) -> datetime.datetime:
    """A week from now on the hour, or the next day without a live session of that workshop
    (one live session per workshop and start is a database rule)."""
    start = (timezone.now() + datetime.timedelta(days=7)).replace(minute=0, second=0, microsecond=0)
    if workshop.pk is None:
        return start
    taken = set(
        Session.objects.filter(workshop=workshop).exclude(status="cancelled").values_list("start", flat=True)
    )
    while start in taken:
        start += datetime.timedelta(days=1)
    return start


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    workshop = factory.SubFactory(WorkshopFactory)
    start = factory.LazyAttribute(lambda o: _free_start(o.workshop))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(minutes=o.workshop.duration_minutes))
    capacity = 8
    go_no_go_at = factory.LazyAttribute(lambda o: o.start - datetime.timedelta(hours=48))


class BookingFactory(factory.django.DjangoModelFactory):
    """Direct rows for read-side tests; writes under test go through the services."""

    class Meta:
        model = Booking
        # The hook below rewrites the session's counter; the booking itself needs no second save.
        skip_postgeneration_save = True

    session = factory.SubFactory(SessionFactory)
    name = factory.Sequence(lambda n: f"Zoé O'Brien {n}")
    email = factory.Sequence(lambda n: f"visiteur{n}@example.org")
    party_size = 2
    price = Decimal("70.00")

    @factory.post_generation
    def sync_seats(self, create, extracted, **kwargs):
        if create:
            from workshops.services import _store_seats_booked

            _store_seats_booked(self.session)
