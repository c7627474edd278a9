"""Blocks the offers app adds to composed pages (home, member page, portal and staff homes)."""

from __future__ import annotations

from common.access import is_office_staff
from offers import selectors
from offers.models import Family

from . import Section


def home(request) -> Section | None:
    by_family = selectors.offer_list_home(per_family=3)
    if not by_family:
        return None
    labels = dict(Family.choices)
    groups = [
        {"family": family, "label": labels[family], "offers": offers} for family, offers in by_family.items()
    ]
    return Section("pages/partials/_offers_home.html", {"groups": groups}, order=40)


def member_page(request, member) -> Section | None:
    offers = list(selectors.offer_list_published_for_member(member))
    if not offers:
        return None
    return Section("pages/partials/_offers_member.html", {"offers": offers, "member": member}, order=40)


def portal(request, member) -> Section | None:
    offers = list(selectors.offer_list_for_member(member))
    counts: dict[str, int] = {}
    for offer in offers:
        counts[offer.get_status_display()] = counts.get(offer.get_status_display(), 0) + 1
    rejected = [o for o in offers if o.status == o.Status.REJECTED]
    return Section(
        "pages/partials/_offers_portal.html",
        {"counts": counts, "total": len(offers), "rejected": rejected},
        order=40,
    )


def staff(request) -> Section | None:
    to_review = selectors.offer_list_to_review()
    context = {
        "submitted": to_review.filter(status="submitted").count(),
        "imported": to_review.filter(status="draft").count(),
        "last_run": selectors.import_run_last() if is_office_staff(request.user) else None,
    }
    return Section("pages/partials/_offers_staff.html", context, order=40)
