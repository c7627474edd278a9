from decimal import Decimal

import pytest

from shop.models import VatRate
from tests.factories.shop import CategoryFactory, ProductFactory


@pytest.fixture
def crafts_category(db):
    return CategoryFactory(name="Artisanat", slug="artisanat")


@pytest.fixture
def food_category(db):
    return CategoryFactory(name="Épicerie", slug="epicerie", default_vat_rate=VatRate.FOOD)


@pytest.fixture
def bowl(member, crafts_category):
    """Alice's turned bowl, 5 in stock."""
    return ProductFactory(
        member=member,
        category=crafts_category,
        name="Bol en hêtre",
        slug="bol-en-hetre",
        code="BOL-HETRE",
        barcode="3760000000017",
        price=Decimal("35.00"),
        stock=5,
    )


@pytest.fixture
def honey(other_member, food_category):
    """Bob's honey jar, 3 in stock, 5.5 % VAT."""
    return ProductFactory(
        member=other_member,
        category=food_category,
        name="Miel de montagne",
        slug="miel-de-montagne",
        code="MIEL-500",
        price=Decimal("9.90"),
        vat_rate=VatRate.FOOD,
        stock=3,
    )
