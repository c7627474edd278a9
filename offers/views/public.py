"""Public pages: the offer search (list and map) and the offer page; the Apidae export hook."""

from __future__ import annotations

import hmac
import json
import logging

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from common.pagination import LookaheadPage

from .. import selectors, services
from ..exceptions import OfferError
from ..jsonld import jsonld_script_content, offer_jsonld
from ..opening import next_opening_date

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
MAP_POINTS_LIMIT = 500
# Shown at once on a phone; the others fold under « Plus de filtres ».
MAIN_FILTERS = ("q", "family", "near", "sort")
ADVANCED_FILTERS = (
    "kind",
    "audience",
    "antenna",
    "commune",
    "date_from",
    "date_to",
    "price_max",
    "without_car",
    "badge",
    "within",
)


def map_config() -> dict:
    return {"tiles": settings.MAP_TILE_URL, "attribution": settings.MAP_TILE_ATTRIBUTION}


class OfferSearchView(TemplateView):
    template_name = "offers/public/search.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        search = selectors.offer_search(params=self.request.GET)
        page, total, points = search_page(search, page_number=self.request.GET.get("page"))
        ctx.update(
            main_filters=MAIN_FILTERS,
            advanced_active=any(self.request.GET.get(name) for name in ADVANCED_FILTERS),
            filter=search.filterset,
            page=page,
            offers=page.object_list,
            total=total,
            origin=search.origin,
            sort=search.sort,
            map_points=points,
            map_config=map_config(),
        )
        return ctx


def search_page(search, *, page_number) -> tuple[LookaheadPage, int | None, list[dict]]:
    """The page of results, the total when known, and the map's points (see
    ``selectors.offer_search_page``: one search query for both, no COUNT)."""
    page, total, located = selectors.offer_search_page(
        search, page_number=page_number, page_size=PAGE_SIZE, map_limit=MAP_POINTS_LIMIT
    )
    base = reverse("offers:search")
    points = [
        {"name": title, "lat": lat, "lon": lon, "url": f"{base}{slug}/"} for title, lat, lon, slug in located
    ]
    return page, total, points


def offer_page_context(request, offer, *, preview: bool = False) -> dict:
    """What the offer page shows; a preview (member portal) has no schema.org data, so that a
    draft is never described to search engines."""
    jsonld = ""
    if not preview:
        jsonld = jsonld_script_content(offer_jsonld(offer, base_url=request.build_absolute_uri("/")[:-1]))
    return {
        "offer": offer,
        "preview": preview,
        "periods": list(offer.periods.all()),
        "next_date": next_opening_date(offer.periods.all()),
        "images": list(offer.images.all()),
        "jsonld": jsonld,
        "map_config": map_config(),
        "map_points": [{"name": offer.title, "lat": offer.latitude, "lon": offer.longitude, "url": ""}]
        if offer.has_coordinates
        else [],
    }


class OfferDetailView(TemplateView):
    template_name = "offers/public/detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        offer = selectors.offer_get_public(slug=self.kwargs["slug"])
        ctx.update(offer_page_context(self.request, offer))
        return ctx


@method_decorator(csrf_exempt, name="dispatch")
class ApidaeNotificationView(View):
    """Apidae calls this URL when an export is ready (form-encoded or JSON POST).

    The secret token in the path comes from OFFERS_APIDAE_NOTIFICATION_TOKEN; without it the
    hook is off (404).
    """

    def post(self, request, token: str):
        expected = getattr(settings, "OFFERS_APIDAE_NOTIFICATION_TOKEN", "")
        if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
            raise Http404
        if request.content_type == "application/json":
            try:
                data = json.loads(request.body or b"{}")
            except ValueError:
                return HttpResponseBadRequest("invalid JSON")
            if not isinstance(data, dict):
                return HttpResponseBadRequest("invalid payload")
        else:
            data = request.POST.dict()
        try:
            services.export_notification_receive(data=data)
        except OfferError as exc:
            return HttpResponseBadRequest(str(exc.message))
        return HttpResponse("OK", content_type="text/plain")
