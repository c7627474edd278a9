"""What the Maison (places app) adds to the staff home: requests to answer, this month's occupancy."""

from __future__ import annotations

from django.utils import timezone

from places import selectors

from . import Section


def staff(request):
    today = timezone.localdate()
    rows = selectors.occupancy_for_month(year=today.year, month=today.month)
    if not rows:
        return None
    pending = selectors.request_list_for_staff().count()
    return Section(
        "pages/partials/_places_staff.html", {"rows": rows, "pending": pending, "month": today}, order=60
    )


def member_page(request, member):
    exhibitions = list(selectors.exhibition_list_public(member=member))
    if not exhibitions:
        return None
    return Section("pages/partials/_places_member.html", {"exhibitions": exhibitions}, order=40)


def portal(request, member):
    bookings = list(selectors.booking_list_for_member(member=member)[:5])
    if not bookings:
        return None
    return Section("pages/partials/_places_portal.html", {"bookings": bookings}, order=60)
