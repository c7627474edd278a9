"""The "Mon séjour" basket: workshop seats and shop products, checked out together.

Public views (``/sejour/``) and their staff twins at the desk (``/staff/sejour/``) share
the code below; ``desk = True`` switches the basket, the scope and the checkout channel.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from common.access import StaffRequiredMixin, can_sell_at_counter
from payments.providers import online_payment_enabled
from shop import selectors as shop_selectors
from workshops import exceptions as workshop_errors
from workshops import services as workshop_services

from .. import selectors, services
from ..basket import StayBasket
from ..exceptions import NOTHING_CREATED, PRODUCT_GONE, SESSION_CLOSED, StayError
from ..forms import DeskCheckoutForm, ProductAddForm, SeatAddForm, StayCheckoutForm

logger = logging.getLogger(__name__)


class StayMixin:
    desk = False

    def url(self, name: str, **kwargs) -> str:
        return reverse(f"pages:{'desk_' if self.desk else ''}{name}", kwargs=kwargs or None)

    @property
    def scope_user(self):
        return self.request.user if self.desk else None

    @property
    def sells_products(self) -> bool:
        # At the desk, products are a counter sale: the till's rule; coordinators book seats.
        return not self.desk or can_sell_at_counter(self.request.user)

    def basket(self) -> StayBasket:
        return StayBasket(self.request, desk=self.desk)

    def back(self) -> str:
        target = self.request.POST.get("next", "")
        # A local path only: redirect() would try to reverse a bare word as a URL name (500).
        if target.startswith("/") and url_has_allowed_host_and_scheme(target, {self.request.get_host()}):
            return target
        return self.url("stay")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(desk=self.desk, sells_products=self.sells_products, stay_urls=self.url_names())
        return ctx

    def url_names(self) -> dict[str, str]:
        return {
            name: self.url(name)
            for name in ("stay", "stay_seat_add", "stay_product_add", "stay_remove", "stay_checkout")
        }


class StayView(StayMixin, TemplateView):
    """The basket, and a search to add upcoming sessions and products to it."""

    template_name = "pages/stay/stay.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        query = self.request.GET.get("q", "").strip()[:100]
        # ?atelier=<slug> / ?produit=<slug>: the "Ajouter à mon séjour" links of other pages.
        workshop_slug = self.request.GET.get("atelier", "").strip()[:100]
        product_slug = self.request.GET.get("produit", "").strip()[:100]
        ctx.update(
            query=query,
            stay=selectors.stay_priced(basket=self.basket(), user=self.scope_user),
            sessions=list(
                selectors.session_search(query=query, workshop_slug=workshop_slug, user=self.scope_user)
            ),
            products=(
                selectors.product_search(query=query, product_slug=product_slug)
                if self.sells_products
                else []
            ),
            searched=bool(query or workshop_slug or product_slug),
            here=self.request.get_full_path(),
        )
        return ctx


class StaySeatAddView(StayMixin, View):
    def post(self, request):
        form = SeatAddForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return redirect(self.back())
        data = form.cleaned_data
        session = (
            selectors.session_bookable_list(user=self.scope_user).filter(public_id=data["session"]).first()
        )
        if session is None:
            messages.error(request, SESSION_CLOSED)
            return redirect(self.back())
        problem = selectors.seats_problem(session, data["party_size"])
        try:
            workshop_services.booking_party_check(
                workshop=session.workshop,
                party_size=data["party_size"],
                children=data["children"],
                youngest_age=data.get("youngest_age"),
            )
        except workshop_errors.WorkshopError as exc:
            problem = exc.message
        if problem:
            messages.error(request, f"{session.workshop.title} : {problem}")
            return redirect(self.back())
        self.basket().set_seat(
            str(session.public_id),
            party_size=data["party_size"],
            children=data["children"],
            youngest_age=data.get("youngest_age"),
        )
        messages.success(
            request,
            _("« %(title)s » (%(n)s pers.) a été ajouté à votre séjour.")
            % {"title": session.workshop.title, "n": data["party_size"]},
        )
        return redirect(self.back())


class StayProductAddView(StayMixin, View):
    def post(self, request):
        if not self.sells_products:
            raise Http404
        form = ProductAddForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                messages.error(request, errors[0])
            return redirect(self.back())
        try:
            product = shop_selectors.product_get_public(slug=form.cleaned_data["product"])
        except Http404:
            messages.error(request, PRODUCT_GONE)
            return redirect(self.back())
        basket = self.basket().products
        wanted = basket.items().get(product.pk, 0) + form.cleaned_data["quantity"]
        if wanted > product.stock:
            messages.error(
                request,
                _("Il ne reste que %(n)s unité(s) de « %(name)s ».")
                % {"n": product.stock, "name": product.name},
            )
            return redirect(self.back())
        basket.set(product.pk, wanted)
        messages.success(request, _("« %(name)s » a été ajouté à votre séjour.") % {"name": product.name})
        return redirect(self.back())


class StayRemoveView(StayMixin, View):
    def post(self, request):
        line = request.POST.get("line", "")
        kind, _sep, ident = line.partition(":")
        basket = self.basket()
        if kind == "seat":
            basket.remove_seat(ident)
        elif kind == "product" and ident.isdigit():
            basket.products.set(int(ident), 0)
        messages.success(request, _("La ligne a été retirée de votre séjour."))
        return redirect(self.url("stay"))


class StayCheckoutView(StayMixin, FormView):
    """One form for the whole basket; one transaction books and orders everything."""

    template_name = "pages/stay/checkout.html"

    def dispatch(self, request, *args, **kwargs):
        self.stay_basket = self.basket()
        if request.method == "POST":
            # A second click after the first one went through: show what the first created.
            done = selectors.checkout_key_used(key=request.POST.get("idempotency_key", ""))
            if done:
                return redirect(self.url("stay_confirmation", key=done))
        if self.stay_basket.is_empty():
            messages.info(request, _("Votre séjour est vide."))
            return redirect(self.url("stay"))
        return super().dispatch(request, *args, **kwargs)

    def get_form_class(self):
        return DeskCheckoutForm if self.desk else StayCheckoutForm

    def post(self, request, *args, **kwargs):
        if "apply_voucher" in request.POST and not self.desk and online_payment_enabled():
            return self.voucher_preview()
        return super().post(request, *args, **kwargs)

    def voucher_preview(self):
        """« Appliquer » next to the code: what the voucher deducts and what is left to pay by
        card, computed on the server; nothing is booked nor spent (the checkout does it again
        under the voucher's lock)."""
        from payments.checkout import checkout_total
        from payments.exceptions import PaymentError

        stay = selectors.stay_priced(basket=self.stay_basket, user=self.scope_user)
        kwargs = self.get_form_kwargs()
        data = kwargs.pop("data")
        kwargs.pop("files", None)
        kwargs["initial"] = {
            name: data.get(name) for name in self.get_form_class().base_fields if name in data
        }
        form = self.get_form_class()(**kwargs)
        preview, error = None, ""
        lines = [
            {"workshop_id": line.session.workshop_id, "amount": str(line.price)}
            for line in stay.seats
            if line.session is not None
        ]
        try:
            preview = checkout_total(
                gross=stay.total,
                context={
                    "codes": [data.get("voucher_code", "")[:30]],
                    "ip": self.request.META.get("REMOTE_ADDR") or None,
                    "lines": lines,
                },
            )
        except PaymentError as exc:
            error = str(exc.message)
        return self.render_to_response(
            self.get_context_data(form=form, stay=stay, voucher_preview=preview, voucher_error=error)
        )

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        has_products = bool(self.stay_basket.products.items())
        if self.desk:
            kwargs["needs_payment"] = has_products
            kwargs["has_seats"] = bool(self.stay_basket.seats())
        else:
            kwargs["needs_phone"] = has_products
            kwargs["vouchers"] = online_payment_enabled()
        return kwargs

    def get_context_data(self, **kwargs):
        stay = kwargs.setdefault("stay", selectors.stay_priced(basket=self.stay_basket, user=self.scope_user))
        # One confirmation per booking and one for the products: the page says how many arrive.
        kwargs["emails_for_products"] = bool(stay.products.lines) and self.sells_products
        kwargs["emails_expected"] = len(stay.seats) + kwargs["emails_for_products"]
        kwargs["pay_online"] = not self.desk and online_payment_enabled()
        return super().get_context_data(**kwargs)

    def form_valid(self, form):
        data = form.cleaned_data
        stay = selectors.stay_priced(basket=self.stay_basket, user=self.scope_user)
        line_errors: dict[str, str] = {}
        seats = []
        for line in stay.seats:
            if line.session is None:
                line_errors[line.key] = str(SESSION_CLOSED)
                continue
            if line.needs_age:
                line_errors[line.key] = line.problem
                continue
            seats.append(
                services.SeatRequest(
                    session_id=line.session.pk,
                    public_id=line.public_id,
                    party_size=line.party_size,
                    children=line.children,
                    youngest_age=line.youngest_age,
                )
            )
        products = self.stay_basket.products.items() if self.sells_products else {}
        try:
            if line_errors:
                raise StayError(NOTHING_CREATED)
            result = services.stay_checkout(
                idempotency_key=data["idempotency_key"],
                seats=seats,
                products=products,
                product_names={line.product.pk: line.product.name for line in stay.products.lines},
                name=data["name"],
                email=data["email"],
                phone=data.get("phone", ""),
                consent_contact=data["consent_contact"],
                language=translation.get_language() or "fr",
                desk=self.desk,
                payment_method=data.get("payment_method", ""),
                actor=self.request.user if self.desk else None,
                # With the provider's keys, an online stay is paid by card while its seats and
                # stock are held; without them it stays « à régler sur place ».
                pay_online=not self.desk and online_payment_enabled(),
                deduction_context={
                    "codes": [] if self.desk else [data.get("voucher_code", "")],
                    "ip": self.request.META.get("REMOTE_ADDR") or None,
                },
                voucher_code=data.get("voucher_code", "") if self.desk else "",
                seats_voucher=self.desk and bool(data.get("seats_voucher")),
            )
        except StayError as exc:
            if exc.line == "voucher" and "voucher_code" in form.fields:
                form.add_error("voucher_code", exc.message)
            elif exc.line:
                line_errors[exc.line] = exc.message
                form.add_error(None, NOTHING_CREATED)
            else:
                form.add_error(None, exc.message)
            # Refresh availability so the other lines show their current state too.
            stay = selectors.stay_priced(basket=self.stay_basket, user=self.scope_user)
            for line in stay.seats:
                line.problem = line_errors.get(line.key, line.problem)
            for product_line in stay.products.lines:
                product_line.problem = line_errors.get(f"product:{product_line.product.pk}", "")
            return self.render_to_response(
                self.get_context_data(form=form, stay=stay, line_errors=line_errors)
            )
        self.stay_basket.clear()
        if result.payment_id:
            return redirect("payments:pay", key=result.payment_id)
        if not result.duplicate:
            messages.success(self.request, _("Votre séjour est réservé. Un e-mail de confirmation suit."))
        return redirect(self.url("stay_confirmation", key=result.key))


class StayConfirmationView(StayMixin, TemplateView):
    """What the checkout created, with the private links to manage each part."""

    template_name = "pages/stay/confirmation.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["record"] = selectors.checkout_get(key=self.kwargs["key"])
        return ctx


class DeskMixin(StaffRequiredMixin):
    desk = True


class DeskStayView(DeskMixin, StayView):
    pass


class DeskSeatAddView(DeskMixin, StaySeatAddView):
    pass


class DeskProductAddView(DeskMixin, StayProductAddView):
    pass


class DeskRemoveView(DeskMixin, StayRemoveView):
    pass


class DeskCheckoutView(DeskMixin, StayCheckoutView):
    pass


class DeskConfirmationView(DeskMixin, StayConfirmationView):
    pass
