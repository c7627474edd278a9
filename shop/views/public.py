"""Public shop: catalogue by category and producer, session basket, click & collect orders."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, ListView, TemplateView

from network.selectors import member_get_public

from .. import selectors, services
from ..basket import SessionBasket
from ..exceptions import ShopError
from ..forms import CheckoutForm, QuantityForm
from ..models import Category

BASKET_KEY = "shop_basket"


class CatalogueView(ListView):
    template_name = "shop/public/catalogue.html"
    context_object_name = "products"
    paginate_by = 24

    def get_queryset(self):
        self.category = None
        slug = self.request.GET.get("categorie")
        if slug:
            self.category = get_object_or_404(Category, slug=slug)
        self.query = self.request.GET.get("q", "").strip()[:100]
        return selectors.product_public_list(category=self.category, query=self.query)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            categories=selectors.category_list(),
            producers=selectors.producer_list(),
            category=self.category,
            query=self.query,
            basket_count=SessionBasket(self.request, BASKET_KEY).priced().count,
        )
        return ctx


class ProducerView(ListView):
    template_name = "shop/public/producer.html"
    context_object_name = "products"
    paginate_by = 48

    def get_queryset(self):
        self.member = member_get_public(slug=self.kwargs["slug"])
        return selectors.product_public_list(member=self.member)

    def get_context_data(self, **kwargs):
        return super().get_context_data(member=self.member, **kwargs)


class ProductDetailView(FormView):
    """A product page; its form puts the product in the visitor's basket."""

    template_name = "shop/public/product_detail.html"
    form_class = QuantityForm

    def dispatch(self, request, *args, **kwargs):
        self.product = selectors.product_get_public(slug=kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(product=self.product, **kwargs)

    def form_valid(self, form):
        basket = SessionBasket(self.request, BASKET_KEY)
        wanted = basket.items().get(self.product.pk, 0) + form.cleaned_data["quantity"]
        if wanted > self.product.stock:
            form.add_error(
                "quantity", _("Il ne reste que %(n)s unité(s) de ce produit.") % {"n": self.product.stock}
            )
            return self.form_invalid(form)
        basket.add(self.product.pk, form.cleaned_data["quantity"])
        messages.success(
            self.request, _("« %(name)s » a été ajouté à votre panier.") % {"name": self.product.name}
        )
        return redirect("shop:basket")


class BasketView(TemplateView):
    template_name = "shop/public/basket.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(basket=SessionBasket(self.request, BASKET_KEY).priced(), **kwargs)

    def post(self, request, *args, **kwargs):
        basket = SessionBasket(request, BASKET_KEY)
        current = basket.items()
        errors = []
        for pid in current:
            raw = request.POST.get(f"qty_{pid}")
            if raw is None:
                continue
            try:
                quantity = int(raw)
            except ValueError:
                errors.append(raw)
                continue
            if quantity < 0:
                errors.append(raw)
                continue
            basket.set(pid, quantity)
        remove = request.POST.get("remove")
        if remove and remove.isdigit():
            basket.set(int(remove), 0)
        if errors:
            messages.error(
                request,
                _("Quantité : indiquez un nombre entier positif (reçu « %(value)s »).")
                % {"value": errors[0]},
            )
        else:
            messages.success(request, _("Panier mis à jour."))
        return redirect("shop:basket")


class CheckoutView(FormView):
    template_name = "shop/public/checkout.html"
    form_class = CheckoutForm

    def dispatch(self, request, *args, **kwargs):
        self.basket = SessionBasket(request, BASKET_KEY)
        if not self.basket.items():
            messages.info(request, _("Votre panier est vide."))
            return redirect("shop:catalogue")
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(basket=self.basket.priced(), **kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            order = services.order_create(
                basket=self.basket.items(),
                name=data["name"],
                email=data["email"],
                phone=data["phone"],
                note=data["note"],
                language=translation.get_language() or "fr",
                consent_contact=data["consent_contact"],
            )
        except ShopError as exc:
            form.add_error(None, str(exc))
            return self.form_invalid(form)
        self.basket.clear()
        return redirect(order.get_absolute_url())


class OrderDetailView(TemplateView):
    """The visitor's order page, reached through its unguessable token."""

    template_name = "shop/public/order_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(order=selectors.order_get(token=self.kwargs["token"]), **kwargs)


class BasketAddView(View):
    """Add one unit from a list page (catalogue card button)."""

    def post(self, request, slug):
        product = selectors.product_get_public(slug=slug)
        basket = SessionBasket(request, BASKET_KEY)
        if basket.items().get(product.pk, 0) + 1 > product.stock:
            messages.error(
                request,
                _("Il ne reste que %(n)s unité(s) de « %(name)s ».")
                % {"n": product.stock, "name": product.name},
            )
        else:
            basket.add(product.pk, 1)
            messages.success(request, _("« %(name)s » a été ajouté à votre panier.") % {"name": product.name})
        return redirect("shop:basket")
