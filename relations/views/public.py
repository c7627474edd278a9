"""Public pages: newsletter double opt-in, RFC 8058 one-click unsubscribe, survey opt-out,
stay survey, purposes and retention times."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import FormView, TemplateView

from network import services as network_services
from network.exceptions import NetworkError
from network.models import ConsentPurpose, Contact

from .. import services
from ..forms import NewsletterForm, StaySurveyForm
from ..models import NewsletterSignup, StaySurvey


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class NewsletterSignupView(FormView):
    template_name = "relations/public/newsletter.html"
    form_class = NewsletterForm

    def form_valid(self, form):
        try:
            services.newsletter_signup(
                email=form.cleaned_data["email"],
                language=get_language() or "fr",
                ip_address=client_ip(self.request),
            )
        except NetworkError as exc:
            form.add_error("email", exc.message)
            return self.form_invalid(form)
        return render(
            self.request, "relations/public/newsletter_sent.html", {"email": form.cleaned_data["email"]}
        )


class NewsletterConfirmView(View):
    """GET shows a button (mail scanners follow links: a GET never subscribes); POST confirms."""

    def get(self, request, token):
        signup = get_object_or_404(NewsletterSignup, token=token)
        return render(request, "relations/public/newsletter_confirm.html", {"signup": signup})

    def post(self, request, token):
        get_object_or_404(NewsletterSignup, token=token)
        contact = services.newsletter_confirm(token=token, ip_address=client_ip(request))
        if contact is None:
            return render(request, "relations/public/newsletter_confirm.html", {"expired": True}, status=410)
        return render(request, "relations/public/newsletter_confirm.html", {"done": True, "contact": contact})


@method_decorator(csrf_exempt, name="dispatch")
class OneClickUnsubscribeView(View):
    """RFC 8058: mail clients POST « List-Unsubscribe=One-Click » without cookies or CSRF token;
    the secret token is the authorisation. A person following the link gets a button."""

    def get(self, request, token):
        contact = get_object_or_404(Contact, unsubscribe_token=token)
        return render(request, "relations/public/unsubscribe.html", {"contact": contact, "token": token})

    def post(self, request, token):
        contact = get_object_or_404(Contact, unsubscribe_token=token)
        network_services.contact_withdraw_consent(
            contact=contact, source="relations.one_click", ip_address=client_ip(request)
        )
        return render(request, "relations/public/unsubscribe.html", {"contact": contact, "done": True})


class SurveysOptOutView(View):
    """The link at the foot of every survey e-mail: no more satisfaction surveys (POST)."""

    def get(self, request, token):
        contact = get_object_or_404(Contact, unsubscribe_token=token)
        return render(request, "relations/public/surveys_opt_out.html", {"contact": contact})

    def post(self, request, token):
        contact = get_object_or_404(Contact, unsubscribe_token=token)
        network_services.contact_withdraw_consent(
            contact=contact,
            source="relations.surveys_link",
            ip_address=client_ip(request),
            purpose=ConsentPurpose.SURVEYS,
        )
        return render(request, "relations/public/surveys_opt_out.html", {"contact": contact, "done": True})


class StaySurveyView(FormView):
    template_name = "relations/public/stay_survey.html"
    form_class = StaySurveyForm

    def dispatch(self, request, *args, **kwargs):
        self.survey = get_object_or_404(StaySurvey, token=kwargs["token"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(survey=self.survey, **kwargs)

    def form_valid(self, form):
        services.stay_survey_answer(
            survey=self.survey, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"]
        )
        messages.success(self.request, _("Merci pour votre réponse !"))
        return redirect("relations:stay_survey", token=self.survey.token)


class PurposesView(TemplateView):
    template_name = "relations/public/purposes.html"

    def get_context_data(self, **kwargs):
        from django.conf import settings

        from network.selectors import office_main

        return super().get_context_data(
            office=office_main(),
            retention_years=settings.RELATIONS_RETENTION_YEARS,
            now=timezone.now(),
            **kwargs,
        )
