"""What the community app adds to the staff home: walks without a greeter, what waits for staff."""

from __future__ import annotations

from community import selectors

from . import Section


def staff(request):
    return Section(
        "pages/partials/_community_staff.html",
        {
            "walks": selectors.walk_list_unanswered_for_staff(user=request.user).count(),
            "eclaireurs": selectors.eclaireur_list_pending(user=request.user).count(),
            "advice": selectors.recommendation_list_pending(user=request.user).count(),
        },
        order=65,
    )
