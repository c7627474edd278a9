"""Issue 11 point 4: VAT exemption (art. 293 B), statement VAT on totals per rate, the office's
commission as a service with its own VAT. Figures checked to the cent."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from network.models import Office
from shop import services
from shop.models import Sale, ShopSettings, Statement
from shop.services.statements import statement_compute
from tests.factories.shop import ProductFactory, sell_on

pytestmark = pytest.mark.django_db

MENTION = "TVA non applicable, art. 293 B du CGI"


def _main_office(*, registered: bool) -> Office:
    return Office.objects.create(
        name="Office de tourisme & <Vallée>",
        is_main=True,
        address="1 place de la Mairie",
        postcode="05000",
        city="Gap",
        siret="12345678900012",
        vat_number="FR12345678900" if registered else "",
        vat_exempt=not registered,
    )


def _last_month_day() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=10)


def _seven_tickets_of_32(product, staff_user) -> datetime.date:
    day = _last_month_day()
    for _ in range(7):
        sell_on(day, quantities={product.pk: 1}, seller=staff_user)
    return day.replace(day=1)


def test_vat_registered_member_and_office_to_the_cent(member, crafts_category, staff_user):
    ShopSettings.objects.update_or_create(pk=1, defaults={"commission_rate": Decimal("20.00")})
    _main_office(registered=True)
    product = ProductFactory(member=member, category=crafts_category, price=Decimal("32.00"), stock=10)
    period = _seven_tickets_of_32(product, staff_user)
    # Line by line: 7 × 5,33 = 37,31 €; on the total: 224 − 224/1,2 = 37,333 → 37,33 €.
    assert sum(
        line.vat_amount for line in Sale.objects.get(pk=Sale.objects.first().pk).lines.all()
    ) == Decimal("5.33")
    statement = services.statement_close(
        statement=services.statement_generate(member=member, period=period), actor=staff_user
    )
    assert statement.gross == Decimal("224.00")
    assert statement.vat == Decimal("37.33")
    assert statement.vat_by_rate == {"20.00": {"gross": "224.00", "vat": "37.33"}}
    assert statement.commission == Decimal("44.80")
    assert statement.commission_vat_rate == Decimal("20.00")
    assert statement.commission_vat == Decimal("8.96")
    assert statement.net_due == Decimal("170.24")
    statement.refresh_from_db()
    assert statement.net_due == Decimal("170.24")


def test_vat_exempt_member_and_exempt_office_to_the_cent(member, crafts_category, staff_user):
    ShopSettings.objects.update_or_create(pk=1, defaults={"commission_rate": Decimal("20.00")})
    _main_office(registered=False)
    member.vat_exempt = True
    member.save()
    product = ProductFactory(member=member, category=crafts_category, price=Decimal("32.00"), stock=10)
    assert product.is_vat_exempt and product.applicable_vat_rate == Decimal("0")
    period = _seven_tickets_of_32(product, staff_user)
    line = Sale.objects.first().lines.get()
    assert (line.vat_rate, line.vat_amount) == (Decimal("0"), Decimal("0"))
    statement = services.statement_close(
        statement=services.statement_generate(member=member, period=period), actor=staff_user
    )
    assert (statement.gross, statement.vat) == (Decimal("224.00"), Decimal("0.00"))
    assert statement.vat_by_rate == {"0.00": {"gross": "224.00", "vat": "0.00"}}
    assert (statement.commission, statement.commission_vat, statement.net_due) == (
        Decimal("44.80"),
        Decimal("0.00"),
        Decimal("179.20"),
    )


def test_exempt_product_of_a_registered_member(member, crafts_category, staff_user):
    product = ProductFactory(
        member=member, category=crafts_category, price=Decimal("10.00"), stock=3, vat_exempt=True
    )
    sale = services.sale_create(quantities={product.pk: 2}, payment_method="cash", seller=staff_user)
    assert (sale.total, sale.vat_total) == (Decimal("20.00"), Decimal("0.00"))


def test_close_month_uses_the_same_computation(member, crafts_category, staff_user):
    ShopSettings.objects.update_or_create(pk=1, defaults={"commission_rate": Decimal("20.00")})
    _main_office(registered=True)
    product = ProductFactory(member=member, category=crafts_category, price=Decimal("32.00"), stock=10)
    period = _seven_tickets_of_32(product, staff_user)
    [statement] = services.statement_close_month(period=period, actor=staff_user)
    statement.refresh_from_db()
    assert (statement.vat, statement.commission_vat, statement.net_due) == (
        Decimal("37.33"),
        Decimal("8.96"),
        Decimal("170.24"),
    )


def test_statement_compute_accepts_rows_from_other_apps(member):
    """Another app (workshop seats) adds rows of its own: one function computes everything."""
    statement = Statement(member=member, period=_last_month_day().replace(day=1))
    lines = statement_compute(
        statement=statement,
        rows=[
            {
                "product_id": None,
                "name": "Places d'atelier",
                "quantity": 4,
                "vat_rate": "20.00",
                "gross": Decimal("120.00"),
                "commission": Decimal("24.00"),
            },
            {
                "product_id": None,
                "name": "Confiture",
                "quantity": 2,
                "vat_rate": "5.50",
                "gross": Decimal("10.55"),
                "commission": Decimal("2.11"),
            },
        ],
        commission_vat_rate=Decimal("20.00"),
    )
    assert len(lines) == 2
    assert statement.vat_by_rate == {
        "5.50": {"gross": "10.55", "vat": "0.55"},
        "20.00": {"gross": "120.00", "vat": "20.00"},
    }
    assert (statement.gross, statement.vat, statement.commission, statement.commission_vat) == (
        Decimal("130.55"),
        Decimal("20.55"),
        Decimal("26.11"),
        Decimal("5.22"),
    )
    assert statement.net_due == Decimal("99.22")


def test_closed_statement_freezes_the_new_figures(member, crafts_category, staff_user):
    product = ProductFactory(member=member, category=crafts_category, price=Decimal("32.00"), stock=10)
    period = _seven_tickets_of_32(product, staff_user)
    statement = services.statement_close(
        statement=services.statement_generate(member=member, period=period), actor=staff_user
    )
    with transaction.atomic(), pytest.raises(Exception, match="closed statement"):
        Statement.objects.filter(pk=statement.pk).update(commission_vat=Decimal("1.00"))
    with transaction.atomic(), pytest.raises(Exception, match="closed statement"):
        Statement.objects.filter(pk=statement.pk).update(vat_by_rate={})


def test_mentions_on_product_pages_and_statement_page(
    member, crafts_category, staff_user, staff_client, visitor
):
    member.vat_exempt = True
    member.save()
    product = ProductFactory(member=member, category=crafts_category, price=Decimal("32.00"), stock=10)
    assert MENTION in visitor.get(product.get_absolute_url()).content.decode()
    period = _seven_tickets_of_32(product, staff_user)
    services.statement_generate(member=member, period=period)
    page = staff_client.get(
        reverse("shop_staff:statement_detail", kwargs={"member": member.slug, "period": f"{period:%Y-%m}"})
    ).content.decode()
    assert MENTION in page


# --- Issue 11 point 5: statements people can file ------------------------------------------


def _pdf_text(content: bytes) -> str:
    import io

    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_statement_pdf_carries_everything_and_prints_names_as_text(
    member, crafts_category, staff_user, staff_client, member_client
):
    from shop.models import StockMovement

    ShopSettings.objects.update_or_create(pk=1, defaults={"commission_rate": Decimal("20.00")})
    _main_office(registered=True)
    member.name = "A <b>gras & Cie"
    member.siret = "98765432100017"
    member.vat_number = "FR98765432100"
    member.address = "3 rue du Four"
    member.save()
    product = ProductFactory(
        member=member, category=crafts_category, name="Bol <script>&", price=Decimal("32.00"), stock=10
    )
    StockMovement.objects.filter(product=product).update(
        created_at=timezone.now() - datetime.timedelta(days=70)
    )
    period = _seven_tickets_of_32(product, staff_user)
    StockMovement.objects.filter(product=product, kind="sale").update(
        created_at=timezone.make_aware(datetime.datetime.combine(_last_month_day(), datetime.time(11)))
    )
    statement = services.statement_close(
        statement=services.statement_generate(member=member, period=period), actor=staff_user
    )
    services.statement_mark_paid(statement=statement, actor=staff_user, method="cheque")
    month = f"{period:%Y-%m}"
    response = staff_client.get(reverse("shop_staff:statement_pdf", args=[member.slug, month]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    for expected in (
        "A <b>gras & Cie",
        "Bol <script>&",
        "Office de tourisme & <Vallée>",
        "12345678900012",
        "98765432100017",
        "FR98765432100",
        "FR12345678900",
        f"n° {statement.number}",
        f"01/{period:%m/%Y}",
        "20,00 %",
        "37,33",
        "8,96",
        "170,24",
        "chèque",
        "Rapprochement du stock",
    ):
        assert expected in text, expected
    # Stock: opening 10, sold 7, closing 3.
    assert "−7" in text
    assert member_client.get(reverse("shop_portal:statement_pdf", args=[month])).status_code == 200


def test_statement_numbers_increase_with_time(member, other_member, crafts_category, staff_user):
    first = ProductFactory(member=member, category=crafts_category, stock=5)
    second = ProductFactory(member=other_member, category=crafts_category, stock=5)
    day = _last_month_day()
    for product in (first, second):
        sell_on(day, quantities={product.pk: 1}, seller=staff_user)
    a = services.statement_close(
        statement=services.statement_generate(member=member, period=day), actor=staff_user
    )
    b = services.statement_close(
        statement=services.statement_generate(member=other_member, period=day), actor=staff_user
    )
    assert b.number > a.number and b.closed_at >= a.closed_at


def test_stock_reconciliation_balances(member, crafts_category, staff_user):
    from shop.models import StockMovement
    from shop.selectors import statement_stock_reconciliation

    product = ProductFactory(member=member, category=crafts_category, stock=10)
    services.sale_create(quantities={product.pk: 3}, payment_method="card", seller=staff_user)
    services.stock_adjust(product=product, actor=staff_user, kind=StockMovement.Kind.WRITE_OFF, quantity=1)
    statement = Statement(member=member, period=timezone.localdate().replace(day=1))
    [row] = statement_stock_reconciliation(statement=statement)
    assert (row["opening"], row["deposited"], row["sold"], row["withdrawn"], row["closing"]) == (
        0,
        10,
        3,
        1,
        6,
    )
