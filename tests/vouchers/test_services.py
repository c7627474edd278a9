"""Vouchers: codes, issue, spending in one or several times, refusals, ledger, expiry."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import DatabaseError, IntegrityError, transaction
from django.utils import timezone

from tests.factories.vouchers import issued_voucher, pending_voucher
from tests.factories.workshops import WorkshopFactory
from vouchers import codes, selectors, services
from vouchers import exceptions as errors
from vouchers.models import Movement, Voucher

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def test_codes_have_check_characters_that_catch_a_typo_and_a_swap():
    code = codes.new_code()
    assert codes.is_well_formed(code) and len(code) == 14
    assert codes.is_well_formed(codes.normalize(codes.display(code).lower()))
    typo = code[:3] + ("A" if code[3] != "A" else "B") + code[4:]
    assert not codes.is_well_formed(typo)
    caught = 0
    for i in range(11):
        if code[i] != code[i + 1]:
            swapped = code[:i] + code[i + 1] + code[i] + code[i + 2 :]
            caught += not codes.is_well_formed(swapped)
    assert caught >= 9  # neighbours swapped: nearly always caught
    assert len({codes.new_code() for _ in range(500)}) == 500


def test_issue_gives_the_balance_one_ledger_line_and_sends_the_pdf(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        voucher = issued_voucher("50.00")
    assert voucher.status == Voucher.Status.ACTIVE and voucher.balance == Decimal("50.00")
    assert [(m.kind, m.amount) for m in voucher.movements.all()] == [("issue", Decimal("50.00"))]
    assert voucher.expires_on == timezone.localdate() + datetime.timedelta(days=365)
    assert len(mail.outbox) == 1 and mail.outbox[0].attachments[0][2] == "application/pdf"
    assert voucher.display_code in mail.outbox[0].body
    # Issuing twice changes nothing.
    services.voucher_issue(voucher_id=voucher.pk, payment_method="cash")
    assert voucher.movements.count() == 1


def test_workshop_voucher_is_worth_the_price_of_its_seats_computed_on_the_server():
    workshop = WorkshopFactory(price=Decimal("45.00"))
    voucher = services.voucher_order_create(
        buyer_name="A", buyer_email="a@example.org", workshop=workshop, seats=2, amount=Decimal("1")
    )
    assert voucher.amount == Decimal("90.00") and voucher.kind == "workshop"


def test_spend_in_several_times_until_empty_then_refused():
    voucher = issued_voucher("50.00")
    services.voucher_redeem(code=voucher.code, amount="20", reference="V-1")
    services.voucher_redeem(code=codes.display(voucher.code).lower(), amount="30.00", reference="V-2")
    voucher.refresh_from_db()
    assert voucher.balance == 0
    assert sum(m.amount for m in voucher.movements.all()) == 0
    with pytest.raises(errors.VoucherError) as exc:
        services.voucher_redeem(code=voucher.code, amount="1", reference="V-3")
    assert exc.value.message == errors.SPENT


def test_more_than_the_balance_is_refused_or_taken_partly_for_a_basket():
    voucher = issued_voucher("25.00")
    with pytest.raises(errors.VoucherError) as exc:
        services.voucher_redeem(code=voucher.code, amount="30", reference="V-1")
    assert "25,00" in exc.value.message and exc.value.field == "amount"
    movement = services.voucher_redeem(code=voucher.code, amount="30", reference="V-1", partial=True)
    assert movement.amount == Decimal("-25.00") and movement.balance_after == 0


@pytest.mark.parametrize("amount", ["0", "-5", "abc", "NaN", "1e9999"])
def test_bad_amounts_are_refused_and_change_nothing(amount):
    voucher = issued_voucher("25.00")
    with pytest.raises(errors.VoucherError) as exc:
        services.voucher_redeem(code=voucher.code, amount=amount, reference="X")
    assert exc.value.field == "amount"
    assert Movement.objects.filter(voucher=voucher).count() == 1


def test_unknown_expired_cancelled_and_unpaid_codes_are_refused():
    with pytest.raises(errors.VoucherError) as exc:
        services.voucher_redeem(code="ABCD-EFGH-JKLM-NP", amount="5", reference="X")
    assert exc.value.message == errors.UNKNOWN_CODE
    expired = issued_voucher()
    Voucher.objects.filter(pk=expired.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(errors.VoucherError) as exc:
        services.voucher_redeem(code=expired.code, amount="5", reference="X")
    assert "expiré" in exc.value.message
    cancelled = issued_voucher()
    services.voucher_cancel(voucher_id=cancelled.pk, reason="Fraude", actor=None)
    with pytest.raises(errors.VoucherError) as exc:
        services.voucher_redeem(code=cancelled.code, amount="5", reference="X")
    assert exc.value.message == errors.CANCELLED
    with pytest.raises(errors.VoucherError) as exc:
        services.voucher_redeem(code=pending_voucher().code, amount="5", reference="X")
    assert exc.value.message == errors.NOT_PAID


def test_a_workshop_voucher_pays_only_its_workshop_when_the_caller_says_which():
    workshop, other = WorkshopFactory(), WorkshopFactory()
    voucher = services.voucher_order_create(
        buyer_name="A", buyer_email="a@example.org", workshop=workshop, seats=1
    )
    services.voucher_issue(voucher_id=voucher.pk, payment_method="card")
    with pytest.raises(errors.VoucherError) as exc:
        services.voucher_redeem(code=voucher.code, amount="1", reference="X", workshop_ids=[other.pk])
    assert workshop.title in exc.value.message
    services.voucher_redeem(code=voucher.code, amount="1", reference="X", workshop_ids=[workshop.pk])


def test_wrong_codes_are_rate_limited_per_ip_even_for_a_real_code(settings):
    settings.VOUCHER_GUESS_LIMIT = 3
    voucher = issued_voucher()
    for _ in range(3):
        with pytest.raises(errors.VoucherError):
            services.voucher_check(code=codes.new_code(), ip="203.0.113.9")
    with pytest.raises(errors.RateLimited) as exc:
        services.voucher_check(code=voucher.code, ip="203.0.113.9")
    assert "Trop de codes" in exc.value.message
    # Another address is not affected.
    assert services.voucher_check(code=voucher.code, ip="203.0.113.10") == voucher


def test_recredit_never_above_what_was_spent():
    voucher = issued_voucher("40.00")
    services.voucher_redeem(code=voucher.code, amount="15", reference="S-1")
    with pytest.raises(errors.VoucherError) as exc:
        services.voucher_recredit(voucher_id=voucher.pk, amount="20", reference="S-1", reason="Remboursement")
    assert "15,00" in exc.value.message
    services.voucher_recredit(voucher_id=voucher.pk, amount="15", reference="S-1", reason="Remboursement")
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("40.00")


def test_expiry_sweep_empties_and_extension_gives_back():
    voucher = issued_voucher("40.00")
    services.voucher_redeem(code=voucher.code, amount="10", reference="S-1")
    Voucher.objects.filter(pk=voucher.pk).update(expires_on=timezone.localdate() - datetime.timedelta(days=2))
    assert services.voucher_expire_due() == 1
    assert services.voucher_expire_due() == 0
    voucher.refresh_from_db()
    assert voucher.balance == 0
    new_date = timezone.localdate() + datetime.timedelta(days=60)
    services.voucher_extend(voucher_id=voucher.pk, expires_on=new_date, actor=None)
    voucher.refresh_from_db()
    assert voucher.balance == Decimal("30.00") and voucher.expires_on == new_date
    kinds = list(voucher.movements.values_list("kind", flat=True))
    assert kinds == ["issue", "redeem", "expire", "recredit"]


def test_extension_must_be_later():
    voucher = issued_voucher()
    with pytest.raises(errors.VoucherError) as exc:
        services.voucher_extend(voucher_id=voucher.pk, expires_on=voucher.expires_on, actor=None)
    assert exc.value.field == "expires_on"


def test_cancel_needs_a_reason_and_zeroes_the_balance():
    voucher = issued_voucher("40.00")
    with pytest.raises(errors.VoucherError):
        services.voucher_cancel(voucher_id=voucher.pk, reason="  ", actor=None)
    services.voucher_cancel(voucher_id=voucher.pk, reason="Fraude", actor=None)
    voucher.refresh_from_db()
    assert voucher.balance == 0 and voucher.status == "cancelled"


def test_the_ledger_is_append_only_and_the_balance_never_negative_in_postgresql():
    voucher = issued_voucher("10.00")
    movement = voucher.movements.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        Movement.objects.filter(pk=movement.pk).update(amount=Decimal("99"))
    with pytest.raises(DatabaseError), transaction.atomic():
        Movement.objects.filter(pk=movement.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Voucher.objects.filter(pk=voucher.pk).update(balance=Decimal("-1"))


def test_liability_counts_sold_spent_lapsed_and_outstanding():
    a = issued_voucher("50.00")
    services.voucher_redeem(code=a.code, amount="20", reference="S")
    b = issued_voucher("30.00")
    services.voucher_cancel(voucher_id=b.pk, reason="Remboursé", actor=None)
    pending_voucher()
    figures = selectors.voucher_liability()
    assert figures["sold"] == Decimal("80.00")
    assert figures["spent"] == Decimal("20.00")
    assert figures["lapsed"] == Decimal("30.00")
    assert figures["outstanding"] == Decimal("30.00")
    assert figures["pending_orders"] == 1
