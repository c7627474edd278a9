import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from tests.factories.shop import CategoryFactory, ProductFactory
from tests.factories.workshops import SessionFactory, WorkshopFactory


@pytest.fixture
def workshop(member):
    """Alice's wood-turning workshop: 35 € an adult, 20 € a child, up to 8 people."""
    return WorkshopFactory(
        member=member,
        title="Tourner un bol",
        slug="tourner-un-bol",
        price=Decimal("35.00"),
        child_price=Decimal("20.00"),
        max_participants=8,
    )


@pytest.fixture
def session(workshop):
    start = (timezone.now() + datetime.timedelta(days=5)).replace(minute=0, second=0, microsecond=0)
    return SessionFactory(workshop=workshop, start=start, capacity=6)


@pytest.fixture
def other_session(other_member):
    workshop = WorkshopFactory(
        member=other_member,
        title="Visite du rucher",
        slug="visite-du-rucher",
        price=Decimal("15.00"),
        child_price=None,
    )
    start = (timezone.now() + datetime.timedelta(days=6)).replace(minute=0, second=0, microsecond=0)
    return SessionFactory(workshop=workshop, start=start, capacity=10)


@pytest.fixture
def honey(other_member):
    """Bob's honey: 9,90 €, 3 in stock."""
    return ProductFactory(
        member=other_member,
        category=CategoryFactory(name="Épicerie", slug="epicerie"),
        name="Miel de montagne",
        slug="miel-de-montagne",
        price=Decimal("9.90"),
        stock=3,
    )
