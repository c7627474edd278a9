"""Panels the workshops app adds to pages of apps below it (see ``common.panels``)."""

from __future__ import annotations

from django.template.loader import render_to_string

from . import selectors

OFFER_WORKSHOPS_LIMIT = 6


def offer_member_workshops(request, offer) -> str:
    """On the page of an offer a member runs: that member's workshops with a date to book."""
    if not getattr(offer, "member_id", None):
        return ""
    workshops = list(
        selectors.workshop_list_for_member_page(member=offer.member)
        .filter(next_start__isnull=False)
        .order_by("next_start")[:OFFER_WORKSHOPS_LIMIT]
    )
    if not workshops:
        return ""
    return render_to_string(
        "workshops/partials/_offer_member_workshops.html",
        {"member": offer.member, "workshops": workshops},
        request=request,
    )
