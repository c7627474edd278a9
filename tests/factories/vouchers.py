"""Factories of the vouchers app: vouchers are made through the services (the ledger is the truth)."""

from __future__ import annotations

from decimal import Decimal

from vouchers import services


def issued_voucher(amount: str = "50.00", **kwargs):
    voucher = services.voucher_order_create(
        buyer_name=kwargs.pop("buyer_name", "Jeanne d'Arc & Cie <b>"),
        buyer_email=kwargs.pop("buyer_email", "jeanne@example.org"),
        amount=Decimal(amount),
        **kwargs,
    )
    return services.voucher_issue(voucher_id=voucher.pk, payment_method="card")


def pending_voucher(amount: str = "30.00"):
    return services.voucher_order_create(
        buyer_name='Paul "Le" Gros', buyer_email="paul@example.org", amount=Decimal(amount)
    )
