"""Staff pages (office staff only): look up, sell at the desk, spend, extend, cancel vouchers."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from common.access import OfficeStaffRequiredMixin
from common.templatetags.maillage import money

from .. import selectors, services
from ..exceptions import VoucherError
from ..forms import CancelForm, ExtendForm, IssueForm, RecreditForm, RedeemForm
from ..models import Voucher
from ..pdf import voucher_pdf
from .public import client_ip


class VoucherListView(OfficeStaffRequiredMixin, TemplateView):
    template_name = "vouchers/staff/list.html"
    paginate_by = 50

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        status = self.request.GET.get("status", "")
        if status not in Voucher.Status.values:
            status = ""
        page = Paginator(selectors.voucher_list(query=query, status=status), self.paginate_by).get_page(
            self.request.GET.get("page")
        )
        ctx.update(
            page=page,
            query=query,
            status=status,
            statuses=Voucher.Status.choices,
            liability=selectors.voucher_liability(),
            redeem_form=kwargs.get("redeem_form") or RedeemForm(),
        )
        return ctx


class VoucherRedeemView(OfficeStaffRequiredMixin, View):
    """Spend a voucher at the desk (the counter calls the same service)."""

    def post(self, request):
        form = RedeemForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                movement = services.voucher_redeem(
                    code=data["code"],
                    amount=data["amount"],
                    reference=data["reference"],
                    ip=client_ip(request),
                    actor=request.user,
                )
            except VoucherError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(
                    request,
                    _("%(amount)s déduits du bon %(code)s ; solde restant %(balance)s.")
                    % {
                        "amount": money(-movement.amount),
                        "code": movement.voucher.display_code,
                        "balance": money(movement.balance_after),
                    },
                )
                return redirect("vouchers_staff:detail", public_id=movement.voucher.public_id)
        view = VoucherListView()
        view.setup(request)
        return view.render_to_response(view.get_context_data(redeem_form=form), status=400)


class _VoucherMixin(OfficeStaffRequiredMixin):
    def voucher(self) -> Voucher:
        return get_object_or_404(
            Voucher.objects.select_related("workshop"), public_id=self.kwargs["public_id"]
        )


class VoucherDetailView(_VoucherMixin, TemplateView):
    template_name = "vouchers/staff/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        voucher = self.voucher()
        ctx.update(
            voucher=voucher,
            movements=selectors.voucher_movements(voucher),
            payments=selectors.voucher_payments(voucher),
            extend_form=kwargs.get("extend_form") or ExtendForm(),
            recredit_form=kwargs.get("recredit_form") or RecreditForm(),
            spent=voucher.amount - voucher.balance,
            issue_form=IssueForm(),
        )
        return ctx


class VoucherExtendView(_VoucherMixin, View):
    def post(self, request, public_id):
        voucher = self.voucher()
        form = ExtendForm(request.POST)
        if form.is_valid():
            try:
                services.voucher_extend(
                    voucher_id=voucher.pk,
                    expires_on=form.cleaned_data["expires_on"],
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except VoucherError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Validité prolongée."))
                return redirect("vouchers_staff:detail", public_id=voucher.public_id)
        view = VoucherDetailView()
        view.setup(request, public_id=public_id)
        return view.render_to_response(view.get_context_data(extend_form=form), status=400)


class VoucherRecreditView(_VoucherMixin, View):
    def post(self, request, public_id):
        voucher = self.voucher()
        form = RecreditForm(request.POST)
        if form.is_valid():
            try:
                services.voucher_recredit(
                    voucher_id=voucher.pk,
                    amount=form.cleaned_data["amount"],
                    reference="staff",
                    reason=form.cleaned_data["reason"],
                    actor=request.user,
                )
            except VoucherError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                amount = money(form.cleaned_data["amount"])
                messages.success(request, _("%(amount)s recrédités sur le bon.") % {"amount": amount})
                return redirect("vouchers_staff:detail", public_id=voucher.public_id)
        view = VoucherDetailView()
        view.setup(request, public_id=public_id)
        return view.render_to_response(view.get_context_data(recredit_form=form), status=400)


class VoucherCancelView(_VoucherMixin, TemplateView):
    """Confirmation page without JavaScript, saying what will happen; POST cancels."""

    template_name = "vouchers/staff/cancel.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(voucher=self.voucher(), form=kwargs.get("form") or CancelForm())
        return ctx

    def post(self, request, public_id):
        voucher = self.voucher()
        form = CancelForm(request.POST)
        if form.is_valid():
            try:
                services.voucher_cancel(
                    voucher_id=voucher.pk, reason=form.cleaned_data["reason"], actor=request.user
                )
            except VoucherError as exc:
                form.add_error("reason", exc.message)
            else:
                messages.success(request, _("Bon cadeau annulé."))
                return redirect("vouchers_staff:detail", public_id=voucher.public_id)
        return self.render_to_response(self.get_context_data(form=form), status=400)


class VoucherIssueView(_VoucherMixin, View):
    """« Payer sur place »: the buyer pays at the desk, staff issue the voucher."""

    def post(self, request, public_id):
        voucher = self.voucher()
        form = IssueForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Réglé par : choisissez le moyen de paiement."))
        elif voucher.status != Voucher.Status.PENDING:
            messages.error(request, _("Ce bon cadeau n'est pas en attente de paiement."))
        else:
            services.voucher_issue(
                voucher_id=voucher.pk, payment_method=form.cleaned_data["payment_method"], actor=request.user
            )
            messages.success(request, _("Paiement enregistré : le bon est émis et envoyé à l'acheteur."))
        return redirect("vouchers_staff:detail", public_id=voucher.public_id)


class VoucherPdfView(_VoucherMixin, View):
    def get(self, request, public_id):
        voucher = self.voucher()
        response = HttpResponse(voucher_pdf(voucher), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="bon-cadeau.pdf"'
        return response
