"""Helpers shared by the shop services: rounding, rates, references, row locks, stock sums."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from ..exceptions import InvalidQuantity, OutOfStock, ProductUnavailable
from ..models import CENT, Product, ShopSettings, StockMovement

# No 0/O or 1/I: references are read aloud at the desk and typed from printed slips.
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def to_cents(value: Decimal) -> Decimal:
    """Round half-up to the cent (French commercial rounding)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def vat_included(total: Decimal, rate: Decimal) -> Decimal:
    """VAT contained in a VAT-included amount, rounded half-up to the cent."""
    return to_cents(total - total * Decimal(100) / (Decimal(100) + rate))


def commission_rate_for(product: Product, shop_settings: ShopSettings) -> Decimal:
    """The member's own rate wins (it is their contract), then the category's, then the network's."""
    if product.member.commission_rate is not None:
        return product.member.commission_rate
    if product.category.commission_rate is not None:
        return product.category.commission_rate
    return shop_settings.commission_rate


def random_code(length: int = 6) -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(length))


def clean_quantities(items: Mapping[int, object]) -> dict[int, int]:
    """Quantities from a form or a session: positive integers only, else InvalidQuantity."""
    cleaned: dict[int, int] = {}
    for product_id, raw in items.items():
        if isinstance(raw, bool):
            raise InvalidQuantity()
        try:
            quantity = int(str(raw).strip())
        except (TypeError, ValueError):
            raise InvalidQuantity() from None
        if str(quantity) != str(raw).strip() or quantity <= 0:
            raise InvalidQuantity()
        cleaned[int(product_id)] = cleaned.get(int(product_id), 0) + quantity
    return cleaned


def stock_levels(product_ids: Iterable[int]) -> dict[int, int]:
    """Stock of each product: the sum of its ledger rows."""
    ids = list(product_ids)
    levels = dict.fromkeys(ids, 0)
    rows = (
        StockMovement.objects.filter(product_id__in=ids)
        .values("product_id")
        .annotate(total=Sum("quantity"))
        .values_list("product_id", "total")
    )
    levels.update({pid: int(total or 0) for pid, total in rows})
    return levels


def lock_products(product_ids: Iterable[int]) -> dict[int, Product]:
    """Lock product rows in id order (no deadlock between two baskets sharing products).

    Must run inside a transaction. Stock is then re-read from the ledger by the caller.
    """
    ids = sorted(set(product_ids))
    # FOR UPDATE OF the product rows only: member and category are joined for the checks
    # and the commission rate but stay unlocked.
    products = list(
        Product.objects.select_for_update(of=("self",))
        .select_related("member", "category")
        .filter(id__in=ids)
        .order_by("id")
    )
    found = {p.id: p for p in products}
    if len(found) != len(ids):
        raise ProductUnavailable(product="?")
    return found


def check_sellable(products: Mapping[int, Product], quantities: Mapping[int, int]) -> dict[int, int]:
    """Under the product locks: every product on sale and enough stock. Returns the levels."""
    for pid in sorted(quantities):
        product = products[pid]
        if not product.is_active or not product.member.is_active:
            raise ProductUnavailable(product=product.name)
    levels = stock_levels(quantities.keys())
    for pid in sorted(quantities):
        if levels[pid] < quantities[pid]:
            raise OutOfStock(product=products[pid].name, available=max(levels[pid], 0))
    return levels
