"""Member portal: profile, photos, place on the map, colleagues, charter, renewal.

Every view is scoped to ``self.member`` (set by ``MemberRequiredMixin``).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView

from common.access import MemberRequiredMixin
from common.net import client_ip

from .. import selectors, services
from ..exceptions import NetworkError
from ..forms import CharterSignForm, ColleagueForm, LocationForm, PhotoForm, ProfileForm, RenewalForm


class ProfileEditView(MemberRequiredMixin, FormView):
    template_name = "network/portal/profile.html"
    form_class = ProfileForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = self.member
        return kwargs

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        # The form only checks shape: never let it mutate the member before the service runs.
        form.instance = type(self.member).objects.get(pk=self.member.pk)
        return form

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["member"] = self.member
        ctx["colleagues"] = self.member.users.order_by("email")
        return ctx

    def form_valid(self, form):
        services.member_update_profile(member=self.member, actor=self.request.user, data=form.cleaned_data)
        messages.success(self.request, _("Votre profil est à jour."))
        return redirect("network_portal:profile")


class PhotoListView(MemberRequiredMixin, FormView):
    template_name = "network/portal/photos.html"
    form_class = PhotoForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["photos"] = selectors.member_photos(member=self.member)
        return ctx

    def form_valid(self, form):
        try:
            services.member_photo_add(
                member=self.member,
                actor=self.request.user,
                image=form.cleaned_data["image"],
                caption=form.cleaned_data["caption"],
            )
        except NetworkError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Photo ajoutée."))
        return redirect("network_portal:photos")


class PhotoDeleteView(MemberRequiredMixin, View):
    def post(self, request, pk: int):
        if not selectors.member_photos(member=self.member).filter(pk=pk).exists():
            raise Http404
        services.member_photo_delete(member=self.member, actor=request.user, photo_id=pk)
        messages.success(request, _("Photo supprimée."))
        return redirect("network_portal:photos")


class LocationView(MemberRequiredMixin, FormView):
    template_name = "network/portal/location.html"
    form_class = LocationForm

    def get_initial(self):
        commune = self.member.commune
        return {
            "commune": f"{commune.name} ({commune.postcode})",
            "address": self.member.address,
            "latitude": self.member.latitude,
            "longitude": self.member.longitude,
        }

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["member"] = self.member
        ctx["communes"] = selectors.commune_list().filter(antenna=self.member.antenna_id)
        ctx["map_config"] = {"tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        moved_commune = data["commune"].pk != self.member.commune_id
        lat, lon = data.get("latitude"), data.get("longitude")
        if moved_commune and lat == self.member.latitude and lon == self.member.longitude:
            lat = lon = None  # new commune, pin untouched: use the commune's centre
        try:
            services.member_set_location(
                member=self.member,
                actor=self.request.user,
                commune=data["commune"],
                address=data["address"],
                latitude=lat,
                longitude=lon,
            )
        except NetworkError as exc:
            form.add_error("commune", exc.message)
            return self.form_invalid(form)
        messages.success(self.request, _("Votre emplacement sur la carte est enregistré."))
        return redirect("network_portal:location")


class ColleagueInviteView(MemberRequiredMixin, FormView):
    template_name = "network/portal/colleagues.html"
    form_class = ColleagueForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["colleagues"] = self.member.users.order_by("email")
        return ctx

    def form_valid(self, form):
        try:
            services.member_invite_colleague(member=self.member, actor=self.request.user, **form.cleaned_data)
        except NetworkError as exc:
            form.add_error("email", exc.message)
            return self.form_invalid(form)
        email = form.cleaned_data["email"]
        messages.success(self.request, _("Invitation envoyée à %(email)s.") % {"email": email})
        return redirect("network_portal:colleagues")


class CharterSignView(MemberRequiredMixin, FormView):
    template_name = "network/portal/charter.html"
    form_class = CharterSignForm

    def dispatch(self, request, *args, **kwargs):
        self.current = selectors.charter_current()
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        return {"version": self.current.number if self.current else None}

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        last = selectors.member_last_signature(member=self.member)
        ctx.update(current=self.current, last_signature=last)
        if self.current is not None:
            ctx["signed"] = last is not None and last.version_id == self.current.pk
            previous = last.version if last and last.version_id != self.current.pk else None
            ctx["previous"] = previous
            changes = selectors.charter_commitment_changes(previous, self.current) if previous else None
            ctx["changes"] = changes
        return ctx

    def form_valid(self, form):
        if self.current is None or form.cleaned_data["version"] != self.current.number:
            messages.error(self.request, _("La charte a changé entre-temps : relisez la version en vigueur."))
            return redirect("network_portal:charter")
        try:
            services.charter_sign(
                member=self.member,
                user=self.request.user,
                version=self.current,
                ip_address=client_ip(self.request),
            )
        except NetworkError as exc:
            messages.error(self.request, exc.message)
        else:
            number = self.current.number
            messages.success(self.request, _("Merci, la charte v%(n)s est signée.") % {"n": number})
        return redirect("network_portal:charter")


class RenewalView(MemberRequiredMixin, FormView):
    template_name = "network/portal/renewal.html"
    form_class = RenewalForm

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        member = self.member
        ctx["member"] = member
        ctx["current"] = selectors.charter_current()
        ctx["signed_current"] = selectors.member_has_signed_current_charter(member)
        due = member.renewal_due_on
        ctx["days_left"] = (due - timezone.localdate()).days if due else None
        ctx["window_days"] = services.RENEWAL_WINDOW_DAYS
        return ctx

    def form_valid(self, form):
        try:
            member = services.member_renew(
                member=self.member, user=self.request.user, ip_address=client_ip(self.request)
            )
        except NetworkError as exc:
            messages.error(self.request, exc.message)
        else:
            messages.success(
                self.request,
                _("Adhésion renouvelée jusqu'au %(date)s.")
                % {"date": member.renewal_due_on.strftime("%d/%m/%Y")},
            )
        return redirect("network_portal:renewal")
