"""Public pages of the Maison: its spaces, a request form for associations and inhabitants,
and the requester's status page (its token is the only key)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from common.ratelimit import RateLimitedPostMixin
from workshops import selectors as workshop_selectors

from .. import exceptions as errors
from .. import selectors, services
from ..forms import PublicRequestForm, SchoolVisitForm, add_service_error
from ..models import Space, SpaceBooking


class SpaceListView(TemplateView):
    template_name = "places/public/space_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["spaces"] = list(selectors.space_list())
        ctx["exhibitions"] = list(selectors.exhibition_list_public())
        return ctx


class SpaceMixin:
    @cached_property
    def space(self) -> Space:
        try:
            return selectors.space_get(slug=self.kwargs["slug"])
        except Space.DoesNotExist as exc:
            raise Http404 from exc


class SpaceDetailView(SpaceMixin, TemplateView):
    template_name = "places/public/space_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["space"] = self.space
        ctx["busy"] = list(selectors.space_busy(space=self.space))
        return ctx


class SpaceRequestView(RateLimitedPostMixin, SpaceMixin, TemplateView):
    rate_limit_scope = "places.request"
    template_name = "places/public/request_form.html"

    def dispatch(self, request, *args, **kwargs):
        if self.space.members_only:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["space"] = self.space
        ctx.setdefault("form", PublicRequestForm())
        return ctx

    def post(self, request, slug):
        form = PublicRequestForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            booking = services.space_request_create(
                space_id=self.space.pk, language=get_language() or "fr", **form.service_kwargs()
            )
        except errors.PlacesError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Demande envoyée : l'équipe vous répond par e-mail."))
        return redirect(booking.get_status_url())


class RequestTokenMixin:
    @cached_property
    def booking(self) -> SpaceBooking:
        try:
            return selectors.booking_get_by_token(token=self.kwargs["token"])
        except SpaceBooking.DoesNotExist as exc:
            raise Http404 from exc


class RequestStatusView(RequestTokenMixin, TemplateView):
    template_name = "places/public/request_status.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["booking"] = self.booking
        return ctx


class RequestCancelView(RequestTokenMixin, TemplateView):
    """Confirm page (no JavaScript needed), then the cancellation."""

    template_name = "places/public/request_cancel.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["booking"] = self.booking
        return ctx

    def post(self, request, token):
        try:
            services.space_booking_cancel(booking_id=self.booking.pk, actor=None)
        except errors.PlacesError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Votre demande est annulée."))
        return redirect(self.booking.get_status_url())


class SchoolVisitView(RateLimitedPostMixin, TemplateView):
    """A class books a visit of the house, with a members' workshop if wanted."""

    rate_limit_scope = "places.request"

    template_name = "places/public/school_visit_form.html"

    def _form(self, data=None):
        return SchoolVisitForm(
            data,
            workshops=workshop_selectors.workshop_public_queryset().filter(audiences__contains=["schools"]),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.setdefault("form", self._form())
        return ctx

    def post(self, request):
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            visit = services.school_visit_request(language=get_language() or "fr", **form.service_kwargs())
        except errors.PlacesError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request, _("Demande de visite envoyée : l'équipe de la Maison vous répond par e-mail.")
        )
        return redirect(visit.booking.get_status_url())
