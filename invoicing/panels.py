"""The invoice block on the staff booking page (workshops), added from above through panels."""

from __future__ import annotations

from django.template.loader import render_to_string

from common.access import is_office_staff


def booking_invoice_panel(request, booking) -> str:
    if not getattr(booking, "is_group", False) or not is_office_staff(request.user):
        return ""
    from .sources import booking_invoice

    return render_to_string(
        "invoicing/staff/_booking_panel.html",
        {"booking": booking, "invoice": booking_invoice(booking)},
        request=request,
    )


def _payment_documents(request, payment, *, staff: bool) -> str:
    from .receipts import payment_documents, public_document_url

    if payment is None:
        return ""
    documents = payment_documents(payment)
    if not documents:
        return ""
    links = [(doc, None if staff else public_document_url(doc)) for doc in documents]
    return render_to_string(
        "invoicing/partials/_payment_documents.html", {"links": links, "staff": staff}, request=request
    )


def payment_documents_staff_panel(request, payment) -> str:
    """The receipt and credit notes of a card payment, on the staff payment page."""
    if not is_office_staff(request.user):
        return ""
    return _payment_documents(request, payment, staff=True)


def payment_documents_public_panel(request, payment) -> str:
    """The same, as signed PDF links, on the visitor's confirmation page."""
    return _payment_documents(request, payment, staff=False)
