"""Public views of the partners app: the open-data feed and the embeddable booking widget.

Widget pages live in an iframe on other sites (a member's site, a hotel, a partner office):
they may be framed by anyone, take their language from ``?lang=``, and post their height to
the host page so that it can size the frame (static/partners/widget.js).
"""

from __future__ import annotations

import uuid

from csp.decorators import csp_replace
from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from common.ratelimit import RateLimitedPostMixin
from workshops import exceptions as errors
from workshops import services
from workshops.forms import WidgetBookingForm
from workshops.models import Booking
from workshops.selectors import (
    booking_get_by_token,
    session_get_public,
    session_list_for_workshop_public,
    workshop_get_public,
)

from .. import feed, selectors

# --------------------------------------------------------------------------- open data


class FeedView(View):
    """``/partenaires/donnees-ouvertes/<kind>.jsonld?page=N`` — paginated JSON-LD."""

    kinds = ("ateliers", "offres")

    def get(self, request, kind: str):
        if kind not in self.kinds:
            raise Http404
        number, size = selectors.page_params(request.GET, default_size=50)
        if kind == "ateliers":
            rows, has_next = selectors.network_workshops_for_feed(number=number, size=size)
            items = [feed.workshop_course(w) for w in rows]
            title = _("ateliers des artisans du réseau")
        else:
            page = selectors.offer_page(params=request.GET, republishable_only=True)
            rows, has_next = page.items, page.has_next
            items = [feed.offer_item(o) for o in rows]
            title = _("offres publiées par le réseau")
        data = feed.feed_page(kind=title, items=items, number=number, has_next=has_next, path=request.path)
        response = JsonResponse(data, json_dumps_params={"ensure_ascii": False})
        response["Content-Type"] = "application/ld+json; charset=utf-8"
        response["Access-Control-Allow-Origin"] = "*"
        response["Cache-Control"] = "public, max-age=300"
        return response


# --------------------------------------------------------------------------- widget


def _widget_language(request) -> str:
    lang = request.GET.get("lang") or request.POST.get("lang") or ""
    codes = {code for code, _name in settings.LANGUAGES}
    return lang if lang in codes else settings.LANGUAGE_CODE


class WidgetMixin:
    """Frameable by any site; rendered in the language asked by the host page."""

    @method_decorator(xframe_options_exempt)
    @method_decorator(csp_replace({"frame-ancestors": ["*"]}))
    def dispatch(self, request, *args, **kwargs):
        self.language = _widget_language(request)
        with translation.override(self.language):
            request.LANGUAGE_CODE = self.language
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render"):
                response.render()
        return response

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["site_url"] = settings.SITE_URL.rstrip("/")
        return ctx


class WidgetListView(WidgetMixin, TemplateView):
    """Workshops of one member (``?membre=``) or one antenna (``?antenne=``) with their next dates."""

    template_name = "partners/widget/list.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        member = self.request.GET.get("membre", "")[:140]
        antenna = self.request.GET.get("antenne", "")[:140]
        workshops = list(selectors.workshop_widget_list(member_slug=member, antenna_slug=antenna)[:30])
        for workshop in workshops:
            workshop.widget_sessions = list(session_list_for_workshop_public(workshop=workshop, limit=6))
        ctx.update(workshops=workshops, lang=self.language, scope=bool(member or antenna))
        return ctx


@method_decorator(csrf_exempt, name="dispatch")
class WidgetBookView(WidgetMixin, RateLimitedPostMixin, TemplateView):
    """Book a session inside the widget.

    CSRF exemption: in an iframe on another site the browser withholds our SameSite cookies,
    so the CSRF cookie never arrives. Booking is anonymous (no session, no account is acted
    for), so there is nothing a forged request could do that a visitor cannot do directly;
    the idempotency key keeps a replayed form from booking twice.
    """

    rate_limit_scope = "partners.widget_booking"

    template_name = "partners/widget/book.html"

    def load(self, slug, public_id):
        self.workshop = workshop_get_public(slug=slug)
        self.session = session_get_public(workshop=self.workshop, public_id=public_id)

    def get(self, request, slug, public_id):
        self.load(slug, public_id)
        form = WidgetBookingForm(workshop=self.workshop, initial={"idempotency_key": uuid.uuid4().hex})
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, slug, public_id):
        self.load(slug, public_id)
        if WidgetBookingForm.card_required(self.workshop):
            # Paid by card when booking: on the office's site, never around it.
            return self.render_to_response(self.get_context_data(form=None), status=409)
        form = WidgetBookingForm(request.POST, workshop=self.workshop)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            booking = services.booking_create(
                session_id=self.session.pk,
                channel=Booking.Channel.ONLINE,
                language=self.language,
                **form.service_kwargs(),
            )
        except errors.NotEnoughSeats as exc:
            form.add_error("party_size", exc.message)
            self.session.seats_left = exc.seats_left
            return self.render_to_response(self.get_context_data(form=form), status=409)
        except errors.WorkshopError as exc:
            form.add_error(None, exc.message)
            return self.render_to_response(self.get_context_data(form=form), status=400)
        url = reverse("partners:widget_done", kwargs={"token": booking.manage_token})
        return redirect(f"{url}?lang={self.language}")

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(workshop=self.workshop, session=self.session, lang=self.language)
        if WidgetBookingForm.card_required(self.workshop):
            path = reverse("workshops:booking_create", args=[self.workshop.slug, self.session.public_id])
            ctx["book_on_site_url"] = settings.SITE_URL.rstrip("/") + path
        return ctx


class WidgetDoneView(WidgetMixin, TemplateView):
    template_name = "partners/widget/done.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        booking = booking_get_by_token(token=self.kwargs["token"])
        manage_url = settings.SITE_URL.rstrip("/") + booking.get_manage_url()
        ctx.update(booking=booking, lang=self.language, manage_url=manage_url)
        return ctx


def widget_snippet(*, member_slug: str = "", antenna_slug: str = "", lang: str = "fr") -> str:
    """The copy-paste HTML a partner puts on its page."""
    base = settings.SITE_URL.rstrip("/")
    attrs = f'data-membre="{member_slug}"' if member_slug else f'data-antenne="{antenna_slug}"'
    return (
        f'<div class="maillage-ateliers" {attrs} data-lang="{lang}"></div>\n'
        f'<script src="{base}/static/partners/widget.js" async></script>'
    )
