import pytest


@pytest.fixture(autouse=True)
def french():
    from django.utils import translation

    with translation.override("fr"):
        yield
