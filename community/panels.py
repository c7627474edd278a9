"""What the community app shows on other apps' pages (registered in apps.CommunityConfig.ready)."""

from __future__ import annotations

from django.template.loader import render_to_string

from . import selectors


def workshop_advice(request, workshop) -> str:
    """« Le conseil d'un éclaireur » on a workshop's public page, when there is moderated advice."""
    # Most workshops have none: a bare EXISTS is much cheaper to build than the joined read.
    if not selectors.recommendation_list_public(workshop=workshop, limit=3).exists():
        return ""
    advice = list(selectors.recommendation_list_public(workshop=workshop, limit=3))
    if not advice:
        return ""
    return render_to_string("community/partials/_advice.html", {"advice": advice}, request=request)


def offer_advice(request, offer) -> str:
    """The same block on an offer's public page."""
    advice = list(selectors.recommendation_list_public(offer=offer, limit=3))
    if not advice:
        return ""
    return render_to_string("community/partials/_advice.html", {"advice": advice}, request=request)
