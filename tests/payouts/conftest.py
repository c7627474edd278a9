"""Helpers of the payouts tests: workshop seats paid online and refunded, as the payments app
records them (a succeeded stay payment, its checkout record, refunds with ``booking:REF`` lines)."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.utils import timezone

from common.models import ActionLog
from network.models import Office
from payments.models import Payment, Refund

VALID_IBANS = {
    "alice": ("FR7630006000011234567890189", "Alice Martin"),
    "bob": ("FR1420041010050500013M02606", "Robert Durand"),
}
OFFICE_IBAN = "FR7610107001011234567890129"


def last_month() -> datetime.date:
    return (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)


def at(period: datetime.date, day: int) -> datetime.datetime:
    return datetime.datetime.combine(
        period.replace(day=day), datetime.time(12), tzinfo=timezone.get_current_timezone()
    )


def pay_online(bookings, *, paid_at: datetime.datetime) -> Payment:
    key = str(uuid.uuid4())
    ActionLog.objects.create(
        action="pages.stay.checked_out",
        object_type="pages.stay",
        object_id=key,
        data={"bookings": [b.reference for b in bookings]},
    )
    return Payment.objects.create(
        reference_kind="pages.stay",
        reference_id=key,
        description="Séjour",
        email="visiteur@example.org",
        amount=sum((b.price for b in bookings), Decimal("0")),
        provider="stripe",
        status=Payment.Status.SUCCEEDED,
        paid_at=paid_at,
    )


def refund(payment: Payment, booking, amount: str, *, created_at: datetime.datetime) -> Refund:
    row = Refund.objects.create(
        payment=payment,
        amount=Decimal(amount),
        reason="annulation",
        kind=Refund.Kind.CANCELLATION,
        lines=[f"booking:{booking.reference}"],
        status=Refund.Status.SUCCEEDED,
    )
    Refund.objects.filter(pk=row.pk).update(created_at=created_at)
    return row


@pytest.fixture
def vat_registered_office(db):
    """The main office is VAT-registered: its commission carries 20 % VAT."""
    return Office.objects.create(name="Office de tourisme", is_main=True, vat_number="FR40123456824")


@pytest.fixture
def office_account(settings):
    settings.OFFICE_IBAN = OFFICE_IBAN
    settings.OFFICE_BIC = ""
    settings.OFFICE_SEPA_NAME = "Office de tourisme Coeur de Chartreuse"
    return settings
