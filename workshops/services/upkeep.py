"""The member's calendar feed, and the upkeep the clock needs: listing columns, page stamps."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.audit import log_action

from ..models import (
    CalendarFeed,
    WaitlistEntry,
    Workshop,
)

# --- calendar feed -------------------------------------------------------------------------


def calendar_feed_get_or_create(*, member) -> CalendarFeed:
    feed, _created = CalendarFeed.objects.get_or_create(member=member)
    return feed


def calendar_feed_reset(*, member, actor) -> CalendarFeed:
    """Give the member a new private feed address; the old one stops working."""
    from ..models import new_token

    with transaction.atomic():
        feed, _created = CalendarFeed.objects.select_for_update().get_or_create(member=member)
        feed.token = new_token()
        feed.save(update_fields=["token"])
        log_action(actor, "workshops.calendar.reset", feed)
    return feed


def workshop_listings_refresh_due(*, now: datetime.datetime | None = None, batch: int = 200) -> int:
    """Recompute the listing columns that time, not a write, made wrong: a stored first date
    that has started, or a waitlist hold that has run out but is not swept yet. Every write is
    already followed by the database (migration 0013); this only catches the clock. Small
    batches, one short transaction per workshop (the refresh locks the workshop row)."""
    from django.db import connection

    now = now or timezone.now()
    held_over = WaitlistEntry.objects.filter(
        status=WaitlistEntry.Status.OFFERED, offer_expires_at__lte=now
    ).values("session__workshop_id")
    ids = list(
        Workshop.objects.filter(Q(next_start_with_seats__lte=now) | Q(pk__in=held_over))
        .order_by("pk")
        .values_list("pk", flat=True)[:batch]
    )
    for pk in ids:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT workshops_listing_refresh(%s)", [pk])
    return len(ids)


def catalogue_changes_prune(*, keep_minutes: int = 2) -> int:
    """Delete change rows older than ``keep_minutes`` (the page cache only compares stamps).

    Run every minute: ``catalogue_stamp`` counts the rows at every anonymous page view, which
    cost 4 ms at 30,000 rows. A row's time is its transaction's start, so a long transaction's
    rows may go at the next prune after its commit: its commit moves the stamp at once (the
    count grows) and that prune moves it again."""
    from ..models import CatalogueChange

    cutoff = timezone.now() - datetime.timedelta(minutes=keep_minutes)
    deleted, _detail = CatalogueChange.objects.filter(at__lt=cutoff).delete()
    return deleted
