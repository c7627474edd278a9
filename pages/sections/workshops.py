"""What the workshops app adds to the composed pages (home, member page, portal, staff home)."""

from __future__ import annotations

import datetime

from django.db.models import Sum
from django.utils import timezone

from workshops import selectors

from . import Section


def home(request):
    workshops = list(selectors.workshop_home_list(limit=6))
    if not workshops:
        return None
    return Section("pages/partials/_workshops_home.html", {"workshops": workshops}, order=20)


def member_page(request, member):
    workshops = list(selectors.workshop_list_for_member_page(member=member))
    if not workshops:
        return None
    return Section(
        "pages/partials/_workshops_member.html", {"workshops": workshops, "member": member}, order=20
    )


def portal(request, member):
    sessions = list(selectors.session_list_for_member(member=member, limit=5))
    bookings = list(selectors.booking_recent_for_member(member=member))
    cancelled = list(selectors.booking_cancelled_recent_for_member(member=member))
    if not sessions and not bookings and not cancelled:
        return None
    return Section(
        "pages/partials/_workshops_portal.html",
        {"sessions": sessions, "bookings": bookings, "cancelled": cancelled},
        order=20,
    )


def staff(request):
    today = list(selectors.session_today_for_staff(user=request.user))
    now = timezone.now()
    week = (
        selectors.session_scope_for_staff(user=request.user)
        .filter(
            start__gt=now, start__lte=now + datetime.timedelta(days=7), status__in=selectors.LIVE_STATUSES
        )
        .aggregate(capacity=Sum("capacity"), seats=Sum("seats_booked"))
    )
    fill = 100 * week["seats"] / week["capacity"] if week["capacity"] else None
    return Section(
        "pages/partials/_workshops_staff.html", {"today": today, "fill_rate": fill, "week": week}, order=20
    )
