import pytest

from tests.factories.community import CharterFactory, EclaireurFactory


@pytest.fixture
def charter(db):
    return CharterFactory()


@pytest.fixture
def greeter(antenna, commune, charter):
    return EclaireurFactory(
        first_name="Marie",
        email="marie@example.org",
        phone="06 11 22 33 44",
        commune=commune,
        antennas=[antenna],
    )


@pytest.fixture
def other_greeter(antenna, commune, charter):
    return EclaireurFactory(
        first_name="Lucas", email="lucas@example.org", commune=commune, antennas=[antenna]
    )


@pytest.fixture(autouse=True)
def french():
    """Messages are formatted in the active language: the tests read them in French."""
    from django.utils import translation

    with translation.override("fr"):
        yield
