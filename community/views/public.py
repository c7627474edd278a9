"""Public pages « Rencontrer un habitant »: the éclaireurs' advice, asking for a greeter walk,
joining as an éclaireur; the éclaireur's own space and the visitor's walk page are reached
by their private link (the token is the only key)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from common.ratelimit import RateLimitedPostMixin
from network import selectors as network_selectors
from offers import selectors as offer_selectors
from workshops import selectors as workshop_selectors

from .. import exceptions as errors
from .. import selectors, services
from ..forms import (
    AbsenceForm,
    AcceptWalkForm,
    EclaireurApplyForm,
    FeedbackForm,
    RecommendationForm,
    WalkRequestForm,
    add_service_error,
)
from ..models import Eclaireur, WalkRequest


class MeetView(TemplateView):
    template_name = "community/public/meet.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["advice"] = list(selectors.recommendation_list_public(limit=12))
        ctx["greeters"] = selectors.greeter_list_active().count()
        return ctx


class WalkRequestView(RateLimitedPostMixin, TemplateView):
    rate_limit_scope = "community.request"
    template_name = "community/public/walk_form.html"

    def _form(self, data=None):
        return WalkRequestForm(
            data, antennas=network_selectors.antenna_list(), initial={"walk_language": get_language()}
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
            walk = services.walk_request_create(language=get_language() or "fr", **form.cleaned_data)
        except errors.CommunityError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request,
            _("Demande envoyée aux greeters du secteur : vous recevez un e-mail dès que l'un d'eux accepte."),
        )
        return redirect("community:walk_status", token=walk.token)


class WalkTokenMixin:
    @cached_property
    def walk(self) -> WalkRequest:
        try:
            return selectors.walk_get_by_token(token=self.kwargs["token"])
        except WalkRequest.DoesNotExist as exc:
            raise Http404 from exc


class WalkStatusView(WalkTokenMixin, TemplateView):
    template_name = "community/public/walk_status.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["walk"] = self.walk
        return ctx


class WalkFeedbackView(WalkTokenMixin, TemplateView):
    template_name = "community/public/walk_feedback.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["walk"] = self.walk
        ctx.setdefault("form", FeedbackForm())
        return ctx

    def post(self, request, token):
        form = FeedbackForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.walk_feedback(walk_id=self.walk.pk, **form.cleaned_data)
        except errors.CommunityError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Merci pour votre réponse !"))
        return redirect("community:walk_status", token=token)


class EclaireurApplyView(RateLimitedPostMixin, TemplateView):
    rate_limit_scope = "community.request"
    template_name = "community/public/apply.html"

    def _form(self, data=None, charter=None):
        return EclaireurApplyForm(
            data,
            communes=network_selectors.commune_list(),
            antennas=network_selectors.antenna_list(),
            initial={"charter_number": charter.number if charter else None},
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["charter"] = charter = selectors.charter_current()
        ctx.setdefault("form", self._form(charter=charter))
        return ctx

    def post(self, request):
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.eclaireur_apply(language=get_language() or "fr", **form.service_kwargs())
        except errors.CommunityError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(
            request, _("Merci ! L'équipe valide votre inscription et vous envoie le lien de votre espace.")
        )
        return redirect("community:meet")


class EclaireurSpaceView(TemplateView):
    """The éclaireur's own page: their advice, and for greeters the walks they can accept."""

    template_name = "community/public/space.html"

    @cached_property
    def eclaireur(self) -> Eclaireur:
        try:
            return selectors.eclaireur_get_by_token(token=self.kwargs["token"])
        except Eclaireur.DoesNotExist as exc:
            raise Http404 from exc

    def _form(self, data=None, files=None):
        return RecommendationForm(
            data,
            files,
            workshops=workshop_selectors.workshop_public_queryset(),
            offers=offer_selectors.offer_list_published(),
            members=network_selectors.member_list_active(),
        )

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        e = self.eclaireur
        ctx["eclaireur"] = e
        ctx["perks"] = list(selectors.perk_list_for(eclaireur=e))
        ctx["recommendations"] = list(e.recommendations.select_related("workshop", "offer", "member"))
        if e.is_greeter and e.status == Eclaireur.Status.ACTIVE:
            ctx["open_walks"] = selectors.walk_list_open_for_greeter(greeter=e)
            ctx["my_walks"] = list(selectors.walk_list_for_greeter(greeter=e))
            ctx["absences"] = list(selectors.greeter_absence_list(greeter=e, upcoming=True))
            ctx.setdefault("absence_form", AbsenceForm())
        ctx.setdefault("form", self._form())
        return ctx

    def post(self, request, token):
        form = self._form(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.recommendation_submit(eclaireur=self.eclaireur, **form.cleaned_data)
        except errors.CommunityError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Merci ! Votre conseil sera publié après relecture par l'équipe."))
        return redirect("community:space", token=token)


class WalkAcceptView(View):
    """POST only: the greeter takes the walk on one of the offered dates (first accept wins)."""

    def post(self, request, token, public_id):
        eclaireur = Eclaireur.objects.filter(
            token=token, status=Eclaireur.Status.ACTIVE, is_greeter=True
        ).first()
        walk = WalkRequest.objects.filter(public_id=public_id).first()
        if walk is None or eclaireur is None:
            raise Http404
        form = AcceptWalkForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Choisissez une date."))
            return redirect("community:space", token=token)
        try:
            services.walk_accept(walk_id=walk.pk, greeter=eclaireur, date=form.cleaned_data["date"])
        except errors.CommunityError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("C'est noté ! Vous et le visiteur recevez chacun les coordonnées de l'autre par e-mail."),
            )
        return redirect("community:space", token=token)


class _GreeterTokenMixin:
    def greeter(self, token) -> Eclaireur:
        greeter = Eclaireur.objects.filter(
            token=token, status=Eclaireur.Status.ACTIVE, is_greeter=True
        ).first()
        if greeter is None:
            raise Http404
        return greeter


class GreeterAbsenceAddView(_GreeterTokenMixin, View):
    """POST only: the greeter notes days away (the space page shows the form and the list)."""

    def post(self, request, token):
        greeter = self.greeter(token)
        form = AbsenceForm(request.POST)
        if form.is_valid():
            try:
                services.greeter_absence_add(greeter=greeter, **form.cleaned_data)
            except errors.CommunityError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request, _("Absence notée : aucune balade ne vous sera proposée ces jours-là.")
                )
                return redirect("community:space", token=token)
        view = EclaireurSpaceView()
        view.setup(request, token=token)
        return view.render_to_response(view.get_context_data(absence_form=form), status=400)


class GreeterAbsenceRemoveView(_GreeterTokenMixin, View):
    """POST only: remove one of the greeter's own absences (another greeter's → 404)."""

    def post(self, request, token):
        greeter = self.greeter(token)
        absence_id = request.POST.get("absence", "")
        if not absence_id.isdigit() or not services.greeter_absence_remove(
            greeter=greeter, absence_id=int(absence_id)
        ):
            raise Http404
        messages.success(
            request,
            _("Absence retirée : les balades de ces jours-là peuvent de nouveau vous être proposées."),
        )
        return redirect("community:space", token=token)
