"""Quick date choices of the search pages (issue 10 point 14): today, this weekend, this week.

Pure functions of « today » so that a test can walk every weekday; the pages turn them into
links that fill the search form's ``date_from``/``date_to`` (no JavaScript needed).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class QuickDates:
    key: str
    label: str
    start: datetime.date
    end: datetime.date


def quick_date_ranges(today: datetime.date) -> list[QuickDates]:
    """« Aujourd'hui », « Ce week-end » (Saturday–Sunday; from today when it is already the
    weekend), « Cette semaine » (today to Sunday)."""
    sunday = today + datetime.timedelta(days=6 - today.weekday())
    saturday = max(today, sunday - datetime.timedelta(days=1))
    return [
        QuickDates("today", _("Aujourd'hui"), today, today),
        QuickDates("weekend", _("Ce week-end"), saturday, sunday),
        QuickDates("week", _("Cette semaine"), today, sunday),
    ]
