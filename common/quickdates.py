"""Quick date choices of the search pages (issue 10 point 14): today, this weekend, this week,
the school holidays (zone of the territory, from the ``vacances-scolaires-france`` data).

Pure functions of « today » so that a test can walk every weekday; the pages turn them into
links that fill the search form's ``date_from``/``date_to`` (no JavaScript needed).
"""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class QuickDates:
    key: str
    label: str
    start: datetime.date
    end: datetime.date


# A holiday further away than this is not « the » holidays a visitor means.
HOLIDAY_HORIZON_DAYS = 120


@functools.lru_cache(maxsize=8)
def school_holidays(today: datetime.date, zone: str) -> tuple[datetime.date, datetime.date] | None:
    """The school holidays under way or the next ones (from today to their last day), or None
    when the data has no holiday within ``HOLIDAY_HORIZON_DAYS`` (or does not reach that far).
    Cached per day: the data is a CSV file read on each ``SchoolHolidayDates()``."""
    from vacances_scolaires_france import SchoolHolidayDates, UnsupportedYearException

    data = SchoolHolidayDates()
    horizon = today + datetime.timedelta(days=HOLIDAY_HORIZON_DAYS + 31)
    days: set[datetime.date] = set()
    for year in range(today.year, horizon.year + 1):
        try:
            days |= set(data.holidays_for_year_and_zone(year, zone))
        except UnsupportedYearException:
            break
    ahead = (today + datetime.timedelta(days=n) for n in range(HOLIDAY_HORIZON_DAYS))
    start = next((day for day in ahead if day in days), None)
    if start is None:
        return None
    end = start
    while end + datetime.timedelta(days=1) in days:
        end += datetime.timedelta(days=1)
    return start, end


def quick_date_ranges(today: datetime.date, *, holiday_zone: str | None = None) -> list[QuickDates]:
    """« Aujourd'hui », « Ce week-end » (Saturday–Sunday; from today when it is already the
    weekend), « Cette semaine » (today to Sunday), « Vacances » (when ``holiday_zone`` is given
    and holidays are under way or coming); a choice covering the same days as an earlier one is
    left out."""
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    saturday = max(today, sunday - datetime.timedelta(days=1))
    choices = [
        QuickDates("today", _("Aujourd'hui"), today, today),
        QuickDates("weekend", _("Ce week-end"), saturday, sunday),
        QuickDates("week", _("Cette semaine"), today, sunday),
    ]
    holidays = school_holidays(today, holiday_zone) if holiday_zone else None
    if holidays:
        choices.append(QuickDates("holidays", _("Vacances"), *holidays))
    # Two buttons for the same days would both light up as chosen: on a Saturday « Cette
    # semaine » is the weekend, on a Sunday all three are today. The first one says it.
    unique: list[QuickDates] = []
    for choice in choices:
        if all((choice.start, choice.end) != (kept.start, kept.end) for kept in unique):
            unique.append(choice)
    return unique
