"""Checkout totals with deductions (gift vouchers, later credit notes), computed on the server.

A selling app computes its gross total from database prices, then asks ``checkout_total``
what may be deducted; the deduction handlers are registered by other apps through
``payments.hooks.register("checkout.deductions", handler)``. The amount to charge online is
``total``; when it is zero no card payment is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from . import hooks

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Deduction:
    kind: str  # e.g. "voucher"
    label: str  # shown to the visitor, e.g. « Bon cadeau BC-7K2M »
    amount: Decimal  # positive; capped so the total never goes below zero
    data: dict = field(default_factory=dict)  # what the owner app needs to commit it (code, id…)


@dataclass
class CheckoutTotal:
    gross: Decimal
    deductions: list[Deduction]

    @property
    def deducted(self) -> Decimal:
        return sum((d.amount for d in self.deductions), Decimal("0"))

    @property
    def total(self) -> Decimal:
        return max(Decimal("0"), self.gross - self.deducted).quantize(CENT)

    def as_data(self) -> list[dict]:
        return [
            {"kind": d.kind, "label": str(d.label), "amount": str(d.amount), "data": d.data}
            for d in self.deductions
        ]


def checkout_total(*, gross: Decimal, context: dict | None = None) -> CheckoutTotal:
    """Gross total minus what the registered deduction handlers grant, in order, never below zero."""
    context = context or {}
    left = Decimal(gross).quantize(CENT)
    kept: list[Deduction] = []
    for result in hooks.run("checkout.deductions", gross=left, context=context):
        for deduction in result or []:
            amount = min(Decimal(deduction.amount).quantize(CENT), left)
            if amount <= 0:
                continue
            kept.append(Deduction(deduction.kind, deduction.label, amount, dict(deduction.data)))
            left -= amount
    return CheckoutTotal(gross=Decimal(gross).quantize(CENT), deductions=kept)
