"""What the relations app adds to the staff home: the loyalty figure (goal: 75 %)."""

from __future__ import annotations

from relations import selectors

from . import Section


def staff(request):
    return Section(
        "pages/partials/_relations_staff.html",
        {"loyalty": selectors.loyalty_figure(user=request.user)},
        order=70,
    )
