"""The payer's link to a receipt or credit note (signed, from the confirmation page and e-mails)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.views import View

from ..receipts import invoice_from_token
from ..services.documents import invoice_facturx, invoice_pdf


class InvoiceSharedDocumentView(View):
    def get(self, request, token):
        invoice = invoice_from_token(token)
        if invoice is None:
            raise Http404
        content = invoice_facturx(invoice) if invoice.is_electronic else invoice_pdf(invoice)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
        response["X-Robots-Tag"] = "noindex"
        return response
