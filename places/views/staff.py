"""Staff pages of the Maison: requests to answer, the week's overview, occupancy per month."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from common.access import StaffRequiredMixin

from .. import exceptions as errors
from .. import selectors, services
from ..forms import DeclineForm
from ..models import SpaceBooking


class StaffRequestListView(StaffRequiredMixin, TemplateView):
    template_name = "places/staff/request_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["requests"] = list(selectors.request_list_for_staff())
        return ctx


class StaffRequestDecideView(StaffRequiredMixin, TemplateView):
    template_name = "places/staff/request_detail.html"

    @cached_property
    def booking(self) -> SpaceBooking:
        try:
            return selectors.booking_get_for_staff(public_id=self.kwargs["public_id"])
        except SpaceBooking.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["booking"] = self.booking
        ctx.setdefault("decline_form", DeclineForm())
        return ctx

    def post(self, request, public_id):
        action = request.POST.get("action")
        try:
            if action == "approve":
                services.space_request_approve(booking_id=self.booking.pk, actor=request.user)
                messages.success(request, _("Demande acceptée : le demandeur est prévenu par e-mail."))
            elif action == "decline":
                form = DeclineForm(request.POST)
                if not form.is_valid():
                    return self.render_to_response(self.get_context_data(decline_form=form), status=400)
                services.space_request_decline(
                    booking_id=self.booking.pk, actor=request.user, reason=form.cleaned_data["reason"]
                )
                messages.success(request, _("Demande refusée : le motif est envoyé au demandeur."))
            elif action == "cancel":
                services.space_booking_cancel(booking_id=self.booking.pk, actor=request.user)
                messages.success(request, _("Réservation annulée."))
            else:
                return self.render_to_response(self.get_context_data(), status=400)
        except errors.PlacesError as exc:
            messages.error(request, exc.message)
            return redirect("places_staff:request_detail", public_id=public_id)
        return redirect("places_staff:request_list")


def _parse(value: str | None, fmt: str) -> datetime.date | None:
    try:
        return datetime.datetime.strptime(value or "", fmt).date()
    except ValueError:
        return None


class StaffWeekView(StaffRequiredMixin, TemplateView):
    template_name = "places/staff/week.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        day = _parse(self.request.GET.get("semaine"), "%Y-%m-%d") or timezone.localdate()
        monday = selectors.week_start(day)
        ctx["monday"] = monday
        ctx["days"] = [monday + datetime.timedelta(days=i) for i in range(7)]
        ctx["rows"] = selectors.week_overview(monday=monday)
        ctx["previous"] = monday - datetime.timedelta(days=7)
        ctx["next"] = monday + datetime.timedelta(days=7)
        return ctx


class StaffOccupancyView(StaffRequiredMixin, TemplateView):
    template_name = "places/staff/occupancy.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        first = _parse(self.request.GET.get("mois"), "%Y-%m") or timezone.localdate().replace(day=1)
        first = first.replace(day=1)
        ctx["month"] = first
        ctx["rows"] = selectors.occupancy_for_month(year=first.year, month=first.month)
        ctx["previous"] = (first - datetime.timedelta(days=1)).replace(day=1)
        ctx["next"] = (first + datetime.timedelta(days=32)).replace(day=1)
        return ctx
