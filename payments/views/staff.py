"""Staff pages of payments: list, one payment with its refunds, refund with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.generic import ListView, TemplateView

from common.access import OfficeStaffRequiredMixin

from .. import exceptions as errors
from .. import hooks, selectors, services
from ..forms import RefundForm
from ..models import Payment
from ..providers import online_payment_enabled


class PaymentsStaffMixin(OfficeStaffRequiredMixin):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["online_enabled"] = online_payment_enabled()
        return ctx


class PaymentListView(PaymentsStaffMixin, ListView):
    template_name = "payments/staff/payment_list.html"
    paginate_by = 50
    context_object_name = "payments"

    def get_queryset(self):
        status = self.request.GET.get("statut", "")
        if status not in Payment.Status.values:
            status = ""
        self.status = status
        return selectors.payment_list(status=status)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(status=self.status, statuses=Payment.Status.choices)
        return ctx


class PaymentDetailView(PaymentsStaffMixin, TemplateView):
    template_name = "payments/staff/payment_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        payment = get_object_or_404(Payment, public_id=self.kwargs["key"])
        refunded = payment.refunded_total()
        card_left = payment.amount - refunded if payment.is_paid else 0
        voucher_left = services.deductions_outstanding(payment) if payment.is_paid else 0
        ctx.update(
            payment=payment,
            refunds=list(payment.refunds.select_related("actor")),
            refunded=refunded,
            card_left=card_left,
            voucher_left=voucher_left,
            refundable=card_left + voucher_left,
            form=kwargs.get("form") or RefundForm(),
        )
        return ctx


class RefundCreateView(PaymentDetailView):
    """First POST shows a confirmation saying what will happen (no JavaScript); the second refunds."""

    template_name = "payments/staff/refund_confirm.html"

    def get(self, request, *args, **kwargs):
        return redirect("payments_staff:payment_detail", key=kwargs["key"])

    def post(self, request, *args, **kwargs):
        payment = get_object_or_404(Payment, public_id=kwargs["key"])
        form = RefundForm(request.POST)
        if not form.is_valid():
            return self._again(form)
        data = form.cleaned_data
        to_voucher = bool(data.get("to_voucher"))
        if not data.get("confirmed"):
            try:
                if not data["reason"].strip():
                    raise errors.RefundError(errors.REFUND_REASON_REQUIRED, field="reason")
                plan = services.refund_plan(payment=payment, amount=data["amount"], to_voucher=to_voucher)
                notes = [
                    note
                    for found in hooks.run(
                        f"{payment.reference_kind}:refund_preview", payment=payment, amount=plan.card
                    )
                    for note in found or []
                ]
            except errors.RefundError as exc:
                form.add_error(exc.field, str(exc.message))
                return self._again(form)
            return self.render_to_response(
                self.get_context_data(form=form, amount=plan.total, plan=plan, notes=notes)
            )
        try:
            services.refund_create(
                payment_id=payment.pk,
                amount=data["amount"],
                reason=data["reason"],
                actor=request.user,
                to_voucher=to_voucher,
                idempotency_key=data.get("idempotency_key"),
            )
        except errors.RefundError as exc:
            form.add_error(exc.field, str(exc.message))
            return self._again(form)
        messages.success(request, _("Le remboursement est enregistré et envoyé au prestataire de paiement."))
        return redirect(payment.get_staff_url())

    def _again(self, form):
        self.template_name = PaymentDetailView.template_name
        return self.render_to_response(self.get_context_data(form=form), status=400)
