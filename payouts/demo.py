"""Demo of money to members: bank details, workshop seats paid online (with a refund), and last
month paid by one SEPA file, one member paid by cheque, one member left out for want of an IBAN.

``load`` runs twice in ``load_demo`` (idempotent): before the shop closes the months, so the
seats paid online enter last month's statements; after it, to pay the closed month.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.utils import timezone
from schwifty import IBAN

from common.models import ActionLog
from network.models import Member
from payments.models import Payment, Refund
from shop.models import Statement
from workshops.models import Booking

from . import services
from .models import Payout
from .selectors import CHECKOUT_ACTION, CHECKOUT_OBJECT_TYPE, STAY_KIND

PAID_ONLINE = ("atelier-du-tourneur", "rucher-des-cimes", "poterie-des-echelles")
WITHOUT_IBAN = "poterie-des-echelles"
BY_CHEQUE = "vannerie-de-proveysieux"
NAMESPACE = uuid.UUID("6f1d7a40-5b1e-4c3a-9a57-2f0d7c1e9b11")


def _say(stdout, text: str) -> None:
    if stdout is not None:
        stdout.write(f"    {text}")


def _bank_details() -> None:
    for member in Member.objects.order_by("pk"):
        if member.slug == WITHOUT_IBAN:
            services.member_bank_update(member=member, actor=None, iban="", bic="", holder="")
            continue
        if member.iban:
            continue
        # Fictitious but well-formed accounts (valid check digits and RIB key).
        iban = IBAN.generate("FR", bank_code="30004", branch_code="00001", account_code=f"{member.pk:011d}")
        holder = member.contact_name or member.name
        services.member_bank_update(member=member, actor=None, iban=iban.compact, bic="", holder=holder[:70])


def _paid_at(booking: Booking, start: datetime.datetime) -> datetime.datetime:
    # Paid two days before the session, but within the session's month.
    return max(booking.session.start - datetime.timedelta(days=2), start + datetime.timedelta(hours=9))


def _pay_online(month_start: datetime.date, until: datetime.datetime) -> list[Payment]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(month_start, datetime.time.min, tzinfo=tz)
    bookings = Booking.objects.filter(
        session__workshop__member__slug__in=PAID_ONLINE,
        session__start__gte=start,
        session__start__lt=until,
        channel=Booking.Channel.ONLINE,
        status=Booking.Status.CONFIRMED,
        price__gt=0,
    ).select_related("session")
    payments = []
    for booking in bookings.order_by("session__start", "pk"):
        key = str(uuid.uuid5(NAMESPACE, booking.reference))
        ActionLog.objects.get_or_create(
            object_type=CHECKOUT_OBJECT_TYPE,
            object_id=key,
            action=CHECKOUT_ACTION,
            defaults={"data": {"bookings": [booking.reference], "total": str(booking.price)}},
        )
        payment, _ = Payment.objects.get_or_create(
            reference_kind=STAY_KIND,
            reference_id=key,
            defaults={
                "description": f"Séjour — réservation {booking.reference}",
                "email": booking.email,
                "amount": booking.price,
                "provider": "stripe",
                "provider_ref": f"pi_demo_{booking.reference}",
                "status": Payment.Status.SUCCEEDED,
                "paid_at": _paid_at(booking, start),
            },
        )
        payments.append(payment)
    return payments


def _refund_one(payments: list[Payment]) -> None:
    """A visitor cancelled within the policy: half of one booking refunded, in the same month."""
    for payment in payments:
        if payment.refunds.exists():
            return
    if not payments:
        return
    payment = payments[0]
    booking_ref = ActionLog.objects.get(
        object_type=CHECKOUT_OBJECT_TYPE, object_id=payment.reference_id
    ).data["bookings"][0]
    refund = Refund.objects.create(
        payment=payment,
        amount=(payment.amount / 2).quantize(Decimal("0.01")),
        reason=f"annulation de la réservation {booking_ref} (50 %)",
        kind=Refund.Kind.CANCELLATION,
        lines=[f"booking:{booking_ref}"],
        status=Refund.Status.SUCCEEDED,
        provider_ref=f"re_demo_{booking_ref}",
    )
    Refund.objects.filter(pk=refund.pk).update(created_at=payment.paid_at + datetime.timedelta(hours=5))


def _pay_last_month(period: datetime.date, stdout) -> None:
    statements = Statement.objects.filter(period=period)
    if not statements.exclude(status=Statement.Status.DRAFT).exists():
        return  # first pass: the shop has not closed the month yet
    cheque = statements.filter(member__slug=BY_CHEQUE, status=Statement.Status.CLOSED).first()
    if cheque is not None and cheque.net_due > 0:
        services.payout_record(
            member=cheque.member,
            period=period,
            paid_on=period + datetime.timedelta(days=40),
            reference="CHQ 0004127",
            method=Payout.Method.CHEQUE,
            actor=None,
        )
    if Payout.objects.filter(period=period, method=Payout.Method.SEPA).exists():
        return
    try:
        result = services.sepa_export_create(
            period=period,
            actor=None,
            execution_date=min(timezone.localdate(), period + datetime.timedelta(days=38)),
        )
    except services.errors.PayoutError as exc:
        _say(stdout, f"fichier SEPA non créé : {exc.message}")
        return
    _say(
        stdout,
        f"fichier SEPA : {result.export.count} virements, {result.export.total} € ; sans IBAN : "
        + ", ".join(m.member.name for m in result.skipped),
    )


def load(stdout=None) -> None:
    today = timezone.localdate()
    this_month = today.replace(day=1)
    last_month = (this_month - datetime.timedelta(days=1)).replace(day=1)
    _bank_details()
    tz = timezone.get_current_timezone()
    this_start = datetime.datetime.combine(this_month, datetime.time.min, tzinfo=tz)
    paid = _pay_online(last_month, this_start)
    _refund_one(paid)
    current = _pay_online(this_month, timezone.now())
    _say(stdout, f"{len(paid)} réservations payées en ligne le mois dernier, {len(current)} ce mois-ci")
    _pay_last_month(last_month, stdout)
