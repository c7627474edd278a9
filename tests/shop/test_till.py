"""Issue 15: a till French tax rules accept — against the real database."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.utils import timezone

from shop import exceptions, services
from shop.models import (
    CashMovement,
    DailyClosing,
    JournalEntry,
    PeriodClosing,
    Sale,
    SaleLine,
    SalePayment,
    StockMovement,
    Till,
    TillSession,
)
from shop.selectors import product_stock
from shop.services import signing
from shop.services.journal import journal_append, journal_verify
from tests.factories.shop import sell_on

pytestmark = pytest.mark.django_db


@pytest.fixture
def signing_key(settings, tmp_path):
    settings.SHOP_SIGNING_KEY_PATH = tmp_path / "keys" / "till.pem"
    return signing.key_generate()


def _events(name: str) -> list[dict]:
    return [
        e.payload
        for e in JournalEntry.objects.filter(kind=JournalEntry.Kind.EVENT).order_by("sequence")
        if e.payload["event"] == name
    ]


# --- Sales as they happen at a counter ---------------------------------------------------------


def test_split_payment_with_line_and_ticket_discounts(bowl, honey, staff_user):
    # bowl 2 × 35,00 = 70,00 − 5,00 line discount; honey 9,90; ticket discount 4,90
    sale = services.sale_create(
        quantities={bowl.pk: 2, honey.pk: 1},
        seller=staff_user,
        line_discounts={bowl.pk: Decimal("5.00")},
        ticket_discount=Decimal("4.90"),
        discount_reason="Fidélité",
        payments=[("card", Decimal("50.00")), ("cash", Decimal("10.00")), ("voucher", Decimal("10.00"))],
        cash_tendered=Decimal("20.00"),
    )
    assert sale.total == Decimal("70.00")
    assert sale.discount_total == Decimal("9.90")
    assert sale.payment_method == "split"
    assert (sale.cash_tendered, sale.change_given) == (Decimal("20.00"), Decimal("10.00"))
    lines = {line.product_id: line for line in sale.lines.all()}
    # 4,90 spread in proportion to 65,00 and 9,90: 4,25 and 0,65
    assert (lines[bowl.pk].discount, lines[bowl.pk].total) == (Decimal("9.25"), Decimal("60.75"))
    assert (lines[honey.pk].discount, lines[honey.pk].total) == (Decimal("0.65"), Decimal("9.25"))
    assert sorted((p.method, p.amount) for p in sale.payments.all()) == [
        ("card", Decimal("50.00")),
        ("cash", Decimal("10.00")),
        ("voucher", Decimal("10.00")),
    ]
    payload = JournalEntry.objects.get(kind="sale").payload
    assert payload["discount_reason"] == "Fidélité" and len(payload["payments"]) == 3
    assert payload["till"] == "OT" and payload["number"] == 1


def test_payments_must_make_the_total_and_discounts_need_a_reason(bowl, staff_user):
    with pytest.raises(exceptions.PaymentMismatch, match="ne font pas le total"):
        services.sale_create(
            quantities={bowl.pk: 1}, seller=staff_user, payments=[("card", "20.00"), ("cash", "10.00")]
        )
    with pytest.raises(exceptions.DiscountReasonRequired):
        services.sale_create(
            quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user, ticket_discount=Decimal("1")
        )
    with pytest.raises(exceptions.InvalidDiscount):
        services.sale_create(
            quantities={bowl.pk: 1},
            payment_method="cash",
            seller=staff_user,
            line_discounts={bowl.pk: Decimal("36")},
            discount_reason="x",
        )
    with pytest.raises(exceptions.CashShort):
        services.sale_create(
            quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user, cash_tendered=Decimal("20")
        )
    assert not Sale.objects.exists() and product_stock(product=bowl) == 5


def test_each_till_numbers_its_own_tickets(bowl, staff_user):
    office = services.till_default()
    antenna = Till.objects.create(code="ANT", name="Antenne du Champsaur")
    numbers = [
        (s.till.code, s.number)
        for s in (
            services.sale_create(quantities={bowl.pk: 1}, payment_method="card", seller=staff_user),
            services.sale_create(
                quantities={bowl.pk: 1}, payment_method="card", seller=staff_user, till=antenna
            ),
            services.sale_create(
                quantities={bowl.pk: 1}, payment_method="card", seller=staff_user, till=office
            ),
        )
    ]
    assert numbers == [("OT", 1), ("ANT", 1), ("OT", 2)]
    assert Sale.objects.get(till=antenna).ticket_number == "ANT-000001"


def test_return_one_line_flows_into_stock_and_statement(bowl, honey, member, staff_user):
    sale = services.sale_create(
        quantities={bowl.pk: 2, honey.pk: 1}, payment_method="card", seller=staff_user
    )
    line = sale.lines.get(product=bowl)
    ret = services.sale_return(
        sale=sale, actor=staff_user, reason="Fêlé", quantities={line.pk: 1}, refund_method="card"
    )
    assert ret.kind == "return" and ret.total == Decimal("-35.00") and ret.returned_sale == sale
    assert product_stock(product=bowl) == 5 - 2 + 1 and product_stock(product=honey) == 2
    assert [(p.method, p.amount) for p in ret.payments.all()] == [("card", Decimal("-35.00"))]
    with pytest.raises(exceptions.ReturnTooLarge, match="1 unité"):
        services.sale_return(sale=sale, actor=staff_user, reason="Encore", quantities={line.pk: 2})
    with pytest.raises(exceptions.InvalidState):
        services.sale_reverse(sale=sale, actor=staff_user, reason="Tout annuler")
    statement = services.statement_generate(member=member, period=timezone.localdate())
    assert statement.gross == Decimal("35.00")
    assert JournalEntry.objects.filter(kind="return").count() == 1


def test_exchange_uses_the_credit_and_charges_the_difference(bowl, honey, staff_user):
    sale = services.sale_create(quantities={honey.pk: 2}, payment_method="cash", seller=staff_user)
    credit_return, new_sale = services.sale_exchange(
        sale=sale,
        actor=staff_user,
        reason="Échange",
        return_quantities={sale.lines.get().pk: 2},
        new_quantities={bowl.pk: 1},
        payment_method="card",
    )
    assert credit_return.total == Decimal("-19.80")
    assert sorted((p.method, p.amount) for p in new_sale.payments.all()) == [
        ("card", Decimal("15.20")),
        ("credit", Decimal("19.80")),
    ]
    assert product_stock(product=honey) == 3 and product_stock(product=bowl) == 4


# --- Cash control ---------------------------------------------------------------------------


def test_session_float_cash_in_out_counted_and_difference(bowl, staff_user):
    till = services.till_default()
    session = services.till_session_open(till=till, actor=staff_user, opening_float="100,00")
    with pytest.raises(exceptions.SessionAlreadyOpen):
        services.till_session_open(till=till, actor=staff_user, opening_float="10")
    services.sale_create(
        quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user, cash_tendered=Decimal("50")
    )
    services.cash_movement_record(session=session, actor=staff_user, kind="in", amount="10", reason="Monnaie")
    services.cash_movement_record(session=session, actor=staff_user, kind="out", amount="5", reason="Timbres")
    with pytest.raises(exceptions.ReasonRequired):
        services.cash_movement_record(session=session, actor=staff_user, kind="out", amount="5", reason=" ")
    session = services.till_session_close(session=session, actor=staff_user, counted_cash="139,50")
    assert (session.expected_cash, session.counted_cash, session.difference) == (
        Decimal("140.00"),
        Decimal("139.50"),
        Decimal("-0.50"),
    )
    assert [
        e["event"] for e in JournalEntry.objects.filter(kind="event").values_list("payload", flat=True)
    ] == [
        "session_open",
        "cash_movement",
        "cash_movement",
        "session_close",
    ]
    with transaction.atomic(), pytest.raises(Exception, match="closed once"):
        TillSession.objects.filter(pk=session.pk).update(counted_cash=Decimal("140"))


# --- Closings and grand totals -------------------------------------------------------------


def test_daily_monthly_yearly_closings_with_perpetual_grand_totals(bowl, honey, staff_user, signing_key):
    today = timezone.localdate()
    last_year = today.year - 1
    sell_on(datetime.date(last_year, 3, 4), quantities={bowl.pk: 1}, seller=staff_user)
    sell_on(datetime.date(last_year, 3, 5), quantities={honey.pk: 1}, seller=staff_user)
    sale = sell_on(datetime.date(last_year, 11, 20), quantities={bowl.pk: 1}, seller=staff_user)
    with pytest.MonkeyPatch.context() as mp:
        moment = timezone.make_aware(datetime.datetime(last_year, 11, 21, 10))
        mp.setattr("django.utils.timezone.now", lambda: moment)
        services.sale_reverse(sale=sale, actor=staff_user, reason="Erreur")
    year = services.closing_year(year=last_year, actor=staff_user)
    assert year.total == Decimal("44.90") and year.tickets == 3
    assert year.grand_total == Decimal("44.90") and year.grand_total_abs == Decimal("114.90")
    assert PeriodClosing.objects.filter(kind="month").count() == 2
    assert DailyClosing.objects.count() == 4
    assert services.closing_year(year=last_year, actor=staff_user) == year  # idempotent
    services.sale_create(quantities={bowl.pk: 1}, payment_method="card", seller=staff_user)
    day = services.closing_create(day=today, actor=staff_user)
    assert day.grand_total == Decimal("79.90") == sum(Sale.objects.values_list("total", flat=True))
    assert day.totals["by_vat_rate"]["20.00"]["ht"] == "29.17"
    public = signing.public_key_pem()
    entry = JournalEntry.objects.get(sequence=day.journal_sequence)
    assert signing.verify(entry.hash.encode(), day.signature, public)
    assert signing.verify(
        JournalEntry.objects.get(sequence=year.journal_sequence).hash.encode(), year.signature, public
    )
    with pytest.raises(exceptions.PeriodNotClosable):
        services.closing_month(month=today, actor=staff_user)
    assert journal_verify().ok


@pytest.mark.parametrize(
    "table",
    ["shop_sale", "shop_saleline", "shop_salepayment", "shop_dailyclosing", "shop_journalentry"],
)
def test_nothing_can_be_changed_or_deleted(bowl, staff_user, table):
    services.sale_create(quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user)
    services.closing_create(day=timezone.localdate(), actor=staff_user)
    column = {"shop_journalentry": "payload", "shop_dailyclosing": "totals"}.get(table)
    for sql in (
        f"UPDATE {table} SET {column} = '{{}}'::jsonb" if column else f"UPDATE {table} SET id = id",
        f"DELETE FROM {table}",
    ):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)


def test_a_ticket_accepts_only_its_customer_email_blanked(bowl, staff_user):
    """GDPR erase (migration 0008): the e-mail may go, to '' only; nothing else may change, not
    even together with it, and a ticket can still not be deleted."""
    sale = services.sale_create(
        quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user, customer_email="lea@example.org"
    )
    for sql in (
        "UPDATE shop_sale SET customer_email = 'autre@example.org'",
        "UPDATE shop_sale SET customer_email = '', total = total + 1",
        "UPDATE shop_sale SET customer_email = '', reason = 'effacé'",
        "DELETE FROM shop_sale",
    ):
        with pytest.raises(Exception, match="append-only"), transaction.atomic(), connection.cursor() as cur:
            cur.execute(sql)
    assert Sale.objects.filter(pk=sale.pk).update(customer_email="") == 1
    sale.refresh_from_db()
    assert sale.customer_email == "" and sale.total == bowl.price
    with pytest.raises(Exception, match="append-only"), transaction.atomic():
        Sale.objects.filter(pk=sale.pk).update(customer_email="")  # already blank: nothing to erase


def test_period_closings_and_cash_movements_cannot_change(bowl, staff_user):
    session = services.till_session_open(till=services.till_default(), actor=staff_user, opening_float="0")
    services.cash_movement_record(session=session, actor=staff_user, kind="in", amount="5", reason="Fond")
    sell_on(
        timezone.localdate().replace(day=1) - datetime.timedelta(days=3),
        quantities={bowl.pk: 1},
        seller=staff_user,
    )
    month = services.closing_month(
        month=timezone.localdate().replace(day=1) - datetime.timedelta(days=3), actor=staff_user
    )
    for model, pk in ((PeriodClosing, month.pk), (CashMovement, CashMovement.objects.get().pk)):
        with transaction.atomic(), pytest.raises(Exception, match="append-only"):
            model.objects.filter(pk=pk).update(id=pk)
        with transaction.atomic(), pytest.raises(Exception, match="append-only"):
            model.objects.filter(pk=pk).delete()
    assert SalePayment.objects.count() == 1 and SaleLine.objects.count() == 1


# --- verify_journal ------------------------------------------------------------------------


def _attack(sql: str, *params) -> None:
    """What someone with database rights could do: switch the trigger off and edit."""
    with connection.cursor() as cur:
        cur.execute("ALTER TABLE shop_journalentry DISABLE TRIGGER shop_journal_append_only")
        cur.execute(sql, params)
        cur.execute("ALTER TABLE shop_journalentry ENABLE TRIGGER shop_journal_append_only")


def _three_sales(bowl, staff_user):
    for _ in range(3):
        services.sale_create(quantities={bowl.pk: 1}, payment_method="card", seller=staff_user)


def test_verify_names_a_reordered_row(bowl, staff_user):
    _three_sales(bowl, staff_user)
    _attack("UPDATE shop_journalentry SET sequence = sequence + 100 WHERE sequence IN (2, 3)")
    _attack("UPDATE shop_journalentry SET sequence = 2 WHERE sequence = 103")
    _attack("UPDATE shop_journalentry SET sequence = 3 WHERE sequence = 102")
    check = journal_verify()
    assert (check.broken_sequence, check.problem) == (2, "link")
    with pytest.raises(CommandError, match="écriture n° 2"):
        call_command("verify_journal")


def test_verify_names_a_tampered_and_a_deleted_row(bowl, staff_user):
    _three_sales(bowl, staff_user)
    _attack(
        "UPDATE shop_journalentry SET payload = jsonb_set(payload, '{total}', '\"1.00\"') WHERE sequence = 2"
    )
    assert (journal_verify().broken_sequence, journal_verify().problem) == (2, "hash")


def test_verify_names_a_deleted_row(bowl, staff_user):
    _three_sales(bowl, staff_user)
    _attack("DELETE FROM shop_journalentry WHERE sequence = 2")
    assert (journal_verify().broken_sequence, journal_verify().problem) == (2, "missing")


def test_verify_names_a_forged_closing_even_correctly_chained(bowl, staff_user):
    _three_sales(bowl, staff_user)
    closing = services.closing_create(day=timezone.localdate(), actor=staff_user)
    assert journal_verify().ok
    forged = dict(closing.totals, total="70.00")
    entry = journal_append(kind=JournalEntry.Kind.CLOSING, payload={"closing": forged})
    check = journal_verify()
    assert (check.broken_sequence, check.problem) == (entry.sequence, "closing")
    assert "clôture falsifiée" in check.message


# --- JET: technical events -------------------------------------------------------------------


def test_price_and_vat_changes_are_journalled(bowl, staff_user):
    services.product_update(
        product=bowl, actor=staff_user, data={"price": Decimal("39.00"), "vat_rate": "10.00"}
    )
    [event] = _events("config_change")
    assert event["object"] == "product" and event["code"] == "BOL-HETRE"
    assert event["changes"] == {"price": ["35.00", "39.00"], "vat_rate": ["20.00", "10.00"]}
    services.product_update(product=bowl, actor=staff_user, data={"description": "Autre texte"})
    assert len(_events("config_change")) == 1


def test_stock_after_return_and_reversal_in_the_ledger(bowl, staff_user):
    sale = services.sale_create(quantities={bowl.pk: 2}, payment_method="card", seller=staff_user)
    services.sale_return(sale=sale, actor=staff_user, reason="Ébréché", quantities={sale.lines.get().pk: 1})
    assert list(
        StockMovement.objects.filter(product=bowl).order_by("id").values_list("kind", "quantity")
    ) == [("deposit", 5), ("sale", -2), ("sale_reversal", 1)]


def test_a_reprint_shows_duplicata_numbered_and_journalled(bowl, staff_user, staff_client):
    from django.urls import reverse

    sale = services.sale_create(quantities={bowl.pk: 1}, payment_method="card", seller=staff_user)
    url = reverse("shop_staff:receipt_reprint", args=[sale.reference])
    first = staff_client.post(url, follow=True).content.decode()
    second = staff_client.post(url, follow=True).content.decode()
    assert "DUPLICATA n° 1" in first and "DUPLICATA n° 2" in second
    assert len(_events("reprint")) == 2
    assert journal_verify().ok


def test_demo_z_closings_carry_the_grand_total_of_every_ticket_so_far(settings, tmp_path):
    import io

    settings.SHOP_SIGNING_KEY_PATH = tmp_path / "keys" / "till.pem"
    call_command("load_demo", stdout=io.StringIO())
    last = DailyClosing.objects.order_by("-day").first()
    tickets = Sale.objects.filter(sold_on__lte=last.day)
    assert tickets.count() > 100
    assert last.grand_total == sum(tickets.values_list("total", flat=True))
    assert journal_verify().ok
