"""Staff pages of the resource centre: trainings and their sessions, attendance."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from common.access import StaffRequiredMixin
from workshops import exceptions as workshop_errors
from workshops import selectors as workshop_selectors
from workshops.models import Session

from .. import selectors, services


class StaffTrainingListView(StaffRequiredMixin, TemplateView):
    template_name = "training/staff/training_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["trainings"] = [
            (
                t,
                list(workshop_selectors.session_list_for_member_workshop(workshop=t.workshop, past=True)[:5]),
                list(selectors.sessions_for(training=t)[:5]),
            )
            for t in selectors.training_list()
        ]
        return ctx


class StaffAttendanceView(StaffRequiredMixin, TemplateView):
    template_name = "training/staff/attendance.html"

    @cached_property
    def session(self) -> Session:
        session = (
            workshop_selectors.session_public_upcoming()
            .model.objects.select_related("workshop")
            .filter(public_id=self.kwargs["public_id"], workshop_id__in=selectors.training_workshop_ids())
            .first()
        )
        if session is None:
            raise Http404
        return session

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["session"] = self.session
        ctx["bookings"] = list(
            workshop_selectors.booking_list_for_session(session=self.session, include_cancelled=False)
        )
        return ctx

    def post(self, request, public_id):
        booking = (
            workshop_selectors.booking_list_for_session(session=self.session, include_cancelled=False)
            .filter(reference=request.POST.get("booking", ""))
            .first()
        )
        present = request.POST.get("present")
        if booking is None or present not in ("yes", "no"):
            messages.error(request, _("Choisissez une inscription et « présent » ou « absent »."))
            return redirect("training_staff:attendance", public_id=public_id)
        try:
            services.attendance_mark(booking_id=booking.pk, present=present == "yes", actor=request.user)
        except workshop_errors.WorkshopError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Présence enregistrée."))
        return redirect("training_staff:attendance", public_id=public_id)
