"""Counter and web sell the last units at the same moment: the stock never goes below zero."""

import threading
from decimal import Decimal

import pytest
from django.db import connection

from shop import exceptions, services
from shop.models import Order, Sale
from shop.selectors import product_stock
from tests.factories.network import MemberFactory, StaffUserFactory
from tests.factories.shop import ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_counter_and_web_race_for_the_last_units_never_oversell():
    member = MemberFactory()
    staff = StaffUserFactory()
    jar = ProductFactory(member=member, price=Decimal("6.50"), stock=3)
    other = ProductFactory(member=member, price=Decimal("4.00"), stock=50)
    barrier = threading.Barrier(8)
    outcomes: list[str] = []
    lock = threading.Lock()

    def buy(index: int) -> None:
        try:
            barrier.wait()
            # Baskets list the products in both orders to provoke lock-order deadlocks.
            basket = {jar.pk: 1, other.pk: 1} if index % 2 else {other.pk: 1, jar.pk: 1}
            if index % 2:
                services.sale_create(quantities=basket, payment_method="cash", seller=staff)
            else:
                services.order_create(
                    basket=basket, name="Visiteur", email=f"v{index}@example.org", phone="0612345678"
                )
            result = "ok"
        except exceptions.OutOfStock:
            result = "out"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=buy, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ok"] * 3 + ["out"] * 5
    assert product_stock(product=jar) == 0
    assert product_stock(product=other) == 47
    assert Sale.objects.count() + Order.objects.count() == 3
