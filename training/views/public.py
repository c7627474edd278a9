"""Public pages of the resource centre: trainings open to tourism professionals, a registration
form for non-members, and the certificate by the registration's private link."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from workshops import exceptions as workshop_errors
from workshops import selectors as workshop_selectors

from .. import exceptions as errors
from .. import selectors, services
from ..certificate import certificate_pdf
from ..forms import PublicRegistrationForm
from ..models import Training


class TrainingListView(TemplateView):
    template_name = "training/public/training_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["trainings"] = selectors.training_list_with_sessions(public=True)
        return ctx


class TrainingDetailView(TemplateView):
    template_name = "training/public/training_detail.html"

    @cached_property
    def training(self) -> Training:
        try:
            return selectors.training_get(slug=self.kwargs["slug"], public=True)
        except Training.DoesNotExist as exc:
            raise Http404 from exc

    def _form(self, data=None):
        return PublicRegistrationForm(data, sessions=selectors.sessions_for(training=self.training))

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["training"] = self.training
        ctx["sessions"] = list(selectors.sessions_for(training=self.training))
        ctx.setdefault("form", self._form())
        return ctx

    def post(self, request, slug):
        form = self._form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        data = form.cleaned_data
        name = f"{data['name']} ({data['organisation']})" if data["organisation"] else data["name"]
        try:
            outcome, _obj = services.training_register(
                training=self.training,
                session_id=data["session"].pk,
                name=name,
                email=data["email"],
                phone=data["phone"],
                is_member=False,
                language=get_language() or "fr",
                actor=None,
            )
        except (errors.TrainingError, workshop_errors.WorkshopError) as exc:
            form.add_error("session", exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        if outcome == "booked":
            messages.success(
                request, _("Inscription confirmée : vous recevez un e-mail avec votre lien d'inscription.")
            )
        else:
            messages.info(
                request,
                _(
                    "La séance est complète : vous êtes sur la liste d'attente, "
                    "nous vous écrivons si une place se libère."
                ),
            )
        return redirect("training:training_detail", slug=slug)


def certificate_response(*, booking, training) -> HttpResponse:
    if booking.attendance != "present":
        raise Http404
    response = HttpResponse(
        certificate_pdf(booking=booking, training=training, language=get_language() or "fr"),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = f'attachment; filename="attestation-{booking.reference}.pdf"'
    return response


class CertificatePublicView(View):
    """The certificate by the registration's private link (non-members have no portal)."""

    def get(self, request, token):
        booking = workshop_selectors.booking_get_by_token(token=token)
        training = Training.objects.filter(workshop_id=booking.session.workshop_id).first()
        if training is None:
            raise Http404
        return certificate_response(booking=booking, training=training)
