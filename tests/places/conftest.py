import pytest
from django.utils import translation

from places.models import Space
from tests.factories.places import SpaceFactory, next_weekday


@pytest.fixture
def desk(db):
    return SpaceFactory(slug="poste-fenetre", name="Poste fenêtre", members_only=True)


@pytest.fixture
def room(db):
    return SpaceFactory(slug="salle-grand-som", name="Salle du Grand Som", kind=Space.Kind.ROOM, capacity=14)


@pytest.fixture
def tuesday():
    return next_weekday(1)


@pytest.fixture(autouse=True)
def french():
    """Service messages are formatted in the active language: the tests read them in French."""
    with translation.override("fr"):
        yield
