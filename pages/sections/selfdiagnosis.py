"""Blocks of the self-assessment on the portal and staff home pages."""

from __future__ import annotations

from pages.sections import Section
from selfdiagnosis import selectors


def portal(request, member) -> Section | None:
    to_fill = list(selectors.assessment_list_to_fill(member)[:5])
    badge = selectors.member_badge(member)
    if not to_fill and badge is None:
        return None
    return Section(
        "pages/partials/_selfdiagnosis_portal.html", {"to_fill": to_fill, "badge": badge}, order=40
    )


def staff(request) -> Section | None:
    return Section(
        "pages/partials/_selfdiagnosis_staff.html",
        {
            "to_review": list(selectors.assessment_list_to_review(request.user)[:5]),
            "to_review_count": selectors.assessment_list_to_review(request.user).count(),
            "expiring": list(selectors.assessment_list_expiring(within_days=45, viewer=request.user)[:5]),
        },
        order=40,
    )


def member_page(request, member) -> Section | None:
    """On a member's public page: their business badge and the commitments behind it."""
    badge = selectors.member_badge(member)
    if badge is None:
        return None
    return Section(
        "pages/partials/_selfdiagnosis_member.html",
        {"badge": badge, "commitments": selectors.assessment_commitments(badge)},
        order=60,
    )
