"""Figures entered by staff (the shop's daily footfall)."""

from __future__ import annotations

import datetime

from django.db import transaction

from common.audit import log_action

from ..models import DailyFootfall


def footfall_record(*, day: datetime.date, visitors: int, note: str = "", actor) -> DailyFootfall:
    """Record (or correct) the number of visitors counted on ``day``."""
    with transaction.atomic():
        footfall, _created = DailyFootfall.objects.update_or_create(
            day=day, defaults={"visitors": visitors, "note": note}
        )
        log_action(actor, "shop.footfall.recorded", footfall, visitors=visitors)
    return footfall
