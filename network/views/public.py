"""Public pages: directory and map, the charter, the application form and its status."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import FormView, TemplateView

from common.net import client_ip
from common.ratelimit import RateLimitedPostMixin, ratelimit_hit

from .. import selectors, services
from ..exceptions import ApplicationAlreadyOpen, NetworkError
from ..forms import ApplicationForm, ApplicationReplyForm
from ..models import ApplicationDocument, MembershipApplication

logger = logging.getLogger(__name__)

DIRECTORY_PAGE_SIZE = 24


class DirectoryView(TemplateView):
    template_name = "network/public/directory.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        directory = selectors.member_directory(params=self.request.GET)
        page = Paginator(directory.members, DIRECTORY_PAGE_SIZE).get_page(self.request.GET.get("page"))
        ctx.update(
            filter=directory.filterset,
            page=page,
            members=page.object_list,
            origin=directory.origin,
            total=page.paginator.count,
            # The map shows every match (not just this page), read as plain rows in one query.
            map_points=selectors.member_map_points(members=directory.members),
            communes=selectors.commune_list().filter(antenna__isnull=False),
            map_config={"tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION},
        )
        return ctx


class CharterView(TemplateView):
    template_name = "network/public/charter.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        number = self.kwargs.get("number")
        history = list(selectors.charter_history())
        if number is not None:
            version = next((v for v in history if v.number == number), None)
            if version is None:
                raise Http404
        else:
            version = history[0] if history else None
        ctx.update(version=version, history=history, current=history[0] if history else None)
        return ctx


class ApplyView(RateLimitedPostMixin, FormView):
    rate_limit_scope = "network.application"
    template_name = "network/public/apply.html"
    form_class = ApplicationForm

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["charter"] = selectors.charter_current()
        return kwargs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["communes"] = selectors.commune_list().filter(antenna__isnull=False)
        ctx["charter"] = selectors.charter_current()
        return ctx

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            application = services.application_submit(
                business_name=data["business_name"],
                contact_name=data["contact_name"],
                email=data["email"],
                phone=data["phone"],
                website=data["website"],
                address=data["address"],
                siret=data["siret"],
                commune=data["commune"],
                crafts=list(data["crafts"]),
                description=data["description"],
                answers=form.answers(),
                documents=form.documents(),
                language=get_language() or "fr",
            )
        except ApplicationAlreadyOpen as exc:
            # One e-mail per request was an open relay to someone's mailbox: limit per address.
            if ratelimit_hit(scope="network.resend_link", key=data["email"].strip().lower()):
                form.add_error(
                    "email",
                    str(exc.message)
                    + " "
                    + _("Le lien vous a déjà été renvoyé plusieurs fois ; consultez votre messagerie."),
                )
                return self.form_invalid(form)
            services.application_resend_status_link(email=data["email"])
            form.add_error("email", str(exc.message) + " " + _("Nous venons de vous le renvoyer."))
            return self.form_invalid(form)
        except NetworkError as exc:
            form.add_error(None, exc.message)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _(
                "Candidature enregistrée sous la référence %(ref)s. Gardez ce lien : il permet de suivre "
                "votre candidature (il vous a aussi été envoyé par e-mail)."
            )
            % {"ref": application.reference},
        )
        return redirect(application.get_status_url())


class ApplicationStatusView(FormView):
    """Private status page reached by the unguessable link; lets the applicant answer."""

    template_name = "network/public/application_status.html"
    form_class = ApplicationReplyForm

    def dispatch(self, request, *args, **kwargs):
        self.application = selectors.application_get_by_token(token=kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        application = self.application
        ctx["application"] = application
        ctx["can_reply"] = application.status == MembershipApplication.Status.INFO_REQUESTED
        if application.status == MembershipApplication.Status.WAITLISTED:
            ctx["position"] = selectors.waitlist_positions().get(application.pk)
        return ctx

    def post(self, request, *args, **kwargs):
        if self.application.status != MembershipApplication.Status.INFO_REQUESTED:
            messages.error(request, _("Aucune information complémentaire n'est attendue."))
            return redirect(self.application.get_status_url())
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        document = form.cleaned_data.get("document")
        try:
            services.application_reply(
                application=self.application,
                reply=form.cleaned_data["reply"],
                documents=[(ApplicationDocument.Kind.OTHER, document)] if document else [],
            )
        except NetworkError as exc:
            messages.error(self.request, exc.message)
        else:
            messages.success(self.request, _("Merci, votre réponse a été transmise à l'équipe."))
        return redirect(self.application.get_status_url())


def _masked(email: str) -> str:
    # The page is reachable by anyone holding the link: show enough to recognise the address.
    local, _sep, domain = email.partition("@")
    return f"{local[:2]}{'•' * max(len(local) - 2, 1)}@{domain}"


class ContactUnsubscribeView(RateLimitedPostMixin, TemplateView):
    """« Se désinscrire »: reached from the link in every message, no login; confirm by POST."""

    rate_limit_scope = "network.unsubscribe"

    template_name = "network/public/unsubscribe.html"

    def dispatch(self, request, *args, **kwargs):
        self.contact = selectors.contact_get_by_token(token=kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(contact=self.contact, masked_email=_masked(self.contact.email))
        return ctx

    def post(self, request, *args, **kwargs):
        services.contact_withdraw_consent(
            token=self.contact.unsubscribe_token, source="network.unsubscribe", ip_address=client_ip(request)
        )
        messages.success(
            request,
            _(
                "C'est fait : vous ne recevrez plus les informations du réseau. Les messages liés à une "
                "réservation ou une commande en cours vous restent envoyés."
            ),
        )
        return redirect("network:contact_unsubscribe", token=self.contact.unsubscribe_token)
