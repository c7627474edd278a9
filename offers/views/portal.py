"""Member portal: a member writes its own offers (draft → submitted for review)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from common.access import MemberRequiredMixin

from .. import selectors, services
from ..exceptions import OfferError
from ..forms import OfferForm, PeriodFormSet, periods_from_formset
from .public import offer_page_context


def _form_data(form: OfferForm) -> dict:
    return {k: v for k, v in form.cleaned_data.items() if k not in ("image", "image_alt")}


class OfferListView(MemberRequiredMixin, TemplateView):
    template_name = "offers/portal/offer_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["offers"] = selectors.offer_list_for_member(self.member)
        return ctx


class OfferEditMixin(MemberRequiredMixin):
    template_name = "offers/portal/offer_form.html"
    offer = None

    def render(self, form, formset):
        return render(
            self.request, self.template_name, {"form": form, "formset": formset, "offer": self.offer}
        )


class OfferCreateView(OfferEditMixin, View):
    def get(self, request):
        form = OfferForm(
            initial={
                "commune": self.member.commune.insee_code,
                "phone": self.member.phone,
                "email": self.member.email,
                "website": self.member.website,
            }
        )
        return self.render(form, PeriodFormSet(prefix="periods"))

    def post(self, request):
        form = OfferForm(request.POST, request.FILES)
        formset = PeriodFormSet(request.POST, prefix="periods")
        if not (form.is_valid() and formset.is_valid()):
            return self.render(form, formset)
        offer = services.offer_create(
            actor=request.user,
            member=self.member,
            data=_form_data(form),
            periods=periods_from_formset(formset),
            image=form.cleaned_data.get("image"),
            image_alt=form.cleaned_data.get("image_alt", ""),
        )
        if "and_submit" in request.POST:
            try:
                services.offer_submit(offer=offer, actor=request.user)
            except OfferError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request, _("Offre enregistrée et soumise : l'office de tourisme va la relire.")
                )
                return redirect("offers_portal:offer_update", slug=offer.slug)
        messages.success(
            request, _("Votre offre est enregistrée en brouillon. Soumettez-la quand elle est prête.")
        )
        return redirect("offers_portal:offer_update", slug=offer.slug)


class OfferUpdateView(OfferEditMixin, View):
    def _load(self, slug):
        self.offer = selectors.offer_get_for_member(member=self.member, slug=slug)

    def get(self, request, slug):
        self._load(slug)
        initial_periods = [
            {
                "starts_on": p.starts_on,
                "ends_on": p.ends_on,
                "opens_at": p.opens_at,
                "closes_at": p.closes_at,
                "weekdays": p.weekdays,
                "note": p.note,
                "closed": p.closed,
            }
            for p in self.offer.periods.all()
        ]
        return self.render(
            OfferForm(initial=OfferForm.initial_for(self.offer)),
            PeriodFormSet(prefix="periods", initial=initial_periods),
        )

    def post(self, request, slug):
        self._load(slug)
        form = OfferForm(request.POST, request.FILES)
        formset = PeriodFormSet(request.POST, prefix="periods")
        if not (form.is_valid() and formset.is_valid()):
            return self.render(form, formset)
        try:
            services.offer_update(
                offer=self.offer,
                actor=request.user,
                data=_form_data(form),
                periods=periods_from_formset(formset),
                image=form.cleaned_data.get("image"),
                image_alt=form.cleaned_data.get("image_alt", ""),
            )
        except OfferError as exc:
            messages.error(request, exc.message)
            return self.render(form, formset)
        if self.offer.edit_sends_back_to_review:
            messages.warning(
                request,
                _(
                    "Modifications enregistrées : l'offre repart à la relecture de l'office "
                    "avant d'être à nouveau publiée."
                ),
            )
        elif "and_submit" in request.POST:
            try:
                services.offer_submit(offer=self.offer, actor=request.user)
            except OfferError as exc:
                messages.error(request, exc.message)
            else:
                messages.success(
                    request,
                    _("Modifications enregistrées et offre soumise : l'office de tourisme va la relire."),
                )
        else:
            messages.success(request, _("Modifications enregistrées."))
        return redirect("offers_portal:offer_update", slug=self.offer.slug)


class OfferPreviewView(MemberRequiredMixin, TemplateView):
    """The member's own offer as visitors will see it, with a banner while it is not published."""

    template_name = "offers/public/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        offer = selectors.offer_get_for_member(member=self.member, slug=self.kwargs["slug"])
        ctx.update(offer_page_context(self.request, offer, preview=True))
        return ctx


class OfferSubmitView(MemberRequiredMixin, View):
    def post(self, request, slug):
        offer = selectors.offer_get_for_member(member=self.member, slug=slug)
        try:
            services.offer_submit(offer=offer, actor=request.user)
        except OfferError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Offre soumise : l'office de tourisme va la relire."))
        if request.POST.get("from") == "page":
            return redirect("offers_portal:offer_update", slug=offer.slug)
        return redirect("offers_portal:offer_list")
