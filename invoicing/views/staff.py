"""Staff pages (office staff only): invoices and credit notes, the group booking's invoice."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from common.access import OfficeStaffRequiredMixin

from .. import selectors, services, sources
from ..exceptions import InvoicingError
from ..forms import BuyerForm, CreditNoteForm, MarkPaidForm
from ..models import Invoice
from ..services.documents import invoice_facturx, invoice_pdf


class InvoiceListView(OfficeStaffRequiredMixin, TemplateView):
    template_name = "invoicing/staff/list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:60]
        status = self.request.GET.get("status", "")
        page = Paginator(selectors.invoice_list(query=query, status=status), 50).get_page(
            self.request.GET.get("page")
        )
        ctx.update(page=page, query=query, status=status, statuses=Invoice.Status.choices)
        return ctx


class _InvoiceMixin(OfficeStaffRequiredMixin):
    def invoice(self) -> Invoice:
        try:
            return selectors.invoice_get(self.kwargs["public_id"])
        except Invoice.DoesNotExist as exc:
            raise Http404 from exc


class InvoiceDetailView(_InvoiceMixin, TemplateView):
    template_name = "invoicing/staff/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        invoice = self.invoice()
        ctx.update(
            invoice=invoice,
            paid_form=kwargs.get("paid_form") or MarkPaidForm(initial={"paid_on": timezone.localdate()}),
        )
        return ctx


class InvoiceDocumentView(_InvoiceMixin, View):
    """The PDF; professionals and public bodies get the Factur-X PDF/A-3."""

    def get(self, request, public_id):
        invoice = self.invoice()
        content = invoice_facturx(invoice) if invoice.is_electronic else invoice_pdf(invoice)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{invoice.number}.pdf"'
        return response


class InvoiceMarkPaidView(_InvoiceMixin, View):
    def post(self, request, public_id):
        invoice = self.invoice()
        form = MarkPaidForm(request.POST)
        if invoice.is_credit_note:
            raise Http404
        if form.is_valid():
            services.invoice_mark_paid(
                invoice=invoice,
                method=form.cleaned_data["method"],
                paid_on=form.cleaned_data["paid_on"],
                actor=request.user,
            )
            messages.success(request, _("Facture %(number)s marquée payée.") % {"number": invoice.number})
            return redirect("invoicing_staff:detail", public_id=invoice.public_id)
        view = InvoiceDetailView()
        view.setup(request, public_id=public_id)
        return view.render_to_response(view.get_context_data(paid_form=form), status=400)


class CreditNoteView(_InvoiceMixin, TemplateView):
    """Confirmation page (no JavaScript) saying what the credit note will do; POST issues it."""

    template_name = "invoicing/staff/credit_note.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(invoice=self.invoice(), form=kwargs.get("form") or CreditNoteForm())
        return ctx

    def post(self, request, public_id):
        invoice = self.invoice()
        form = CreditNoteForm(request.POST)
        if form.is_valid():
            try:
                note = services.credit_note_issue(
                    invoice=invoice, reason=form.cleaned_data["reason"], actor=request.user
                )
            except InvoicingError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("Avoir %(number)s émis.") % {"number": note.number})
                return redirect("invoicing_staff:detail", public_id=note.public_id)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class BookingInvoiceView(OfficeStaffRequiredMixin, TemplateView):
    """« Émettre la facture » of a group booking paid on invoice."""

    template_name = "invoicing/staff/booking_invoice.html"

    def booking(self):
        from workshops.models import Booking

        return get_object_or_404(
            Booking.objects.select_related("session__workshop"),
            reference=self.kwargs["reference"],
            is_group=True,
        )

    def get(self, request, *args, **kwargs):
        booking = self.booking()
        invoice = sources.booking_invoice(booking)
        if invoice is not None:
            return redirect("invoicing_staff:detail", public_id=invoice.public_id)
        form = BuyerForm(initial=sources.booking_buyer_initial(booking))
        return self.render_to_response(self.get_context_data(booking=booking, form=form))

    def post(self, request, *args, **kwargs):
        booking = self.booking()
        form = BuyerForm(request.POST)
        if form.is_valid():
            try:
                invoice = sources.booking_invoice_issue(
                    booking=booking, buyer=form.cleaned_data, actor=request.user
                )
            except InvoicingError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Facture %(number)s émise.") % {"number": invoice.number})
                return redirect("invoicing_staff:detail", public_id=invoice.public_id)
        return self.render_to_response(self.get_context_data(booking=booking, form=form), status=400)
