"""Staff pages of the resource centre: trainings and their sessions, attendance."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from common.access import OfficeStaffRequiredMixin, StaffRequiredMixin, is_office_staff
from workshops import exceptions as workshop_errors
from workshops import selectors as workshop_selectors
from workshops.models import Session

from .. import exceptions as errors
from .. import selectors, services
from ..forms import TrainingForm, TrainingSessionForm
from ..models import Training


class StaffTrainingListView(StaffRequiredMixin, TemplateView):
    template_name = "training/staff/training_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["trainings"] = selectors.training_list_with_sessions(past=True, staff=True)
        ctx["can_edit"] = is_office_staff(self.request.user)
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


def _training_initial(training: Training) -> dict:
    w = training.workshop
    return {
        "title": w.title,
        "summary": w.summary,
        "description": w.description,
        "place_name": w.place_name,
        "price": w.price,
        "objectives": training.objectives,
        "audience": training.audience,
        "trainer": training.trainer,
        "hours": training.hours,
        "is_active": training.is_active,
    }


class StaffTrainingCreateView(OfficeStaffRequiredMixin, View):
    """Office staff create a training (an unpublished workshop + what a training adds)."""

    template_name = "training/staff/training_form.html"

    def get(self, request):
        form = TrainingForm(hosts=selectors.training_hosts())
        return render(request, self.template_name, {"form": form})

    def post(self, request):
        form = TrainingForm(request.POST, hosts=selectors.training_hosts())
        if form.is_valid():
            data = dict(form.cleaned_data)
            host = data.pop("host")
            try:
                training = services.training_create(host=host, actor=request.user, **data)
            except errors.TrainingError as exc:
                form.add_error(exc.field, exc.message)
            except ValidationError as exc:
                _add_validation_errors(form, exc)
            else:
                messages.success(request, _("Formation créée. Ajoutez maintenant ses séances."))
                return redirect("training_staff:training_edit", slug=training.workshop.slug)
        return render(request, self.template_name, {"form": form}, status=200)


class StaffTrainingEditView(OfficeStaffRequiredMixin, View):
    """One training: its description and its sessions (add a date)."""

    template_name = "training/staff/training_edit.html"

    def _context(self, training, form=None, session_form=None) -> dict:
        return {
            "training": training,
            "form": form or TrainingForm(initial=_training_initial(training), hosts=None, editing=True),
            "session_form": session_form or TrainingSessionForm(initial={"capacity": 8}),
            "sessions": list(selectors.sessions_all_for(training=training)[:50]),
        }

    def _training(self, slug):
        try:
            return selectors.training_get_for_staff(slug=slug)
        except Training.DoesNotExist:
            raise Http404 from None

    def get(self, request, slug):
        return render(request, self.template_name, self._context(self._training(slug)))

    def post(self, request, slug):
        training = self._training(slug)
        if request.POST.get("action") == "session":
            session_form = TrainingSessionForm(request.POST)
            if session_form.is_valid():
                try:
                    services.training_session_add(
                        training=training,
                        start=session_form.cleaned_data["start"],
                        capacity=session_form.cleaned_data["capacity"],
                        actor=request.user,
                    )
                except workshop_errors.WorkshopError as exc:
                    session_form.add_error("date", exc.message)
                except IntegrityError:
                    session_form.add_error(
                        "date", _("Une séance de cette formation commence déjà à cette heure-là.")
                    )
                else:
                    messages.success(request, _("Séance ajoutée."))
                    return redirect("training_staff:training_edit", slug=slug)
            return render(request, self.template_name, self._context(training, session_form=session_form))
        form = TrainingForm(request.POST, hosts=None, editing=True)
        if form.is_valid():
            try:
                services.training_update(training=training, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                _add_validation_errors(form, exc)
            else:
                messages.success(request, _("Formation enregistrée."))
                return redirect("training_staff:training_edit", slug=slug)
        return render(request, self.template_name, self._context(training, form=form))


def _add_validation_errors(form, exc: ValidationError) -> None:
    fields = getattr(exc, "error_dict", {})
    for field, errs in fields.items():
        target = field if field in form.fields else None
        for err in errs:
            form.add_error(target, err)
    if not fields:
        form.add_error(None, exc)
