"""Reads of the offers app. Other apps (selfdiagnosis, pages) use only these and offers.services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from common.geo import distance_km_expression, travel_minutes_expression
from network.selectors import member_list_active

from .filters import OfferSearchFilter, StaffOfferFilter
from .models import Family, ImportRun, Offer, OfferImage, OpeningPeriod
from .opening import next_opening_date_sql


def _with_relations(qs: QuerySet[Offer]) -> QuerySet[Offer]:
    return qs.select_related("member", "commune", "commune__antenna").prefetch_related(
        Prefetch("periods", queryset=OpeningPeriod.objects.order_by("starts_on", "opens_at")),
        Prefetch("images", queryset=OfferImage.objects.order_by("position", "id")),
    )


def offer_get(*, slug: str) -> Offer:
    """Any offer by slug, whatever its status (for services and staff). Raises Http404."""
    return get_object_or_404(_with_relations(Offer.objects.all()), slug=slug)


def offer_get_public(*, slug: str) -> Offer:
    """A published offer by slug, for visitors. Raises Http404."""
    return get_object_or_404(_with_relations(Offer.objects.filter(status=Offer.Status.PUBLISHED)), slug=slug)


def offer_get_for_member(*, member, slug: str) -> Offer:
    """One of ``member``'s offers; another member's offer → Http404."""
    return get_object_or_404(_with_relations(Offer.objects.filter(member=member)), slug=slug)


def offer_list_for_member(member) -> QuerySet[Offer]:
    """All offers of a member (every status, archived last), for the portal and selfdiagnosis."""
    return _with_relations(Offer.objects.filter(member=member)).order_by("title")


def offer_list_published_for_member(member) -> QuerySet[Offer]:
    return _with_relations(Offer.objects.filter(member=member, status=Offer.Status.PUBLISHED)).order_by(
        "title"
    )


def offer_list_preselected() -> QuerySet[Offer]:
    """Offers waiting for (or under) self-assessment: the candidates of a selfdiagnosis campaign."""
    return _with_relations(Offer.objects.filter(status=Offer.Status.PRESELECTED)).order_by("title")


def offer_list_published() -> QuerySet[Offer]:
    return _with_relations(Offer.objects.filter(status=Offer.Status.PUBLISHED))


def offer_list_to_review() -> QuerySet[Offer]:
    """Submitted by members or freshly imported (draft from a source): what staff should look at."""
    return (
        Offer.objects.filter(status__in=[Offer.Status.SUBMITTED, Offer.Status.DRAFT])
        .exclude(status=Offer.Status.DRAFT, source="manual")
        .select_related("member", "commune")
        .order_by("-updated_at")
    )


def import_run_list() -> QuerySet[ImportRun]:
    return ImportRun.objects.select_related("created_by").order_by("-created_at")


def import_run_last() -> ImportRun | None:
    return import_run_list().first()


@dataclass
class OfferSearch:
    filterset: OfferSearchFilter
    offers: QuerySet[Offer]
    origin: tuple[float, float, str] | None
    sort: str


def _origin(filterset: OfferSearchFilter) -> tuple[float, float, str] | None:
    data = filterset.form.cleaned_data if filterset.is_valid() else {}
    near = data.get("near")
    if near is not None:
        return (near.latitude, near.longitude, near.name)
    lat, lon = data.get("lat"), data.get("lon")
    if lat is not None and lon is not None and -90 <= lat <= 90 and -180 <= lon <= 180:
        return (float(lat), float(lon), str(_("votre position")))
    return None


def offer_search(*, params: QueryDict) -> OfferSearch:
    """Published offers matching the public search form, annotated and sorted.

    Sorts: relevance (with keywords), distance (with an origin), date (next opening first), title.
    """
    base = (
        Offer.objects.filter(status=Offer.Status.PUBLISHED)
        .select_related("commune")
        .prefetch_related(Prefetch("images", queryset=OfferImage.objects.order_by("position", "id")))
    )
    filterset = OfferSearchFilter(params, queryset=base)
    offers = filterset.qs if filterset.is_valid() else base
    origin = _origin(filterset)
    if origin is not None:
        offers = offers.annotate(
            distance_km=distance_km_expression(origin[0], origin[1], "latitude", "longitude"),
            travel_minutes=travel_minutes_expression(origin[0], origin[1], "latitude", "longitude"),
        )
        within = filterset.form.cleaned_data.get("within") if filterset.is_valid() else None
        if within:
            offers = offers.filter(travel_minutes__lte=float(within))
    # The first real opening day (offers/opening.py), not the start of the period.
    offers = offers.annotate(next_date=next_opening_date_sql())
    sort = (filterset.form.cleaned_data.get("sort") if filterset.is_valid() else "") or ""
    has_text = filterset.search_query is not None
    if sort not in ("relevance", "distance", "date", "title"):
        sort = "relevance" if has_text else ("distance" if origin else "date")
    if sort == "relevance" and not has_text:
        sort = "distance" if origin else "date"
    if sort == "distance" and origin is None:
        sort = "relevance" if has_text else "date"
    orderings: dict[str, list[Any]] = {
        "relevance": ["-rank", "title", "pk"],
        "distance": [F("distance_km").asc(nulls_last=True), "title", "pk"],
        "date": [F("next_date").asc(nulls_last=True), "title", "pk"],
        "title": ["title", "pk"],
    }
    ordering = orderings[sort]
    return OfferSearch(filterset=filterset, offers=offers.order_by(*ordering), origin=origin, sort=sort)


def offer_list_for_staff(*, params: QueryDict | None = None) -> StaffOfferFilter:
    qs = Offer.objects.select_related("member", "commune").order_by("-updated_at", "pk")
    return StaffOfferFilter(params or None, queryset=qs)


def offer_list_home(*, per_family: int = 3) -> dict[str, list[Offer]]:
    """A few published offers per family for the home page (badge holders first)."""
    offers = list(
        Offer.objects.filter(status=Offer.Status.PUBLISHED)
        .select_related("commune")
        .prefetch_related(Prefetch("images", queryset=OfferImage.objects.order_by("position", "id")))
        .order_by("-badge_level", "-published_at", "pk")[:200]
    )
    result: dict[str, list[Offer]] = {}
    for family, _label in Family.choices:
        chosen = [o for o in offers if family in o.families][:per_family]
        if chosen:
            result[family] = chosen
    return result


def import_run_get(*, pk: int) -> ImportRun:
    return get_object_or_404(ImportRun.objects.select_related("created_by"), pk=pk)


def offer_member_suggestions(offer: Offer) -> list:
    """Active members whose e-mail or SIRET matches what the source says about the offer's
    provider (``provider_keys``); empty when the offer already has a member. Staff confirm."""
    if offer.member_id is not None or not offer.provider_keys:
        return []
    emails = [key.split(":", 1)[1] for key in offer.provider_keys if key.startswith("email:")]
    sirets = [key.split(":", 1)[1] for key in offer.provider_keys if key.startswith("siret:")]
    match = Q(siret__in=sirets) if sirets else Q(pk__in=[])
    for email in emails:
        match |= Q(email__iexact=email)
    return list(member_list_active().filter(match)[:5])
