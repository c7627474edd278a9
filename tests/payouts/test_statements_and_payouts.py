"""Workshop seats paid online in the monthly statement; payouts recorded once; SEPA file."""

from __future__ import annotations

import threading
import uuid
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection
from lxml import etree

from network.models import Member
from payouts import services
from payouts.exceptions import PayoutError
from payouts.models import Payout, SepaExport, WorkshopCommission
from payouts.selectors import month_figures, workshop_statement_rows
from shop.models import ShopSettings, Statement
from shop.services.statements import next_month, statement_close_month
from tests.factories.network import MemberFactory, StaffUserFactory
from tests.factories.workshops import BookingFactory, SessionFactory, WorkshopFactory

from .conftest import VALID_IBANS, at, last_month, pay_online, refund

NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"}


def _seats(member, *, agreed_rate=None, price="70.00"):
    workshop = WorkshopFactory(member=member)
    if agreed_rate is not None:
        WorkshopCommission.objects.create(workshop=workshop, rate=Decimal(agreed_rate))
    return BookingFactory(session=SessionFactory(workshop=workshop), price=Decimal(price), party_size=2)


def _alice_month(member, period):
    """Two workshops at two rates (10 % agreed for one, the network's 20 % for the other),
    paid together online; half of the second refunded on a visitor's cancellation."""
    ShopSettings.objects.update_or_create(pk=1, defaults={"commission_rate": Decimal("20.00")})
    member.vat_exempt = True
    member.save()
    turned = _seats(member, agreed_rate="10.00", price="70.00")
    woven = _seats(member, price="50.00")
    payment = pay_online([turned, woven], paid_at=at(period, 10))
    refund(payment, woven, "25.00", created_at=at(period, 12))
    return turned, woven


@pytest.mark.django_db
def test_workshop_rows_carry_seats_paid_online_with_each_rate_and_the_refund(member, other_member):
    period = last_month()
    _alice_month(member, period)
    pay_online([_seats(other_member)], paid_at=at(period, 11))

    rows = workshop_statement_rows(period=period, member_ids=[member.pk])

    assert list(rows) == [member.pk]
    by_kind = {(r["kind"], r["gross"]): r for r in rows[member.pk]}
    assert by_kind[("workshop", Decimal("70.00"))]["commission"] == Decimal("7.00")  # 10 % agreed
    assert by_kind[("workshop", Decimal("50.00"))]["commission"] == Decimal("10.00")  # network 20 %
    refund_row = by_kind[("workshop_refund", Decimal("-25.00"))]
    assert refund_row["commission"] == Decimal("-5.00")  # the commission follows the refund
    assert all(r["vat_rate"] == 0 for r in rows[member.pk])  # member exempt from VAT


@pytest.mark.django_db
def test_month_figures_give_gross_commission_refunds_and_net(member, vat_registered_office):
    period = last_month()
    _alice_month(member, period)

    (alice,) = month_figures(period=period)

    assert alice.member == member
    assert alice.workshop_gross == Decimal("120.00")
    assert alice.refunds == Decimal("25.00")
    # Commission 7 + 10 − 5 = 12,00 HT, plus 20 % VAT of a VAT-registered office = 14,40.
    assert alice.commission == Decimal("14.40")
    assert alice.net == Decimal("120.00") - Decimal("25.00") - Decimal("14.40")
    assert not alice.is_closed and not alice.payable


@pytest.mark.django_db
def test_member_rate_beats_network_rate_but_not_the_workshops_agreed_rate(member):
    period = last_month()
    member.commission_rate = Decimal("15.00")
    member.save()
    pay_online(
        [_seats(member, price="100.00"), _seats(member, agreed_rate="5.00", price="100.00")],
        paid_at=at(period, 3),
    )

    rows = workshop_statement_rows(period=period)[member.pk]

    assert sorted(r["commission"] for r in rows) == [Decimal("5.00"), Decimal("15.00")]


@pytest.mark.django_db
def test_month_close_puts_workshop_seats_in_the_statement_beside_shop_sales(member, staff_user):
    period = last_month()
    _alice_month(member, period)

    (statement,) = statement_close_month(period=period, actor=staff_user)

    statement.refresh_from_db()
    assert statement.member == member and statement.status == Statement.Status.CLOSED
    assert statement.gross == Decimal("95.00")
    assert statement.net_due == Decimal("83.00")
    assert statement.lines.filter(product__isnull=True).count() == 3


@pytest.mark.django_db
def test_payout_record_pays_the_closed_net_once_and_marks_the_statement_paid(member, staff_user):
    period = last_month()
    _alice_month(member, period)
    with pytest.raises(PayoutError) as draft:
        services.payout_record(
            member=member,
            period=period,
            paid_on=period,
            reference="VIR-1",
            method="transfer",
            actor=staff_user,
        )
    assert "pas clôturé" in draft.value.message
    statement_close_month(period=period, actor=staff_user)

    payout = services.payout_record(
        member=member, period=period, paid_on=period, reference="VIR-1", method="transfer", actor=staff_user
    )

    assert payout.amount == Decimal("83.00")
    assert Statement.objects.get(member=member, period=period).status == Statement.Status.PAID
    with pytest.raises(PayoutError) as twice:
        services.payout_record(
            member=member, period=period, paid_on=period, reference="VIR-2", method="cheque", actor=staff_user
        )
    assert "déjà enregistré" in twice.value.message
    assert Payout.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_payout_record_races_record_exactly_one_payout(member):
    period = last_month()
    staff = StaffUserFactory()
    _alice_month(member, period)
    statement_close_month(period=period, actor=staff)
    results: list[str] = []
    barrier = threading.Barrier(4)

    def attempt(n: int) -> None:
        try:
            barrier.wait()
            services.payout_record(
                member=Member.objects.get(pk=member.pk),
                period=period,
                paid_on=period,
                reference=f"VIR-{n}",
                method="transfer",
                actor=staff,
            )
            results.append("ok")
        except PayoutError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["ok", "refused", "refused", "refused"]
    assert Payout.objects.filter(member=member, period=period).count() == 1


@pytest.mark.django_db
def test_bank_update_checks_the_iban_with_a_french_message_naming_the_field(member, staff_user):
    with pytest.raises(PayoutError) as bad:
        services.member_bank_update(
            member=member, actor=staff_user, iban="FR76 3000 6000 0112 3456 7890 188", bic="", holder="Alice"
        )
    assert bad.value.field == "iban" and bad.value.message.startswith("IBAN :")
    assert "clé de contrôle" in bad.value.message
    with pytest.raises(PayoutError) as no_holder:
        services.member_bank_update(
            member=member, actor=staff_user, iban=VALID_IBANS["alice"][0], bic="", holder=" "
        )
    assert no_holder.value.field == "holder"
    with pytest.raises(PayoutError) as bad_bic:
        services.member_bank_update(
            member=member, actor=staff_user, iban=VALID_IBANS["alice"][0], bic="ZZ", holder="Alice"
        )
    assert bad_bic.value.field == "bic" and bad_bic.value.message.startswith("BIC :")

    services.member_bank_update(
        member=member,
        actor=staff_user,
        iban="fr76 3000 6000 0112 3456 7890 189",
        bic="",
        holder="Alice  Martin",
    )

    member.refresh_from_db()
    assert (member.iban, member.bic, member.bank_holder) == (
        VALID_IBANS["alice"][0],
        "AGRIFRPPXXX",
        "Alice Martin",
    )


def _xsd() -> etree.XMLSchema:
    import sepaxml

    path = Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.03.xsd"
    return etree.XMLSchema(etree.parse(str(path)))


@pytest.mark.django_db
def test_sepa_file_pays_unpaid_members_validates_against_pain_001_and_totals_match(
    member, other_member, staff_user, office_account
):
    period = last_month()
    _alice_month(member, period)  # net 83,00
    pay_online([_seats(other_member, price="40.00")], paid_at=at(period, 5))  # net 32,00
    no_iban = MemberFactory(name="Poterie sans RIB")
    pay_online([_seats(no_iban, price="30.00")], paid_at=at(period, 6))
    for who, m in (("alice", member), ("bob", other_member)):
        iban, holder = VALID_IBANS[who]
        services.member_bank_update(member=m, actor=staff_user, iban=iban, bic="", holder=holder)
    statement_close_month(period=period, actor=staff_user)

    result = services.sepa_export_create(period=period, actor=staff_user)

    document = etree.fromstring(result.export.xml.encode())
    assert _xsd().validate(document), _xsd().error_log
    assert document.findtext(".//p:GrpHdr/p:NbOfTxs", namespaces=NS) == "2"
    assert Decimal(document.findtext(".//p:GrpHdr/p:CtrlSum", namespaces=NS)) == Decimal("115.00")
    amounts = [Decimal(a.text) for a in document.iterfind(".//p:CdtTrfTxInf/p:Amt/p:InstdAmt", NS)]
    assert sum(amounts) == result.export.total == Decimal("115.00")
    ibans = {e.text for e in document.iterfind(".//p:CdtrAcct/p:Id/p:IBAN", NS)}
    assert ibans == {VALID_IBANS["alice"][0], VALID_IBANS["bob"][0]}
    assert document.findtext(".//p:DbtrAcct/p:Id/p:IBAN", namespaces=NS) == office_account.OFFICE_IBAN
    assert [m.member for m in result.skipped] == [no_iban]
    assert set(Payout.objects.filter(sepa_export=result.export).values_list("member", flat=True)) == {
        member.pk,
        other_member.pk,
    }
    with pytest.raises(PayoutError) as again:
        services.sepa_export_create(period=period, actor=staff_user)
    assert "Aucun membre" in again.value.message
    assert SepaExport.objects.count() == 1


@pytest.mark.django_db
def test_sepa_file_is_refused_without_the_office_account(member, staff_user, settings):
    settings.OFFICE_IBAN = ""
    with pytest.raises(PayoutError) as missing:
        services.sepa_export_create(period=last_month(), actor=staff_user)
    assert "OFFICE_IBAN" in missing.value.message


@pytest.mark.django_db
def test_seats_of_a_stay_wholly_paid_by_gift_voucher_enter_the_statement(member):
    """No card payment, but the artisan is owed the seats: the voucher's money came in when it
    was sold. A cancelled one (the voucher got its value back) does not count."""
    from common.models import ActionLog
    from pages.selectors import CHECKOUT_ACTION, CHECKOUT_OBJECT_TYPE
    from workshops.models import Booking

    period = last_month()
    kept, cancelled = _seats(member, price="40.00"), _seats(member, price="30.00")
    Booking.objects.filter(pk=cancelled.pk).update(status=Booking.Status.CANCELLED)
    for bookings, to_pay in (([kept, cancelled], "0.00"), ([_seats(member, price="99.00")], "12.00")):
        row = ActionLog.objects.create(
            action=CHECKOUT_ACTION,
            object_type=CHECKOUT_OBJECT_TYPE,
            object_id=str(uuid.uuid4()),
            data={
                "bookings": [b.reference for b in bookings],
                "to_pay": to_pay,
                "deductions": [{"kind": "voucher", "amount": "70.00"}],
            },
        )
        ActionLog.objects.filter(pk=row.pk).update(created_at=at(period, 9))
    # The cancellation gave the voucher its 30 € back the next month (pages.payment_hooks).
    recredit = ActionLog.objects.create(
        action="workshops.booking.voucher_recredited",
        object_type="workshops.booking",
        object_id=str(cancelled.pk),
        data={"amount": "30.00"},
    )
    ActionLog.objects.filter(pk=recredit.pk).update(created_at=at(next_month(period), 9))

    rows = workshop_statement_rows(period=period, member_ids=[member.pk])

    # The 99,00 € stay still owes 12,00 € by card, never paid: not counted. Both seats count in
    # the month paid; the re-credit is a refund of the month it happened in.
    assert sorted((r["kind"], r["gross"]) for r in rows[member.pk]) == [
        ("workshop", Decimal("30.00")),
        ("workshop", Decimal("40.00")),
    ]
    assert all(r["name"].endswith("places réglées par bon cadeau") for r in rows[member.pk])
    later = workshop_statement_rows(period=next_month(period), member_ids=[member.pk])
    assert [(r["kind"], r["gross"]) for r in later[member.pk]] == [("workshop_refund", Decimal("-30.00"))]
