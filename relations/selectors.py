"""Reads of the relationship tool. Segments are built on the consent registry
(``network.selectors.contact_reachable``): no filter can widen it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404

from common.access import is_office_staff
from network.models import ConsentPurpose, Contact
from network.selectors import contact_reachable
from shop.models import Order, OrderLine
from workshops.models import ACTIVE_BOOKING_STATUSES, Booking, Review

from .models import Campaign, CampaignRecipient, ContactMerge, RelationsSettings, Segment, Spending

SEASONS = {
    # season: (start month/day, end month/day) — meteorological seasons, winter crosses the year
    "spring": ((3, 1), (5, 31)),
    "summer": ((6, 1), (8, 31)),
    "autumn": ((9, 1), (11, 30)),
    "winter": ((12, 1), (2, 28)),
}
NPS_RANGES = {"promoter": (9, 10), "passive": (7, 8), "detractor": (0, 6)}
LIST_FILTER_KEYS = (
    "kinds",
    "languages",
    "crafts",
    "workshops",
    "antennas",
    "departments_in",
    "departments_not_in",
    "countries",
    "products",
)


def season_bounds(season: str, year: int) -> tuple[datetime.date, datetime.date]:
    (m1, d1), (m2, d2) = SEASONS[season]
    start = datetime.date(year, m1, d1)
    end_year = year + 1 if season == "winter" else year
    end = datetime.date(end_year, m2, d2 + (1 if season == "winter" and end_year % 4 == 0 else 0))
    return start, end


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _scope(qs: QuerySet[Contact], user) -> QuerySet[Contact]:
    if user is None or is_office_staff(user):
        return qs
    if not RelationsSettings.current().coordinators_see_contacts:
        return qs.none()
    return qs.filter(
        Exists(
            Booking.objects.filter(
                email=OuterRef("email"),
                session__workshop__member__antenna__in=user.coordinated_antennas.all(),
            )
        )
    )


def contact_list_for_user(*, user) -> QuerySet[Contact]:
    """The contact file as this staff user may see it (coordinators: their antennas' visitors,
    or nobody when the office decided so)."""
    return _scope(Contact.objects.all(), user)


def contacts_for_user(*, user, purpose: str = ConsentPurpose.NEWS) -> QuerySet[Contact]:
    """The consent registry, narrowed to what this staff user may see."""
    return _scope(contact_reachable(purpose=purpose), user)


def segment_queryset(filters: dict, *, user=None) -> QuerySet[Contact]:
    """Contacts matching ``filters`` (a segment's JSON), within the consent registry."""
    purpose = filters.get("purpose") or ConsentPurpose.NEWS
    if purpose not in ConsentPurpose.values:
        purpose = ConsentPurpose.NEWS
    qs = contacts_for_user(user=user, purpose=purpose)
    if filters.get("kinds"):
        qs = qs.filter(kind__in=filters["kinds"])
    if filters.get("languages"):
        qs = qs.filter(language__in=filters["languages"])
    if filters.get("departments_in"):
        qs = qs.filter(profile__department__in=filters["departments_in"])
    if filters.get("departments_not_in"):
        qs = qs.exclude(profile__department__in=filters["departments_not_in"])
    if filters.get("countries"):
        qs = qs.filter(profile__country__in=filters["countries"])
    if filters.get("commune"):
        qs = qs.filter(profile__commune__unaccent__iexact=str(filters["commune"]).strip())
    if filters.get("tag"):
        qs = qs.filter(profile__tags__contains=[str(filters["tag"]).strip()])
    # Workshops attended: one EXISTS on the bookings, all visit conditions on the same booking.
    visit = Q()
    if filters.get("crafts"):
        visit &= Q(session__workshop__craft_id__in=filters["crafts"])
    if filters.get("workshops"):
        visit &= Q(session__workshop_id__in=filters["workshops"])
    if filters.get("antennas"):
        visit &= Q(session__workshop__member__antenna_id__in=filters["antennas"])
    start, end = _date(filters.get("visited_from")), _date(filters.get("visited_until"))
    if filters.get("season") in SEASONS and str(filters.get("year", "")).isdigit():
        start, end = season_bounds(filters["season"], int(filters["year"]))
    elif str(filters.get("year", "")).isdigit() and not (start or end):
        start, end = datetime.date(int(filters["year"]), 1, 1), datetime.date(int(filters["year"]), 12, 31)
    if start:
        visit &= Q(session__start__date__gte=start)
    if end:
        visit &= Q(session__start__date__lte=end)
    if visit:
        qs = qs.filter(
            Exists(Booking.objects.filter(visit, email=OuterRef("email"), status__in=ACTIVE_BOOKING_STATUSES))
        )
    if filters.get("nps") in NPS_RANGES:
        low, high = NPS_RANGES[filters["nps"]]
        qs = qs.filter(
            Exists(Review.objects.filter(booking__email=OuterRef("email"), score__gte=low, score__lte=high))
        )
    since = _date(filters.get("purchased_since"))
    if filters.get("products") or since:
        lines = OrderLine.objects.filter(order__email=OuterRef("email")).exclude(
            order__status__in=[Order.Status.CANCELLED, Order.Status.RELEASED]
        )
        if filters.get("products"):
            lines = lines.filter(product_id__in=filters["products"])
        if since:
            lines = lines.filter(order__created_at__date__gte=since)
        qs = qs.filter(Exists(lines))
    if filters.get("min_spent") not in (None, ""):
        try:
            minimum = Decimal(str(filters["min_spent"]))
        except InvalidOperation:
            minimum = None
        if minimum is not None and minimum > 0:  # « at least 0 € » is everybody
            # The per-address sums are kept by triggers (``Spending``): one index range, not a
            # sum over every booking and order at each count.
            qs = qs.filter(email__in=Spending.objects.filter(amount__gte=minimum).values("email"))
    return qs


def segment_count(filters: dict, *, user=None) -> int:
    return segment_queryset(filters, user=user).count()


def segment_list() -> QuerySet[Segment]:
    return Segment.objects.all()


def segment_get(*, pk) -> Segment:
    return get_object_or_404(Segment, pk=pk)


def campaign_list() -> QuerySet[Campaign]:
    return Campaign.objects.select_related("segment", "promo_code", "voucher_workshop")


def campaign_get(*, public_id) -> Campaign:
    return get_object_or_404(campaign_list(), public_id=public_id)


@dataclass
class SendLog:
    queued: int
    sent: int
    skipped: int
    rows: list


def campaign_send_log(*, campaign: Campaign, limit: int = 200) -> SendLog:
    counts = dict(campaign.recipients.order_by().values_list("status").annotate(n=Count("id")))
    rows = list(campaign.recipients.order_by("-sent_at", "email")[:limit])
    return SendLog(
        queued=counts.get(CampaignRecipient.Status.QUEUED, 0)
        + counts.get(CampaignRecipient.Status.CLAIMED, 0),
        sent=counts.get(CampaignRecipient.Status.SENT, 0),
        skipped=counts.get(CampaignRecipient.Status.SKIPPED, 0),
        rows=rows,
    )


def contact_merges(*, contact: Contact) -> QuerySet[ContactMerge]:
    return ContactMerge.objects.filter(kept=contact)


# --- The contact's timeline across the apps --------------------------------------------


@dataclass
class TimelineItem:
    at: datetime.datetime
    app: str
    label: str
    detail: str = ""


def contact_timeline(*, contact: Contact) -> list[TimelineItem]:
    from workshops.models import GroupRequest

    from .models import CampaignRecipient, StaySurvey

    emails = [
        contact.email,
        *ContactMerge.objects.filter(kept=contact).values_list("merged_email", flat=True),
    ]
    items: list[TimelineItem] = []
    for b in Booking.objects.filter(email__in=emails).select_related("session__workshop")[:200]:
        items.append(
            TimelineItem(
                b.created_at,
                "workshops",
                f"Réservation {b.reference} · {b.session.workshop.title}",
                f"{b.party_size} pers. · {b.price} € · {b.get_status_display()}",
            )
        )
    for r in Review.objects.filter(booking__email__in=emails).select_related("workshop")[:200]:
        items.append(
            TimelineItem(r.created_at, "workshops", f"Avis {r.score}/10 · {r.workshop.title}", r.comment)
        )
    for g in GroupRequest.objects.filter(email__in=emails)[:200]:
        items.append(TimelineItem(g.created_at, "workshops", "Demande de groupe", g.organisation))
    for o in Order.objects.filter(email__in=emails)[:200]:
        items.append(
            TimelineItem(
                o.created_at, "shop", f"Commande {o.reference}", f"{o.total} € · {o.get_status_display()}"
            )
        )
    for e in contact.consent_events.all()[:200]:
        items.append(
            TimelineItem(
                e.occurred_at,
                "network",
                f"{e.get_kind_display()} · {e.get_purpose_display()}",
                f"{e.source} {e.get_legal_basis_display() if e.legal_basis else ''}".strip(),
            )
        )
    for cr in CampaignRecipient.objects.filter(contact=contact).select_related("campaign")[:200]:
        if cr.sent_at:
            items.append(TimelineItem(cr.sent_at, "relations", f"Campagne reçue · {cr.campaign.name}"))
    for s in StaySurvey.objects.filter(email__in=emails, answered_at__isnull=False)[:50]:
        if s.answered_at is not None:
            items.append(TimelineItem(s.answered_at, "relations", f"Enquête séjour {s.score}/10", s.comment))
    for m in ContactMerge.objects.filter(kept=contact):
        items.append(TimelineItem(m.merged_at, "relations", f"Fusion de {m.merged_email}"))
    return sorted(items, key=lambda i: i.at, reverse=True)


# --- Satisfaction and loyalty ---------------------------------------------------------


@dataclass
class NpsRow:
    label: str
    answers: int
    promoters: int
    detractors: int
    asked: int

    @property
    def nps(self) -> int | None:
        if not self.answers:
            return None
        return round(100 * (self.promoters - self.detractors) / self.answers)

    @property
    def response_rate(self) -> int | None:
        return round(100 * self.answers / self.asked) if self.asked else None


def _nps_rows(answers_qs, asked_qs, key: str, label_key: str) -> list[NpsRow]:
    from django.db.models import Count

    asked = {r[key]: r["n"] for r in asked_qs.values(key).annotate(n=Count("id")).order_by()}
    rows = []
    for r in (
        answers_qs.values(key, label_key)
        .annotate(
            n=Count("id"),
            p=Count("id", filter=Q(score__gte=9)),
            d=Count("id", filter=Q(score__lte=6)),
        )
        .order_by(label_key)
    ):
        rows.append(NpsRow(str(r[label_key]), r["n"], r["p"], r["d"], asked.get(r[key], 0)))
    return rows


def satisfaction_figures(*, user) -> dict:
    """NPS and response rate of the post-workshop survey per artisan, workshop, antenna and
    month; the office's stay survey; the loyalty figure."""
    from django.db.models.functions import TruncMonth

    from .models import StaySurvey

    reviews = Review.objects.all()
    asked = Booking.objects.filter(status__in=ACTIVE_BOOKING_STATUSES, session__end__lt=timezone_now())
    if user is not None and not is_office_staff(user):
        antennas = user.coordinated_antennas.all()
        reviews = reviews.filter(workshop__member__antenna__in=antennas)
        asked = asked.filter(session__workshop__member__antenna__in=antennas)
    months = _nps_rows(
        reviews.annotate(month=TruncMonth("booking__session__start")),
        asked.annotate(month=TruncMonth("session__start")),
        "month",
        "month",
    )
    for row in months:
        row.label = row.label[:7]
    stays = StaySurvey.objects.filter(sent_at__isnull=False)
    stay_answers = stays.filter(answered_at__isnull=False)
    stay_row = NpsRow(
        "séjour",
        stay_answers.count(),
        stay_answers.filter(score__gte=9).count(),
        stay_answers.filter(score__lte=6).count(),
        stays.count(),
    )
    return {
        "per_month": months,
        "per_workshop": _nps_rows(
            reviews, asked.annotate(workshop=F("session__workshop")), "workshop", "workshop__title"
        ),
        "per_artisan": _nps_rows(
            reviews.annotate(artisan=F("workshop__member")),
            asked.annotate(artisan=F("session__workshop__member")),
            "artisan",
            "workshop__member__name",
        ),
        "per_antenna": _nps_rows(
            reviews.annotate(antenna=F("workshop__member__antenna")),
            asked.annotate(antenna=F("session__workshop__member__antenna")),
            "antenna",
            "workshop__member__antenna__name",
        ),
        "stay": stay_row,
        "loyalty": loyalty_figure(user=user),
    }


def timezone_now():
    from django.utils import timezone

    return timezone.now()


@dataclass
class Loyalty:
    visitors: int
    loyal: int
    goal: int = 75

    @property
    def percent(self) -> int | None:
        return round(100 * self.loyal / self.visitors) if self.visitors else None


def loyalty_figure(*, user=None) -> Loyalty:
    """Share of visitors (by e-mail) who came in at least two different seasons or years
    (workshop bookings and click & collect orders)."""
    from django.db import connection

    antenna_filter = ""
    params: list = []
    if user is not None and not is_office_staff(user):
        ids = list(user.coordinated_antennas.values_list("pk", flat=True)) or [0]
        antenna_filter = "AND m.antenna_id = ANY(%s)"
        params.append(ids)
    sql = f"""
        WITH visits AS (
            SELECT b.email AS email,
                   EXTRACT(YEAR FROM s.start)::int * 10
                   + (EXTRACT(MONTH FROM s.start)::int %% 12) / 3 AS season
            FROM workshops_booking b
            JOIN workshops_session s ON s.id = b.session_id
            JOIN workshops_workshop w ON w.id = s.workshop_id
            JOIN network_member m ON m.id = w.member_id
            WHERE b.status IN ('confirmed', 'confirmed_invoice') AND s.start < now() {antenna_filter}
        ), per_person AS (SELECT email, count(DISTINCT season) AS seasons FROM visits GROUP BY email)
        SELECT count(*), count(*) FILTER (WHERE seasons >= 2) FROM per_person
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        visitors, loyal = cursor.fetchone()
    return Loyalty(visitors=visitors or 0, loyal=loyal or 0)
