"""Reads of the network app."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from .models import Antenna, Member


def member_public_queryset() -> QuerySet[Member]:
    return (
        Member.objects.filter(status=Member.Status.ACTIVE)
        .select_related("commune", "antenna")
        .prefetch_related("crafts")
    )


def member_get_public(*, slug: str) -> Member:
    return get_object_or_404(member_public_queryset(), slug=slug)


def antenna_list_with_counts() -> QuerySet[Antenna]:
    return Antenna.objects.annotate(
        active_members=Count("members", filter=Q(members__status=Member.Status.ACTIVE))
    ).order_by("name")
