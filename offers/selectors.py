"""Reads of the offers app. Other apps (selfdiagnosis, pages) use only these and offers.services."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import ImportRun, Offer, OfferImage, OpeningPeriod


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
