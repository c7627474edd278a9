"""Staff pages: the desk (sessions near the office, booking for a visitor), bookings, figures."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from common.access import StaffRequiredMixin
from common.audit import audit_entries_for
from common.exports import csv_response, csv_safe_row
from common.templatetags.maillage import money

from .. import exceptions as errors
from .. import selectors, services
from ..forms import ChangePartyForm, DeskBookingForm, DeskSearchForm, add_service_error
from .base import GroupProposeBaseView

DEFAULT_DESK_MINUTES = 20


class DeskView(StaffRequiredMixin, TemplateView):
    template_name = "workshops/staff/desk.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = DeskSearchForm(self.request.GET or None)
        minutes, query = DEFAULT_DESK_MINUTES, ""
        if form.is_valid():
            minutes = form.cleaned_data.get("minutes") or DEFAULT_DESK_MINUTES
            query = form.cleaned_data.get("q", "")
        user = self.request.user
        ctx.update(
            form=form,
            minutes=minutes,
            query=query,
            sessions=selectors.desk_sessions_near(
                user=user,
                latitude=settings.OFFICE_LATITUDE,
                longitude=settings.OFFICE_LONGITUDE,
                max_minutes=minutes,
            ),
            today=selectors.session_today_for_staff(user=user),
            bookings=selectors.booking_search_for_staff(user=user, query=query) if query else None,
        )
        return ctx


class StaffSessionView(StaffRequiredMixin, TemplateView):
    """A session seen from the desk: its bookings, its waitlist, and booking for a visitor."""

    template_name = "workshops/staff/session_detail.html"

    def load(self):
        self.session = selectors.session_get_for_staff(
            user=self.request.user, public_id=self.kwargs["public_id"]
        )

    def get(self, request, public_id):
        self.load()
        form = DeskBookingForm(workshop=self.session.workshop, initial={"idempotency_key": uuid.uuid4().hex})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, public_id):
        self.load()
        form = DeskBookingForm(request.POST, workshop=self.session.workshop)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        try:
            booking = services.booking_create(
                session_id=self.session.pk,
                channel=data["channel"],
                actor=request.user,
                ip=request.META.get("REMOTE_ADDR") or None,  # wrong voucher codes are rate-limited
                **form.service_kwargs(),
            )
        except errors.WorkshopError as exc:
            add_service_error(form, exc)
            self.load()
            return self.render_to_response(self.get_context_data(form=form), status=409)
        messages.success(
            request,
            _("Réservation %(ref)s enregistrée pour %(name)s.")
            % {"ref": booking.reference, "name": booking.name},
        )
        return redirect("workshops_staff:booking_detail", reference=booking.reference)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            session=self.session,
            workshop=self.session.workshop,
            bookings=selectors.booking_list_for_session(session=self.session),
            waitlist=selectors.waitlist_for_session(session=self.session),
            audit=audit_entries_for(self.session),
        )
        return ctx


class StaffBookingView(StaffRequiredMixin, TemplateView):
    """Any booking: staff may cancel or change it even past the visitor's deadline."""

    template_name = "workshops/staff/booking_detail.html"

    def load(self):
        self.booking = selectors.booking_get_for_staff(
            user=self.request.user, reference=self.kwargs["reference"]
        )

    def get(self, request, reference):
        self.load()
        return super().get(request)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        b = self.booking
        ctx.update(
            booking=b,
            session=b.session,
            workshop=b.session.workshop,
            deadline=b.change_deadline(),
            within_deadline=b.can_change(),
            audit=audit_entries_for(b),
            voucher_paid=selectors.booking_voucher_paid(b),
        )
        ctx.setdefault(
            "form",
            ChangePartyForm(
                workshop=b.session.workshop, initial={"party_size": b.party_size, "children": b.children}
            ),
        )
        return ctx

    def post(self, request, reference):
        self.load()
        form = None
        try:
            if request.POST.get("action") == "cancel" and request.POST.get("confirm") != "yes":
                # A separate, explicit step (no JavaScript needed) saying what will happen.
                return self.render_to_response(self.get_context_data(confirm_cancel=True))
            if request.POST.get("action") == "cancel":
                reason = request.POST.get("reason", "").strip()
                if not reason:
                    # The artisan is told why: the reason is required (kept what was typed: nothing).
                    return self.render_to_response(
                        self.get_context_data(
                            confirm_cancel=True,
                            reason_error=_("Motif : indiquez pourquoi la réservation est annulée."),
                        ),
                        status=400,
                    )
                services.booking_cancel(
                    booking_id=self.booking.pk, actor=request.user, override_deadline=True, reason=reason
                )
                messages.success(request, _("Réservation annulée ; le visiteur est prévenu."))
                return redirect("workshops_staff:booking_detail", reference=reference)
            form = ChangePartyForm(request.POST, workshop=self.booking.session.workshop)
            if not form.is_valid():
                return self.render_to_response(self.get_context_data(form=form), status=400)
            changed = services.booking_change_party_size(
                booking_id=self.booking.pk,
                party_size=form.cleaned_data["party_size"],
                children=form.cleaned_data["children"],
                youngest_age=form.cleaned_data.get("youngest_age"),
                actor=request.user,
                override_deadline=True,
            )
        except errors.WorkshopError as exc:
            if form is None:
                messages.error(request, exc.message)
                return redirect("workshops_staff:booking_detail", reference=reference)
            add_service_error(form, exc)
            self.load()
            return self.render_to_response(self.get_context_data(form=form), status=409)
        recredited = getattr(changed, "voucher_recredited", None)
        if recredited:
            messages.success(
                request,
                _("Réservation modifiée ; %(amount)s recrédités sur le bon cadeau.")
                % {"amount": money(recredited)},
            )
        else:
            messages.success(request, _("Réservation modifiée."))
        return redirect("workshops_staff:booking_detail", reference=reference)


class ContactsCsvView(StaffRequiredMixin, View):
    """Past visitors the consent registry lets us write to, each with their unsubscribe link."""

    def get(self, request):
        response, writer = csv_response(filename="contacts-ateliers.csv")
        writer.writerow(
            [_("E-mail"), _("Nom"), _("Dernier atelier"), _("Réservations"), _("Lien de désinscription")]
        )
        for row in selectors.contact_list_for_staff(user=request.user).iterator():
            unsubscribe = reverse("network:contact_unsubscribe", kwargs={"token": row["unsubscribe_token"]})
            writer.writerow(
                csv_safe_row(
                    [
                        row["email"],
                        row["name"],
                        timezone.localtime(row["last_session"]).date(),
                        row["bookings"],
                        request.build_absolute_uri(unsubscribe),
                    ]
                )
            )
        return response


class StaffReviewListView(StaffRequiredMixin, TemplateView):
    """Moderation of the satisfaction answers: approved ones appear as public reviews."""

    template_name = "workshops/staff/review_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["reviews"] = selectors.review_list_for_staff(user=self.request.user)[:100]
        return ctx

    def post(self, request):
        review_id = request.POST.get("review", "")
        review = (
            selectors.review_list_for_staff(user=request.user)
            .filter(pk=int(review_id) if review_id.isdigit() else 0)
            .first()
        )
        if review is None:
            messages.error(request, _("Cet avis n'est plus à modérer."))
            return redirect("workshops_staff:review_list")
        approve = request.POST.get("decision") == "approve"
        services.review_moderate(review_id=review.pk, approve=approve, actor=request.user)
        messages.success(request, _("Avis publié.") if approve else _("Avis refusé."))
        return redirect("workshops_staff:review_list")


class FiguresView(StaffRequiredMixin, TemplateView):
    template_name = "workshops/staff/figures.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        figures = selectors.workshop_figures(user=self.request.user)
        ctx["figures"] = figures
        ctx["chart"] = {
            "labels": [row.label for row in figures["weekly"]],
            "seats": [row.seats for row in figures["weekly"]],
            "capacity": [row.capacity for row in figures["weekly"]],
            "bookings": [row.bookings for row in figures["weekly"]],
            "fill_rate": [
                round(row.fill_rate, 1) if row.fill_rate is not None else None for row in figures["weekly"]
            ],
        }
        return ctx


class StaffGroupRequestListView(StaffRequiredMixin, TemplateView):
    template_name = "workshops/staff/group_request_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["group_requests"] = selectors.group_request_list_for_staff(user=self.request.user)[:200]
        return ctx


class StaffGroupRequestProposeView(StaffRequiredMixin, GroupProposeBaseView):
    template_name = "workshops/staff/group_request_propose.html"
    list_url_name = "workshops_staff:group_request_list"

    def get_group(self):
        return selectors.group_request_get_for_staff(
            user=self.request.user, public_id=self.kwargs["public_id"]
        )
