"""Reads of the invoicing app."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Invoice


def invoice_list(*, query: str = "", kind: str = "", status: str = "") -> QuerySet[Invoice]:
    invoices = Invoice.objects.select_related("credited_invoice").order_by("-year", "-sequence", "-kind")
    if kind in Invoice.Kind.values:
        invoices = invoices.filter(kind=kind)
    if status in Invoice.Status.values:
        invoices = invoices.filter(status=status)
    if query:
        invoices = invoices.filter(number__icontains=query) | invoices.filter(buyer_name__icontains=query)
    return invoices


def invoice_get(public_id) -> Invoice:
    return (
        Invoice.objects.select_related("credited_invoice")
        .prefetch_related("lines", "credit_notes")
        .get(public_id=public_id)
    )
