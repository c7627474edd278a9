"""Public pages: buy a gift voucher, follow the order, check a voucher's balance."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from django.views import View
from django.views.generic import TemplateView

from payments.exceptions import PaymentError
from payments.providers import online_payment_enabled

from .. import services
from ..exceptions import VoucherError
from ..forms import CodeForm, PurchaseForm
from ..models import Voucher
from ..payment import VOUCHER_PAYMENT_KIND, voucher_payment_start
from ..pdf import voucher_pdf


def _workshops():
    from workshops.models import Workshop

    return Workshop.objects.filter(is_published=True).select_related("member").order_by("title")


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class PurchaseView(TemplateView):
    template_name = "vouchers/public/purchase.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if "form" not in ctx:
            workshops = _workshops()
            initial = {}
            # A campaign's gift-voucher block links here with ?atelier=<slug>: that workshop,
            # preselected (an unknown or unpublished slug simply leaves the form as usual).
            chosen = workshops.filter(slug=self.request.GET.get("atelier", "")[:100]).first()
            if chosen is not None:
                initial = {"kind": Voucher.Kind.WORKSHOP, "workshop": chosen.pk, "seats": 1}
            ctx["form"] = PurchaseForm(workshops=workshops, initial=initial)
        ctx["online"] = online_payment_enabled()
        return ctx

    def post(self, request, *args, **kwargs):
        form = PurchaseForm(request.POST, workshops=_workshops())
        if form.is_valid():
            data = form.cleaned_data
            is_workshop = data["kind"] == Voucher.Kind.WORKSHOP
            try:
                voucher = services.voucher_order_create(
                    buyer_name=data["buyer_name"],
                    buyer_email=data["buyer_email"],
                    amount=None if is_workshop else data["amount"],
                    workshop=data["workshop"] if is_workshop else None,
                    seats=data["seats"] or 0 if is_workshop else 0,
                    recipient_name=data["recipient_name"],
                    message=data["message"],
                    language=(get_language() or "fr")[:2],
                )
            except VoucherError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                if online_payment_enabled() and request.POST.get("pay") != "on_site":
                    return _pay_online(request, voucher)
                return redirect(voucher.get_order_url())
        return self.render_to_response(self.get_context_data(form=form), status=400)


def _pay_online(request, voucher: Voucher):
    try:
        payment = voucher_payment_start(voucher=voucher)
    except PaymentError as exc:
        messages.error(request, str(exc.message))
        return redirect(voucher.get_order_url())
    return redirect("payments:pay", key=payment.public_id)


class OrderPayView(View):
    """« Payer en ligne par carte » from the order page of a pending order (secret link)."""

    def post(self, request, key):
        voucher = get_object_or_404(Voucher, order_key=key)
        if voucher.status != Voucher.Status.PENDING:
            return redirect(voucher.get_order_url())
        return _pay_online(request, voucher)


class OrderView(TemplateView):
    """The buyer's page (secret link): pending payment, or the voucher and its PDF."""

    template_name = "vouchers/public/order.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        voucher = get_object_or_404(Voucher.objects.select_related("workshop"), order_key=kwargs["key"])
        from payments.models import Payment

        ctx.update(
            voucher=voucher,
            online=online_payment_enabled(),
            payment=Payment.objects.filter(
                reference_kind=VOUCHER_PAYMENT_KIND,
                reference_id=str(voucher.public_id),
                status=Payment.Status.SUCCEEDED,
            ).first(),
        )
        return ctx


class OrderPdfView(TemplateView):
    def get(self, request, key):
        voucher = get_object_or_404(Voucher.objects.select_related("workshop"), order_key=key)
        if voucher.status != Voucher.Status.ACTIVE:
            raise Http404
        response = HttpResponse(voucher_pdf(voucher), content_type="application/pdf")
        response["Content-Disposition"] = 'inline; filename="bon-cadeau.pdf"'
        return response


class BalanceView(TemplateView):
    """Check what is left on a voucher. Wrong codes count against the visitor's IP."""

    template_name = "vouchers/public/balance.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", CodeForm())
        return ctx

    def post(self, request, *args, **kwargs):
        form = CodeForm(request.POST)
        voucher, status = None, 400
        if form.is_valid():
            try:
                voucher = services.voucher_check(code=form.cleaned_data["code"], ip=client_ip(request))
                status = 200
            except services.errors.RateLimited as exc:
                form.add_error("code", exc.message)
                status = 429
            except VoucherError as exc:
                form.add_error("code", exc.message)
        return self.render_to_response(self.get_context_data(form=form, voucher=voucher), status=status)
