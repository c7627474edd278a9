"""Staff pages: the counter, orders to prepare, deposits, stock, closings, statements, figures."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.core.validators import validate_email
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from common.access import CounterSellerRequiredMixin
from common.audit import audit_entries_for
from common.tasks import enqueue

from .. import selectors, services
from ..basket import SessionBasket
from ..exceptions import ShopError
from ..forms import (
    CounterLineForm,
    DashboardForm,
    DayForm,
    DepositReceiveForm,
    FootfallForm,
    MonthForm,
    PaymentForm,
    ProductForm,
    ReasonForm,
    SplitCheckoutForm,
    StockAdjustForm,
)
from ..models import DepositSlip, Order, PaymentMethod, PayoutMethod, Product, Statement
from ..services.statements import month_start
from ..services.till import till_open_session
from ..tasks import send_receipt
from .exports import dashboard_csv_response, statement_csv_response, statement_pdf_response
from .portal import parse_month

COUNTER_KEY = "shop_counter"


class ShopStaffMixin(CounterSellerRequiredMixin):
    """The shop and its till are run by whoever ``can_sell_at_counter`` (the office's own staff)."""


# --- Counter ----------------------------------------------------------------------------


DISCOUNTS_KEY = "shop_counter_discounts"


def _line_discounts(request) -> dict[int, Decimal]:
    return {int(k): Decimal(v) for k, v in request.session.get(DISCOUNTS_KEY, {}).items()}


def _counter_context(request, **extra) -> dict:
    from .till import current_till

    cart = SessionBasket(request, COUNTER_KEY).priced()
    discounts = _line_discounts(request)
    for line in cart.lines:
        line.discount = discounts.get(line.product.pk, Decimal("0"))
    till = current_till(request)
    return {
        "cart": cart,
        "cart_discounts": sum(discounts.get(line.product.pk, Decimal("0")) for line in cart.lines),
        "checkout_form": SplitCheckoutForm(),
        "till": till,
        "till_session": till_open_session(till),
        **extra,
    }


def _cart_response(request, **extra):
    if request.htmx:
        return render(request, "shop/staff/partials/_counter_cart.html", _counter_context(request, **extra))
    for text in extra.get("errors", []):
        messages.error(request, text)
    return redirect("shop_staff:counter")


class CounterView(ShopStaffMixin, TemplateView):
    """The till: search or scan, adjust quantities, take the payment. Built for a tablet."""

    template_name = "shop/staff/counter.html"

    def get_context_data(self, **kwargs):
        from .till import current_till, sign_in_once

        sign_in_once(self.request, current_till(self.request))
        ctx = super().get_context_data(**kwargs)
        ctx.update(_counter_context(self.request))
        ctx["today"] = selectors.today_figures(day=timezone.localdate())
        return ctx


class CounterSearchView(ShopStaffMixin, View):
    def get(self, request):
        query = request.GET.get("q", "")[:100]
        return render(
            request,
            "shop/staff/partials/_counter_results.html",
            {"products": selectors.counter_search(query=query), "query": query},
        )


class CounterScanView(ShopStaffMixin, View):
    """Enter in the search box (what a barcode scanner sends): an exact code adds one unit."""

    def post(self, request):
        query = request.POST.get("q", "").strip()[:100]
        products = list(selectors.counter_search(query=query))
        exact = [p for p in products if p.code.upper() == query.upper() or p.barcode == query]
        if len(exact) == 1:
            SessionBasket(request, COUNTER_KEY).add(exact[0].pk, 1)
            return _cart_response(request, scanned=exact[0])
        errors = [] if products else [_("Aucun produit ne correspond à « %(q)s ».") % {"q": query}]
        if request.htmx:
            response = render(
                request,
                "shop/staff/partials/_counter_results.html",
                {"products": products, "query": query, "errors": errors},
            )
            response["HX-Retarget"] = "#counter-results"
            return response
        return _cart_response(request, errors=errors)


class CounterAddView(ShopStaffMixin, View):
    def post(self, request):
        raw = request.POST.get("product", "")
        product = get_object_or_404(Product, pk=int(raw) if raw.isdigit() else 0, is_active=True)
        SessionBasket(request, COUNTER_KEY).add(product.pk, 1)
        return _cart_response(request)


class CounterLineView(ShopStaffMixin, View):
    def post(self, request):
        form = CounterLineForm(request.POST)
        if not form.is_valid():
            return _cart_response(request, errors=[_("Quantité : indiquez un nombre entier entre 0 et 999.")])
        SessionBasket(request, COUNTER_KEY).set(form.cleaned_data["product"], form.cleaned_data["quantity"])
        if "discount" in request.POST:
            raw = request.POST.get("discount", "").strip().replace(",", ".") or "0"
            try:
                discount = Decimal(raw).quantize(Decimal("0.01"))
                if not discount.is_finite() or discount < 0:
                    raise InvalidOperation
            except InvalidOperation:
                return _cart_response(
                    request,
                    errors=[
                        _("Remise : indiquez un montant en euros, par exemple 2,50 (reçu « %(v)s »).")
                        % {"v": request.POST.get("discount")}
                    ],
                )
            discounts = request.session.get(DISCOUNTS_KEY, {})
            discounts[str(form.cleaned_data["product"])] = str(discount)
            request.session[DISCOUNTS_KEY] = {k: v for k, v in discounts.items() if Decimal(v)}
        return _cart_response(request)


class CounterClearView(ShopStaffMixin, View):
    def post(self, request):
        SessionBasket(request, COUNTER_KEY).clear()
        request.session.pop(DISCOUNTS_KEY, None)
        return _cart_response(request)


class CounterCheckoutView(ShopStaffMixin, View):
    def post(self, request):
        from .till import current_till

        cart = SessionBasket(request, COUNTER_KEY)
        form = SplitCheckoutForm(request.POST)
        if not form.is_valid():
            errors = [
                (f"{form.fields[name].label} : " if name != "__all__" else "") + " ".join(errs)
                for name, errs in form.errors.items()
            ]
            return _cart_response(request, errors=errors, checkout_form=form)
        data = form.cleaned_data
        try:
            sale = services.sale_create(
                quantities=cart.items(),
                payment_method=data["payment_method"],
                payments=form.payments(),
                seller=request.user,
                customer_email=data["customer_email"],
                line_discounts={pid: d for pid, d in _line_discounts(request).items() if pid in cart.items()},
                ticket_discount=data["ticket_discount"] or Decimal("0"),
                discount_reason=data["discount_reason"],
                cash_tendered=data["cash_tendered"],
                till=current_till(request),
                voucher_code=data["voucher_code"],
            )
        except ShopError as exc:
            return _cart_response(request, errors=[str(exc)], checkout_form=form)
        cart.clear()
        request.session.pop(DISCOUNTS_KEY, None)
        url = reverse("shop_staff:receipt", kwargs={"reference": sale.reference})
        if request.htmx:
            response = render(request, "shop/staff/partials/_counter_cart.html", _counter_context(request))
            response["HX-Redirect"] = url
            return response
        return redirect(url)


# --- Tickets ----------------------------------------------------------------------------


class SaleListView(ShopStaffMixin, ListView):
    template_name = "shop/staff/sale_list.html"
    context_object_name = "sales"
    paginate_by = 50

    def get_queryset(self):
        try:
            self.day = datetime.date.fromisoformat(self.request.GET.get("jour", ""))
        except ValueError:
            self.day = timezone.localdate()
        return selectors.sale_list(day=self.day)

    def get_context_data(self, **kwargs):
        return super().get_context_data(day=self.day, figures=selectors.today_figures(day=self.day), **kwargs)


class ReceiptView(ShopStaffMixin, TemplateView):
    template_name = "shop/staff/receipt.html"

    def get_context_data(self, **kwargs):
        sale = selectors.sale_get(reference=self.kwargs["reference"])
        return super().get_context_data(**selectors.receipt_context(sale=sale), **kwargs)

    def post(self, request, reference):
        """Email the receipt."""
        sale = selectors.sale_get(reference=reference)
        email = request.POST.get("email", "").strip()
        try:
            validate_email(email)
        except ValidationError:
            messages.error(
                request, _("E-mail : indiquez une adresse valide (reçu « %(v)s »).") % {"v": email}
            )
            return redirect("shop_staff:receipt", reference=reference)
        enqueue(send_receipt, sale.pk, email)
        messages.success(request, _("Ticket envoyé à %(email)s.") % {"email": email})
        return redirect("shop_staff:receipt", reference=reference)


class SaleReverseView(ShopStaffMixin, FormView):
    template_name = "shop/staff/sale_reverse.html"
    form_class = ReasonForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(sale=selectors.sale_get(reference=self.kwargs["reference"]), **kwargs)

    def form_valid(self, form):
        sale = selectors.sale_get(reference=self.kwargs["reference"])
        try:
            reversal = services.sale_reverse(
                sale=sale, actor=self.request.user, reason=form.cleaned_data["reason"]
            )
        except ShopError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Ticket %(ref)s annulé par le ticket %(rev)s.")
            % {"ref": sale.reference, "rev": reversal.reference},
        )
        return redirect("shop_staff:receipt", reference=reversal.reference)


# --- Click & collect --------------------------------------------------------------------


class OrderListView(ShopStaffMixin, ListView):
    template_name = "shop/staff/order_list.html"
    context_object_name = "orders"
    paginate_by = 50

    def get_queryset(self):
        self.show = self.request.GET.get("statut", "open")
        statuses = (
            Order.OPEN if self.show == "open" else [self.show] if self.show in Order.Status.values else None
        )
        return selectors.order_list(statuses=statuses)

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.show, statuses=Order.Status.choices, **kwargs)


class OrderDetailView(ShopStaffMixin, TemplateView):
    template_name = "shop/staff/order_detail.html"

    def get_context_data(self, **kwargs):
        order = selectors.order_get(reference=self.kwargs["reference"])
        return super().get_context_data(
            order=order,
            audit=audit_entries_for(order),
            payment_form=PaymentForm(),
            confirm_cancel=self.request.GET.get("confirmer") == "annuler",
            **kwargs,
        )


class OrderActionView(ShopStaffMixin, View):
    def post(self, request, reference, action):
        order = selectors.order_get(reference=reference)
        try:
            if action == "prete":
                services.order_mark_ready(order=order, actor=request.user)
                messages.success(
                    request,
                    _("Commande %(ref)s prête : le client est prévenu par e-mail.")
                    % {"ref": order.reference},
                )
            elif action == "retiree":
                form = PaymentForm(request.POST)
                if not form.is_valid():
                    messages.error(request, _("Paiement : choisissez un moyen de paiement."))
                    return redirect("shop_staff:order_detail", reference=reference)
                sale = services.order_collect(
                    order=order, actor=request.user, payment_method=form.cleaned_data["payment_method"]
                )
                messages.success(request, _("Commande %(ref)s retirée.") % {"ref": order.reference})
                return redirect("shop_staff:receipt", reference=sale.reference)
            elif action == "annuler" and request.POST.get("confirm") != "yes":
                # Cancelling is a separate, explicit step (no JavaScript needed).
                return redirect(
                    reverse("shop_staff:order_detail", kwargs={"reference": reference})
                    + "?confirmer=annuler#confirm-cancel"
                )
            elif action == "annuler":
                reason = request.POST.get("reason", "").strip()
                if not reason:
                    messages.error(request, _("Motif : indiquez pourquoi la commande est annulée."))
                    return redirect(
                        reverse("shop_staff:order_detail", kwargs={"reference": reference})
                        + "?confirmer=annuler#confirm-cancel"
                    )
                services.order_release(order=order, actor=request.user, reason=reason)
                messages.success(
                    request, _("Commande %(ref)s annulée, stock libéré.") % {"ref": order.reference}
                )
            else:
                raise Http404
        except ShopError as exc:
            messages.error(request, str(exc))
        return redirect("shop_staff:order_detail", reference=reference)


# --- Deposits and stock -------------------------------------------------------------------


class DepositListView(ShopStaffMixin, ListView):
    template_name = "shop/staff/deposit_list.html"
    context_object_name = "deposits"
    paginate_by = 50

    def get_queryset(self):
        self.show = self.request.GET.get("statut", DepositSlip.Status.REQUESTED)
        return selectors.deposit_list(status=self.show if self.show in DepositSlip.Status.values else None)

    def get_context_data(self, **kwargs):
        return super().get_context_data(show=self.show, statuses=DepositSlip.Status.choices, **kwargs)


class DepositDetailView(ShopStaffMixin, FormView):
    """The slip as the member printed it, and the reception form."""

    template_name = "shop/deposit_slip.html"
    form_class = DepositReceiveForm

    def get_slip(self):
        if not hasattr(self, "slip"):
            self.slip = selectors.deposit_get(reference=self.kwargs["reference"])
        return self.slip

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "lines": self.get_slip().lines.all()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            slip=self.get_slip(), layout="layouts/staff.html", staff=True, **kwargs
        )

    def form_valid(self, form):
        slip = self.get_slip()
        try:
            if self.request.POST.get("action") == "cancel":
                services.deposit_cancel(slip=slip, actor=self.request.user)
                messages.success(self.request, _("Dépôt %(ref)s annulé.") % {"ref": slip.reference})
            else:
                services.deposit_receive(slip=slip, actor=self.request.user, received=form.received())
                messages.success(
                    self.request,
                    _("Dépôt %(ref)s réceptionné : le stock est à jour.") % {"ref": slip.reference},
                )
        except ShopError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        return redirect("shop_staff:deposit_detail", reference=slip.reference)


class ProductListView(ShopStaffMixin, ListView):
    template_name = "shop/staff/product_list.html"
    context_object_name = "products"
    paginate_by = 50

    def get_queryset(self):
        self.query = self.request.GET.get("q", "").strip()[:100]
        return selectors.product_staff_list(query=self.query)

    def get_context_data(self, **kwargs):
        return super().get_context_data(query=self.query, **kwargs)


class ProductEditView(ShopStaffMixin, FormView):
    """Office staff correct a member's product (wording, price, VAT, sale status) without the
    admin; the same service as the member's portal records who changed what."""

    template_name = "shop/staff/product_form.html"
    form_class = ProductForm

    def get_product(self):
        if not hasattr(self, "product"):
            self.product = get_object_or_404(selectors.product_staff_list(), slug=self.kwargs["slug"])
        return self.product

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_product()
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(product=self.get_product(), **kwargs)

    def form_valid(self, form):
        data, labels, photo = form.service_arguments()
        # The ModelForm applied the values to the instance while validating: reload the stored
        # row so the service records what changed (and the till journal a price change).
        product = Product.objects.get(pk=self.get_product().pk)
        services.product_update(
            product=product, actor=self.request.user, data=data, labels=labels, photo=photo
        )
        messages.success(self.request, _("Produit mis à jour."))
        return redirect("shop_staff:product_stock", slug=product.slug)


class ProductStockView(ShopStaffMixin, FormView):
    template_name = "shop/staff/product_stock.html"
    form_class = StockAdjustForm

    def get_product(self):
        if not hasattr(self, "product"):
            self.product = get_object_or_404(selectors.product_staff_list(), slug=self.kwargs["slug"])
        return self.product

    def get_context_data(self, **kwargs):
        product = self.get_product()
        return super().get_context_data(
            product=product,
            movements=selectors.movement_list(product=product)[:100],
            audit=audit_entries_for(product),
            **kwargs,
        )

    def form_valid(self, form):
        product = self.get_product()
        try:
            services.stock_adjust(
                product=product,
                actor=self.request.user,
                kind=form.cleaned_data["kind"],
                quantity=form.cleaned_data["quantity"],
                reason=form.cleaned_data["reason"],
            )
        except ShopError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(self.request, _("Mouvement de stock enregistré."))
        return redirect("shop_staff:product_stock", slug=product.slug)


# --- Daily closing ----------------------------------------------------------------------


CLOSINGS_PER_PAGE = 60


class ClosingListView(ShopStaffMixin, FormView):
    template_name = "shop/staff/closing_list.html"
    form_class = DayForm

    def get_initial(self):
        return {"day": timezone.localdate()}

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        labels = dict(PaymentMethod.choices)
        # Sixty days a page, and older ones a click away (a tax audit looks years back).
        page = Paginator(selectors.closing_list(), CLOSINGS_PER_PAGE).get_page(self.request.GET.get("page"))
        closings = [
            (
                closing,
                [(labels.get(m, m), row["total"]) for m, row in closing.totals["by_payment_method"].items()],
            )
            for closing in page.object_list
        ]
        totals = selectors.closing_totals(day=today)
        methods = [(labels.get(m, m), row["total"]) for m, row in totals["by_payment_method"].items()]
        return super().get_context_data(
            closings=closings, page=page, today=totals, today_methods=methods, **kwargs
        )

    def form_valid(self, form):
        closing = services.closing_create(day=form.cleaned_data["day"], actor=self.request.user)
        messages.success(
            self.request,
            _("Caisse du %(day)s clôturée (écriture n° %(seq)s du journal).")
            % {"day": closing.day.strftime("%d/%m/%Y"), "seq": closing.journal_sequence},
        )
        return redirect("shop_staff:closing_list")


# --- Statements ---------------------------------------------------------------------------


class StatementListView(ShopStaffMixin, FormView):
    template_name = "shop/staff/statement_list.html"
    form_class = MonthForm

    def get_period(self) -> datetime.date:
        default = month_start(month_start(timezone.localdate()) - datetime.timedelta(days=1))
        return parse_month(self.request.GET.get("mois"), default)

    def get_initial(self):
        return {"period": f"{self.get_period():%Y-%m}"}

    def get_context_data(self, **kwargs):
        period = self.get_period()
        return super().get_context_data(
            period=period, statements=selectors.statement_list(period=period), **kwargs
        )

    def form_valid(self, form):
        period = form.cleaned_data["period"]
        try:
            if self.request.POST.get("action") == "close":
                closed = services.statement_close_month(period=period, actor=self.request.user)
                messages.success(self.request, _("%(n)s relevé(s) clôturé(s).") % {"n": len(closed)})
            else:
                drafts = services.statement_generate_month(period=period, actor=self.request.user)
                messages.success(
                    self.request, _("%(n)s relevé(s) provisoire(s) calculé(s).") % {"n": len(drafts)}
                )
        except ShopError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        return redirect(f"{reverse('shop_staff:statement_list')}?mois={period:%Y-%m}")


class StaffStatementMixin(ShopStaffMixin):
    def get_statement(self) -> Statement:
        period = parse_month(self.kwargs["period"], None)
        if period is None:
            raise Http404
        found = get_object_or_404(selectors.statement_list(period=period), member__slug=self.kwargs["member"])
        return selectors.statement_get(pk=found.pk)


class StatementDetailView(StaffStatementMixin, TemplateView):
    template_name = "shop/statement_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statement=self.get_statement(),
            layout="layouts/staff.html",
            staff=True,
            payout_methods=PayoutMethod.choices,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        statement = self.get_statement()
        action = request.POST.get("action")
        try:
            if action == "close":
                statement = services.statement_close(statement=statement, actor=request.user)
                messages.success(request, _("Relevé n° %(n)s clôturé.") % {"n": statement.number})
            elif action == "paid":
                services.statement_mark_paid(
                    statement=statement,
                    actor=request.user,
                    method=request.POST.get("method") or PayoutMethod.TRANSFER,
                )
                messages.success(request, _("Relevé marqué comme payé."))
            elif action == "refresh":
                services.statement_generate(
                    member=statement.member, period=statement.period, actor=request.user
                )
                messages.success(request, _("Relevé recalculé."))
            else:
                raise Http404
        except ShopError as exc:
            messages.error(request, str(exc))
        return redirect(
            "shop_staff:statement_detail", member=statement.member.slug, period=f"{statement.period:%Y-%m}"
        )


class StatementPdfView(StaffStatementMixin, View):
    def get(self, request, *args, **kwargs):
        return statement_pdf_response(self.get_statement())


class StatementCsvView(StaffStatementMixin, View):
    def get(self, request, *args, **kwargs):
        return statement_csv_response(self.get_statement())


# --- Figures ------------------------------------------------------------------------------


class DashboardView(ShopStaffMixin, TemplateView):
    template_name = "shop/staff/dashboard.html"

    def get_range(self):
        form = DashboardForm(self.request.GET or None)
        today = timezone.localdate()
        # Default: the last twelve months, this one included.
        year, month = (
            (today.year, today.month - 11) if today.month == 12 else (today.year - 1, today.month + 1)
        )
        start = datetime.date(year, month, 1)
        end = today + datetime.timedelta(days=1)
        granularity = "month"
        if form.is_valid():
            start = form.cleaned_data["start"] or start
            end = (form.cleaned_data["end"] + datetime.timedelta(days=1)) if form.cleaned_data["end"] else end
            granularity = form.cleaned_data["granularity"] or granularity
        elif self.request.GET:
            for errors in form.errors.values():
                messages.error(self.request, " ".join(errors))
        return form, start, end, granularity

    def get_context_data(self, **kwargs):
        form, start, end, granularity = self.get_range()
        figures = selectors.dashboard_figures(start=start, end=end, granularity=granularity)
        chart = {
            "labels": [row["period"].isoformat() for row in figures["series"]],
            "revenue": [float(row["revenue"]) for row in figures["series"]],
            "office_share": [float(row["office_share"]) for row in figures["series"]],
            "basket": [float(row["average_basket"]) for row in figures["series"]],
            "tickets": [row["tickets"] for row in figures["series"]],
            "antennas": [row["member__antenna__name"] or "—" for row in figures["antennas"]],
            "antenna_revenue": [float(row["revenue"]) for row in figures["antennas"]],
            "text": {
                "revenue": _("Chiffre d'affaires TTC"),
                "office_share": _("Part de l'office"),
                "basket": _("Panier moyen"),
            },
        }
        return super().get_context_data(
            form=form,
            start=start,
            end=end - datetime.timedelta(days=1),
            granularity=granularity,
            figures=figures,
            chart=chart,
            trend=selectors.basket_trend(start=start, end=end),
            footfall_form=FootfallForm(initial={"day": timezone.localdate()}),
            **kwargs,
        )


class DashboardCsvView(DashboardView):
    def get(self, request, *args, **kwargs):
        _form, start, end, granularity = self.get_range()
        figures = selectors.dashboard_figures(start=start, end=end, granularity=granularity)
        return dashboard_csv_response(figures, f"boutique-{start:%Y%m%d}-{end:%Y%m%d}.csv")


class FootfallView(ShopStaffMixin, FormView):
    form_class = FootfallForm
    template_name = "shop/staff/footfall.html"

    def form_valid(self, form):
        data = form.cleaned_data
        services.footfall_record(
            day=data["day"], visitors=data["visitors"], note=data["note"], actor=self.request.user
        )
        messages.success(
            self.request,
            _("Fréquentation du %(day)s enregistrée.") % {"day": data["day"].strftime("%d/%m/%Y")},
        )
        return redirect("shop_staff:dashboard")
