"""Writes of the payouts app: members' bank details, payouts of a month's net, SEPA files."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from common.audit import log_action
from network.models import Member
from shop.models import PayoutMethod, Statement
from shop.services.statements import month_start, next_month, statement_mark_paid

from . import exceptions as errors
from .banking import bank_status, bic_clean, bic_from_iban, iban_clean
from .models import Payout, SepaExport
from .selectors import MemberMonth, month_figures

# One SEPA export per month at a time (the second waits, then finds the members paid).
SEPA_EXPORT_LOCK_KEY = 74_200_131


def _month_label(period: datetime.date) -> str:
    return f"{period:%m/%Y}"


def member_bank_update(*, member: Member, actor, iban: str, bic: str, holder: str) -> Member:
    """Set the account payouts go to (all three empty clears it). IBAN and BIC are checked with
    schwifty; the BIC is taken from the IBAN's bank when left empty and known.
    Raises PayoutError naming the field."""
    iban, bic, holder = (iban or "").strip(), (bic or "").strip(), " ".join((holder or "").split())
    if iban:
        iban = iban_clean(iban)
        bic = bic_clean(bic) if bic else bic_from_iban(iban)
        if not holder:
            raise errors.PayoutError(errors.HOLDER_REQUIRED, field="holder")
    elif bic or holder:
        raise errors.PayoutError(errors.IBAN_REQUIRED_FOR_BIC, field="iban")
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if (member.iban, member.bic, member.bank_holder) == (iban, bic, holder):
            return member
        member.iban, member.bic, member.bank_holder = iban, bic, holder
        member.save(update_fields=["iban", "bic", "bank_holder", "updated_at"])
        # The IBAN itself stays out of the audit trail: only its last four characters.
        log_action(actor, "payouts.bank.updated", member, iban_end=iban[-4:], bic=bic)
    return member


_STATEMENT_METHOD: dict[str, str] = {
    Payout.Method.SEPA: PayoutMethod.TRANSFER,
    Payout.Method.TRANSFER: PayoutMethod.TRANSFER,
    Payout.Method.CHEQUE: PayoutMethod.CHEQUE,
}


def payout_record(
    *,
    member: Member,
    period: datetime.date,
    paid_on: datetime.date,
    reference: str,
    method: str,
    actor,
    sepa_export: SepaExport | None = None,
) -> Payout:
    """Record that the member's net for the month was paid; the amount is the closed statement's
    net, computed on the server. One per member and month: the statement row is locked, then
    re-checked. Marks the statement paid. Raises PayoutError."""
    period = month_start(period)
    reference = (reference or "").strip()
    if not reference:
        raise errors.PayoutError(errors.REFERENCE_REQUIRED, field="reference")
    if method not in Payout.Method.values:
        raise errors.PayoutError(errors.METHOD_INVALID, field="method")
    with transaction.atomic():
        statement = Statement.objects.select_for_update().filter(member=member, period=period).first()
        if statement is None or statement.status == Statement.Status.DRAFT:
            raise errors.PayoutError(errors.STATEMENT_NOT_CLOSED % {"month": _month_label(period)})
        if statement.status == Statement.Status.PAID or Payout.objects.filter(statement=statement).exists():
            raise errors.PayoutError(errors.ALREADY_PAID)
        if statement.net_due <= 0:
            raise errors.PayoutError(errors.NOTHING_TO_PAY % {"net": f"{statement.net_due:.2f} €"})
        try:
            with transaction.atomic():
                payout = Payout.objects.create(
                    member=member,
                    period=period,
                    statement=statement,
                    amount=statement.net_due,
                    paid_on=paid_on,
                    reference=reference[:35],
                    method=method,
                    iban=member.iban if method != Payout.Method.CHEQUE else "",
                    sepa_export=sepa_export,
                    recorded_by=actor if getattr(actor, "pk", None) else None,
                )
        except IntegrityError:
            # The unique constraint is the last guard if two callers got past the lock.
            raise errors.PayoutError(errors.ALREADY_PAID) from None
        paid_at = datetime.datetime.combine(
            paid_on, datetime.time(12), tzinfo=timezone.get_current_timezone()
        )
        statement_mark_paid(
            statement=statement, actor=actor, method=_STATEMENT_METHOD[method], paid_at=paid_at
        )
        log_action(
            actor,
            "payouts.payout.recorded",
            payout,
            member=member.pk,
            period=period.isoformat(),
            amount=payout.amount,
            method=method,
        )
    return payout


@dataclass
class SepaResult:
    export: SepaExport
    paid: list[MemberMonth] = field(default_factory=list)
    skipped: list[MemberMonth] = field(default_factory=list)


def _office_account() -> dict:
    from network.selectors import office_main

    if not settings.OFFICE_IBAN:
        raise errors.PayoutError(errors.OFFICE_IBAN_MISSING)
    try:
        iban = iban_clean(settings.OFFICE_IBAN)
    except errors.PayoutError:
        raise errors.PayoutError(errors.OFFICE_IBAN_INVALID) from None
    office = office_main()
    name = settings.OFFICE_SEPA_NAME or office.legal_name or office.name or settings.OFFICE_NAME
    account = {"name": name, "IBAN": iban, "batch": True, "currency": "EUR"}
    bic = bic_clean(settings.OFFICE_BIC) if settings.OFFICE_BIC else bic_from_iban(iban)
    if bic:
        account["BIC"] = bic
    return account


def office_account_label() -> dict:
    """What the staff page says about the debtor account: {"ok", "name", "iban"} or {"error"}."""
    try:
        account = _office_account()
    except errors.PayoutError as exc:
        return {"ok": False, "error": exc.message}
    iban = account["IBAN"]
    return {"ok": True, "name": account["name"], "iban": f"{iban[:4]} … {iban[-4:]}"}


def sepa_payable(months: list[MemberMonth]) -> tuple[list[MemberMonth], list[MemberMonth]]:
    """(to pay by the file, left out for want of a valid account) among the month's unpaid nets."""
    due = [m for m in months if m.payable]
    return [m for m in due if m.bank.ok], [m for m in due if not m.bank.ok]


def sepa_export_create(
    *, period: datetime.date, actor, execution_date: datetime.date | None = None
) -> SepaResult:
    """One pain.001.001.03 file paying every unpaid member of a closed month with a valid IBAN;
    each gets its payout recorded (method SEPA) in the same transaction. Members without a
    valid account are left out and returned. Raises PayoutError (office account, month, nobody)."""
    from sepaxml import SepaTransfer

    period = month_start(period)
    if next_month(period) > timezone.localdate():
        raise errors.PayoutError(errors.MONTH_NOT_OVER % {"month": _month_label(period)})
    account = _office_account()
    execution_date = execution_date or timezone.localdate()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                [SEPA_EXPORT_LOCK_KEY, period.year * 100 + period.month],
            )
        to_pay, skipped = sepa_payable(month_figures(period=period))
        if not to_pay:
            raise errors.PayoutError(errors.NOBODY_TO_PAY)
        # Lock order: statements by id, like every other writer of statements.
        to_pay.sort(key=lambda m: m.statement.pk if m.statement is not None else 0)
        sepa = SepaTransfer(account, clean=True)
        for month in to_pay:
            member, statement = month.member, month.statement
            assert statement is not None  # sepa_payable keeps closed months only
            payment = {
                "name": member.bank_holder,
                "IBAN": member.iban,
                "amount": int((month.net * 100).to_integral_value()),
                "execution_date": execution_date,
                "description": f"Maillage releve {period:%m/%Y} n {statement.number}",
                "endtoend_id": f"MLG{period:%Y%m}S{statement.number}",
            }
            if member.bic:
                payment["BIC"] = member.bic
            sepa.add_payment(payment)
        xml = sepa.export(validate=True).decode("utf-8")
        export = SepaExport.objects.create(
            period=period,
            message_id=sepa.msg_id[:35],
            execution_date=execution_date,
            total=sum(m.net for m in to_pay),
            count=len(to_pay),
            xml=xml,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        for month in to_pay:
            assert month.statement is not None
            month.payout = payout_record(
                member=month.member,
                period=period,
                paid_on=execution_date,
                reference=f"MLG{period:%Y%m}S{month.statement.number}",
                method=Payout.Method.SEPA,
                actor=actor,
                sepa_export=export,
            )
        log_action(
            actor,
            "payouts.sepa.exported",
            export,
            period=period.isoformat(),
            count=export.count,
            total=export.total,
            skipped=[m.member.pk for m in skipped],
        )
    return SepaResult(export=export, paid=to_pay, skipped=skipped)


__all__ = [
    "bank_status",
    "office_account_label",
    "member_bank_update",
    "payout_record",
    "sepa_export_create",
    "sepa_payable",
]
