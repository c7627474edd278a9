"""Pure computations of invoice amounts (no database)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class LineInput:
    label: str
    quantity: Decimal
    unit_price: Decimal  # TTC when the caller's prices include VAT (visitors' prices), else HT
    vat_rate: Decimal


def line_amounts(line: LineInput, *, prices_include_vat: bool) -> tuple[Decimal, Decimal]:
    """(unit price HT to 4 decimals, line total HT to the cent)."""
    gross = line.quantity * line.unit_price
    total_ht = cents(gross / (1 + line.vat_rate / 100)) if prices_include_vat else cents(gross)
    unit_ht = (total_ht / line.quantity).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
    return unit_ht, total_ht


def vat_breakdown(lines: Iterable) -> list[dict]:
    """VAT per rate, computed on the total HT of each rate (not line by line)."""
    bases: dict[Decimal, Decimal] = {}
    for line in lines:
        bases[line.vat_rate] = bases.get(line.vat_rate, ZERO) + line.total_ht
    return [
        {"rate": rate, "base": base, "vat": cents(base * rate / 100)}
        for rate, base in sorted(bases.items(), key=lambda item: item[0], reverse=True)
    ]


def totals(lines: Iterable) -> tuple[Decimal, Decimal, Decimal]:
    lines = list(lines)
    breakdown = vat_breakdown(lines)
    total_ht = sum((row["base"] for row in breakdown), ZERO)
    total_vat = sum((row["vat"] for row in breakdown), ZERO)
    return total_ht, total_vat, total_ht + total_vat
