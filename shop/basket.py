"""Session baskets (the visitor's click & collect basket, the counter's current ticket).

The session only keeps product ids and quantities; prices are always read again from the
database, so a basket edited in the browser cannot change what is charged.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from . import selectors
from .models import Product
from .services.common import to_cents, vat_included

MAX_QUANTITY = 999


@dataclass
class PricedLine:
    product: Product
    quantity: int
    total: Decimal
    vat: Decimal

    @property
    def short(self) -> bool:
        return self.quantity > self.product.stock


@dataclass
class PricedBasket:
    lines: list[PricedLine] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((line.total for line in self.lines), Decimal("0"))

    @property
    def vat(self) -> Decimal:
        return sum((line.vat for line in self.lines), Decimal("0"))

    @property
    def vat_by_rate(self) -> list[tuple[str, Decimal, Decimal]]:
        rates: dict[str, list[Decimal]] = {}
        for line in self.lines:
            bucket = rates.setdefault(str(line.product.applicable_vat_rate), [Decimal("0"), Decimal("0")])
            bucket[0] += line.total
            bucket[1] += line.vat
        return [(rate, t, v) for rate, (t, v) in sorted(rates.items())]

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    def quantities(self) -> dict[int, int]:
        return {line.product.pk: line.quantity for line in self.lines}


class SessionBasket:
    def __init__(self, request, key: str):
        self.session = request.session
        self.key = key

    def items(self) -> dict[int, int]:
        raw = self.session.get(self.key) or {}
        items = {}
        for pid, quantity in raw.items():
            try:
                pid_int, qty = int(pid), int(quantity)
            except (TypeError, ValueError):
                continue
            if qty > 0:
                items[pid_int] = min(qty, MAX_QUANTITY)
        return items

    def _save(self, items: dict[int, int]) -> None:
        self.session[self.key] = {str(pid): qty for pid, qty in items.items() if qty > 0}

    def add(self, product_id: int, quantity: int = 1) -> None:
        items = self.items()
        items[product_id] = min(items.get(product_id, 0) + quantity, MAX_QUANTITY)
        self._save(items)

    def set(self, product_id: int, quantity: int) -> None:
        items = self.items()
        if quantity <= 0:
            items.pop(product_id, None)
        else:
            items[product_id] = min(quantity, MAX_QUANTITY)
        self._save(items)

    def clear(self) -> None:
        self.session.pop(self.key, None)

    def priced(self) -> PricedBasket:
        items = self.items()
        products = selectors.counter_products(ids=items.keys())
        basket = PricedBasket()
        for pid, quantity in items.items():
            product = products.get(pid)
            if product is None:
                continue
            total = to_cents(product.price * quantity)
            basket.lines.append(
                PricedLine(product, quantity, total, vat_included(total, product.applicable_vat_rate))
            )
        basket.lines.sort(key=lambda line: line.product.name)
        return basket
