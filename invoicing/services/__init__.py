"""Writes of the invoicing app: issue an invoice, issue a credit note, mark an invoice paid.

``invoice_issue`` is the one entry point for every seller-side document: group bookings paid
on invoice (staff), online sales receipts (payments' success hook, through ``pages``).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from common.audit import log_action

from .. import exceptions as errors
from ..exceptions import InvoicingError
from ..models import Invoice, InvoiceLine
from .compute import LineInput, cents, line_amounts, totals

# Invoice numbers are gapless per kind and year: numbering is serialised by this lock.
INVOICE_NUMBER_LOCK_KEY = 74_200_131
PREFIX: dict[str, str] = {Invoice.Kind.INVOICE: "F", Invoice.Kind.CREDIT_NOTE: "AV"}

__all__ = ["LineInput", "credit_note_issue", "credit_note_issue_amount", "invoice_issue", "invoice_mark_paid"]


def _next_sequence(kind: str, year: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)",
            [INVOICE_NUMBER_LOCK_KEY, year * 10 + (1 if kind == Invoice.Kind.INVOICE else 2)],
        )
    last = Invoice.objects.filter(kind=kind, year=year).aggregate(n=Max("sequence"))["n"] or 0
    return last + 1


def _seller() -> dict:
    from network.selectors import office_main

    office = office_main()
    return {
        "seller_name": office.legal_name or office.name,
        "seller_address": office.address,
        "seller_postcode": office.postcode,
        "seller_city": office.city,
        "seller_siret": office.siret,
        "seller_vat_number": office.vat_number,
        "seller_vat_exempt": office.vat_exempt,
        "seller_email": office.email,
    }


BUYER_FIELDS = (
    "buyer_kind",
    "buyer_name",
    "buyer_address",
    "buyer_postcode",
    "buyer_city",
    "buyer_country",
    "buyer_email",
    "buyer_siret",
    "buyer_vat_number",
    "buyer_reference",
)


def _clean_lines(lines: Sequence[LineInput], *, exempt: bool) -> list[LineInput]:
    if not lines:
        raise InvoicingError(errors.NO_LINES)
    cleaned = []
    for position, line in enumerate(lines, start=1):
        try:
            quantity, price, rate = Decimal(line.quantity), Decimal(line.unit_price), Decimal(line.vat_rate)
        except (InvalidOperation, TypeError, ValueError) as exc:
            raise InvoicingError(errors.LINE_INVALID % {"position": position}) from exc
        if not all(v.is_finite() for v in (quantity, price, rate)) or quantity <= 0 or price < 0:
            raise InvoicingError(errors.LINE_INVALID % {"position": position})
        if not (0 <= rate < 100):
            raise InvoicingError(errors.LINE_INVALID % {"position": position})
        # A seller under the VAT franchise (art. 293 B) charges no VAT at all.
        cleaned.append(LineInput(line.label[:255], quantity, price, Decimal("0.00") if exempt else rate))
    return cleaned


def _create(
    *, kind: str, buyer: dict, lines: list[LineInput], prices_include_vat: bool, actor, **extra
) -> Invoice:
    today = extra.pop("issued_on", None) or timezone.localdate()
    seller = _seller()
    line_rows = []
    for position, line in enumerate(lines, start=1):
        unit_ht, total_ht = line_amounts(line, prices_include_vat=prices_include_vat)
        line_rows.append(
            InvoiceLine(
                position=position,
                label=line.label,
                quantity=line.quantity,
                unit_price_ht=unit_ht,
                vat_rate=line.vat_rate,
                total_ht=total_ht,
            )
        )
    total_ht, total_vat, total_ttc = totals(line_rows)
    sequence = _next_sequence(kind, today.year)
    invoice = Invoice.objects.create(
        kind=kind,
        year=today.year,
        sequence=sequence,
        number=f"{PREFIX[kind]}{today.year}-{sequence:05d}",
        issued_on=today,
        total_ht=total_ht,
        total_vat=total_vat,
        total_ttc=total_ttc,
        created_by=actor if getattr(actor, "pk", None) else None,
        **seller,
        **{key: (buyer.get(key) or "") for key in BUYER_FIELDS if key != "buyer_kind"},
        buyer_kind=buyer.get("buyer_kind") or Invoice.BuyerKind.PERSON,
        **extra,
    )
    for row in line_rows:
        row.invoice = invoice
    InvoiceLine.objects.bulk_create(line_rows)
    return invoice


def invoice_issue(
    *,
    buyer: dict,
    lines: Sequence[LineInput],
    reference_kind: str = "",
    reference_id: str = "",
    prices_include_vat: bool = True,
    due_days: int | None = 30,
    paid_method: str = "",
    actor=None,
) -> Invoice:
    """Issue a numbered invoice (gapless per year) from the main office to ``buyer``.

    ``buyer`` holds the ``buyer_*`` fields; ``lines`` are LineInput (prices TTC by default).
    One invoice per (reference_kind, reference_id): calling again returns it. ``paid_method``
    issues it already paid (an online sale's receipt). Raises InvoicingError.
    """
    if not (buyer.get("buyer_name") or "").strip():
        raise InvoicingError(errors.BUYER_NAME_REQUIRED, field="buyer_name")
    if buyer.get("buyer_kind") == Invoice.BuyerKind.PUBLIC and not (buyer.get("buyer_siret") or "").strip():
        raise InvoicingError(errors.PUBLIC_NEEDS_SIRET, field="buyer_siret")
    with transaction.atomic():
        if reference_kind:
            existing = Invoice.objects.filter(
                kind=Invoice.Kind.INVOICE, reference_kind=reference_kind, reference_id=str(reference_id)
            ).first()
            if existing is not None:
                return existing
        cleaned = _clean_lines(lines, exempt=_seller()["seller_vat_exempt"])
        today = timezone.localdate()
        invoice = _create(
            kind=Invoice.Kind.INVOICE,
            buyer=buyer,
            lines=cleaned,
            prices_include_vat=prices_include_vat,
            actor=actor,
            reference_kind=reference_kind,
            reference_id=str(reference_id),
            due_on=today + datetime.timedelta(days=due_days)
            if due_days is not None and not paid_method
            else None,
            status=Invoice.Status.PAID if paid_method else Invoice.Status.ISSUED,
            paid_on=today if paid_method else None,
            payment_method=paid_method,
        )
        log_action(actor, "invoicing.invoice.issued", invoice, number=invoice.number, total=invoice.total_ttc)
    return invoice


def credit_note_issue(
    *, invoice: Invoice, reason: str, quantities: dict[int, Decimal] | None = None, actor=None
) -> Invoice:
    """Issue a credit note (avoir) on ``invoice``: every line in full, or ``quantities`` per
    line id. Never credits more than was invoiced, across all credit notes. Raises InvoicingError."""
    if not reason.strip():
        raise InvoicingError(errors.REASON_REQUIRED, field="reason")
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.kind != Invoice.Kind.INVOICE:
            raise InvoicingError(errors.NOT_AN_INVOICE)
        credited: dict[tuple, Decimal] = {}
        for note in invoice.credit_notes.prefetch_related("lines"):
            for line in note.lines.all():
                key = (line.label, line.vat_rate)
                credited[key] = credited.get(key, Decimal("0")) + line.quantity
        lines = []
        for line in invoice.lines.all():
            left = line.quantity - credited.get((line.label, line.vat_rate), Decimal("0"))
            wanted = left if quantities is None else Decimal(quantities.get(line.pk, 0) or 0)
            if wanted < 0 or wanted > left:
                raise InvoicingError(errors.CREDIT_TOO_MUCH % {"left": left.normalize()}, field="quantity")
            if wanted > 0:
                lines.append(LineInput(line.label, wanted, line.unit_price_ht, line.vat_rate))
        if not lines:
            raise InvoicingError(errors.NO_LINES, field="quantity")
        note = _create(
            kind=Invoice.Kind.CREDIT_NOTE,
            buyer={key: getattr(invoice, key) for key in BUYER_FIELDS},
            lines=lines,
            prices_include_vat=False,
            actor=actor,
            credited_invoice=invoice,
            reason=reason.strip()[:300],
            reference_kind=invoice.reference_kind,
            reference_id=invoice.reference_id,
        )
        log_action(actor, "invoicing.credit_note.issued", note, invoice=invoice.number, total=note.total_ttc)
    return note


def credit_note_issue_amount(
    *,
    invoice: Invoice,
    amount: Decimal,
    reason: str,
    hints: Sequence[str] = (),
    reference_kind: str = "",
    reference_id: str = "",
    actor=None,
) -> Invoice:
    """A credit note for an amount TTC (a card refund, full or partial) on ``invoice``.

    The amount is taken from the lines whose label contains one of ``hints`` (a booking's
    reference) first, then from the others, never more than is left on a line across all credit
    notes. One credit note per (reference_kind, reference_id): calling again returns it.
    Raises InvoicingError."""
    amount = Decimal(amount).quantize(Decimal("0.01"))
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.kind != Invoice.Kind.INVOICE:
            raise InvoicingError(errors.NOT_AN_INVOICE)
        if reference_kind:
            existing = invoice.credit_notes.filter(
                reference_kind=reference_kind, reference_id=str(reference_id)
            ).first()
            if existing is not None:
                return existing
        notes = list(invoice.credit_notes.prefetch_related("lines"))
        left_total = invoice.total_ttc - sum((n.total_ttc for n in notes), Decimal("0.00"))
        if amount <= 0 or amount > left_total:
            raise InvoicingError(errors.CREDIT_TOO_MUCH % {"left": left_total}, field="amount")
        credited: dict[tuple, Decimal] = {}
        for note in notes:
            for line in note.lines.all():
                key = (line.label, line.vat_rate)
                credited[key] = credited.get(key, Decimal("0")) + line.total_ht
        lines = list(invoice.lines.all())
        named = [line for line in lines if any(h and h in line.label for h in hints)]
        ordered = named + [line for line in lines if line not in named]
        remaining, out = amount, []
        for line in ordered:
            left_ht = line.total_ht - credited.get((line.label, line.vat_rate), Decimal("0"))
            if remaining <= 0 or left_ht <= 0:
                continue
            left_ttc = cents(left_ht * (1 + line.vat_rate / 100))
            if remaining >= left_ttc:
                # The whole line: its HT exactly, so a full refund credits the invoice to the cent.
                ht, remaining = left_ht, remaining - left_ttc
            else:
                ht, remaining = cents(remaining / (1 + line.vat_rate / 100)), Decimal("0")
            if ht > 0:
                out.append(LineInput(line.label, Decimal(1), ht, line.vat_rate))
        if not out:
            raise InvoicingError(errors.NO_LINES, field="amount")
        _balance_to(out, amount)
        note = _create(
            kind=Invoice.Kind.CREDIT_NOTE,
            buyer={key: getattr(invoice, key) for key in BUYER_FIELDS},
            lines=out,
            prices_include_vat=False,
            actor=actor,
            credited_invoice=invoice,
            reason=reason.strip()[:300],
            reference_kind=reference_kind or invoice.reference_kind,
            reference_id=str(reference_id) if reference_kind else invoice.reference_id,
        )
        log_action(actor, "invoicing.credit_note.issued", note, invoice=invoice.number, total=note.total_ttc)
    return note


def _balance_to(lines: list[LineInput], amount: Decimal) -> None:
    """VAT is rounded per rate on each document, so HT amounts taken line by line can land a
    cent away from the refund: the cent goes to the last line (a handful of steps at most)."""

    class _Row:
        def __init__(self, line: LineInput):
            self.vat_rate, self.total_ht = line.vat_rate, cents(line.quantity * line.unit_price)

    for _step in range(5):
        total = totals([_Row(line) for line in lines])[2]
        if total == amount:
            return
        step = Decimal("0.01") if total < amount else Decimal("-0.01")
        last = lines[-1]
        if last.unit_price + step <= 0:
            return
        lines[-1] = LineInput(last.label, last.quantity, last.unit_price + step, last.vat_rate)


def invoice_mark_paid(
    *, invoice: Invoice, method: str, paid_on: datetime.date | None = None, actor=None
) -> Invoice:
    """Record the payment of an invoice (transfer, cheque, mandat administratif). Idempotent."""
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if invoice.status == Invoice.Status.PAID:
            return invoice
        invoice.status = Invoice.Status.PAID
        invoice.paid_on = paid_on or timezone.localdate()
        invoice.payment_method = method[:40]
        invoice.save(update_fields=["status", "paid_on", "payment_method", "updated_at"])
        log_action(actor, "invoicing.invoice.paid", invoice, method=method)
    return invoice
