"""The next opening date: one rule (offers/opening.py), the same in Python and in SQL."""

import datetime as dt
import random
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from offers.models import Offer, OpeningPeriod
from offers.opening import (
    is_open_on,
    next_opening_date,
    next_opening_date_sql,
    open_between,
    open_between_sql,
)
from tests.factories.offers import OfferFactory, OpeningPeriodFactory

PARIS = ZoneInfo("Europe/Paris")


def P(start, end, *, weekdays=(), closes=None, opens=None, closed=False):  # noqa: N802 - reads as a period
    return OpeningPeriod(
        starts_on=start, ends_on=end, weekdays=list(weekdays), opens_at=opens, closes_at=closes, closed=closed
    )


def at(y, m, d, h=9, mi=0):
    return dt.datetime(y, m, d, h, mi, tzinfo=PARIS)


def test_first_matching_weekday_not_the_period_start():
    # Wednesdays and Saturdays from Monday 1 June 2026: the next date is Wednesday 3 June.
    periods = [P(dt.date(2026, 6, 1), dt.date(2026, 9, 30), weekdays=[2, 5])]
    assert next_opening_date(periods, now=at(2026, 5, 20)) == dt.date(2026, 6, 3)


def test_a_started_period_gives_today_or_later_never_the_past():
    periods = [P(dt.date(2026, 4, 1), dt.date(2026, 10, 31), weekdays=[5])]  # Saturdays
    # Thursday 16 July 2026 → Saturday 18 July.
    assert next_opening_date(periods, now=at(2026, 7, 16)) == dt.date(2026, 7, 18)
    assert next_opening_date(periods, now=at(2026, 11, 2)) is None


def test_closures_are_skipped():
    periods = [
        P(dt.date(2026, 7, 1), dt.date(2026, 7, 31)),
        P(dt.date(2026, 7, 14), dt.date(2026, 7, 15), closed=True),
    ]
    assert next_opening_date(periods, now=at(2026, 7, 14)) == dt.date(2026, 7, 16)
    assert not is_open_on(periods, dt.date(2026, 7, 14), now=at(2026, 7, 1))


def test_period_across_new_year_with_first_january_closed():
    periods = [
        P(dt.date(2026, 12, 20), dt.date(2027, 1, 10), closes=dt.time(18, 0)),
        P(dt.date(2027, 1, 1), dt.date(2027, 1, 1), closed=True),
    ]
    assert next_opening_date(periods, now=at(2026, 12, 31, 20)) == dt.date(2027, 1, 2)
    assert next_opening_date(periods, now=at(2026, 12, 31, 8)) == dt.date(2026, 12, 31)


def test_today_after_closing_time_moves_to_the_next_opening_day():
    periods = [P(dt.date(2026, 3, 1), dt.date(2026, 12, 31), weekdays=[4, 5], closes=dt.time(13, 0))]
    friday = at(2026, 7, 17, 12, 59)
    assert next_opening_date(periods, now=friday) == dt.date(2026, 7, 17)
    assert next_opening_date(periods, now=at(2026, 7, 17, 13, 0)) == dt.date(2026, 7, 18)


@pytest.mark.parametrize(
    ("utc_now", "expected"),
    [
        # Last Sunday of October 2026 (25th): clocks go back at 03:00 CEST. 17:30 UTC is 18:30 CET.
        (dt.datetime(2026, 10, 25, 16, 30, tzinfo=dt.UTC), dt.date(2026, 10, 25)),  # 17:30 Paris
        (dt.datetime(2026, 10, 25, 17, 30, tzinfo=dt.UTC), dt.date(2026, 10, 26)),  # 18:30 Paris
        # Last Sunday of March 2026 (29th): clocks go forward. 16:30 UTC is 18:30 CEST.
        (dt.datetime(2026, 3, 29, 15, 30, tzinfo=dt.UTC), dt.date(2026, 3, 29)),  # 17:30 Paris
        (dt.datetime(2026, 3, 29, 16, 30, tzinfo=dt.UTC), dt.date(2026, 3, 30)),  # 18:30 Paris
    ],
)
def test_closing_time_read_on_the_paris_clock_across_dst(utc_now, expected):
    periods = [P(dt.date(2026, 1, 1), dt.date(2026, 12, 31), closes=dt.time(18, 0))]
    assert next_opening_date(periods, now=utc_now) == expected


def test_permanent_places_have_no_next_date_but_pass_the_filter():
    assert next_opening_date([], now=at(2026, 7, 1)) is None
    assert open_between([], dt.date(2026, 7, 4), dt.date(2026, 7, 5), now=at(2026, 7, 1))


@pytest.mark.django_db
def test_this_weekend_search_leaves_out_a_friday_market(visitor):
    today = timezone.localdate()
    saturday = today + dt.timedelta(days=(5 - today.weekday()) % 7 or 7)
    sunday = saturday + dt.timedelta(days=1)
    start, end = today - dt.timedelta(days=3), today + dt.timedelta(days=60)
    OpeningPeriodFactory(
        offer=OfferFactory(title="Marché du vendredi"), starts_on=start, ends_on=end, weekdays=[4]
    )
    OpeningPeriodFactory(
        offer=OfferFactory(title="Musée du week-end"), starts_on=start, ends_on=end, weekdays=[5, 6]
    )
    closed = OfferFactory(title="Ferme fermée ce week-end")
    OpeningPeriodFactory(offer=closed, starts_on=start, ends_on=end)
    OpeningPeriodFactory(offer=closed, starts_on=saturday, ends_on=sunday, closed=True)
    response = visitor.get("/offres/", {"date_from": saturday.isoformat(), "date_to": sunday.isoformat()})
    assert [o.title for o in response.context["offers"]] == ["Musée du week-end"]
    assert response.context["offers"][0].next_date >= today


def _random_offers(rng: random.Random, base: dt.date, count: int) -> list[Offer]:
    offers = []
    for n in range(count):
        offer = OfferFactory(title=f"Aléatoire {n}")
        for _ in range(rng.randint(0 if n % 7 == 0 else 1, 3)):
            start = base + dt.timedelta(days=rng.randint(-30, 330))
            OpeningPeriodFactory(
                offer=offer,
                starts_on=start,
                ends_on=start + dt.timedelta(days=rng.choice([0, 1, 6, 30, 120])),
                weekdays=sorted(rng.sample(range(7), rng.choice([0, 0, 1, 2, 5]))),
                closes_at=rng.choice([None, dt.time(12, 30), dt.time(18, 0)]),
            )
        if rng.random() < 0.4:
            start = base + dt.timedelta(days=rng.randint(0, 300))
            OpeningPeriodFactory(
                offer=offer,
                starts_on=start,
                ends_on=start + dt.timedelta(days=rng.randint(0, 10)),
                closed=True,
            )
        offers.append(offer)
    return offers


@pytest.mark.django_db
def test_sql_and_python_agree_over_a_year_of_days():
    rng = random.Random(10)
    now = at(2026, 12, 4, 14, 0)
    today = now.date()
    _random_offers(rng, today, 14)
    periods = {o.pk: list(o.periods.all()) for o in Offer.objects.prefetch_related("periods")}
    for n in range(366):
        day = today + dt.timedelta(days=n)
        in_sql = set(Offer.objects.filter(open_between_sql(day, day, now=now)).values_list("pk", flat=True))
        in_python = {pk for pk, ps in periods.items() if open_between(ps, day, day, now=now)}
        assert in_sql == in_python, day
    for _ in range(60):
        start = today + dt.timedelta(days=rng.randint(-5, 360))
        end = start + dt.timedelta(days=rng.randint(0, 20))
        in_sql = set(Offer.objects.filter(open_between_sql(start, end, now=now)).values_list("pk", flat=True))
        assert in_sql == {pk for pk, ps in periods.items() if open_between(ps, start, end, now=now)}
    for hour in (0, 9, 12, 13, 18, 23):
        moment = now.replace(hour=hour, minute=rng.choice([0, 29, 59]))
        in_sql = dict(Offer.objects.annotate(nd=next_opening_date_sql(now=moment)).values_list("pk", "nd"))
        assert in_sql == {pk: next_opening_date(ps, now=moment) for pk, ps in periods.items()}, moment
