"""When an offer is open: one rule, written once in Python and once in SQL.

The rule — a day *d* is an opening day of an offer when:

* a (non-closure) opening period covers *d* and its week days include *d* (no week day = every day);
* no closure period (``OpeningPeriod.closed``) covers *d* (its week days, if any, narrow it);
* when *d* is today, the period still counts only before its closing time, read on the Paris wall
  clock (``TIME_ZONE``): a market closing at 13:00 is not « next » at 14:00 the same day.

An offer with no opening period at all is a permanent place (a church, a trail): the date filter
keeps it and it has no « prochaine date ». Yearly periods (« tous les ans ») are materialised as
rows for this year and the next (``offer_periods_roll_forward``), so they need nothing more here.

``is_open_on`` / ``next_opening_date`` work on the periods already loaded (offer page);
``open_between_sql`` / ``next_opening_date_sql`` are the same rule for the search (filter and sort
by date). ``tests/offers/test_opening.py`` checks that both give the same answers over a year.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import BooleanField, DateField
from django.db.models.expressions import RawSQL
from django.utils import timezone

HORIZON_DAYS = 366


def paris_now(now: dt.datetime | None = None) -> dt.datetime:
    """``now`` on the site's wall clock (Europe/Paris; DST handled by zoneinfo)."""
    return timezone.localtime(now or timezone.now())


def _covers(period, day: dt.date) -> bool:
    return period.starts_on <= day <= period.ends_on and (
        not period.weekdays or day.weekday() in period.weekdays
    )


def is_open_on(periods: Iterable, day: dt.date, *, now: dt.datetime | None = None) -> bool:
    """True when ``day`` is an opening day for these periods (see the module's rule)."""
    periods = list(periods)
    local = paris_now(now)
    today, clock = local.date(), local.time()
    if any(p.closed and _covers(p, day) for p in periods):
        return False
    for p in periods:
        if p.closed or not _covers(p, day):
            continue
        if day == today and p.closes_at is not None and clock >= p.closes_at:
            continue
        return True
    return False


def is_permanent(periods: Iterable) -> bool:
    """No opening period (closures alone do not count): always open, no dates to show."""
    return not any(not p.closed for p in periods)


def next_opening_date(
    periods: Iterable, *, now: dt.datetime | None = None, horizon: int = HORIZON_DAYS
) -> dt.date | None:
    """The first opening day on or after today (Paris), within ``horizon`` days, or None."""
    periods = list(periods)
    local = paris_now(now)
    today = local.date()
    last = today + dt.timedelta(days=horizon - 1)
    opening = [p for p in periods if not p.closed and p.ends_on >= today and p.starts_on <= last]
    if not opening:
        return None
    day = max(today, min(p.starts_on for p in opening))
    end = min(last, max(p.ends_on for p in opening))
    while day <= end:
        if is_open_on(periods, day, now=local):
            return day
        day += dt.timedelta(days=1)
    return None


def open_between(periods: Iterable, start: dt.date, end: dt.date, *, now: dt.datetime | None = None) -> bool:
    """The date filter's rule in Python: permanent, or open on at least one day of [start, end]."""
    periods = list(periods)
    if is_permanent(periods):
        return True
    local = paris_now(now)
    day = start
    while day <= end:
        if is_open_on(periods, day, now=local):
            return True
        day += dt.timedelta(days=1)
    return False


# --- The same rule in SQL -------------------------------------------------------------------
# Each opening period of the offer is walked over its overlap with the asked range only
# (generate_series per period, not a series of days joined to every period): 20–30 ms for a
# filtered search over 5,000 offers (bench/offers_search.py).
# isodow is 1 (Monday) … 7 (Sunday); the model stores 0 … 6.

_DAY_MATCHES = "(cardinality({p}.weekdays) = 0 OR (extract(isodow FROM g.d)::int - 1) = ANY({p}.weekdays))"


def _open_days(
    offer: str,
    start: str = "%s::date",
    end: str = "%s::date",
    today: str = "%s::date",
    clock: str = "%s::time",
) -> str:
    """The opening days of ``offer`` between ``start`` and ``end`` (SQL expressions; placeholders
    by default, filled by RawSQL), as ``FROM … WHERE`` over rows ``g.d``."""
    return f"""
    FROM offers_openingperiod p
    CROSS JOIN LATERAL (
        SELECT gs::date AS d FROM generate_series(
            GREATEST(p.starts_on, {start})::timestamp,
            LEAST(p.ends_on, {end})::timestamp,
            interval '1 day'
        ) AS gs
    ) g
    WHERE p.offer_id = {offer} AND NOT p.closed
      AND {_DAY_MATCHES.format(p="p")}
      AND (g.d <> {today} OR p.closes_at IS NULL OR p.closes_at > {clock})
      AND NOT EXISTS (
        SELECT 1 FROM offers_openingperiod c
        WHERE c.offer_id = p.offer_id AND c.closed AND g.d BETWEEN c.starts_on AND c.ends_on
          AND {_DAY_MATCHES.format(p="c")}
      )
"""


def open_between_sql(
    start: dt.date, end: dt.date, *, now: dt.datetime | None = None, offer_column: str = '"offers_offer"."id"'
) -> RawSQL:
    """Boolean expression for ``Offer`` querysets: ``open_between`` in SQL."""
    local = paris_now(now)
    sql = (
        f"(EXISTS (SELECT 1 {_open_days(offer_column)})"
        " OR NOT EXISTS (SELECT 1 FROM offers_openingperiod a"
        # OFFSET 0: probed by index per offer, never turned into a hash of every period of
        # every offer (60 ms over 200,000 offers, issue 18).
        f" WHERE a.offer_id = {offer_column} AND NOT a.closed OFFSET 0))"
    )
    return RawSQL(sql, (start, end, local.date(), local.time()), output_field=BooleanField())


def next_opening_date_sql(
    *, now: dt.datetime | None = None, horizon: int = HORIZON_DAYS, offer_column: str = '"offers_offer"."id"'
) -> RawSQL:
    """Date expression for ``Offer`` querysets: ``next_opening_date`` in SQL."""
    local = paris_now(now)
    today = local.date()
    last = today + dt.timedelta(days=horizon - 1)
    sql = f"(SELECT MIN(g.d) {_open_days(offer_column)} AND p.ends_on >= %s::date)"
    return RawSQL(sql, (today, last, today, local.time(), today), output_field=DateField())


# --- The stored next opening date (Offer.next_opening_date, issue 18) -------------------------
# Computing the next date of every matching offer on each search cost 3.3 s over 200,000 offers
# (sort by date). The offer keeps it in a column instead, indexed; the same rule, as a SQL
# function built from the text above, fills it:
# * a statement trigger on opening periods recomputes the offers whose periods changed (services,
#   importers' COPY, admin, the yearly roll-forward: every writer, one rule);
# * ``offer_next_dates_refresh`` (every 15 minutes, and all offers nightly) moves on the offers
#   whose date is today or past: today's closing time passed, or a day went by.
# The migration that creates the function (0011) takes its body from NEXT_OPENING_FUNCTION: a
# change of the rule needs a new migration running it again (a test checks they agree).

NEXT_OPENING_FUNCTION = f"""
CREATE OR REPLACE FUNCTION offers_next_opening(offer bigint, today date, clock time)
RETURNS date LANGUAGE sql STABLE AS $fn$
    SELECT MIN(g.d) {_open_days("$1", start="$2", end=f"($2 + {HORIZON_DAYS - 1})", today="$2", clock="$3")}
      AND p.ends_on >= $2
$fn$;
"""


def next_opening_stored_sql(*, offer_column: str = "o.id") -> str:
    """SQL calling the stored rule for ``offer_column``, with ``%s`` for (today, clock)."""
    return f"offers_next_opening({offer_column}, %s::date, %s::time)"


def open_between_stored_sql(start: dt.date, end: dt.date, *, now: dt.datetime | None = None) -> RawSQL:
    """``open_between_sql`` for the public search, answered from the stored next opening date
    where it decides (issue 18), the opening days walked only where it does not:

    * the range starts today or later and the next opening date is after it: closed;
    * the next opening date falls within the range (from today on): open;
    * otherwise (a date in the past, no stored date, an earlier next date): the full rule."""
    local = paris_now(now)
    today = local.date()
    start_from_today = max(start, today)
    exact = open_between_sql(start, end, now=now)
    column = '"offers_offer"."next_opening_date"'
    sql = (
        f"(CASE WHEN {column} IS NOT NULL AND %s::date >= %s::date AND {column} > %s::date THEN false"
        f" WHEN {column} BETWEEN %s::date AND %s::date THEN true"
        f" ELSE {exact.sql} END)"
    )
    params = (start, today, end, start_from_today, end, *exact.params)
    return RawSQL(sql, params, output_field=BooleanField())
