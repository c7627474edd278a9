"""Reads of the workshops app: QuerySets with their joins and SQL-computed availability.

Availability = capacity − ``seats_booked`` − seats held by open waitlist offers.
``seats_booked`` is rewritten from the booking rows under the session lock at every change
(services.py) and bounded by a CHECK constraint, so reading it is both exact and cheap;
the held seats expire by time, so they are counted from the rows at read time.
"""

from __future__ import annotations

import datetime
import uuid
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.db.models import (
    Count,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce, TruncWeek
from django.shortcuts import get_object_or_404
from django.utils import timezone

from common.geo import travel_minutes_expression
from network.selectors import scope_to_antennas

from .models import (
    ACTIVE_BOOKING_STATUSES,
    LISTING_DATES,
    Booking,
    GroupRequest,
    Review,
    Session,
    WaitlistEntry,
    Workshop,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    SessionWithSeats = WithAnnotations[Session, "Availability"]

LIVE_STATUSES = (Session.Status.SCHEDULED, Session.Status.CONFIRMED)


def _held_seats(now: datetime.datetime):
    held = (
        WaitlistEntry.objects.filter(
            session=OuterRef("pk"), status=WaitlistEntry.Status.OFFERED, offer_expires_at__gt=now
        )
        .order_by()
        .values("session")
        .annotate(n=Sum("party_size"))
        .values("n")[:1]
    )
    return Coalesce(Subquery(held, output_field=IntegerField()), 0)


class Availability(TypedDict):
    seats_held: int
    seats_left: int


def with_availability(
    qs: QuerySet[Session], *, now: datetime.datetime | None = None
) -> QuerySet[SessionWithSeats]:
    now = now or timezone.now()
    return qs.annotate(seats_held=_held_seats(now)).annotate(
        seats_left=F("capacity") - F("seats_booked") - F("seats_held")
    )


def session_public_upcoming(*, now: datetime.datetime | None = None) -> QuerySet[SessionWithSeats]:
    now = now or timezone.now()
    return with_availability(
        Session.objects.filter(status__in=LIVE_STATUSES, is_private=False, start__gt=now), now=now
    )


def workshop_ids_with_dates_sql(
    *,
    now: datetime.datetime,
    start_from: datetime.datetime | None = None,
    start_before: datetime.datetime | None = None,
    with_seats: bool = False,
) -> RawSQL:
    """Ids of the workshops with a public date not cancelled after ``now`` (within
    ``[start_from, start_before)``; with seats left when ``with_seats``), for ``pk__in``.

    Hand-written because the ORM was the measured cost (issue 18): building and compiling the
    correlated EXISTS with the held-seats subquery took more CPU than PostgreSQL took to run it.
    Not correlated to the outer query, so it is safe whatever alias that query gets. The seats
    rule is ``with_availability``'s: capacity − booked − held by open waitlist offers > 0.
    """
    sql = [
        "SELECT s.workshop_id FROM workshops_session s",
        "WHERE s.status IN (%s, %s) AND NOT s.is_private AND s.start > %s",
    ]
    params: list = [*LIVE_STATUSES, now]
    if start_from is not None:
        sql.append("AND s.start >= %s")
        params.append(start_from)
    if start_before is not None:
        sql.append("AND s.start < %s")
        params.append(start_before)
    if with_seats:
        sql.append(
            "AND s.capacity > s.seats_booked + coalesce((SELECT sum(e.party_size) "
            "FROM workshops_waitlistentry e WHERE e.session_id = s.id AND e.status = %s "
            "AND e.offer_expires_at > %s), 0)"
        )
        params += [WaitlistEntry.Status.OFFERED, now]
    return RawSQL(" ".join(sql), params)


def _workshop_public() -> QuerySet[Workshop]:
    return Workshop.objects.filter(is_published=True, member__status="active")


def workshop_public_queryset() -> QuerySet[Workshop]:
    return _workshop_public().select_related("member", "member__antenna", "commune", "craft")


CATALOGUE_PAGE_SIZE = 24
# The card shows these; the long texts (description, what to bring…) stay in the database.
CATALOGUE_CARD_FIELDS = (
    "slug",
    "title",
    "duration_minutes",
    "price",
    "photo",
    "photo_alt",
    "latitude",
    "longitude",
    "member__name",
    "member__slug",
    "i18n",
    "commune__name",
    "craft__name",
)


@dataclass(frozen=True)
class ListingDate:
    """One date with seats left as the workshop row stores it (``Workshop.next_dates``)."""

    public_id: str
    start: datetime.datetime
    seats_left: int


def listing_dates(workshop: Workshop, *, now: datetime.datetime) -> list[ListingDate]:
    """The stored dates with seats left that have not started yet.

    PostgreSQL keeps ``next_dates`` at every change of seats, holds and sessions; a date that
    starts is dropped here at once (the periodic refresh then brings the next one in)."""
    return _listing_dates(workshop.next_dates, now=now)


def _listing_dates(stored: list[dict], *, now: datetime.datetime) -> list[ListingDate]:
    dates = []
    for item in stored:
        start = datetime.datetime.fromisoformat(item["start"])
        if start > now:
            dates.append(ListingDate(public_id=item["id"], start=start, seats_left=item["seats_left"]))
    return dates


def _catalogue_filtered(*, data, now: datetime.datetime):
    """The public catalogue filtered by ``data`` (GET), in catalogue order: ``(filterset, qs)``."""
    from .filters import WorkshopCatalogueFilter

    filterset = WorkshopCatalogueFilter(data=data or None, queryset=_workshop_public(), now=now)
    qs = filterset.qs
    if not filterset.origin:
        # The stored first date with seats (kept by PostgreSQL, see Workshop.next_start_with_seats):
        # no per-workshop subquery to compile nor to run.
        qs = qs.order_by(F("next_start_with_seats").asc(nulls_last=True), "title", "pk")
    return filterset, qs


def workshop_catalogue(*, data, now: datetime.datetime | None = None):
    """The public catalogue filtered by ``data`` (GET): ``(filterset, ids)``.

    ``ids`` is a QuerySet of workshop ids in catalogue order (soonest date with seats left
    first, or nearest first around a place); paginate it, then load the page's rows with
    ``workshop_catalogue_rows``. Sorting touches only ids and the date subquery, so the
    heavier per-card work is done for one page, not for every workshop.
    """
    filterset, qs = _catalogue_filtered(data=data, now=now or timezone.now())
    return filterset, qs.values_list("pk", flat=True)


def workshop_catalogue_page(*, data, page, now: datetime.datetime | None = None):
    """Page ``page`` of the public catalogue filtered by ``data``: ``(filterset, page)``, the page's
    ``object_list`` holding what each card shows, as dicts: the ``CATALOGUE_CARD_STATE_FIELDS``,
    ``next_sessions`` (the stored dates with seats left, ``listing_dates``), ``review_score`` (the
    approved reviews' average, stored on the row) and ``travel_minutes`` (from the filter's place).

    One query reads the page's cards and the next one (``lookahead_page``): the filter and the
    cards' columns together, where ids then states took two queries to build and run (issue 18)."""
    from common.pagination import lookahead_page

    now = now or timezone.now()
    filterset, qs = _catalogue_filtered(data=data, now=now)
    fields = [*CATALOGUE_CARD_STATE_FIELDS, "review_average"]
    if filterset.origin:
        fields.append("travel_minutes")  # annotated by the filter, which sorts on it
    result = lookahead_page(qs.values(*fields), page, CATALOGUE_PAGE_SIZE)
    result.object_list = [_card_state(row, now=now) for row in result.object_list]
    return filterset, result


def _card_state(row: dict, *, now: datetime.datetime) -> dict:
    row["next_sessions"] = _listing_dates(row.pop("next_dates"), now=now)[:LISTING_DATES]
    row["review_score"] = row.pop("review_average")
    row.setdefault("travel_minutes", None)
    return row


def workshop_catalogue_rows(
    *,
    ids: list[int],
    origin: tuple[float, float] | None = None,
    now: datetime.datetime | None = None,
    next_sessions: int = 3,
) -> list[Workshop]:
    """The cards of one catalogue page, in the order of ``ids``.

    Each workshop carries ``review_score``, ``next_sessions`` (first dates with seats left, read
    from the row's stored ``next_dates``: one query for the page) and ``travel_minutes`` when
    ``origin``.
    """
    now = now or timezone.now()
    qs = (
        _workshop_public()
        .filter(pk__in=ids)
        .select_related("member", "commune", "craft")
        .only(*CATALOGUE_CARD_FIELDS, "next_dates", "review_average")
    )
    stored = next_sessions <= LISTING_DATES
    if not stored:
        # More dates than the row keeps (the partners' API): read them from the sessions.
        qs = qs.prefetch_related(
            Prefetch(
                "sessions",
                queryset=session_public_upcoming(now=now)
                .filter(seats_left__gt=0)
                .only("public_id", "workshop_id", "start", "end", "capacity", "seats_booked", "status")
                .order_by("start")[:next_sessions],
                to_attr="next_sessions",
            )
        )
    if origin:
        qs = qs.annotate(travel_minutes=travel_minutes_expression(*origin, "latitude", "longitude"))
    by_id = {}
    for workshop in qs:
        workshop.review_score = workshop.review_average  # type: ignore[attr-defined]
        if stored:
            workshop.next_sessions = listing_dates(workshop, now=now)[:next_sessions]  # type: ignore[attr-defined]
        by_id[workshop.pk] = workshop
    return [by_id[pk] for pk in ids if pk in by_id]


# What a catalogue card shows, read as plain values: the card's cache key and the map are built
# from these, and model rows are loaded only for the cards missing from the cache.
CATALOGUE_CARD_STATE_FIELDS = (
    "pk",
    "slug",
    "title",
    "i18n",
    "duration_minutes",
    "price",
    "photo",
    "photo_alt",
    "latitude",
    "longitude",
    "member__name",
    "commune__name",
    "craft__name",
    "next_dates",
)


def workshop_get_public(*, slug: str) -> Workshop:
    return get_object_or_404(workshop_public_queryset().prefetch_related("photos"), slug=slug)


def session_list_for_workshop_public(*, workshop: Workshop, limit: int = 30) -> QuerySet[Session]:
    return session_public_upcoming().filter(workshop=workshop).order_by("start", "pk")[:limit]


@dataclass(frozen=True)
class SessionRow:
    """What the workshop page shows of a date (its row, its JSON-LD event)."""

    public_id: uuid.UUID
    start: datetime.datetime
    end: datetime.datetime
    status: str
    seats_left: int


def session_rows_for_workshop_page(*, slug: str, limit: int = 30, now=None) -> list[SessionRow]:
    """The dates a workshop's public page lists, by the workshop's slug: the next ``limit`` public
    dates not cancelled, with seats left by ``with_availability``'s rule (capacity − booked − held
    by open waitlist offers). The page reads them at every render, before anything else (the
    page's shell is kept apart, see views.public.WorkshopDetailView).

    Hand-written because the ORM was the measured cost (issue 18): building and compiling the
    annotated query took ~1.2 ms of CPU, PostgreSQL ~0.1 ms to run it. A property test checks it
    against ``session_list_for_workshop_public``."""
    from django.db import connection

    now = now or timezone.now()
    with connection.cursor() as cursor:
        cursor.execute(
            'SELECT s.public_id, s.start, s."end", s.status, s.capacity - s.seats_booked - coalesce(('
            "SELECT sum(e.party_size) FROM workshops_waitlistentry e WHERE e.session_id = s.id "
            "AND e.status = %s AND e.offer_expires_at > %s), 0) "
            "FROM workshops_session s JOIN workshops_workshop w ON w.id = s.workshop_id "
            "WHERE w.slug = %s AND s.status IN (%s, %s) AND NOT s.is_private AND s.start > %s "
            "ORDER BY s.start, s.id LIMIT %s",
            [WaitlistEntry.Status.OFFERED, now, slug, *LIVE_STATUSES, now, limit],
        )
        return [
            SessionRow(public_id=public_id, start=start, end=end, status=status, seats_left=int(seats_left))
            for public_id, start, end, status, seats_left in cursor.fetchall()
        ]


def catalogue_content_stamp() -> str:
    """Like ``catalogue_stamp``, over the changes a workshop page's shell shows only (rows marked
    ``content`` by the triggers of migration 0017): seats and dates never move it."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), coalesce(max(id), 0) FROM workshops_cataloguechange WHERE content")
        count, last = cursor.fetchone()
    return f"{count}-{last}"


def session_workshop_ids(session_ids) -> dict[int, int]:
    """The workshop of each session, by session id (to lock several sessions in a set order)."""
    return dict(Session.objects.filter(pk__in=list(session_ids)).values_list("pk", "workshop_id"))


def session_get_public(*, workshop: Workshop, public_id) -> Session:
    qs = with_availability(Session.objects.filter(workshop=workshop, is_private=False))
    return get_object_or_404(
        qs.select_related("workshop", "workshop__member", "workshop__commune"), public_id=public_id
    )


def review_list_public(*, workshop: Workshop, limit: int = 10) -> QuerySet[Review]:
    return Review.objects.filter(workshop=workshop, status=Review.Status.APPROVED).order_by("-created_at")[
        :limit
    ]


def review_summary(*, workshop: Workshop) -> dict:
    """Average and count of the approved reviews, as stored on the row by PostgreSQL
    (migration 0015: a trigger on reviews recomputes them at every change)."""
    return {"average": workshop.review_average, "count": workshop.review_count}


def session_other_dates(*, member, exclude_session: Session) -> QuerySet[Session]:
    """The artisan's other upcoming public dates with seats left (for cancellation emails)."""
    return (
        session_public_upcoming()
        .filter(workshop__member=member, seats_left__gt=0)
        .exclude(pk=exclude_session.pk)
        .select_related("workshop")
        .order_by("start")
    )


def booking_get_by_token(*, token: str) -> Booking:
    return get_object_or_404(
        Booking.objects.select_related(
            "session", "session__workshop", "session__workshop__member", "session__workshop__commune"
        ),
        manage_token=token,
    )


def waitlist_entry_get_by_token(*, token: str) -> WaitlistEntry:
    return get_object_or_404(
        WaitlistEntry.objects.select_related("session", "session__workshop", "booking"), token=token
    )


def group_request_get_by_token(*, token: str) -> GroupRequest:
    return get_object_or_404(
        GroupRequest.objects.select_related("workshop", "workshop__member", "booking", "session"),
        token=token,
    )


def workshop_list_for_member_page(*, member) -> QuerySet[Workshop]:
    return (
        workshop_public_queryset()
        .filter(member=member)
        .annotate(
            next_start=Subquery(
                session_public_upcoming()
                .filter(workshop=OuterRef("pk"), seats_left__gt=0)
                .order_by("start")
                .values("start")[:1]
            )
        )
        .order_by("title")
    )


def workshop_home_list(*, limit: int = 6) -> QuerySet[Workshop]:
    """Workshops with a date with seats left soonest, for the home page."""
    upcoming = session_public_upcoming().filter(workshop=OuterRef("pk"), seats_left__gt=0).order_by("start")
    return (
        workshop_public_queryset()
        .annotate(
            next_start=Subquery(upcoming.values("start")[:1]),
            next_seats=Subquery(upcoming.values("seats_left")[:1]),
        )
        .filter(next_start__isnull=False)
        .order_by("next_start")[:limit]
    )


# --- portal --------------------------------------------------------------------------------


def workshop_list_for_member(*, member) -> QuerySet[Workshop]:
    now = timezone.now()
    return (
        Workshop.objects.filter(member=member)
        .select_related("craft", "commune")
        .annotate(
            upcoming_sessions=Count(
                "sessions", filter=Q(sessions__start__gt=now, sessions__status__in=LIVE_STATUSES)
            ),
            upcoming_seats=Coalesce(
                Sum(
                    "sessions__seats_booked",
                    filter=Q(sessions__start__gt=now, sessions__status__in=LIVE_STATUSES),
                ),
                0,
            ),
        )
        .order_by("title")
    )


def workshop_get_for_member(*, member, slug: str) -> Workshop:
    return get_object_or_404(
        Workshop.objects.select_related("craft", "commune", "member"), member=member, slug=slug
    )


def session_list_for_member_workshop(*, workshop: Workshop, past: bool = False) -> QuerySet[Session]:
    now = timezone.now()
    qs = with_availability(Session.objects.filter(workshop=workshop))
    qs = qs.annotate(
        waiting=Count("waitlist", filter=Q(waitlist__status=WaitlistEntry.Status.WAITING)),
    )
    if past:
        return qs.filter(start__lte=now).order_by("-start")
    return qs.filter(start__gt=now).order_by("start")


def session_get_for_member(*, member, public_id) -> Session:
    qs = with_availability(Session.objects.filter(workshop__member=member))
    return get_object_or_404(
        qs.select_related("workshop", "workshop__member", "workshop__commune"), public_id=public_id
    )


def booking_list_for_session(*, session: Session, include_cancelled: bool = True) -> QuerySet[Booking]:
    qs = Booking.objects.filter(session=session).select_related("created_by")
    if not include_cancelled:
        qs = qs.filter(status__in=ACTIVE_BOOKING_STATUSES)
    return qs.order_by("status", "name", "id")


def waitlist_for_session(*, session: Session) -> QuerySet[WaitlistEntry]:
    return WaitlistEntry.objects.filter(session=session).order_by("created_at", "id")


def session_list_for_member(*, member, upcoming_only: bool = True, limit: int | None = None):
    qs = with_availability(Session.objects.filter(workshop__member=member)).select_related(
        "workshop", "workshop__member", "workshop__commune"
    )
    if upcoming_only:
        qs = qs.filter(start__gt=timezone.now(), status__in=LIVE_STATUSES)
    qs = qs.order_by("start")
    return qs[:limit] if limit else qs


def session_feed_for_member(*, member) -> QuerySet[Session]:
    since = timezone.now() - datetime.timedelta(days=60)
    return (
        Session.objects.filter(workshop__member=member, start__gte=since)
        .select_related("workshop", "workshop__member", "workshop__commune")
        .order_by("start")
    )


def booking_recent_for_member(*, member, days: int = 7, limit: int = 8) -> QuerySet[Booking]:
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        Booking.objects.filter(
            session__workshop__member=member, created_at__gte=since, status__in=ACTIVE_BOOKING_STATUSES
        )
        .select_related("session", "session__workshop")
        .order_by("-created_at")[:limit]
    )


def booking_cancelled_recent_for_member(*, member, days: int = 14, limit: int = 8) -> QuerySet[Booking]:
    """Bookings of the member's sessions cancelled lately, one by one (not whole cancelled sessions)."""
    since = timezone.now() - datetime.timedelta(days=days)
    return (
        Booking.objects.filter(
            session__workshop__member=member,
            status=Booking.Status.CANCELLED,
            cancelled_at__gte=since,
        )
        .exclude(session__status=Session.Status.CANCELLED)
        .select_related("session", "session__workshop")
        .order_by("-cancelled_at")[:limit]
    )


def group_request_list_for_member(*, member) -> QuerySet[GroupRequest]:
    return GroupRequest.objects.filter(workshop__member=member).select_related("workshop", "session")


def group_request_get_for_member(*, member, public_id) -> GroupRequest:
    return get_object_or_404(group_request_list_for_member(member=member), public_id=public_id)


def review_list_for_member(*, member) -> QuerySet[Review]:
    return Review.objects.filter(workshop__member=member).select_related("workshop", "booking__session")


# --- staff ---------------------------------------------------------------------------------


def session_scope_for_staff(*, user) -> QuerySet[Session]:
    """Office staff see every session; an antenna coordinator those of their antennas."""
    return scope_to_antennas(user, Session.objects.all(), member="workshop__member")


def booking_scope_for_staff(*, user) -> QuerySet[Booking]:
    qs = Booking.objects.select_related("session", "session__workshop", "session__workshop__member")
    return scope_to_antennas(user, qs, member="session__workshop__member")


def desk_sessions_near(
    *, user, latitude: float, longitude: float, max_minutes: float = 20, days: int = 14, limit: int = 50
) -> QuerySet[Session]:
    """Public sessions of the coming days with seats left, less than ``max_minutes`` away."""
    now = timezone.now()
    qs = with_availability(
        session_scope_for_staff(user=user).filter(
            status__in=LIVE_STATUSES,
            is_private=False,
            start__gt=now,
            start__lte=now + datetime.timedelta(days=days),
        ),
        now=now,
    ).annotate(
        minutes=travel_minutes_expression(latitude, longitude, "workshop__latitude", "workshop__longitude")
    )
    return (
        qs.filter(seats_left__gt=0, minutes__lte=max_minutes)
        .select_related("workshop", "workshop__member", "workshop__commune")
        .order_by("start")[:limit]
    )


def booking_search_for_staff(*, user, query: str, limit: int = 30) -> QuerySet[Booking]:
    query = query.strip()
    qs = booking_scope_for_staff(user=user)
    return qs.filter(
        Q(reference__iexact=query.upper()) | Q(name__icontains=query) | Q(email__icontains=query)
    ).order_by("-created_at")[:limit]


def booking_get_for_staff(*, user, reference: str) -> Booking:
    return get_object_or_404(booking_scope_for_staff(user=user), reference=reference.upper())


def session_get_for_staff(*, user, public_id) -> Session:
    qs = with_availability(session_scope_for_staff(user=user))
    return get_object_or_404(
        qs.select_related("workshop", "workshop__member", "workshop__commune"), public_id=public_id
    )


def session_today_for_staff(*, user) -> QuerySet[Session]:
    today = timezone.localdate()
    return (
        with_availability(
            session_scope_for_staff(user=user).filter(start__date=today, status__in=LIVE_STATUSES)
        )
        .select_related("workshop", "workshop__member")
        .order_by("start")
    )


@dataclass
class FillRow:
    label: str
    sessions: int = 0
    capacity: int = 0
    seats: int = 0
    bookings: int = 0
    marked: int = 0
    no_shows: int = 0

    @property
    def fill_rate(self) -> float | None:
        return 100 * self.seats / self.capacity if self.capacity else None

    @property
    def no_show_rate(self) -> float | None:
        return 100 * self.no_shows / self.marked if self.marked else None


def workshop_figures(*, user, weeks: int = 12, today: datetime.date | None = None) -> dict:
    """Per week, per workshop and per antenna: bookings, seats, fill rate, no-show rate.

    Sessions are counted in the week they take place (cancelled ones left out); six queries in
    all, whatever the number of rows.
    """
    today = today or timezone.localdate()
    monday = today - datetime.timedelta(days=today.weekday())
    first = monday - datetime.timedelta(weeks=weeks - 1)
    last = monday + datetime.timedelta(weeks=1)
    sessions = (
        session_scope_for_staff(user=user)
        .filter(start__date__gte=first, start__date__lt=last)
        .exclude(status=Session.Status.CANCELLED)
    )
    bookings = Booking.objects.filter(session__in=sessions, status__in=ACTIVE_BOOKING_STATUSES)
    booking_aggs = {
        "bookings": Count("id"),
        "marked": Count("id", filter=~Q(attendance="")),
        "no_shows": Count("id", filter=Q(attendance=Booking.Attendance.NO_SHOW)),
    }
    session_aggs = {"sessions": Count("id"), "capacity": Sum("capacity"), "seats": Sum("seats_booked")}

    def rows(key_session: str, key_booking: str, label) -> list[FillRow]:
        table: dict = defaultdict(lambda: FillRow(label=""))
        for row in sessions.values(key_session).annotate(**session_aggs).order_by():
            item = table[row[key_session]]
            item.label = label(row[key_session])
            item.sessions, item.capacity, item.seats = row["sessions"], row["capacity"], row["seats"]
        for row in bookings.values(key_booking).annotate(**booking_aggs).order_by():
            item = table[row[key_booking]]
            item.bookings, item.marked, item.no_shows = row["bookings"], row["marked"], row["no_shows"]
        return list(table.values())

    sessions_w = sessions.annotate(week=TruncWeek("start"))
    bookings_w = bookings.annotate(week=TruncWeek("session__start"))
    weekly: dict[datetime.date, FillRow] = {}
    for i in range(weeks):
        day = first + datetime.timedelta(weeks=i)
        weekly[day] = FillRow(label=day.strftime("%d/%m"))
    for row in sessions_w.values("week").annotate(**session_aggs).order_by():
        item = weekly.get(timezone.localtime(row["week"]).date())
        if item:
            item.sessions, item.capacity, item.seats = row["sessions"], row["capacity"], row["seats"]
    for row in bookings_w.values("week").annotate(**booking_aggs).order_by():
        item = weekly.get(timezone.localtime(row["week"]).date())
        if item:
            item.bookings, item.marked, item.no_shows = row["bookings"], row["marked"], row["no_shows"]

    names = dict(Workshop.objects.filter(sessions__in=sessions).values_list("id", "title").distinct())
    per_workshop = rows("workshop", "session__workshop", lambda pk: names.get(pk, "?"))
    per_antenna = rows(
        "workshop__member__antenna__name", "session__workshop__member__antenna__name", lambda name: name
    )
    totals = FillRow(label="total")
    for week in weekly.values():
        for attr in ("sessions", "capacity", "seats", "bookings", "marked", "no_shows"):
            setattr(totals, attr, getattr(totals, attr) + getattr(week, attr))
    return {
        "first": first,
        "last": last - datetime.timedelta(days=1),
        "weekly": list(weekly.values()),
        "per_workshop": sorted(per_workshop, key=lambda r: r.label),
        "per_antenna": sorted(per_antenna, key=lambda r: r.label),
        "totals": totals,
    }


def group_request_list_for_staff(*, user) -> QuerySet[GroupRequest]:
    qs = GroupRequest.objects.select_related("workshop", "workshop__member")
    return scope_to_antennas(user, qs, member="workshop__member")


def group_request_get_for_staff(*, user, public_id) -> GroupRequest:
    return get_object_or_404(group_request_list_for_staff(user=user), public_id=public_id)


def contact_list_for_staff(*, user) -> QuerySet:
    """Past visitors the consent registry lets us write to, one row per email (off-season offers).

    The booking's tick box is not trusted on its own: a visitor who unsubscribed since, or whose
    address bounced, is left out (``network.selectors.contact_reachable``). Each row carries the
    contact's unsubscribe token so the export can give every address its link.
    """
    from network.models import ConsentPurpose, Contact
    from network.selectors import contact_reachable

    reachable = contact_reachable(purpose=ConsentPurpose.NEWS)
    token = Contact.objects.filter(email=OuterRef("email")).values("unsubscribe_token")[:1]
    return (
        booking_scope_for_staff(user=user)
        .filter(email__in=reachable.values("email"))
        .values("email")
        .annotate(
            name=Max("name"),
            last_session=Max("session__start"),
            bookings=Count("id"),
            unsubscribe_token=Subquery(token),
        )
        .order_by("-last_session")
    )


def review_list_for_staff(*, user, status: str = Review.Status.PENDING) -> QuerySet[Review]:
    qs = Review.objects.filter(status=status).select_related(
        "workshop", "workshop__member", "booking__session"
    )
    return scope_to_antennas(user, qs, member="workshop__member").order_by("created_at")


def catalogue_stamp() -> str:
    """What the public workshop pages show, as a short stamp that changes with every write
    (rows added by the database triggers of CatalogueChange; count and max id, so a change
    committed after a later one still gives a new stamp)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), coalesce(max(id), 0) FROM workshops_cataloguechange")
        count, last = cursor.fetchone()
    return f"{count}-{last}"


FILTER_LISTS_CACHE_SECONDS = 3600


@dataclass(frozen=True)
class FilterLists:
    """The catalogue filter's choices, under the version the database gives these lists."""

    version: int
    crafts: list[tuple[str, str]]
    antennas: list[tuple[str, str]]
    # insee code -> (name, postcode, latitude, longitude)
    communes: dict[str, tuple[str, str, float, float]]


def catalogue_filter_lists() -> FilterLists:
    """Crafts, antennas and communes for the catalogue filter, from the cache while they hold.

    A trigger on the three tables bumps ``workshops_filter_lists_version`` (migration 0014) at
    every change, so the cached lists are keyed by what they are: one small query per request
    instead of three, and a new commune is in the filter at the next view."""
    from django.core.cache import cache
    from django.db import connection

    from network import selectors as network_selectors

    with connection.cursor() as cursor:
        cursor.execute("SELECT version FROM workshops_filter_lists_version WHERE id = 1")
        row = cursor.fetchone()
    version = row[0] if row else 0
    key = f"workshops:filter-lists:{version}"
    lists = cache.get(key)
    if lists is None:
        lists = FilterLists(
            version=version,
            crafts=list(network_selectors.craft_list().values_list("slug", "name")),
            antennas=list(network_selectors.antenna_list().values_list("slug", "name")),
            communes={
                code: (name, postcode, lat, lon)
                for code, name, postcode, lat, lon in network_selectors.commune_list().values_list(
                    "insee_code", "name", "postcode", "latitude", "longitude"
                )
            },
        )
        cache.set(key, lists, FILTER_LISTS_CACHE_SECONDS)
    return lists


def booking_list_for_email(*, email: str, workshop_ids) -> QuerySet[Booking]:
    """Active bookings made with ``email`` on these workshops (the training app's « my registrations »)."""
    return (
        Booking.objects.filter(
            email=email.strip().lower(),
            session__workshop_id__in=workshop_ids,
            status__in=ACTIVE_BOOKING_STATUSES,
        )
        .select_related("session", "session__workshop")
        .order_by("-session__start")
    )


def booking_get_for_email(*, email: str, reference: str, workshop_ids) -> Booking:
    return get_object_or_404(
        booking_list_for_email(email=email, workshop_ids=workshop_ids), reference=reference
    )


def booking_payment(*, booking: Booking):
    """The online payment of a booking (or ``None``: paid on site, by invoice, or not yet).

    The payments app and the stay checkout know it; they answer through the payments seam."""
    from payments import hooks as payment_hooks

    return next((p for p in payment_hooks.run("workshops.booking.payment", booking=booking) if p), None)


def booking_paid_online(booking) -> str:
    """How the booking was paid online (« card », « voucher »), or "" when it is paid on site.

    Read from the audit row of ``booking_payment_confirm`` (the paying app confirms it)."""
    from common.models import ActionLog

    row = (
        ActionLog.objects.filter(
            action="workshops.booking.paid", object_type="workshops.booking", object_id=str(booking.pk)
        )
        .order_by("-pk")
        .first()
    )
    return (row.data.get("method") or "card") if row is not None else ""


def booking_audit_amount(booking, action: str) -> Decimal:
    """The sum of the ``amount`` of a booking's audit rows of one kind (what a voucher paid,
    what went back to it…)."""
    from common.models import ActionLog

    amounts = ActionLog.objects.filter(
        action=action, object_type="workshops.booking", object_id=str(booking.pk)
    ).values_list("data__amount", flat=True)
    return sum((Decimal(str(a)) for a in amounts if a), Decimal("0.00"))


def booking_voucher_paid(booking) -> Decimal:
    """What a gift voucher paid of a booking taken at the desk (the rest is paid on site).

    Read from the audit row the desk checkout writes when it spends the voucher."""
    return booking_audit_amount(booking, "workshops.booking.voucher_paid")
