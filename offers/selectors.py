"""Reads of the offers app. Other apps (selfdiagnosis, pages) use only these and offers.services."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import BooleanField, F, Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.http import QueryDict
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from common.geo import (
    bounding_box_for_minutes,
    distance_km,
    distance_km_expression,
    travel_minutes,
    travel_minutes_expression,
)
from common.pagination import LookaheadPage, lookahead_page, page_number_from
from network.selectors import member_list_active

from .filters import OfferSearchFilter, StaffOfferFilter
from .models import Family, ImportRun, Offer, OfferImage, OpeningPeriod, Source, TypeMapping


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


def _for_cards(qs: QuerySet[Offer]) -> QuerySet[Offer]:
    """What a search result card reads besides the offer: its commune and ordered pictures."""
    return qs.select_related("commune").prefetch_related(
        Prefetch("images", queryset=OfferImage.objects.order_by("position", "id"))
    )


def offer_search(*, params: QueryDict) -> OfferSearch:
    """Published offers matching the public search form, annotated and sorted.

    Sorts: relevance (with keywords), distance (with an origin), date (next opening first), title.
    """
    base = _for_cards(Offer.objects.filter(status=Offer.Status.PUBLISHED))
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
            lat_min, lat_max, lon_min, lon_max = bounding_box_for_minutes(origin[0], origin[1], float(within))
            offers = offers.filter(
                latitude__range=(lat_min, lat_max),
                longitude__range=(lon_min, lon_max),
                travel_minutes__lte=float(within),
            )
    # The first real opening day (offers/opening.py), not the start of the period: stored on the
    # offer and kept by PostgreSQL, so the date sort walks an index (issue 18).
    offers = offers.annotate(next_date=F("next_opening_date"))
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
        "date": [F("next_opening_date").asc(nulls_last=True), "title", "pk"],
        "title": ["title", "pk"],
    }
    ordering = orderings[sort]
    return OfferSearch(filterset=filterset, offers=offers.order_by(*ordering), origin=origin, sort=sort)


def offer_search_page(
    search: OfferSearch, *, page_number: Any, page_size: int, map_limit: int
) -> tuple[LookaheadPage, int | None, list[tuple[str, Any, Any, str]]]:
    """A page of ``search``, the total when it is known, and the map's points — from one run of
    the search (issue 18: the search is the cost; the page, the map and a COUNT each ran it).

    The first ``map_limit`` matches are read as plain values (id, title, coordinates, slug): they
    give the map, the page's ids, whether there is a next page, and the exact total when there
    are fewer than ``map_limit``. The page's offers are then read by id (annotations included).
    Pages beyond the first ``map_limit`` matches read one row more than a page instead."""
    number = page_number_from(page_number)
    offset = (number - 1) * page_size
    if offset + page_size >= map_limit:
        page = lookahead_page(search.offers, number, page_size)
        first = search.offers.filter(latitude__isnull=False).values_list(
            "title", "latitude", "longitude", "slug"
        )
        return page, page.count, [(t, lat, lon, slug) for t, lat, lon, slug in first[:map_limit]]
    rows = list(search.offers.values_list("pk", "title", "latitude", "longitude", "slug")[:map_limit])
    complete = len(rows) < map_limit
    if offset >= len(rows) and number > 1:  # past the end: the last page
        number = max(1, -(-len(rows) // page_size))
        offset = (number - 1) * page_size
    ids = [row[0] for row in rows[offset : offset + page_size + 1]]
    # The page's offers by id only (the search already chose them); what the cards show of the
    # search — next date, travel time — set as the search's annotations would.
    by_id = {offer.pk: offer for offer in _for_cards(Offer.objects.filter(pk__in=ids[:page_size]))}
    for offer in by_id.values():
        offer.next_date = offer.next_opening_date  # type: ignore[attr-defined]  # as annotated
        if search.origin is not None and offer.latitude is not None and offer.longitude is not None:
            km = distance_km(search.origin[0], search.origin[1], offer.latitude, offer.longitude)
            offer.distance_km, offer.travel_minutes = km, travel_minutes(km)  # type: ignore[attr-defined]
    page = LookaheadPage(
        object_list=[by_id[pk] for pk in ids[:page_size] if pk in by_id],
        number=number,
        page_size=page_size,
        has_next=len(ids) > page_size,
    )
    total = len(rows) if complete else page.count
    located = [
        (title, lat, lon, slug) for _pk, title, lat, lon, slug in rows if lat is not None and lon is not None
    ]
    return page, total, located


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


# --- Type mappings ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SourceTypeCount:
    source: str
    code: str
    offers: int

    @property
    def source_label(self) -> str:
        return str(dict(Source.choices).get(self.source, self.source))


def source_type_counts() -> dict[tuple[str, str], SourceTypeCount]:
    """Offers (not archived) per source type, keyed by (source, code without case) as the
    importers match codes: one query, whatever the number of offers."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            SELECT o.source, lower(t.code), min(t.code), count(DISTINCT o.id)
            FROM {Offer._meta.db_table} o CROSS JOIN LATERAL unnest(o.source_types) AS t(code)
            WHERE o.status <> %s AND t.code <> ''
            GROUP BY o.source, lower(t.code)
            """,
            [Offer.Status.ARCHIVED],
        )
        return {(source, key): SourceTypeCount(source, code, n) for source, key, code, n in cursor.fetchall()}


@dataclass
class TypeMappingLine:
    mapping: TypeMapping
    offers: int


def type_mapping_list(*, source: str = "") -> tuple[list[TypeMappingLine], list[SourceTypeCount]]:
    """The mappings (of ``source`` or all) with their offer counts, and the source types met in
    offers that no mapping covers yet (most frequent first). Two queries."""
    mappings = TypeMapping.objects.order_by("source", "priority", "code")
    if source:
        mappings = mappings.filter(source=source)
    counts = source_type_counts()
    lines = [
        TypeMappingLine(m, getattr(counts.get((m.source, m.code.lower())), "offers", 0)) for m in mappings
    ]
    mapped = {(m.source, m.code.lower()) for m in TypeMapping.objects.only("source", "code")}
    unmapped = sorted(
        (c for key, c in counts.items() if key not in mapped and (not source or c.source == source)),
        key=lambda c: (-c.offers, c.source, c.code.lower()),
    )
    return lines, unmapped


def type_mapping_offer_count(mapping: TypeMapping) -> int:
    return (
        Offer.objects.exclude(status=Offer.Status.ARCHIVED)
        .filter(source=mapping.source)
        .annotate(
            has_code=RawSQL(
                "EXISTS (SELECT 1 FROM unnest(source_types) AS t(code) WHERE lower(t.code) = lower(%s))",
                [mapping.code],
                output_field=BooleanField(),
            )
        )
        .filter(has_code=True)
        .count()
    )
