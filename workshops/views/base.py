"""Pieces shared by the portal and staff views; each audience module keeps its own access mixin."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from .. import exceptions as errors
from .. import services
from ..forms import GroupProposalForm, add_service_error
from ..models import GroupRequest


class GroupProposeBaseView(TemplateView):
    """Answer a group request with a private session proposal (artisan or staff).

    Subclasses add their access mixin and say how the request is found (``get_group``, which
    answers 404 outside the viewer's scope) and where the list of requests is.
    """

    list_url_name: str
    allow_decline = False

    def get_group(self) -> GroupRequest:
        raise NotImplementedError

    @cached_property
    def group(self) -> GroupRequest:
        return self.get_group()

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["group"] = self.group
        ctx.setdefault("form", GroupProposalForm(initial={"price_per_person": self.group.workshop.price}))
        return ctx

    def post(self, request, public_id):
        if self.allow_decline and request.POST.get("action") == "decline":
            services.group_request_decline(group_request_id=self.group.pk, actor=request.user)
            messages.success(request, _("Demande déclinée."))
            return redirect(self.list_url_name)
        form = GroupProposalForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            services.group_request_propose(
                group_request_id=self.group.pk, actor=request.user, **form.service_kwargs()
            )
        except errors.WorkshopError as exc:
            add_service_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        messages.success(request, _("Proposition envoyée au groupe."))
        return redirect(self.list_url_name)
