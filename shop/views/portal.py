"""Member portal: my products and their stock, deposits, sales and statements."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.generic import FormView, ListView, TemplateView

from common.access import MemberRequiredMixin

from .. import selectors, services
from ..exceptions import ShopError
from ..forms import DepositRequestForm, ProductForm
from ..models import Product, Statement
from ..services.statements import month_start, next_month
from .exports import statement_csv_response, statement_pdf_response


def parse_month(value: str | None, default: datetime.date) -> datetime.date:
    try:
        return datetime.datetime.strptime(value or "", "%Y-%m").date()
    except ValueError:
        return default


class ProductListView(MemberRequiredMixin, ListView):
    template_name = "shop/portal/product_list.html"
    context_object_name = "products"
    paginate_by = 50

    def get_queryset(self):
        return selectors.product_list_for_member(member=self.member)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["member"] = self.member
        ctx["deposits"] = selectors.deposit_list(member=self.member)[:5]
        return ctx


class ProductFormMixin(MemberRequiredMixin):
    template_name = "shop/portal/product_form.html"
    form_class = ProductForm

    def form_data(self, form):
        return form.service_arguments()


class ProductCreateView(ProductFormMixin, FormView):
    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Product(member=self.member)
        return kwargs

    def form_valid(self, form):
        data, labels, photo = self.form_data(form)
        product = services.product_create(
            member=self.member, actor=self.request.user, data=data, labels=labels or [], photo=photo
        )
        messages.success(
            self.request,
            _("Produit « %(name)s » ajouté. Demandez un dépôt pour le mettre en rayon.")
            % {"name": product.name},
        )
        return redirect("shop_portal:product_detail", slug=product.slug)


class ProductUpdateView(ProductFormMixin, FormView):
    def get_product(self):
        if not hasattr(self, "product"):
            self.product = get_object_or_404(Product, member=self.member, slug=self.kwargs["slug"])
        return self.product

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.get_product()
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(product=self.get_product(), **kwargs)

    def form_valid(self, form):
        data, labels, photo = self.form_data(form)
        # The ModelForm already applied the values to the instance while validating it;
        # reload so the service sees the stored row and records what changed.
        product = Product.objects.get(pk=self.get_product().pk)
        services.product_update(
            product=product, actor=self.request.user, data=data, labels=labels, photo=photo
        )
        messages.success(self.request, _("Produit mis à jour."))
        return redirect("shop_portal:product_detail", slug=product.slug)


class ProductDetailView(MemberRequiredMixin, TemplateView):
    template_name = "shop/portal/product_detail.html"

    def get_context_data(self, **kwargs):
        product = selectors.product_get_for_member(member=self.member, slug=self.kwargs["slug"])
        return super().get_context_data(
            product=product, movements=selectors.movement_list(product=product)[:100], **kwargs
        )


class DepositListView(MemberRequiredMixin, ListView):
    template_name = "shop/portal/deposit_list.html"
    context_object_name = "deposits"
    paginate_by = 30

    def get_queryset(self):
        return selectors.deposit_list(member=self.member)


class DepositRequestView(MemberRequiredMixin, FormView):
    template_name = "shop/portal/deposit_form.html"
    form_class = DepositRequestForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["products"] = selectors.product_list_for_member(member=self.member).filter(is_active=True)
        return kwargs

    def form_valid(self, form):
        try:
            slip = services.deposit_request(
                member=self.member,
                actor=self.request.user,
                quantities=form.quantities(),
                planned_on=form.cleaned_data["planned_on"],
                note=form.cleaned_data["note"],
            )
        except ShopError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Demande de dépôt %(ref)s enregistrée. Apportez vos produits à l'office avec ce bordereau.")
            % {"ref": slip.reference},
        )
        return redirect("shop_portal:deposit_detail", reference=slip.reference)


class DepositDetailView(MemberRequiredMixin, TemplateView):
    template_name = "shop/deposit_slip.html"

    def get_context_data(self, **kwargs):
        slip = selectors.deposit_get(reference=self.kwargs["reference"], member=self.member)
        return super().get_context_data(slip=slip, layout="layouts/portal.html", **kwargs)


class SalesView(MemberRequiredMixin, TemplateView):
    template_name = "shop/portal/sales.html"

    def get_context_data(self, **kwargs):
        period = parse_month(self.request.GET.get("mois"), month_start(timezone.localdate()))
        lines = list(
            selectors.sale_lines_for_member(member=self.member, start=period, end=next_month(period))
        )
        return super().get_context_data(
            period=period,
            lines=lines,
            previous=month_start(period - datetime.timedelta(days=1)),
            next=next_month(period) if next_month(period) <= timezone.localdate() else None,
            gross=sum(line.total for line in lines),
            commission=sum(line.commission for line in lines),
            **kwargs,
        )


class StatementListView(MemberRequiredMixin, ListView):
    template_name = "shop/portal/statement_list.html"
    context_object_name = "statements"
    paginate_by = 24

    def get_queryset(self):
        return selectors.statement_list(member=self.member).exclude(status=Statement.Status.DRAFT)


class StatementMixin(MemberRequiredMixin):
    def get_statement(self) -> Statement:
        period = parse_month(self.kwargs["period"], None)
        if period is None:
            raise Http404
        statement = get_object_or_404(
            selectors.statement_list(member=self.member).exclude(status=Statement.Status.DRAFT), period=period
        )
        return selectors.statement_get(pk=statement.pk, member=self.member)


class StatementDetailView(StatementMixin, TemplateView):
    template_name = "shop/statement_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            statement=self.get_statement(), layout="layouts/portal.html", **kwargs
        )


class StatementPdfView(StatementMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        return statement_pdf_response(self.get_statement())


class StatementCsvView(StatementMixin, TemplateView):
    def get(self, request, *args, **kwargs):
        return statement_csv_response(self.get_statement())
