import datetime

import pytest
from django.utils import timezone

from tests.factories.workshops import SessionFactory, WorkshopFactory


@pytest.fixture
def workshop(member):
    return WorkshopFactory(member=member, title="Tourner un bol", slug="tourner-un-bol", min_age=8)


@pytest.fixture
def session(workshop):
    return SessionFactory(workshop=workshop, capacity=8)


@pytest.fixture
def other_workshop(other_member):
    return WorkshopFactory(member=other_member, title="Vannerie d'osier", slug="vannerie-osier")


@pytest.fixture
def other_session(other_workshop):
    return SessionFactory(workshop=other_workshop)


@pytest.fixture
def soon():
    return timezone.now() + datetime.timedelta(hours=3)


@pytest.fixture
def page_cache_on():
    """The anonymous page cache and shells on (off in the test settings), with an empty cache."""
    from django.core.cache import cache
    from django.test import override_settings

    cache.clear()
    with override_settings(PAGE_CACHE_ENABLED=True):
        yield
    cache.clear()


def get_ok(client, url):
    """GET ``url``, which must answer 200."""
    response = client.get(url)
    assert response.status_code == 200
    return response
