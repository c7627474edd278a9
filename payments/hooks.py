"""The seam between payments and the apps that sell (pages' stay, workshops, gift vouchers…).

Payments knows no app above it. Apps register handlers at start (``AppConfig.ready``):

- ``"<reference_kind>:succeeded"``, ``":failed"``, ``":expired"`` — called with ``payment=``
  inside the transaction that changes the payment (its row is locked), exactly once per change.
- ``"payment.succeeded"`` (``payment=``), ``"payment.refunded"`` (``refund=``) — any kind, inside
  the same transaction (invoicing issues the receipt / credit note after commit).
- ``"<reference_kind>:receipt"`` — ``payment=``; returns ``{"buyer", "lines", "method"}`` for the
  payment's receipt, or ``None``.
- ``"payment.documents"`` — ``payment=``, outside any transaction; returns ``[(label, url)]`` for
  the payer's e-mails (the receipt's signed link).
- ``"checkout.deductions"`` — called with ``gross=`` (Decimal) and ``context=`` (dict: ``email``,
  ``codes``, ``lines``…); returns a list of ``payments.checkout.Deduction`` (e.g. a gift voucher).
  Amounts are computed on the server; the total never goes below zero.
- ``"checkout.deductions.commit"`` — called with ``deductions=``, ``reference=`` inside the checkout
  transaction (lock and debit a voucher there; raise ``PaymentError`` to refuse the checkout).
- ``"checkout.deductions.recredit"`` — called with ``reference=``, ``amount=``, ``reason=`` when a
  paid checkout is partly cancelled: give back up to ``amount`` of what the deductions took.
- ``"checkout.deductions.outstanding"`` — ``reference=``: what the deductions paid of that checkout
  and have not got back yet (a staff refund's split between card and voucher).
- ``"<reference_kind>:refunding"`` — ``payment=``, ``amount=``, ``actor=``, inside a refund's
  transaction (payment row locked): the paying app follows up or refuses (raise ``RefundError``).
- ``"<reference_kind>:refund_preview"`` — ``payment=``, ``amount=``: sentences for the staff
  confirmation page (raise ``RefundError`` to refuse); ``":refund_notes"`` — ``refund=``: for the
  payer's refund e-mail. ``"refund.documents"`` — ``refund=``: (label, url) of its credit note.
- ``"checkout.deductions.release"`` — called with ``reference=`` when a pending checkout is released
  (expired, failed for good, cancelled): give the deducted amounts back.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

_handlers: dict[str, list[Callable]] = defaultdict(list)


def register(kind: str, handler: Callable) -> None:
    """Add ``handler`` for ``kind`` (registering the same function twice has no effect)."""
    if handler not in _handlers[kind]:
        _handlers[kind].append(handler)


def unregister(kind: str, handler: Callable) -> None:
    if handler in _handlers.get(kind, []):
        _handlers[kind].remove(handler)


def handlers(kind: str) -> list[Callable]:
    return list(_handlers.get(kind, []))


def run(kind: str, **kwargs) -> list:
    """Call every handler of ``kind`` in registration order; returns their results."""
    return [handler(**kwargs) for handler in handlers(kind)]
