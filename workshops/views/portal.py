"""Member portal: the artisan's workshops, sessions, bookings, groups, reviews and iCal feed.

Every lookup is scoped to ``self.member``: another member's object answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django.views.generic import TemplateView

from common.access import MemberRequiredMixin
from common.exports import csv_response, csv_safe_row
from network import selectors as network_selectors

from .. import exceptions as errors
from .. import selectors, services
from ..forms import (
    CancelSessionForm,
    CapacityForm,
    RecurringSessionForm,
    SessionForm,
    WorkshopForm,
    WorkshopPhotoForm,
    add_service_error,
)
from ..models import Booking
from .base import GroupProposeBaseView


def _crafts():
    return network_selectors.craft_list()


class WorkshopListView(MemberRequiredMixin, TemplateView):
    template_name = "workshops/portal/workshop_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            member=self.member,
            workshops=selectors.workshop_list_for_member(member=self.member),
            sessions=selectors.session_list_for_member(member=self.member, limit=10),
            group_requests_new=selectors.group_request_list_for_member(member=self.member)
            .filter(status="new")
            .count(),
        )
        return ctx


class WorkshopCreateView(MemberRequiredMixin, TemplateView):
    template_name = "workshops/portal/workshop_form.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault(
            "form",
            WorkshopForm(
                crafts=_crafts(),
                initial={
                    "commune": self.member.commune_id,
                    "craft": self.member.crafts.first(),
                    "languages": ["fr"],
                    "max_participants": 8,
                    "min_participants": 2,
                    "duration_minutes": 120,
                },
            ),
        )
        return ctx

    def post(self, request):
        form = WorkshopForm(request.POST, request.FILES, crafts=_crafts())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        workshop = services.workshop_create(member=self.member, actor=request.user, **form.cleaned_data)
        messages.success(request, _("L'atelier est créé. Ajoutez-lui des séances."))
        return redirect("workshops_portal:workshop_sessions", slug=workshop.slug)


class _MemberWorkshopMixin(MemberRequiredMixin):
    """Pages about one of the member's workshops; another member's slug answers 404."""

    @cached_property
    def workshop(self):
        return selectors.workshop_get_for_member(member=self.member, slug=self.kwargs["slug"])


class WorkshopUpdateView(_MemberWorkshopMixin, TemplateView):
    template_name = "workshops/portal/workshop_form.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["workshop"] = self.workshop
        ctx.setdefault("form", WorkshopForm(instance=self.workshop, crafts=_crafts()))
        return ctx

    def post(self, request, slug):
        form = WorkshopForm(request.POST, request.FILES, instance=self.workshop, crafts=_crafts())
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.workshop_update(workshop=self.workshop, actor=request.user, **form.cleaned_data)
        messages.success(request, _("L'atelier est enregistré."))
        return redirect("workshops_portal:workshop_sessions", slug=slug)


class WorkshopPhotosView(_MemberWorkshopMixin, TemplateView):
    template_name = "workshops/portal/workshop_photos.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(workshop=self.workshop, photos=self.workshop.photos.all())
        ctx.setdefault("form", WorkshopPhotoForm())
        return ctx

    def post(self, request, slug):
        if request.POST.get("action") == "delete":
            try:
                photo_id = int(request.POST.get("photo", ""))
            except ValueError:
                photo_id = 0
            services.workshop_photo_delete(workshop=self.workshop, photo_id=photo_id, actor=request.user)
            messages.success(request, _("Photo retirée."))
            return redirect("workshops_portal:workshop_photos", slug=slug)
        form = WorkshopPhotoForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        services.workshop_photo_add(
            workshop=self.workshop,
            image=form.cleaned_data["image"],
            alt=form.cleaned_data["alt"],
            actor=request.user,
        )
        messages.success(request, _("Photo ajoutée."))
        return redirect("workshops_portal:workshop_photos", slug=slug)


class WorkshopSessionsView(_MemberWorkshopMixin, TemplateView):
    """A workshop's dates, with the forms to add one date or a weekly series."""

    template_name = "workshops/portal/workshop_sessions.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            workshop=self.workshop,
            sessions=selectors.session_list_for_member_workshop(workshop=self.workshop),
            past_sessions=selectors.session_list_for_member_workshop(workshop=self.workshop, past=True)[:20],
        )
        ctx.setdefault("session_form", SessionForm())
        ctx.setdefault("series_form", RecurringSessionForm())
        return ctx

    def post(self, request, slug):
        if request.POST.get("kind") == "series":
            form = RecurringSessionForm(request.POST)
            key = "series_form"
        else:
            form = SessionForm(request.POST)
            key = "session_form"
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(**{key: form}), status=400)
        data = form.cleaned_data
        try:
            if key == "series_form":
                outcome = services.session_create_recurring(
                    workshop=self.workshop,
                    first_date=data["first_date"],
                    last_date=data["last_date"],
                    weekdays=data["weekdays"],
                    start_time=data["start_time"],
                    capacity=data["capacity"],
                    actor=request.user,
                )
                messages.success(request, _("%(n)d séances ajoutées.") % {"n": len(outcome.created)})
                if outcome.skipped:
                    messages.warning(
                        request,
                        _("Dates déjà programmées, non ajoutées une seconde fois : %(dates)s.")
                        % {"dates": ", ".join(outcome.skipped_labels)},
                    )
            else:
                services.session_create(
                    workshop=self.workshop, start=data["start"], capacity=data["capacity"], actor=request.user
                )
                messages.success(request, _("Séance ajoutée."))
        except errors.WorkshopError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(**{key: form}), status=400)
        return redirect("workshops_portal:workshop_sessions", slug=slug)


class _MemberSessionMixin(MemberRequiredMixin):
    def load(self):
        self.session = selectors.session_get_for_member(
            member=self.member, public_id=self.kwargs["public_id"]
        )
        return self.session

    def back(self):
        return redirect("workshops_portal:session_detail", public_id=self.session.public_id)


class SessionDetailView(_MemberSessionMixin, TemplateView):
    template_name = "workshops/portal/session_detail.html"

    def get(self, request, public_id):
        self.load()
        return super().get(request)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        session = self.session
        bookings = list(selectors.booking_list_for_session(session=session))
        started = session.start <= timezone.now()
        ctx.update(
            session=session,
            workshop=session.workshop,
            bookings=bookings,
            waitlist=selectors.waitlist_for_session(session=session),
            attendance_choices=Booking.Attendance.choices,
            started=started,
            unnoted=sum(1 for b in bookings if b.is_active and b.attendance == Booking.Attendance.UNKNOWN),
            awaiting_decision=session.decision == session.Decision.ASKED and not session.is_cancelled,
            show_decision_date=session.awaits_go_no_go,
        )
        ctx.setdefault("cancel_form", CancelSessionForm())
        ctx.setdefault("capacity_form", CapacityForm(initial={"capacity": session.capacity}))
        return ctx


class SessionCancelView(_MemberSessionMixin, View):
    def post(self, request, public_id):
        self.load()
        form = CancelSessionForm(request.POST)
        if not form.is_valid():
            messages.error(
                request, _("Indiquez le motif de l'annulation : il est communiqué aux participants.")
            )
            return self.back()
        services.session_cancel(
            session_id=self.session.pk, actor=request.user, reason=form.cleaned_data["reason"]
        )
        messages.success(request, _("Séance annulée ; les participants sont prévenus."))
        return self.back()


class SessionDecideView(_MemberSessionMixin, View):
    def post(self, request, public_id):
        self.load()
        try:
            services.session_decide(
                session_id=self.session.pk, go=request.POST.get("go") == "1", actor=request.user
            )
        except errors.WorkshopError as exc:
            messages.error(request, exc.message)
            return self.back()
        messages.success(request, _("Votre décision est enregistrée."))
        return self.back()


class SessionCapacityView(_MemberSessionMixin, View):
    def post(self, request, public_id):
        self.load()
        form = CapacityForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Places : indiquez un nombre entre 1 et 500."))
            return self.back()
        try:
            services.session_change_capacity(
                session_id=self.session.pk, capacity=form.cleaned_data["capacity"], actor=request.user
            )
        except errors.WorkshopError as exc:
            messages.error(request, exc.message)
            return self.back()
        messages.success(request, _("Nombre de places enregistré."))
        return self.back()


class BookingAttendanceView(_MemberSessionMixin, View):
    def post(self, request, public_id):
        self.load()
        booking = Booking.objects.filter(
            session=self.session, reference=request.POST.get("reference", "")
        ).first()
        if booking is None:
            messages.error(request, _("Réservation introuvable sur cette séance."))
            return self.back()
        try:
            services.booking_mark_attendance(
                booking_id=booking.pk, attendance=request.POST.get("attendance", ""), actor=request.user
            )
        except errors.WorkshopError as exc:
            messages.error(request, exc.message)
        return self.back()


class SessionAllPresentView(_MemberSessionMixin, View):
    """« Tous présents »: the bookings not noted yet are marked present in one go."""

    def post(self, request, public_id):
        self.load()
        try:
            count = services.session_mark_all_present(session_id=self.session.pk, actor=request.user)
        except errors.WorkshopError as exc:
            messages.error(request, exc.message)
            return self.back()
        messages.success(
            request,
            ngettext("%(n)d réservation notée présente.", "%(n)d réservations notées présentes.", count)
            % {"n": count},
        )
        return self.back()


class ParticipantsPrintView(_MemberSessionMixin, TemplateView):
    template_name = "workshops/portal/participants_print.html"

    def get(self, request, public_id):
        self.load()
        return super().get(request)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(
            session=self.session,
            workshop=self.session.workshop,
            bookings=selectors.booking_list_for_session(session=self.session, include_cancelled=False),
        )
        return ctx


class ParticipantsCsvView(_MemberSessionMixin, View):
    def get(self, request, public_id):
        session = self.load()
        local = timezone.localtime(session.start)
        response, writer = csv_response(
            filename=f"participants-{session.workshop.slug}-{local:%Y%m%d-%H%M}.csv"
        )
        writer.writerow(
            [
                _("Référence"),
                _("Nom"),
                _("E-mail"),
                _("Téléphone"),
                _("Personnes"),
                _("Enfants"),
                _("Prix"),
                _("Canal"),
                _("Statut"),
                _("Présence"),
                _("Bon de commande"),
            ]
        )
        for b in selectors.booking_list_for_session(session=session, include_cancelled=False):
            writer.writerow(
                csv_safe_row(
                    [
                        b.reference,
                        b.name,
                        b.email,
                        b.phone,
                        b.party_size,
                        b.children,
                        b.price,
                        b.get_channel_display(),
                        b.get_status_display(),
                        b.get_attendance_display(),
                        b.po_number,
                    ]
                )
            )
        return response


class GroupRequestListView(MemberRequiredMixin, TemplateView):
    template_name = "workshops/portal/group_request_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["group_requests"] = selectors.group_request_list_for_member(member=self.member)
        return ctx


class GroupRequestProposeView(MemberRequiredMixin, GroupProposeBaseView):
    template_name = "workshops/portal/group_request_propose.html"
    list_url_name = "workshops_portal:group_request_list"
    allow_decline = True

    def get_group(self):
        return selectors.group_request_get_for_member(member=self.member, public_id=self.kwargs["public_id"])


class ReviewListView(MemberRequiredMixin, TemplateView):
    template_name = "workshops/portal/review_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["reviews"] = selectors.review_list_for_member(member=self.member)[:100]
        return ctx


class CalendarFeedView(MemberRequiredMixin, TemplateView):
    template_name = "workshops/portal/calendar_feed.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        feed = services.calendar_feed_get_or_create(member=self.member)
        ctx["feed_url"] = self.request.build_absolute_uri(
            reverse("workshops:member_feed", kwargs={"token": feed.token})
        )
        return ctx

    def post(self, request):
        services.calendar_feed_reset(member=self.member, actor=request.user)
        messages.success(request, _("Nouvelle adresse d'agenda créée ; l'ancienne ne fonctionne plus."))
        return redirect("workshops_portal:calendar_feed")
