"""Template filters for French formats: money, numbers, durations."""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def money(value) -> str:
    """12.5 → « 12,50 € » (in the active language's number format)."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    except (InvalidOperation, ValueError):
        return ""
    return f"{number_format(amount, 2, force_grouping=True)}\u00a0€"


@register.filter
def number(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    return number_format(value, int(decimals), force_grouping=True)


@register.filter
def percent(value, decimals: int = 0) -> str:
    if value is None or value == "":
        return ""
    return f"{number_format(value, int(decimals), force_grouping=True)}\u00a0%"


@register.filter
def duration_minutes(value) -> str:
    """95 → « 1 h 35 »; 45 → « 45 min »."""
    if value in (None, ""):
        return ""
    minutes = int(round(float(value)))
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return _("%(h)d h %(m)02d") % {"h": hours, "m": rest}
    if hours:
        return _("%(h)d h") % {"h": hours}
    return _("%(m)d min") % {"m": rest}


@register.filter
def travel_time(value) -> str:
    """Driving time: 0.3 → « moins d'une minute en voiture »; 12 → « environ 12 min en voiture »."""
    if value in (None, ""):
        return ""
    if int(round(float(value))) < 1:
        return _("moins d'une minute en voiture")
    return _("environ %(t)s en voiture") % {"t": duration_minutes(value)}


@register.simple_tag(takes_context=True)
def querystring_replace(context, **kwargs) -> str:
    """Current query string with some parameters replaced (for pagination links)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    return query.urlencode()


@register.simple_tag
def colon() -> str:
    """« : » after a label: French puts a space before it, English does not."""
    from django.utils.translation import get_language

    return " :" if (get_language() or "fr").startswith("fr") else ":"


@register.inclusion_tag("common/_quick_dates.html", takes_context=True)
def quick_dates(context, label: str = "") -> dict:
    """Links that set the search's dates to today, this weekend or this week (issue 10 point 14)."""
    from django.utils import timezone

    from common.quickdates import quick_date_ranges

    request = context["request"]
    chosen = (request.GET.get("date_from", ""), request.GET.get("date_to", ""))
    choices = []
    from django.conf import settings

    for choice in quick_date_ranges(timezone.localdate(), holiday_zone=settings.SCHOOL_HOLIDAY_ZONE):
        query = request.GET.copy()
        query.pop("page", None)
        query["date_from"], query["date_to"] = choice.start.isoformat(), choice.end.isoformat()
        current = chosen == (choice.start.isoformat(), choice.end.isoformat())
        choices.append({"label": choice.label, "query": query.urlencode(), "current": current})
    return {"choices": choices, "label": label}


NOT_FILTERS = frozenset({"page", "sort", "lat", "lon"})


@register.simple_tag(takes_context=True)
def active_filter_count(context) -> int:
    """How many search criteria the visitor set (shown on the folded « Filtrer » panel)."""
    query = context["request"].GET
    return sum(1 for key in query if key not in NOT_FILTERS and any(v.strip() for v in query.getlist(key)))
