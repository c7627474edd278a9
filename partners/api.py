"""The read-only public API (django-ninja): workshops with sessions and seats left, offers,
members. OpenAPI schema at ``/api/v1/openapi.json``.

Anonymous clients get a modest rate limit per address; partners send ``X-Api-Key`` for more.
Responses carry an ``ETag`` and answer ``If-None-Match`` with 304, and may be cached a minute.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.http import ConditionalGetMiddleware
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import decorator_from_middleware
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.decorators import decorate_view
from ninja.errors import Throttled
from ninja.throttling import SimpleRateThrottle

from network.selectors import member_get_public
from offers.selectors import offer_get_public
from workshops.selectors import session_list_for_workshop_public, workshop_get_public

from . import selectors
from .models import ApiKey, hash_key

conditional_get = decorator_from_middleware(ConditionalGetMiddleware)


def _cache_headers(view):
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponse) and response.status_code == 200:
            response.setdefault("Cache-Control", "public, max-age=60")
            response.setdefault("Access-Control-Allow-Origin", "*")
        return response

    return wrapper


class PartnerThrottle(SimpleRateThrottle):
    """One rule: the key's own rate for a valid ``X-Api-Key``, else the anonymous rate per address."""

    def allow_request(self, request: HttpRequest) -> bool:
        key = _api_key(request)
        if key is not None:
            self.rate = f"{key.requests_per_minute}/m"
            self._ident = f"key-{key.pk}"
        else:
            self.rate = f"{settings.PARTNERS_API_ANON_PER_MINUTE}/m"
            self._ident = f"ip-{self.get_ident(request)}"
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str:
        return f"partners-api-throttle-{self._ident}"


def _api_key(request: HttpRequest) -> ApiKey | None:
    if not hasattr(request, "_partners_api_key"):
        raw = request.headers.get("X-Api-Key", "")
        key = None
        if raw:
            key = ApiKey.objects.filter(key_hash=hash_key(raw), is_active=True).first()
            if key is not None:
                ApiKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
        request._partners_api_key = key
    return request._partners_api_key


api = NinjaAPI(
    title="Maillage — API publique",
    version="1",
    description=(
        "Lecture seule : ateliers (séances et places restantes), offres publiées, membres du réseau. "
        "Pagination par `page` et `page_size` (100 au plus) ; `next` vaut null sur la dernière page. "
        "Sans clé : limite par adresse ; avec l'en-tête `X-Api-Key` : la limite de la clé."
    ),
    urls_namespace="partners-api",
    docs_url=None,
    throttle=[PartnerThrottle("120/m")],
)


@api.exception_handler(Throttled)
def throttled(request, exc):
    response = api.create_response(
        request,
        {
            "detail": _("Trop de requêtes : réessayez dans %(seconds)s secondes.")
            % {"seconds": int(exc.wait or 60)}
        },
        status=429,
    )
    response["Retry-After"] = str(int(exc.wait or 60))
    return response


# --------------------------------------------------------------------------- schemas


class SessionOut(Schema):
    id: str
    start: datetime.datetime
    end: datetime.datetime
    seats_left: int
    book_url: str


class MemberRef(Schema):
    slug: str
    name: str
    url: str


class WorkshopOut(Schema):
    slug: str
    title: str
    url: str
    member: MemberRef
    craft: str
    commune: str
    latitude: float
    longitude: float
    price: Decimal
    duration_minutes: int
    sessions: list[SessionOut]


class WorkshopDetailOut(WorkshopOut):
    summary: str
    description: str
    min_age: int
    max_participants: int
    languages: list[str]


class WorkshopPage(Schema):
    page: int
    next: int | None
    results: list[WorkshopOut]


class OfferOut(Schema):
    slug: str
    title: str
    url: str
    kind: str
    families: list[str]
    short_description: str
    commune: str
    postcode: str
    latitude: float | None
    longitude: float | None
    price_min: Decimal | None
    price_max: Decimal | None
    free: bool
    next_date: datetime.date | None
    source: str
    attribution: str
    images: list[str]


class OfferPage(Schema):
    page: int
    next: int | None
    results: list[OfferOut]


class MemberOut(Schema):
    slug: str
    name: str
    url: str
    crafts: list[str]
    commune: str
    antenna: str
    latitude: float
    longitude: float


class MemberPage(Schema):
    page: int
    next: int | None
    results: list[MemberOut]


def _abs(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _session(workshop, session) -> dict:
    return {
        "id": str(session.public_id),
        "start": session.start,
        "end": session.end,
        "seats_left": max(0, int(getattr(session, "seats_left", session.capacity - session.seats_booked))),
        "book_url": _abs(
            reverse(
                "workshops:booking_create", kwargs={"slug": workshop.slug, "public_id": session.public_id}
            )
        ),
    }


def _workshop(workshop, sessions) -> dict:
    return {
        "slug": workshop.slug,
        "title": workshop.title,
        "url": _abs(workshop.get_absolute_url()),
        "member": {
            "slug": workshop.member.slug,
            "name": workshop.member.name,
            "url": _abs(workshop.member.get_absolute_url()),
        },
        "craft": workshop.craft.name if workshop.craft_id else "",
        "commune": workshop.commune.name if workshop.commune_id else "",
        "latitude": workshop.latitude,
        "longitude": workshop.longitude,
        "price": workshop.price,
        "duration_minutes": workshop.duration_minutes,
        "sessions": [_session(workshop, s) for s in sessions],
    }


def _offer(offer) -> dict:
    return {
        "slug": offer.slug,
        "title": offer.title,
        "url": _abs(offer.get_absolute_url()),
        "kind": offer.kind,
        "families": list(offer.families),
        "short_description": offer.short_description,
        "commune": offer.commune_name,
        "postcode": offer.postcode,
        "latitude": offer.latitude,
        "longitude": offer.longitude,
        "price_min": offer.price_min,
        "price_max": offer.price_max,
        "free": offer.free,
        "next_date": getattr(offer, "next_date", None),
        "source": offer.source,
        "attribution": offer.attribution_name,
        "images": [i.url or (i.image.url if i.image else "") for i in offer.images.all()],
    }


def _member(member) -> dict:
    return {
        "slug": member.slug,
        "name": member.name,
        "url": _abs(member.get_absolute_url()),
        "crafts": [c.name for c in member.crafts.all()],
        "commune": member.commune.name,
        "antenna": member.antenna.name,
        "latitude": member.latitude,
        "longitude": member.longitude,
    }


def _page(page, items) -> dict:
    return {"page": page.number, "next": page.number + 1 if page.has_next else None, "results": items}


# --------------------------------------------------------------------------- endpoints


@api.get("/workshops", response=WorkshopPage, summary="Ateliers publiés avec leurs prochaines séances")
@decorate_view(_cache_headers, conditional_get)
def workshop_list(request):
    """Filters as on the catalogue: `q`, `craft`, `antenna`, `member`, `date_from`, `date_to`,
    `price_max`, `audience`, `language`, `available`, `commune` (with `within`)."""
    page = selectors.workshop_page(params=request.GET)
    return _page(page, [_workshop(w, w.next_sessions) for w in page.items])


@api.get("/workshops/{slug}", response=WorkshopDetailOut, summary="Un atelier et ses séances à venir")
@decorate_view(_cache_headers, conditional_get)
def workshop_detail(request, slug: str):
    workshop = workshop_get_public(slug=slug)
    data = _workshop(workshop, session_list_for_workshop_public(workshop=workshop))
    data.update(
        summary=workshop.summary,
        description=workshop.description,
        min_age=workshop.min_age,
        max_participants=workshop.max_participants,
        languages=list(workshop.languages),
    )
    return data


@api.get("/offers", response=OfferPage, summary="Offres publiées")
@decorate_view(_cache_headers, conditional_get)
def offer_list(request):
    """Filters as on the offer search: `q`, `family`, `kind`, `audience`, dates, `near`/`within`."""
    page = selectors.offer_page(params=request.GET)
    return _page(page, [_offer(o) for o in page.items])


@api.get("/offers/{slug}", response=OfferOut, summary="Une offre publiée")
@decorate_view(_cache_headers, conditional_get)
def offer_detail(request, slug: str):
    return _offer(offer_get_public(slug=slug))


@api.get("/members", response=MemberPage, summary="Membres actifs du réseau")
@decorate_view(_cache_headers, conditional_get)
def member_list(request):
    page = selectors.member_page(params=request.GET)
    return _page(page, [_member(m) for m in page.items])


@api.get("/members/{slug}", response=MemberOut, summary="Un membre du réseau")
@decorate_view(_cache_headers, conditional_get)
def member_detail(request, slug: str):
    return _member(member_get_public(slug=slug))
