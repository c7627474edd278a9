"""Dates and times as each language writes them: one set of filters for pages and e-mails.

Django's French locale gives « D j M » as « dim 22 Nov » and « H\\hi » as « 14h00 »; French
typography wants « dim. 22 nov. » (lower case, abbreviations end with a dot, « mars »,
« mai », « juin » and « août » stay whole), « 1er » for the first of the month and « 14 h 00 ».
The abbreviations go through gettext, so another language gets its own; outside French the
time reads « 14:00 ». All filters take aware datetimes and show them in Europe/Paris.
"""

from __future__ import annotations

import datetime
import functools

from django import template
from django.utils import dateformat, timezone, translation
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

register = template.Library()

WEEKDAYS_ABBR = [
    pgettext_lazy("abbreviated weekday", "lun."),
    pgettext_lazy("abbreviated weekday", "mar."),
    pgettext_lazy("abbreviated weekday", "mer."),
    pgettext_lazy("abbreviated weekday", "jeu."),
    pgettext_lazy("abbreviated weekday", "ven."),
    pgettext_lazy("abbreviated weekday", "sam."),
    pgettext_lazy("abbreviated weekday", "dim."),
]
MONTHS_ABBR = [
    pgettext_lazy("abbreviated month", "janv."),
    pgettext_lazy("abbreviated month", "févr."),
    pgettext_lazy("abbreviated month", "mars"),
    pgettext_lazy("abbreviated month", "avr."),
    pgettext_lazy("abbreviated month", "mai"),
    pgettext_lazy("abbreviated month", "juin"),
    pgettext_lazy("abbreviated month", "juil."),
    pgettext_lazy("abbreviated month", "août"),
    pgettext_lazy("abbreviated month", "sept."),
    pgettext_lazy("abbreviated month", "oct."),
    pgettext_lazy("abbreviated month", "nov."),
    pgettext_lazy("abbreviated month", "déc."),
]
NBSP = "\u00a0"


def _french() -> bool:
    return (get_language() or "fr").startswith("fr")


@functools.lru_cache(maxsize=16)
def _abbreviations(language: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    # Resolved once per language: a catalogue page writes some seventy dates.
    with translation.override(language):
        return tuple(str(d) for d in WEEKDAYS_ABBR), tuple(str(m) for m in MONTHS_ABBR)


def _weekday_abbr(value: datetime.date) -> str:
    return _abbreviations(get_language() or "fr")[0][value.weekday()]


def _month_abbr(value: datetime.date) -> str:
    return _abbreviations(get_language() or "fr")[1][value.month - 1]


def _day_number(value: datetime.date) -> str:
    return "1er" if value.day == 1 and _french() else str(value.day)


def _current_year() -> int:
    return timezone.localdate().year


def _with_year(text: str, value: datetime.date, arg: str) -> str:
    """The year is written when asked (``"year"``) or when it is not this year's: « jeu. 7 janv.
    2027 » seen in December; ``"noyear"`` never writes it (a calendar already headed by its year)."""
    if arg == "year" or (arg != "noyear" and value.year != _current_year()):
        return f"{text} {value.year}"
    return text


def _date_filter(function):
    """Register ``function`` as a filter on local times that renders nothing for no value."""

    @functools.wraps(function)
    def wrapper(value, *args):
        return function(value, *args) if value else ""

    return register.filter(function.__name__, wrapper, expects_localtime=True)


@_date_filter
def day_short(value, arg: str = "") -> str:
    """« dim. 22 nov. » (« dim. 22 nov. 2026 » with ``:"year"`` or in another year)."""
    text = f"{_weekday_abbr(value)} {_day_number(value)} {_month_abbr(value)}"
    return _with_year(text, value, arg)


@_date_filter
def day_long(value, arg: str = "") -> str:
    """« dimanche 22 novembre » (« … 2026 » with ``:"year"`` or in another year)."""
    text = f"{dateformat.format(value, 'l')} {_day_number(value)} {dateformat.format(value, 'F')}"
    return _with_year(text, value, arg)


@_date_filter
def date_long(value) -> str:
    """« 22 novembre 2026 », « 1er décembre 2026 »."""
    return f"{_day_number(value)} {dateformat.format(value, 'F')} {value.year}"


@_date_filter
def date_short(value) -> str:
    """« 22 nov. 2026 »."""
    return f"{_day_number(value)} {_month_abbr(value)} {value.year}"


@_date_filter
def day_month(value, arg: str = "") -> str:
    """« 1er juin », « 22 novembre » (« 1 June » in English); the year when not this year's."""
    return _with_year(f"{_day_number(value)} {dateformat.format(value, 'F')}", value, arg)


@_date_filter
def date_time(value, arg: str = "") -> str:
    """« 3 décembre à 14 h 05 », « 22 novembre 2025 à 9 h 30 »: a moment in staff lists and logs."""
    return _("%(day)s à %(time)s") % {"day": day_month(value, arg), "time": hour(value)}


@register.filter(expects_localtime=True)
def hour(value) -> str:
    """« 14 h 00 », « 9 h 30 » (non-breaking spaces); « 14:00 » outside French.

    Takes a datetime or a time of day (opening hours).
    """
    if value is None or value == "":
        return ""
    if _french():
        return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"
    return f"{value.hour}:{value.minute:02d}"


@_date_filter
def when_short(value, arg: str = "") -> str:
    """« dim. 22 nov., 14 h 00 »."""
    return f"{day_short(value, arg)}, {hour(value)}"


@_date_filter
def when_long(value, arg: str = "") -> str:
    """« dimanche 22 novembre à 14 h 00 » (« … 2026 à … » with ``:"year"``)."""
    return _("%(day)s à %(time)s") % {"day": day_long(value, arg), "time": hour(value)}
