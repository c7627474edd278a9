"""Reads of the partners app: pages of workshops, offers and members for the API and the feed.

Pages are cut by fetching one row more than asked, never by counting the whole filter: a
partner's list costs the same with 500 or 50,000 offers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from network.selectors import member_directory
from offers.models import Source
from offers.selectors import offer_search
from workshops.models import Workshop
from workshops.selectors import (
    session_public_upcoming,
    workshop_catalogue,
    workshop_catalogue_rows,
    workshop_public_queryset,
)

MAX_PAGE_SIZE = 100
# Imported offers are republished only when the source's licence allows it: DATAtourisme is
# under Licence Ouverte / Etalab 2.0 (reuse with attribution); Apidae's terms do not allow it.
REPUBLISHABLE_SOURCES = (Source.MANUAL, Source.DATATOURISME)


@dataclass
class Page:
    items: list[Any]
    number: int
    size: int
    has_next: bool


def page_params(params: QueryDict, *, default_size: int = 24) -> tuple[int, int]:
    """``page`` (from 1) and ``page_size`` (1 to 100) read leniently: bad values fall back."""

    def _int(name: str, default: int) -> int:
        try:
            return int(params.get(name, default))
        except (TypeError, ValueError):
            return default

    return max(1, min(_int("page", 1), 10_000)), max(1, min(_int("page_size", default_size), MAX_PAGE_SIZE))


def _slice(qs, number: int, size: int) -> tuple[list, bool]:
    start = (number - 1) * size
    rows = list(qs[start : start + size + 1])
    return rows[:size], len(rows) > size


def workshop_page(*, params: QueryDict, now: datetime.datetime | None = None) -> Page:
    """Published workshops as the public catalogue filters them, plus ``member`` (slug)."""
    number, size = page_params(params)
    now = now or timezone.now()
    _filterset, ids = workshop_catalogue(data=params, now=now)
    if params.get("member"):
        ids = ids.filter(member__slug=params["member"])
    page_ids, has_next = _slice(ids, number, size)
    rows = workshop_catalogue_rows(ids=page_ids, now=now, next_sessions=5)
    return Page(items=rows, number=number, size=size, has_next=has_next)


def offer_page(*, params: QueryDict, republishable_only: bool = False) -> Page:
    """Published offers as the public search filters them.

    Without ``sort``, keywords or a place, partners get a stable order (by id): what a sync
    needs, and an index walk that stops after one page instead of ranking every offer.
    """
    number, size = page_params(params)
    search = offer_search(params=params)
    offers = search.offers
    if not params.get("sort") and not params.get("q") and search.origin is None:
        offers = offers.order_by("pk")
    if republishable_only:
        offers = offers.filter(source__in=REPUBLISHABLE_SOURCES)
    items, has_next = _slice(offers, number, size)
    return Page(items=items, number=number, size=size, has_next=has_next)


def member_page(*, params: QueryDict) -> Page:
    number, size = page_params(params)
    members = (
        member_directory(params=params)
        .members.select_related("commune", "antenna")
        .prefetch_related("crafts")
    )
    items, has_next = _slice(members, number, size)
    return Page(items=items, number=number, size=size, has_next=has_next)


def network_workshops_for_feed(*, number: int, size: int) -> tuple[list[Workshop], bool]:
    """The network's own workshops with their upcoming public sessions, for the open-data feed."""
    qs = (
        workshop_public_queryset()
        .prefetch_related(
            Prefetch(
                "sessions",
                queryset=session_public_upcoming().order_by("start")[:20],
                to_attr="upcoming_sessions",
            )
        )
        .order_by("pk")
    )
    return _slice(qs, number, size)


def workshop_widget_list(*, member_slug: str = "", antenna_slug: str = "") -> QuerySet[Workshop]:
    """Workshops a widget shows: one member's or one antenna's (published, active members)."""
    qs = workshop_public_queryset()
    condition = Q()
    if member_slug:
        condition &= Q(member__slug=member_slug)
    if antenna_slug:
        condition &= Q(member__antenna__slug=antenna_slug)
    return qs.filter(condition).order_by("title", "pk")
