"""What the network's writers share: renewal constants, the coordinators' scope, capacity locks."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable

from common.access import is_office_staff

from .. import selectors
from ..exceptions import (
    CapacityReached,
    NotYourAntenna,
)
from ..models import (
    CapacityRule,
    Member,
    MembershipApplication,
    ReminderLog,
    User,
)

logger = logging.getLogger(__name__)

RENEWAL_WINDOW_DAYS = 60
RENEWAL_REMINDER_DAYS = (30, 7)
CHARTER_REMINDER_DAYS = (14, 3)
MAX_MEMBER_PHOTOS = 12

Status = MembershipApplication.Status


def _one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _check_scope(actor: User | None, antenna_id: int) -> None:
    """Coordinators decide only for their antennas; office staff (and system jobs) everywhere."""
    if actor is None or is_office_staff(actor):
        return
    if not actor.coordinated_antennas.filter(pk=antenna_id).exists():
        raise NotYourAntenna


# --- Capacity --------------------------------------------------------------------------


def _lock_capacity_and_check(
    *, antenna_id: int, craft_ids: Iterable[int], exclude_member_id: int | None = None
) -> None:
    """Lock the capacity rows of this antenna and crafts, then re-count from the members.

    Rows are locked once, in id order, so two staff accepting for overlapping crafts never
    deadlock; the second one waits, then sees the place taken.
    """
    rules = list(
        CapacityRule.objects.select_for_update()
        .filter(pk__in=selectors.capacity_rules_for(antenna_id=antenna_id, craft_ids=craft_ids).values("pk"))
        .order_by("id")
    )
    for rule in rules:
        if selectors.capacity_used(rule=rule, exclude_member_id=exclude_member_id) >= rule.max_members:
            raise CapacityReached


def _reminder_once(*, member: Member, kind: str, key: str) -> bool:
    """True the first time (member, kind, key) is seen: the caller then sends the reminder."""
    _log, created = ReminderLog.objects.get_or_create(member=member, kind=kind, key=key)
    return created
