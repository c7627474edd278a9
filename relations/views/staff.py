"""Staff pages of the relationship tool. Contacts, segments and satisfaction: staff (coordinators
scoped to their antennas, or nothing if the office decided so); campaigns, merges, GDPR and
settings: office staff only."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from common.access import OfficeStaffRequiredMixin, StaffRequiredMixin, is_office_staff
from network.models import Contact

from .. import exceptions as errors
from .. import gdpr, selectors, services
from ..forms import (
    CampaignForm,
    CampaignScheduleForm,
    CampaignTestForm,
    ContactProfileForm,
    GdprSearchForm,
    PromoCodeForm,
    SegmentForm,
    SettingsForm,
)
from ..models import Campaign, ContactProfile, PromoCode, RelationsSettings, Segment

PAGE_SIZE = 50


class ContactListView(StaffRequiredMixin, TemplateView):
    template_name = "relations/staff/contact_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        qs = selectors.contact_list_for_user(user=self.request.user).select_related("profile")
        q = (self.request.GET.get("q") or "").strip()[:100]
        kind = self.request.GET.get("kind") or ""
        tag = (self.request.GET.get("tag") or "").strip()[:40]
        if q:
            qs = qs.filter(Q(email__icontains=q) | Q(name__unaccent__icontains=q) | Q(phone__icontains=q))
        if kind in Contact.Kind.values:
            qs = qs.filter(kind=kind)
        if tag:
            qs = qs.filter(profile__tags__contains=[tag])
        page = Paginator(qs.order_by("-last_seen_at", "id"), PAGE_SIZE).get_page(self.request.GET.get("page"))
        ctx.update(
            page=page,
            q=q,
            kind=kind,
            tag=tag,
            kinds=Contact.Kind.choices,
            office=is_office_staff(self.request.user),
        )
        return ctx


class ContactDetailView(StaffRequiredMixin, FormView):
    template_name = "relations/staff/contact_detail.html"
    form_class = ContactProfileForm

    def dispatch(self, request, *args, **kwargs):
        self.access_denied = False
        return super().dispatch(request, *args, **kwargs)

    def load(self):
        self.contact = get_object_or_404(
            selectors.contact_list_for_user(user=self.request.user), pk=self.kwargs["pk"]
        )
        self.profile = ContactProfile.objects.filter(contact=self.contact).first()

    def get(self, request, *args, **kwargs):
        self.load()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        self.load()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        p = self.profile
        return {
            "name": self.contact.name,
            "phone": self.contact.phone,
            "kind": self.contact.kind,
            "language": self.contact.language,
            "postcode": p.postcode if p else "",
            "commune": p.commune if p else "",
            "country": p.country if p else "FR",
            "tags": ", ".join(p.tags) if p else "",
            "notes": p.notes if p else "",
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            contact=self.contact,
            profile=self.profile,
            timeline=selectors.contact_timeline(contact=self.contact),
            **kwargs,
        )

    def form_valid(self, form):
        services.contact_profile_save(contact=self.contact, actor=self.request.user, **form.cleaned_data)
        messages.success(self.request, _("Fiche contact enregistrée."))
        return redirect("relations_staff:contact_detail", pk=self.contact.pk)


class DuplicateListView(OfficeStaffRequiredMixin, TemplateView):
    template_name = "relations/staff/duplicates.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(pairs=services.duplicate_suggestions(), **kwargs)


class MergeView(OfficeStaffRequiredMixin, View):
    """GET: the confirmation page saying what will happen; POST: merge."""

    def _pair(self, data):
        try:
            kept = Contact.objects.get(pk=int(data.get("kept", "")))
            merged = Contact.objects.get(pk=int(data.get("merged", "")))
        except (ValueError, Contact.DoesNotExist):
            raise Http404 from None
        return kept, merged

    def get(self, request):
        kept, merged = self._pair(request.GET)
        return render(request, "relations/staff/merge_confirm.html", {"kept": kept, "merged": merged})

    def post(self, request):
        kept, merged = self._pair(request.POST)
        try:
            services.contact_merge(kept=kept, merged=merged, actor=request.user)
        except errors.RelationsError as exc:
            messages.error(request, exc.message)
            return redirect("relations_staff:duplicates")
        messages.success(request, _("Contacts fusionnés : %(email)s est gardé.") % {"email": kept.email})
        return redirect("relations_staff:contact_detail", pk=kept.pk)


class SegmentListView(StaffRequiredMixin, TemplateView):
    template_name = "relations/staff/segment_list.html"

    def get_context_data(self, **kwargs):
        segments = [
            (s, selectors.segment_count(s.filters, user=self.request.user)) for s in selectors.segment_list()
        ]
        return super().get_context_data(segments=segments, **kwargs)


class SegmentEditView(StaffRequiredMixin, FormView):
    template_name = "relations/staff/segment_form.html"
    form_class = SegmentForm

    def dispatch(self, request, *args, **kwargs):
        self.segment = None
        return super().dispatch(request, *args, **kwargs)

    def _load(self):
        if "pk" in self.kwargs:
            self.segment = get_object_or_404(Segment, pk=self.kwargs["pk"])

    def get(self, request, *args, **kwargs):
        self._load()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not is_office_staff(request.user):
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
        self._load()
        return super().post(request, *args, **kwargs)

    def get_initial(self):
        return SegmentForm.initial_from(self.segment) if self.segment else {"purpose": "news"}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        count = (
            selectors.segment_count(self.segment.filters, user=self.request.user) if self.segment else None
        )
        ctx.update(segment=self.segment, count=count)
        return ctx

    def form_valid(self, form):
        segment = services.segment_save(
            segment=self.segment,
            name=form.cleaned_data["name"],
            filters=form.to_filters(),
            actor=self.request.user,
        )
        messages.success(self.request, _("Segment enregistré."))
        return redirect("relations_staff:segment_edit", pk=segment.pk)


class SegmentCountView(StaffRequiredMixin, View):
    """The live count (htmx on every change, or the no-JS « Compter » button)."""

    def get(self, request):
        form = SegmentForm(request.GET)
        form.fields["name"].required = False
        if not form.is_valid():
            if request.htmx:
                return HttpResponse(_("Filtres à corriger."))
            return render(request, "relations/staff/segment_form.html", {"form": form, "count": None})
        count = selectors.segment_count(form.to_filters(), user=request.user)
        if request.htmx:
            return render(request, "relations/staff/_count.html", {"count": count})
        return render(request, "relations/staff/segment_form.html", {"form": form, "count": count})


class CampaignListView(OfficeStaffRequiredMixin, TemplateView):
    template_name = "relations/staff/campaign_list.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(campaigns=selectors.campaign_list()[:100], **kwargs)


class CampaignEditView(OfficeStaffRequiredMixin, FormView):
    template_name = "relations/staff/campaign_form.html"
    form_class = CampaignForm

    def dispatch(self, request, *args, **kwargs):
        self.campaign = None
        if request.user.is_authenticated and is_office_staff(request.user) and "public_id" in kwargs:
            self.campaign = selectors.campaign_get(public_id=kwargs["public_id"])
            if self.campaign.status != Campaign.Status.DRAFT:
                messages.error(request, errors.CampaignNotDraft.message)
                return redirect("relations_staff:campaign_detail", public_id=self.campaign.public_id)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.campaign}

    def form_valid(self, form):
        campaign = form.save(commit=False)
        if campaign.created_by_id is None:
            campaign.created_by = self.request.user
        campaign.save()
        form.save_m2m()
        messages.success(self.request, _("Campagne enregistrée."))
        return redirect("relations_staff:campaign_detail", public_id=campaign.public_id)


class CampaignDetailView(OfficeStaffRequiredMixin, TemplateView):
    """Preview (phone and desktop), test send, start now or schedule, the per-recipient log."""

    template_name = "relations/staff/campaign_detail.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated and is_office_staff(request.user):
            self.campaign = selectors.campaign_get(public_id=kwargs["public_id"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            campaign=self.campaign,
            count=selectors.segment_count(self.campaign.segment.filters, user=self.request.user),
            log=selectors.campaign_send_log(campaign=self.campaign),
            test_form=kwargs.get("test_form") or CampaignTestForm(),
            schedule_form=kwargs.get("schedule_form") or CampaignScheduleForm(),
        )
        return ctx

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == "test":
            form = CampaignTestForm(request.POST)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(test_form=form), status=400)
            try:
                services.campaign_send_test(
                    campaign=self.campaign, to=form.cleaned_data["email"], actor=request.user
                )
            except (ValidationError, OSError):
                form.add_error(
                    "email", _("L'envoi du test a échoué : vérifiez l'adresse et le serveur d'envoi.")
                )
                return self.render_to_response(self.get_context_data(test_form=form), status=400)
            messages.success(request, _("Test envoyé à %(email)s.") % {"email": form.cleaned_data["email"]})
        elif action in ("send", "schedule"):
            at = None
            if action == "schedule":
                form = CampaignScheduleForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(schedule_form=form), status=400)
                at = form.cleaned_data["at"]
            try:
                count = services.campaign_start(campaign=self.campaign, actor=request.user, at=at)
            except errors.RelationsError as exc:
                messages.error(request, exc.message)
                return redirect("relations_staff:campaign_detail", public_id=self.campaign.public_id)
            if at:
                messages.success(request, _("Campagne programmée."))
            else:
                messages.success(request, _("Envoi lancé à %(n)s destinataire(s).") % {"n": count})
        return redirect("relations_staff:campaign_detail", public_id=self.campaign.public_id)


class CampaignPreviewView(OfficeStaffRequiredMixin, View):
    """The HTML of the message, shown in the phone and desktop frames of the detail page."""

    def get(self, request, public_id):
        campaign = selectors.campaign_get(public_id=public_id)
        _subject, text, html = services.campaign_render(campaign)
        if request.GET.get("format") == "text":
            return HttpResponse(text, content_type="text/plain; charset=utf-8")
        response = HttpResponse(html)
        response["X-Frame-Options"] = "SAMEORIGIN"
        return response


class PromoCodeView(OfficeStaffRequiredMixin, FormView):
    template_name = "relations/staff/promo_codes.html"
    form_class = PromoCodeForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(codes=PromoCode.objects.order_by("-valid_until")[:100], **kwargs)

    def form_valid(self, form):
        if PromoCode.objects.filter(code=form.cleaned_data["code"]).exists():
            form.add_error("code", _("Ce code existe déjà."))
            return self.form_invalid(form)
        form.save()
        messages.success(self.request, _("Code promo créé."))
        return redirect("relations_staff:promo_codes")


class SatisfactionView(StaffRequiredMixin, TemplateView):
    template_name = "relations/staff/satisfaction.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            figures=selectors.satisfaction_figures(user=self.request.user), **kwargs
        )


class GdprView(OfficeStaffRequiredMixin, TemplateView):
    """Find a person by e-mail: what we hold, export (zip) and erase (with confirmation)."""

    template_name = "relations/staff/gdpr.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = GdprSearchForm(self.request.GET or None)
        ctx["form"] = form
        if form.is_valid():
            ctx["email"] = form.cleaned_data["email"].strip().lower()
            ctx["summary"] = gdpr.personal_data_summary(email=ctx["email"])
        return ctx


class GdprExportView(OfficeStaffRequiredMixin, View):
    def get(self, request):
        form = GdprSearchForm(request.GET)
        if not form.is_valid():
            return redirect("relations_staff:gdpr")
        email = form.cleaned_data["email"].strip().lower()
        content = gdpr.personal_data_zip(email=email, actor=request.user)
        response = HttpResponse(content, content_type="application/zip")
        response["Content-Disposition"] = 'attachment; filename="donnees-personnelles.zip"'
        return response


class GdprEraseView(OfficeStaffRequiredMixin, View):
    """GET: confirmation saying what will happen (no JavaScript); POST: anonymise."""

    def get(self, request):
        form = GdprSearchForm(request.GET)
        if not form.is_valid():
            return redirect("relations_staff:gdpr")
        email = form.cleaned_data["email"].strip().lower()
        return render(
            request,
            "relations/staff/gdpr_erase.html",
            {"email": email, "summary": gdpr.personal_data_summary(email=email)},
        )

    def post(self, request):
        form = GdprSearchForm(request.POST)
        if not form.is_valid() or request.POST.get("confirm") != "yes":
            messages.error(request, _("Effacement non confirmé : rien n'a été modifié."))
            return redirect("relations_staff:gdpr")
        counts = gdpr.personal_data_erase(email=form.cleaned_data["email"], actor=request.user)
        messages.success(
            request,
            _("Données anonymisées (%(n)s enregistrement(s)) ; les montants sont conservés.")
            % {"n": sum(counts.values())},
        )
        return redirect(reverse("relations_staff:gdpr"))


class SettingsView(OfficeStaffRequiredMixin, FormView):
    template_name = "relations/staff/settings.html"
    form_class = SettingsForm

    def get_form_kwargs(self):
        instance = RelationsSettings.objects.order_by("pk").first() or RelationsSettings()
        return {**super().get_form_kwargs(), "instance": instance}

    def form_valid(self, form):
        form.save()
        messages.success(self.request, _("Réglages enregistrés."))
        return redirect("relations_staff:settings")


def _now():
    return timezone.now()
