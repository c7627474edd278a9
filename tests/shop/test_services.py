import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from shop import exceptions, services
from shop.models import (
    DailyClosing,
    JournalEntry,
    Order,
    Sale,
    SaleLine,
    ShopSettings,
    Statement,
    StockAlert,
    StockMovement,
    VatRate,
)
from shop.selectors import product_stock
from shop.services.common import vat_included
from tests.factories.shop import ProductFactory, sell_on

pytestmark = pytest.mark.django_db


def test_stock_is_the_sum_of_the_ledger(bowl, staff_user):
    services.stock_adjust(product=bowl, actor=staff_user, kind=StockMovement.Kind.WRITE_OFF, quantity=1)
    services.stock_adjust(
        product=bowl,
        actor=staff_user,
        kind=StockMovement.Kind.CORRECTION,
        quantity=2,
        reason="Inventaire de fin de mois",
    )
    services.sale_create(quantities={bowl.pk: 3}, payment_method="cash", seller=staff_user)
    assert product_stock(product=bowl) == 5 - 1 + 2 - 3
    assert StockMovement.objects.filter(product=bowl).count() == 4


def test_deposit_request_then_receive_moves_stock_once(member, member_user, staff_user, bowl):
    slip = services.deposit_request(member=member, actor=member_user, quantities={bowl.pk: "4"})
    assert product_stock(product=bowl) == 5
    services.deposit_receive(slip=slip, actor=staff_user, received={bowl.pk: 3})
    services.deposit_receive(slip=slip, actor=staff_user, received={bowl.pk: 3})
    assert product_stock(product=bowl) == 8
    assert slip.lines.get().quantity_received == 3


def test_deposit_request_refuses_another_members_product(member, member_user, honey):
    with pytest.raises(exceptions.ShopError):
        services.deposit_request(member=member, actor=member_user, quantities={honey.pk: 2})


def test_sale_create_rejects_more_than_the_stock_and_changes_nothing(bowl, staff_user):
    with pytest.raises(exceptions.OutOfStock) as error:
        services.sale_create(quantities={bowl.pk: 6}, payment_method="card", seller=staff_user)
    assert "5 disponible" in str(error.value)
    assert Sale.objects.count() == 0
    assert product_stock(product=bowl) == 5


@pytest.mark.parametrize("quantity", [0, -1, "1.5", "abc", True])
def test_sale_create_rejects_bad_quantities(bowl, staff_user, quantity):
    with pytest.raises(exceptions.InvalidQuantity):
        services.sale_create(quantities={bowl.pk: quantity}, payment_method="cash", seller=staff_user)
    assert Sale.objects.count() == 0


def test_sale_create_rejects_deactivated_product(bowl, staff_user):
    bowl.is_active = False
    bowl.save()
    with pytest.raises(exceptions.ProductUnavailable):
        services.sale_create(quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user)


def test_sale_lines_freeze_vat_and_commission_rounded_half_up(bowl, honey, staff_user):
    ShopSettings.objects.update_or_create(pk=1, defaults={"commission_rate": Decimal("25.00")})
    sale = services.sale_create(
        quantities={bowl.pk: 1, honey.pk: 1}, payment_method="card", seller=staff_user
    )
    lines = {line.product_id: line for line in sale.lines.all()}
    assert lines[bowl.pk].vat_amount == Decimal("5.83")  # 35 - 35/1.2 = 5.8333
    assert lines[honey.pk].vat_amount == Decimal("0.52")  # 9.90 - 9.90/1.055 = 0.5161
    assert lines[honey.pk].commission == Decimal("2.48")  # 2.475 rounds half-up
    assert sale.total == Decimal("44.90")
    assert sale.vat_total == Decimal("6.35")


def test_commission_member_rate_wins_over_category_and_network(bowl, member, crafts_category, staff_user):
    crafts_category.commission_rate = Decimal("30.00")
    crafts_category.save()
    sale = services.sale_create(quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user)
    assert sale.lines.get().commission_rate == Decimal("30.00")
    member.commission_rate = Decimal("15.00")
    member.save()
    sale = services.sale_create(quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user)
    assert sale.lines.get().commission == Decimal("5.25")


def test_sale_reverse_writes_a_reversing_ticket_and_restocks(bowl, staff_user):
    sale = services.sale_create(quantities={bowl.pk: 2}, payment_method="cash", seller=staff_user)
    with pytest.raises(exceptions.ReasonRequired):
        services.sale_reverse(sale=sale, actor=staff_user, reason="  ")
    reversal = services.sale_reverse(sale=sale, actor=staff_user, reason="Erreur de saisie")
    assert reversal.total == -sale.total
    assert product_stock(product=bowl) == 5
    with pytest.raises(exceptions.AlreadyReversed):
        services.sale_reverse(sale=sale, actor=staff_user, reason="Encore")
    assert list(JournalEntry.objects.values_list("kind", flat=True)) == ["sale", "reversal"]
    assert JournalEntry.objects.get(kind="reversal").payload["reverses"] == sale.reference


def test_order_reserves_then_release_gives_stock_back_and_tells_visitor(
    bowl, django_capture_on_commit_callbacks
):
    order = services.order_create(
        basket={bowl.pk: 2}, name="Léa Martin", email="lea@example.org", phone="06 12 34 56 78"
    )
    assert order.total == Decimal("70.00")
    assert product_stock(product=bowl) == 3
    later = order.hold_until + datetime.timedelta(minutes=1)
    assert services.orders_release_expired(now=order.hold_until - datetime.timedelta(minutes=1)) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert services.orders_release_expired(now=later) == 1
    assert services.orders_release_expired(now=later) == 0
    order.refresh_from_db()
    assert order.status == Order.Status.RELEASED
    assert product_stock(product=bowl) == 5
    assert [m.subject for m in mail.outbox][-1].endswith(f"Commande {order.reference} annulée")


def test_order_ready_then_collected_becomes_a_sale_at_the_order_price(
    bowl, staff_user, django_capture_on_commit_callbacks
):
    order = services.order_create(
        basket={bowl.pk: 1}, name="Léa", email="lea@example.org", phone="0612345678"
    )
    bowl.price = Decimal("40.00")
    bowl.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.order_mark_ready(order=order, actor=staff_user)
    assert "prête" in mail.outbox[-1].subject
    sale = services.order_collect(order=order, actor=staff_user, payment_method="card")
    again = services.order_collect(order=order, actor=staff_user, payment_method="card")
    assert sale == again
    assert sale.total == Decimal("35.00")
    assert sale.channel == Sale.Channel.ONLINE
    assert product_stock(product=bowl) == 4
    with pytest.raises(exceptions.InvalidState):
        services.order_mark_ready(order=order, actor=staff_user)


def test_order_for_deactivated_product_is_refused(bowl):
    bowl.is_active = False
    bowl.save()
    with pytest.raises(exceptions.ProductUnavailable):
        services.order_create(basket={bowl.pk: 1}, name="Léa", email="lea@example.org", phone="0612345678")
    assert Order.objects.count() == 0


def test_correction_needs_a_reason_and_stock_never_below_zero(bowl, staff_user):
    with pytest.raises(exceptions.ReasonRequired):
        services.stock_adjust(product=bowl, actor=staff_user, kind="correction", quantity=-1, reason="")
    with pytest.raises(exceptions.OutOfStock):
        services.stock_adjust(product=bowl, actor=staff_user, kind="return", quantity=6)
    with transaction.atomic(), pytest.raises(IntegrityError):
        StockMovement.objects.create(product=bowl, kind="sale", quantity=3)


def _sell_last_month(product, quantity, staff_user):
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=10)
    sell_on(last_month, quantities={product.pk: quantity}, seller=staff_user)
    return last_month.replace(day=1)


def test_statement_arithmetic_with_mixed_vat_and_commission_to_the_cent(
    member, crafts_category, food_category, staff_user
):
    ShopSettings.objects.update_or_create(pk=1, defaults={"commission_rate": Decimal("20.00")})
    food_category.commission_rate = Decimal("12.50")
    food_category.save()
    bowl = ProductFactory(member=member, category=crafts_category, price=Decimal("19.99"), stock=10)
    jam = ProductFactory(
        member=member, category=food_category, price=Decimal("4.35"), vat_rate=VatRate.FOOD, stock=10
    )
    period = _sell_last_month(bowl, 3, staff_user)
    _sell_last_month(jam, 1, staff_user)
    _sell_last_month(jam, 2, staff_user)
    statement = services.statement_close(
        statement=services.statement_generate(member=member, period=period), actor=staff_user
    )
    lines = {line.product_id: line for line in statement.lines.all()}
    # bowl: one line of 3 × 19.99 = 59.97; VAT 59.97 - 59.97/1.2 = 9.995 → 10.00; commission 11.994 → 11.99
    assert (lines[bowl.pk].gross, lines[bowl.pk].vat, lines[bowl.pk].commission) == (
        Decimal("59.97"),
        Decimal("10.00"),
        Decimal("11.99"),
    )
    # jam: 4.35 (VAT 0.2268 → 0.23, commission 0.54375 → 0.54) + 8.70 (VAT 0.4536 → 0.45, comm. 1.0875 → 1.09)
    assert (lines[jam.pk].gross, lines[jam.pk].vat, lines[jam.pk].commission) == (
        Decimal("13.05"),
        Decimal("0.68"),
        Decimal("1.63"),
    )
    assert statement.gross == Decimal("73.02")
    assert statement.commission == Decimal("13.62")
    assert statement.net_due == Decimal("59.40")
    assert statement.number == 1
    assert vat_included(Decimal("59.97"), Decimal("20")) == Decimal("10.00")


def test_closed_statement_refuses_changes(member, bowl, staff_user):
    period = _sell_last_month(bowl, 1, staff_user)
    statement = services.statement_generate(member=member, period=period)
    services.statement_close(statement=statement, actor=staff_user)
    with pytest.raises(exceptions.StatementClosed):
        services.statement_generate(member=member, period=period)
    with transaction.atomic(), pytest.raises(Exception, match="closed statement"):
        Statement.objects.filter(pk=statement.pk).update(net_due=Decimal("1000.00"))
    with transaction.atomic(), pytest.raises(Exception, match="closed statement"):
        statement.lines.all().delete()
    services.statement_mark_paid(statement=statement, actor=staff_user)
    statement.refresh_from_db()
    assert statement.status == Statement.Status.PAID


def test_current_month_cannot_be_closed(member, bowl, staff_user):
    statement = services.statement_generate(member=member, period=timezone.localdate())
    with pytest.raises(exceptions.PeriodNotOver):
        services.statement_close(statement=statement, actor=staff_user)


def test_close_month_numbers_statements_sequentially_and_skips_closed_ones(bowl, honey, staff_user):
    period = _sell_last_month(bowl, 1, staff_user)
    _sell_last_month(honey, 2, staff_user)
    closed = services.statement_close_month(period=period, actor=staff_user)
    assert sorted(s.number for s in closed) == [1, 2]
    assert services.statement_close_month(period=period, actor=staff_user) == []
    assert Statement.objects.get(member=honey.member).net_due == Decimal("15.84")


def test_daily_closing_totals_and_refuses_later_sales_that_day(bowl, honey, staff_user):
    services.sale_create(quantities={bowl.pk: 1}, payment_method="card", seller=staff_user)
    services.sale_create(quantities={honey.pk: 2}, payment_method="cash", seller=staff_user)
    closing = services.closing_create(day=timezone.localdate(), actor=staff_user)
    assert services.closing_create(day=timezone.localdate(), actor=staff_user) == closing
    assert closing.total == Decimal("54.80")
    assert closing.totals["by_payment_method"]["cash"]["total"] == "19.80"
    assert closing.totals["by_vat_rate"]["5.50"]["vat"] == "1.03"
    assert JournalEntry.objects.last().kind == JournalEntry.Kind.CLOSING
    with pytest.raises(exceptions.DayClosed):
        services.sale_create(quantities={bowl.pk: 1}, payment_method="card", seller=staff_user)
    assert DailyClosing.objects.count() == 1


def test_journal_refuses_update_and_delete(bowl, staff_user):
    services.sale_create(quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user)
    with transaction.atomic(), pytest.raises(Exception, match="append-only"):
        JournalEntry.objects.update(payload={})
    with transaction.atomic(), pytest.raises(Exception, match="append-only"):
        JournalEntry.objects.all().delete()


def test_verify_journal_detects_an_edited_row(bowl, honey, staff_user, capsys):
    for _ in range(3):
        services.sale_create(quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user)
    call_command("verify_journal")
    assert "3 écriture(s)" in capsys.readouterr().out
    second = JournalEntry.objects.get(sequence=2)
    tampered = {**second.payload, "total": "0.01"}
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE shop_journalentry DISABLE TRIGGER shop_journal_append_only")
        cursor.execute(
            "UPDATE shop_journalentry SET payload = %s WHERE sequence = 2",
            [__import__("json").dumps(tampered)],
        )
        cursor.execute("ALTER TABLE shop_journalentry ENABLE TRIGGER shop_journal_append_only")
    with pytest.raises(CommandError, match="écriture n° 2"):
        call_command("verify_journal")


def test_verify_journal_detects_a_deleted_row(bowl, staff_user):
    for _ in range(3):
        services.sale_create(quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE shop_journalentry DISABLE TRIGGER shop_journal_append_only")
        cursor.execute("DELETE FROM shop_journalentry WHERE sequence = 2")
        cursor.execute("ALTER TABLE shop_journalentry ENABLE TRIGGER shop_journal_append_only")
    with pytest.raises(CommandError, match="écriture n° 2"):
        call_command("verify_journal")


def test_stock_alerts_are_sent_once_a_week(member, crafts_category, django_capture_on_commit_callbacks):
    member.email = "alice@atelier.example"
    member.save()
    low = ProductFactory(member=member, category=crafts_category, stock=1, name="Toupie")
    soon = ProductFactory(
        member=member,
        category=crafts_category,
        stock=10,
        name="Confiture",
        best_before=timezone.localdate() + datetime.timedelta(days=5),
    )
    ProductFactory(member=member, category=crafts_category, stock=10, name="Plateau")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.stock_alerts_send() == 2
    assert services.stock_alerts_send() == 0
    assert len(mail.outbox) == 1
    assert "Toupie" in mail.outbox[0].body and "Confiture" in mail.outbox[0].body
    assert set(StockAlert.objects.values_list("product_id", flat=True)) == {low.pk, soon.pk}


def test_receipt_email_is_sent_after_commit(bowl, staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sale = services.sale_create(
            quantities={bowl.pk: 1},
            payment_method="card",
            seller=staff_user,
            customer_email="client@example.org",
        )
    assert mail.outbox[-1].to == ["client@example.org"]
    assert sale.reference in mail.outbox[-1].subject
    assert SaleLine.objects.count() == 1


def test_export_journal_writes_every_entry_with_its_hash(bowl, staff_user, tmp_path):
    for _ in range(2):
        services.sale_create(quantities={bowl.pk: 1}, payment_method="cash", seller=staff_user)
    target = tmp_path / "journal.jsonl"
    call_command("export_journal", output=str(target))
    records = [__import__("json").loads(line) for line in target.read_text().splitlines()]
    assert [r["sequence"] for r in records] == [1, 2]
    assert records[1]["previous_hash"] == records[0]["hash"] == JournalEntry.objects.get(sequence=1).hash
