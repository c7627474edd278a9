"""Fixtures of the bad-input audit (the personas come from tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.factories.network import CharterVersionFactory, CraftFactory


@pytest.fixture
def charter(db):
    return CharterVersionFactory(number=1)


@pytest.fixture
def honey(db):
    return CraftFactory(name="Miel", slug="miel")
