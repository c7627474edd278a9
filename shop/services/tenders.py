"""Tenders checked by an app above the till (gift vouchers), without the arrow pointing up.

The vouchers app registers ``register_tender("voucher", handler)`` in its ``AppConfig.ready``;
``sale_create`` calls the handler inside the sale's transaction, so a refused voucher rolls the
whole ticket back (no ticket number, no journal entry, no stock movement).
``handler(*, code, amount, reference, actor)`` spends ``amount`` or raises ``TenderRefused``.
``register_tender_refund("voucher", handler)``: a reversed or returned ticket refunded « bon
cadeau » gives the amount back to the voucher(s) its original ticket spent:
``handler(*, reference, amount, reason, actor)`` (``reference``: the original ticket's).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from ..exceptions import TenderRefused

_handlers: dict[str, Callable] = {}
_refund_handlers: dict[str, Callable] = {}


def register_tender(method: str, handler: Callable) -> None:
    _handlers[method] = handler


def tender_redeem(*, method: str, code: str, amount: Decimal, reference: str, actor) -> None:
    handler = _handlers.get(method)
    if handler is None:
        raise TenderRefused()
    handler(code=code, amount=amount, reference=reference, actor=actor)


def register_tender_refund(method: str, handler: Callable) -> None:
    _refund_handlers[method] = handler


def tender_refund(*, method: str, reference: str, amount: Decimal, reason: str, actor) -> None:
    """Give ``amount`` back through the app that owns the tender; nothing when none does (a paper
    voucher of the office: the clerk hands a new one)."""
    handler = _refund_handlers.get(method)
    if handler is not None and amount > 0:
        handler(reference=reference, amount=amount, reason=reason, actor=actor)
