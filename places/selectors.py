"""Reads of the Maison's spaces: the public list, a space's calendar, a member's bookings,
the staff's pending requests, week overview and monthly occupancy."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from .models import HOLDING_STATUSES, Exhibition, Space, SpaceBooking


def space_list(*, for_public: bool = False) -> QuerySet[Space]:
    qs = Space.objects.filter(is_active=True)
    return qs.filter(members_only=False) if for_public else qs


def space_get(*, slug: str, for_public: bool = False) -> Space:
    return space_list(for_public=for_public).get(slug=slug)


def space_busy(*, space: Space, days: int = 14) -> QuerySet[SpaceBooking]:
    """Confirmed bookings of the next ``days`` days: the public calendar shows them as « occupé »."""
    now = timezone.now()
    return SpaceBooking.objects.filter(
        space=space, status__in=HOLDING_STATUSES, end__gt=now, start__lt=now + datetime.timedelta(days=days)
    ).only("start", "end", "space_id")


def booking_list_for_member(*, member) -> QuerySet[SpaceBooking]:
    """The member's own bookings still to come (and today's), soonest first."""
    today = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return (
        SpaceBooking.objects.filter(member=member, end__gte=today)
        .exclude(status=SpaceBooking.Status.DECLINED)
        .select_related("space")
        .order_by("start")
    )


def booking_get_for_member(*, member, public_id) -> SpaceBooking:
    return SpaceBooking.objects.select_related("space").get(member=member, public_id=public_id)


def booking_get_by_token(*, token: str) -> SpaceBooking:
    return SpaceBooking.objects.select_related("space", "school_visit__group_request__workshop").get(
        token=token
    )


def request_list_for_staff() -> QuerySet[SpaceBooking]:
    """Public requests waiting for an answer, oldest first (first asked, first answered)."""
    return (
        SpaceBooking.objects.filter(status=SpaceBooking.Status.REQUESTED)
        .select_related("space")
        .order_by("created_at", "id")
    )


def booking_get_for_staff(*, public_id) -> SpaceBooking:
    return SpaceBooking.objects.select_related(
        "space", "member", "school_visit__group_request__workshop"
    ).get(public_id=public_id)


def week_start(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


@dataclass
class SpaceWeek:
    space: Space
    days: list[tuple[datetime.date, list[SpaceBooking]]]


def week_overview(*, monday: datetime.date) -> list[SpaceWeek]:
    """Each active space with its confirmed bookings and pending requests, day by day."""
    tz = timezone.get_current_timezone()
    start = timezone.make_aware(datetime.datetime.combine(monday, datetime.time.min), tz)
    end = start + datetime.timedelta(days=7)
    spaces = list(space_list())
    rows = (
        SpaceBooking.objects.filter(
            space__in=spaces,
            status__in=(*HOLDING_STATUSES, SpaceBooking.Status.REQUESTED),
            start__lt=end,
            end__gt=start,
        )
        .select_related("member")
        .order_by("start")
    )
    by_key: dict[tuple[int, datetime.date], list[SpaceBooking]] = {}
    for row in rows:
        by_key.setdefault((row.space_id, timezone.localtime(row.start).date()), []).append(row)
    days = [monday + datetime.timedelta(days=i) for i in range(7)]
    return [SpaceWeek(space, [(d, by_key.get((space.pk, d), [])) for d in days]) for space in spaces]


@dataclass
class Occupancy:
    space: Space
    booked_hours: float
    open_hours: float
    bookings: int

    @property
    def rate(self) -> float | None:
        """Percentage of the opening hours that are booked."""
        return 100 * self.booked_hours / self.open_hours if self.open_hours else None


def occupancy_for_month(*, year: int, month: int) -> list[Occupancy]:
    """Booked hours over opening hours, per active space, for one calendar month.

    Two queries whatever the number of bookings; a booking counts in the month it starts.
    """
    tz = timezone.get_current_timezone()
    first = datetime.date(year, month, 1)
    last_day = calendar.monthrange(year, month)[1]
    start = timezone.make_aware(datetime.datetime.combine(first, datetime.time.min), tz)
    end = start + datetime.timedelta(days=last_day)
    spaces = list(space_list())
    totals: dict[int, tuple[float, int]] = {}
    for space_id, s, e in SpaceBooking.objects.filter(
        space__in=spaces, status__in=HOLDING_STATUSES, start__gte=start, start__lt=end
    ).values_list("space_id", "start", "end"):
        hours, count = totals.get(space_id, (0.0, 0))
        totals[space_id] = (hours + (e - s).total_seconds() / 3600, count + 1)
    result = []
    for space in spaces:
        open_days = sum(
            1 for d in range(last_day) if (first + datetime.timedelta(days=d)).weekday() in space.open_days
        )
        hours, count = totals.get(space.pk, (0.0, 0))
        result.append(Occupancy(space, hours, open_days * space.open_minutes_per_day() / 60, count))
    return result


def exhibition_list_public(*, member=None, limit: int = 10) -> QuerySet[Exhibition]:
    """Current and coming exhibitions, soonest first (a member's own, for their public page)."""
    qs = Exhibition.objects.filter(is_published=True, ends_on__gte=timezone.localdate()).select_related(
        "member", "space"
    )
    if member is not None:
        qs = qs.filter(member=member)
    return qs.order_by("starts_on")[:limit]
