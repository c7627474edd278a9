"""Receipts of online sales paid by card, and credit notes of their refunds (issue 13, point 7).

Wired to the payments seam in ``InvoicingConfig.ready``:

- ``payment.succeeded`` (any paying app): after commit, the payment's receipt is issued, paid
  « carte », numbered like every invoice. Its lines come from the paying app's
  ``"<reference_kind>:receipt"`` handler (``pages.stay``: seats and products; ``vouchers``: the
  voucher), which returns ``{"buyer", "lines", "method"}`` or ``None`` (nothing to invoice).
- ``payment.refunded``: after commit, a credit note for the refund's amount.
- ``payment.documents``: the (label, link) of the receipt and credit notes for the payer's
  e-mails; the link is signed, so only who holds it opens the PDF.

A payment refunded in full because it came after its hold ended sold nothing: no receipt.
"""

from __future__ import annotations

import logging

from django.core import signing
from django.urls import reverse

from common.tasks import enqueue

from .exceptions import InvoicingError
from .models import Invoice
from .services import credit_note_issue_amount, invoice_issue

PAYMENT_REFERENCE = "payments.payment"
REFUND_REFERENCE = "payments.refund"
SIGNING_SALT = "invoicing.document"

logger = logging.getLogger(__name__)


def payment_receipt(payment) -> Invoice | None:
    return Invoice.objects.filter(
        kind=Invoice.Kind.INVOICE, reference_kind=PAYMENT_REFERENCE, reference_id=str(payment.public_id)
    ).first()


def payment_receipt_issue(*, payment_id: int) -> Invoice | None:
    """The numbered receipt of a paid payment (idempotent); None when there is nothing to invoice."""
    from payments import hooks
    from payments.models import Payment, Refund

    payment = Payment.objects.get(pk=payment_id)
    if not payment.is_paid:
        return None
    existing = payment_receipt(payment)
    if existing is not None:
        return existing
    if payment.refunds.filter(kind=Refund.Kind.LATE_PAYMENT).exists():
        return None
    found = [r for r in hooks.run(f"{payment.reference_kind}:receipt", payment=payment) if r]
    if not found:
        return None
    receipt = found[0]
    return invoice_issue(
        buyer=receipt["buyer"],
        lines=receipt["lines"],
        reference_kind=PAYMENT_REFERENCE,
        reference_id=str(payment.public_id),
        paid_method=receipt.get("method") or "carte",
    )


def refund_credit_note_issue(*, refund_id: int) -> Invoice | None:
    """The credit note of a card refund (idempotent); None when its payment has no receipt."""
    from payments.models import Refund

    refund = Refund.objects.select_related("payment").get(pk=refund_id)
    invoice = payment_receipt_issue(payment_id=refund.payment_id)
    if invoice is None:
        return None
    hints = [line.split(":", 1)[1] for line in refund.lines or [] if ":" in line]
    return credit_note_issue_amount(
        invoice=invoice,
        amount=refund.total,  # card and gift voucher: one credit note for the whole refund
        reason=f"Remboursement : {refund.reason}",
        hints=hints,
        reference_kind=REFUND_REFERENCE,
        reference_id=str(refund.public_id),
        actor=refund.actor,
    )


def public_document_url(invoice: Invoice) -> str:
    token = signing.dumps(str(invoice.public_id), salt=SIGNING_SALT, compress=False)
    return reverse("invoicing:document", kwargs={"token": token})


def invoice_from_token(token: str) -> Invoice | None:
    try:
        public_id = signing.loads(token, salt=SIGNING_SALT)
    except signing.BadSignature:
        return None
    return Invoice.objects.filter(public_id=public_id).first()


def payment_documents(payment) -> list[Invoice]:
    """The receipt of a payment then its credit notes."""
    receipt = payment_receipt(payment)
    if receipt is None:
        return []
    return [receipt, *receipt.credit_notes.order_by("sequence")]


# --------------------------------------------------------------------------- hook handlers


def on_payment_succeeded(*, payment) -> None:
    from . import tasks

    enqueue(tasks.issue_payment_receipt, payment.pk)


def on_payment_refunded(*, refund) -> None:
    from . import tasks

    enqueue(tasks.issue_refund_credit_note, refund.pk)


def on_refund_documents(*, refund) -> list[tuple[str, str]]:
    """(label, absolute link) of a refund's credit note, issued first if missing."""
    from django.conf import settings

    try:
        note = refund_credit_note_issue(refund_id=refund.pk)
    except InvoicingError:
        logger.exception("credit note of refund %s could not be issued", refund.pk)
        return []
    if note is None:
        return []
    return [(f"Avoir {note.number}", settings.SITE_URL + public_document_url(note))]


def on_payment_documents(*, payment) -> list[tuple[str, str]]:
    """(label, absolute link) of the payment's documents, the receipt issued first if missing."""
    from django.conf import settings

    try:
        payment_receipt_issue(payment_id=payment.pk)
    except InvoicingError:
        # The e-mail still leaves; the receipt task retries on its own and staff see it missing.
        logger.exception("receipt of payment %s could not be issued", payment.pk)
    return [
        (
            f"{'Avoir' if doc.is_credit_note else 'Facture'} {doc.number}",
            settings.SITE_URL + public_document_url(doc),
        )
        for doc in payment_documents(payment)
    ]
