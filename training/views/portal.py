"""Member portal: trainings (register in one click, certificates) and the document library."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView, View

from common.access import MemberRequiredMixin
from workshops import exceptions as workshop_errors

from .. import exceptions as errors
from .. import selectors, services
from ..models import Training
from .public import certificate_response


class PortalTrainingListView(MemberRequiredMixin, TemplateView):
    template_name = "training/portal/training_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["trainings"] = selectors.training_list_with_sessions()
        ctx["registrations"] = list(selectors.registrations_for(email=self.request.user.email))
        ctx["registered_sessions"] = {b.session_id for b in ctx["registrations"]}
        return ctx


class PortalRegisterView(MemberRequiredMixin, View):
    """POST only: the signed-in member registers for one session (name and e-mail of the account)."""

    def post(self, request):
        session_public_id = request.POST.get("session", "")
        training = None
        for t in selectors.training_list():
            session = (
                selectors.sessions_for(training=t).filter(public_id__in=[session_public_id]).first()
                if _is_uuid(session_public_id)
                else None
            )
            if session is not None:
                training = t
                break
        if training is None:
            messages.error(request, _("Cette séance n'existe pas ou n'est plus ouverte aux inscriptions."))
            return redirect("training_portal:training_list")
        user = request.user
        if selectors.registrations_for(email=user.email).filter(session=session).exists():
            messages.info(request, errors.ALREADY_REGISTERED)
            return redirect("training_portal:training_list")
        try:
            outcome, _obj = services.training_register(
                training=training,
                session_id=session.pk,
                name=user.get_full_name() or self.member.name,
                email=user.email,
                phone="",
                is_member=True,
                language=get_language() or "fr",
                actor=user,
            )
        except (errors.TrainingError, workshop_errors.WorkshopError) as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("Inscription confirmée.")
                if outcome == "booked"
                else _("Séance complète : vous êtes sur la liste d'attente."),
            )
        return redirect("training_portal:training_list")


def _is_uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


class PortalCertificateView(MemberRequiredMixin, View):
    def get(self, request, reference):
        booking = selectors.registration_get(email=request.user.email, reference=reference)
        training = Training.objects.get(workshop_id=booking.session.workshop_id)
        return certificate_response(booking=booking, training=training)


class PortalDocumentListView(MemberRequiredMixin, TemplateView):
    template_name = "training/portal/document_list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["documents"] = list(selectors.document_list())
        return ctx


class PortalDocumentDownloadView(MemberRequiredMixin, View):
    """Members only; the file lives outside MEDIA_ROOT, so this view is the only way to it."""

    def get(self, request):
        doc_id = request.GET.get("doc", "")
        document = selectors.document_list().filter(public_id=doc_id).first() if _is_uuid(doc_id) else None
        if document is None:
            messages.error(request, _("Ce document n'existe pas ou n'est plus proposé."))
            return redirect("training_portal:document_list")
        try:
            handle = document.file.open("rb")
        except FileNotFoundError as exc:
            raise Http404 from exc
        content_type = mimetypes.guess_type(document.file.name)[0] or "application/octet-stream"
        return FileResponse(
            handle,
            as_attachment=True,
            filename=document.file.name.rsplit("/", 1)[-1],
            content_type=content_type,
        )
