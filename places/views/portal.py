"""Member portal: book the Maison's spaces (half-days or hours, weekly), see and cancel one's bookings."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from common.access import MemberRequiredMixin

from .. import exceptions as errors
from .. import selectors, services
from ..forms import MemberBookingForm, add_service_error
from ..models import SpaceBooking


class PortalSpaceListView(MemberRequiredMixin, TemplateView):
    template_name = "places/portal/space_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["spaces"] = list(selectors.space_list())
        ctx["bookings"] = list(selectors.booking_list_for_member(member=self.member))
        return ctx


class PortalBookView(MemberRequiredMixin, TemplateView):
    """The booking form; ``?espace=<slug>`` preselects a space."""

    template_name = "places/portal/book.html"

    def _form(self, data=None) -> MemberBookingForm:
        return MemberBookingForm(
            data, spaces=selectors.space_list(), initial={"space": self.request.GET.get("espace")}
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        form = kwargs.get("form") or self._form()
        ctx["form"] = form
        slug = form["space"].value()
        space = selectors.space_list().filter(slug=slug).first() if isinstance(slug, str) else None
        ctx["space"] = space
        ctx["busy"] = list(selectors.space_busy(space=space)) if space else []
        return ctx

    def post(self, request):
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            bookings = services.space_booking_create_for_member(
                space_id=form.cleaned_data["space"].pk,
                member=self.member,
                actor=request.user,
                slots=form.booking_slots(),
            )
        except errors.PlacesError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            ngettext("%(count)d créneau réservé.", "%(count)d créneaux réservés.", len(bookings))
            % {"count": len(bookings)},
        )
        return redirect("places_portal:space_list")


class PortalBookingCancelView(MemberRequiredMixin, TemplateView):
    """Confirm page, then the cancellation; only the member's own bookings (404 otherwise)."""

    template_name = "places/portal/booking_cancel.html"

    @cached_property
    def booking(self) -> SpaceBooking:
        try:
            return selectors.booking_get_for_member(member=self.member, public_id=self.kwargs["public_id"])
        except SpaceBooking.DoesNotExist as exc:
            raise Http404 from exc

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["booking"] = self.booking
        return ctx

    def post(self, request, public_id):
        try:
            services.space_booking_cancel(booking_id=self.booking.pk, actor=request.user)
        except errors.PlacesError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Réservation annulée : l'espace est de nouveau libre."))
        return redirect("places_portal:space_list")
