"""« 8 h 30 » for a time of day in French (« 8:30 » otherwise), as the workshops' dates do."""

import datetime

from django import template
from django.utils.translation import get_language

register = template.Library()
NBSP = "\u00a0"


@register.filter
def clock(value: datetime.time | None) -> str:
    if value is None:
        return ""
    if (get_language() or "fr").startswith("fr"):
        return f"{value.hour}{NBSP}h{NBSP}{value.minute:02d}"
    return f"{value.hour}:{value.minute:02d}"
