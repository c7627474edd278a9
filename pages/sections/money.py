"""The « Argent » card of the staff home: online revenue, the office's share, voucher liability."""

from __future__ import annotations

from django.utils import timezone

from common.access import is_office_staff
from payouts.figures import money_figures

from . import Section


def staff(request):
    # Network-wide money: office staff only, not antenna coordinators.
    if not is_office_staff(request.user):
        return None
    period = timezone.localdate().replace(day=1)
    return Section("pages/partials/_money_staff.html", money_figures(period=period), order=25)
