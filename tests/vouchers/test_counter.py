"""Gift vouchers at the counter: the till's « bon cadeau » tender and the desk stay checkout spend
the voucher in the sale's transaction; a refused voucher leaves no ticket and the journal verifies."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from pages.exceptions import StayError
from pages.services import stay_checkout
from shop import services as shop_services
from shop.exceptions import TenderRefused
from shop.models import JournalEntry, Sale
from shop.selectors import product_stock
from tests.factories.shop import ProductFactory
from tests.factories.vouchers import issued_voucher
from vouchers.models import Movement

pytestmark = pytest.mark.django_db


@pytest.fixture
def bowl():
    return ProductFactory(price=Decimal("35.00"), stock=5)


def test_a_split_ticket_spends_the_voucher_part_and_the_journal_verifies(bowl, staff_user):
    voucher = issued_voucher("50.00")
    sale = shop_services.sale_create(
        quantities={bowl.pk: 1},
        payments=[("card", Decimal("15.00")), ("voucher", Decimal("20.00"))],
        seller=staff_user,
        voucher_code=voucher.display_code,
    )
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("30.00")
    spent = voucher.movements.get(kind=Movement.Kind.REDEEM)
    assert spent.amount == Decimal("-20.00") and spent.reference == f"ticket:{sale.reference}"
    assert spent.actor == staff_user
    assert shop_services.journal_verify().ok


def test_a_voucher_too_small_refuses_the_whole_ticket(bowl, staff_user):
    voucher = issued_voucher("10.00")
    entries = JournalEntry.objects.count()
    with pytest.raises(TenderRefused) as exc:
        shop_services.sale_create(
            quantities={bowl.pk: 1}, payment_method="voucher", seller=staff_user, voucher_code=voucher.code
        )
    assert "solde" in str(exc.value)
    assert not Sale.objects.exists() and JournalEntry.objects.count() == entries
    assert product_stock(product=bowl) == 5
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("10.00")
    assert shop_services.journal_verify().ok


def test_the_counter_asks_for_the_code_then_spends_the_voucher(staff_client, bowl):
    voucher = issued_voucher("50.00")
    staff_client.post(reverse("shop_staff:counter_line"), {"product": bowl.pk, "quantity": "1"})
    url = reverse("shop_staff:counter_checkout")
    response = staff_client.post(url, {"payment_method": "voucher"}, HTTP_HX_REQUEST="true")
    assert "indiquez le code pour encaisser" in response.text and not Sale.objects.exists()
    bad = staff_client.post(
        url, {"payment_method": "voucher", "voucher_code": "ZZZZ-ZZZZ-ZZZZ-ZZ"}, HTTP_HX_REQUEST="true"
    )
    assert "inconnu" in bad.text and not Sale.objects.exists()
    response = staff_client.post(url, {"payment_method": "voucher", "voucher_code": voucher.code})
    sale = Sale.objects.get()
    assert response["Location"] == reverse("shop_staff:receipt", args=[sale.reference])
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("15.00")


def test_the_desk_stay_sells_products_paid_by_voucher(staff_user, bowl):
    voucher = issued_voucher("50.00")
    result = stay_checkout(
        idempotency_key=uuid.uuid4(),
        seats=[],
        products={bowl.pk: 1},
        name="Léa Martin",
        email="lea@example.org",
        desk=True,
        payment_method="voucher",
        actor=staff_user,
        voucher_code=voucher.code,
    )
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("15.00") and result.sale_reference
    spent = issued_voucher("5.00")
    with pytest.raises(StayError) as exc:
        stay_checkout(
            idempotency_key=uuid.uuid4(),
            seats=[],
            products={bowl.pk: 1},
            name="Léa Martin",
            email="lea@example.org",
            desk=True,
            payment_method="voucher",
            actor=staff_user,
            voucher_code=spent.code,
        )
    assert exc.value.line == "voucher" and Sale.objects.count() == 1


def test_a_reversed_or_returned_voucher_ticket_gives_the_voucher_back_its_share(bowl, staff_user):
    voucher = issued_voucher("100.00")
    sale = shop_services.sale_create(
        quantities={bowl.pk: 2},
        payments=[("card", Decimal("20.00")), ("voucher", Decimal("50.00"))],
        seller=staff_user,
        voucher_code=voucher.code,
    )
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("50.00")
    line = sale.lines.get()
    shop_services.sale_return(
        sale=sale, actor=staff_user, reason="bol fêlé", quantities={line.pk: 1}, refund_method="voucher"
    )
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("85.00")  # 35 € back to the voucher, never more than it paid
    again = shop_services.sale_create(
        quantities={bowl.pk: 1}, payment_method="voucher", seller=staff_user, voucher_code=voucher.code
    )
    shop_services.sale_reverse(sale=again, actor=staff_user, reason="erreur de caisse")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("85.00")
    assert voucher.movements.filter(kind=Movement.Kind.RECREDIT, actor=staff_user).count() == 2
    assert shop_services.journal_verify().ok
