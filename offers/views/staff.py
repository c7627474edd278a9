"""Staff pages: review offers (pre-select, publish, reject, archive, in bulk) and follow imports."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from common.access import OfficeStaffRequiredMixin, StaffRequiredMixin, is_office_staff
from common.audit import audit_entries_for
from network.selectors import scope_to_antennas

from .. import selectors, services
from ..exceptions import NotSuggested, OfferError
from ..forms import BulkActionForm, RejectForm, TypeMappingForm
from ..models import Offer, Source, TypeMapping

PAGE_SIZE = 50
CONFIRMED_BULK_ACTIONS = ("archive", "reject")
TRANSITIONS = {
    "preselect": (services.offer_preselect, gettext_lazy("Offre présélectionnée.")),
    "publish": (services.offer_publish, gettext_lazy("Offre publiée.")),
    "archive": (services.offer_archive, gettext_lazy("Offre archivée.")),
    "restore": (services.offer_restore, gettext_lazy("Offre restaurée dans son état précédent.")),
}


def scope_for(user, queryset: QuerySet[Offer]) -> QuerySet[Offer]:
    """Office staff see every offer; antenna coordinators those of their antennas (the
    member's antenna; an external provider's offer by its commune)."""
    return scope_to_antennas(user, queryset, member="member", commune="commune")


class StaffOfferListView(StaffRequiredMixin, TemplateView):
    template_name = "offers/staff/offer_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        filterset = selectors.offer_list_for_staff(params=self.request.GET)
        offers = scope_for(self.request.user, filterset.qs)
        page = Paginator(offers, PAGE_SIZE).get_page(self.request.GET.get("page"))
        ctx.update(
            filter=filterset,
            page=page,
            offers=page.object_list,
            bulk_form=BulkActionForm(),
            last_run=selectors.import_run_last() if is_office_staff(self.request.user) else None,
        )
        return ctx


class StaffOfferBulkView(StaffRequiredMixin, View):
    def post(self, request):
        scoped = scope_for(request.user, Offer.objects.all())
        uuids = request.POST.getlist("offers")
        choices = [
            (str(u), str(u))
            for u in scoped.filter(uuid__in=_valid_uuids(uuids)).values_list("uuid", flat=True)
        ]
        form = BulkActionForm(request.POST, offer_choices=choices)
        if not form.is_valid():
            for field, errors in form.errors.items():
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label} : {' '.join(errors)}" if label else " ".join(errors))
            return redirect(_back(request))
        offers = list(scoped.filter(uuid__in=form.cleaned_data["offers"]).order_by("title"))
        action = form.cleaned_data["action"]
        if action in CONFIRMED_BULK_ACTIONS and request.POST.get("confirmed") != "1":
            # Archiving or refusing many offers at once is shown with its count before it happens.
            return TemplateResponse(
                request,
                "offers/staff/offer_bulk_confirm.html",
                {
                    "offers": offers,
                    "count": len(offers),
                    "action": action,
                    "action_label": dict(BulkActionForm.ACTIONS)[action],
                    "reason": form.cleaned_data.get("reason", ""),
                    "back": _back(request),
                },
            )
        try:
            done, refused = services.offer_bulk_transition(
                offers=offers,
                actor=request.user,
                action=action,
                reason=form.cleaned_data.get("reason", ""),
            )
        except OfferError as exc:
            messages.error(request, exc.message)
            return redirect(_back(request))
        messages.success(request, _("%(done)d offre(s) traitée(s).") % {"done": done})
        if refused:
            messages.warning(
                request,
                _("%(n)d offre(s) ignorée(s) : leur statut ne permet pas cette action.") % {"n": refused},
            )
        return redirect(_back(request))


def _valid_uuids(values: list[str]) -> list[str]:
    import uuid

    result = []
    for value in values:
        try:
            result.append(str(uuid.UUID(value)))
        except ValueError:
            continue
    return result


def _back(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    target = request.POST.get("next", "")
    # A local path only: redirect() would try to reverse a bare word as a URL name (500).
    if target.startswith("/") and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    from django.urls import reverse

    return reverse("offers_staff:offer_list")


class StaffOfferDetailView(StaffRequiredMixin, TemplateView):
    template_name = "offers/staff/offer_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        offer = get_object_or_404(scope_for(self.request.user, Offer.objects.all()), slug=self.kwargs["slug"])
        offer = selectors.offer_get(slug=offer.slug)
        ctx.update(
            offer=offer,
            reject_form=kwargs.get("reject_form") or RejectForm(),
            suggestions=selectors.offer_member_suggestions(offer),
            audit=audit_entries_for(offer),
        )
        return ctx


class StaffOfferLinkMemberView(StaffRequiredMixin, View):
    """« Rattacher à <membre> »: one click on a suggested member of the offer's page."""

    def post(self, request, slug: str):
        offer = get_object_or_404(scope_for(request.user, Offer.objects.all()), slug=slug)
        member = next(
            (m for m in selectors.offer_member_suggestions(offer) if m.slug == request.POST.get("member")),
            None,
        )
        try:
            if member is None:
                raise NotSuggested()
            services.offer_link_member(offer=offer, member=member, actor=request.user)
        except OfferError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Offre rattachée à %(member)s.") % {"member": member.name})
        return redirect("offers_staff:offer_detail", slug=slug)


class StaffOfferTransitionView(StaffRequiredMixin, View):
    def post(self, request, slug: str, action: str):
        offer = get_object_or_404(scope_for(request.user, Offer.objects.all()), slug=slug)
        try:
            if action == "reject":
                form = RejectForm(request.POST)
                if not form.is_valid():
                    view = StaffOfferDetailView()
                    view.setup(request, slug=slug)
                    return view.render_to_response(view.get_context_data(reject_form=form))
                services.offer_reject(offer=offer, actor=request.user, reason=form.cleaned_data["reason"])
                messages.success(request, _("Offre refusée."))
            elif action in TRANSITIONS:
                func, message = TRANSITIONS[action]
                func(offer=offer, actor=request.user)
                messages.success(request, message)
            else:
                raise Http404
        except OfferError as exc:
            messages.error(request, exc.message)
        return redirect("offers_staff:offer_detail", slug=slug)


class ImportRunListView(OfficeStaffRequiredMixin, TemplateView):
    template_name = "offers/staff/import_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        page = Paginator(selectors.import_run_list(), PAGE_SIZE).get_page(self.request.GET.get("page"))
        ctx.update(page=page, runs=page.object_list)
        return ctx


class ImportRunDetailView(OfficeStaffRequiredMixin, TemplateView):
    template_name = "offers/staff/import_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        run = selectors.import_run_get(pk=self.kwargs["pk"])
        page = Paginator(run.errors.order_by("id"), 100).get_page(self.request.GET.get("page"))
        ctx.update(run=run, page=page, errors=page.object_list)
        return ctx


class TypeMappingListView(OfficeStaffRequiredMixin, TemplateView):
    """Types of the imported offers: each mapping in French labels with its number of offers, and
    the source types no mapping covers yet."""

    template_name = "offers/staff/type_mapping_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        source = self.request.GET.get("source", "")
        if source not in dict(Source.choices):
            source = ""
        lines, unmapped = selectors.type_mapping_list(source=source)
        ctx.update(lines=lines, unmapped=unmapped[:200], unmapped_total=len(unmapped), source=source)
        ctx["sources"] = [(value, label) for value, label in Source.choices if value != Source.MANUAL]
        return ctx


class TypeMappingEditView(OfficeStaffRequiredMixin, FormView):
    """Create (no pk; ``?source=&code=`` pre-fills from an unmapped type) or change a mapping.
    Saving re-maps the imported offers at once."""

    template_name = "offers/staff/type_mapping_edit.html"
    form_class = TypeMappingForm

    def dispatch(self, request, *args, **kwargs):
        self.mapping = None
        if "pk" in kwargs and is_office_staff(request.user):
            self.mapping = get_object_or_404(TypeMapping, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        if self.mapping is None:
            return {
                "source": self.request.GET.get("source", ""),
                "code": self.request.GET.get("code", "")[:160],
                "priority": 100,
            }
        return {name: getattr(self.mapping, name) for name in services.TYPE_MAPPING_FIELDS}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(mapping=self.mapping)
        if self.mapping is not None:
            ctx.update(
                offer_count=selectors.type_mapping_offer_count(self.mapping),
                audit=audit_entries_for(self.mapping),
            )
        return ctx

    def form_valid(self, form):
        try:
            mapping, changed = services.type_mapping_save(
                actor=self.request.user, mapping=self.mapping, **form.cleaned_data
            )
        except OfferError as exc:
            form.add_error("code", exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Correspondance « %(code)s » enregistrée : %(n)d offre(s) recalculée(s).")
            % {"code": mapping.code, "n": changed},
        )
        return redirect("offers_staff:type_mapping_edit", pk=mapping.pk)


class TypeMappingDeleteView(OfficeStaffRequiredMixin, TemplateView):
    """Deleting a mapping changes the imported offers: the page says how many before confirming."""

    template_name = "offers/staff/type_mapping_delete.html"

    def dispatch(self, request, *args, **kwargs):
        if is_office_staff(request.user):
            self.mapping = get_object_or_404(TypeMapping, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(mapping=self.mapping, offer_count=selectors.type_mapping_offer_count(self.mapping))
        return ctx

    def post(self, request, pk: int):
        code = self.mapping.code
        changed = services.type_mapping_delete(actor=request.user, mapping=self.mapping)
        messages.success(
            request,
            _("Correspondance « %(code)s » supprimée : %(n)d offre(s) recalculée(s).")
            % {"code": code, "n": changed},
        )
        return redirect("offers_staff:type_mapping_list")
