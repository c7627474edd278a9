"""Staff page of the community: éclaireurs to validate, advice to moderate, walks without answer."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View
from django.views.generic.base import ContextMixin, TemplateResponseMixin

from common.access import StaffRequiredMixin

from .. import exceptions as errors
from .. import selectors, services
from ..forms import AssignWalkForm


def _greeter_choices() -> list[tuple[int, str]]:
    return [(g.pk, f"{g} ({g.commune.name})") for g in selectors.greeter_list_active()]


class HomeContextMixin(ContextMixin):
    """What the staff page shows; also used to show an assignment form back with its errors."""

    template_name = "community/staff/home.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        greeters = _greeter_choices()
        walks = list(selectors.walk_list_unanswered_for_staff(user=self.request.user))
        forms = kwargs.get("forms", {})
        ctx["walks"] = [
            (
                w,
                forms.get(w.pk)
                or AssignWalkForm(greeter_choices=greeters, prefix=f"w{w.pk}", initial={"date": w.date}),
            )
            for w in walks
        ]
        ctx["pending_eclaireurs"] = list(selectors.eclaireur_list_pending(user=self.request.user))
        ctx["pending_advice"] = list(selectors.recommendation_list_pending(user=self.request.user))
        return ctx


class StaffCommunityView(StaffRequiredMixin, HomeContextMixin, TemplateView):
    pass


class StaffEclaireurApproveView(StaffRequiredMixin, View):
    def post(self, request, public_id):
        eclaireur = selectors.eclaireur_get_for_staff(user=request.user, public_id=public_id)
        if eclaireur is None:
            raise Http404
        services.eclaireur_approve(eclaireur_id=eclaireur.pk, actor=request.user)
        messages.success(request, _("Éclaireur validé : il reçoit le lien de son espace."))
        return redirect("community_staff:home")


class StaffRecommendationModerateView(StaffRequiredMixin, View):
    def post(self, request, public_id):
        rec = selectors.recommendation_get_for_staff(user=request.user, public_id=public_id)
        decision = request.POST.get("decision")
        if rec is None:
            raise Http404
        if decision not in ("approve", "reject"):
            messages.error(request, _("Choisissez : publier ou refuser."))
            return redirect("community_staff:home")
        try:
            services.recommendation_moderate(
                recommendation_id=rec.pk, actor=request.user, approve=decision == "approve"
            )
        except errors.CommunityError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Conseil publié.") if decision == "approve" else _("Conseil refusé."))
        return redirect("community_staff:home")


class StaffWalkAssignView(StaffRequiredMixin, HomeContextMixin, TemplateResponseMixin, View):
    """POST only; a refused assignment shows the staff page again with the form's errors."""

    def post(self, request, public_id):
        walk = selectors.walk_get_for_staff(user=request.user, public_id=public_id)
        if walk is None:
            raise Http404
        form = AssignWalkForm(request.POST, greeter_choices=_greeter_choices(), prefix=f"w{walk.pk}")
        if form.is_valid():
            try:
                services.walk_assign(
                    walk_id=walk.pk,
                    greeter_id=form.cleaned_data["greeter"],
                    date=form.cleaned_data["date"],
                    actor=request.user,
                )
            except errors.CommunityError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Balade attribuée : le visiteur et le greeter sont prévenus."))
                return redirect("community_staff:home")
        return self.render_to_response(self.get_context_data(forms={walk.pk: form}), status=400)
