"""Writes of the workshops app: one entry point per business action, in modules by subject
(bookings, waitlist, sessions, groups, reviews, upkeep; ``common`` holds the session lock and
the seat counts they share). Every name is importable from ``workshops.services``.
"""

from .bookings import (
    booking_cancel,
    booking_change_party_size,
    booking_create,
    booking_hold_release,
    booking_mark_attendance,
    booking_payment_confirm,
    session_mark_all_present,
)
from .common import (
    GO_NO_GO_ANSWER_WINDOW,
    GO_NO_GO_BEFORE,
    GO_NO_GO_LAST_NOTICE,
    GROUP_HEADCOUNT_DEADLINE_BEFORE,
    MAX_SERIES_SESSIONS,
    WAITLIST_HOLD,
    _store_seats_booked,
    booking_party_check,
    session_seats_left,
)
from .groups import (
    booking_set_po_number,
    group_request_accept,
    group_request_create,
    group_request_decline,
    group_request_propose,
)
from .reviews import (
    review_moderate,
    review_submit,
)
from .sessions import (
    SeriesOutcome,
    recurring_starts,
    session_cancel,
    session_change_capacity,
    session_create,
    session_create_recurring,
    session_decide,
    session_go_no_go_run,
    session_start_label,
    workshop_create,
    workshop_photo_add,
    workshop_photo_delete,
    workshop_update,
)
from .upkeep import (
    calendar_feed_get_or_create,
    calendar_feed_reset,
    catalogue_changes_prune,
    workshop_listings_refresh_due,
)
from .waitlist import (
    waitlist_claim,
    waitlist_expire_offers,
    waitlist_join,
    waitlist_leave,
    waitlist_offer_next,
)

__all__ = [
    "_store_seats_booked",  # the demo data (relations, training) sets counters after raw inserts
    "GO_NO_GO_ANSWER_WINDOW",
    "GO_NO_GO_BEFORE",
    "GO_NO_GO_LAST_NOTICE",
    "GROUP_HEADCOUNT_DEADLINE_BEFORE",
    "MAX_SERIES_SESSIONS",
    "SeriesOutcome",
    "WAITLIST_HOLD",
    "booking_cancel",
    "booking_change_party_size",
    "booking_create",
    "booking_hold_release",
    "booking_mark_attendance",
    "booking_party_check",
    "booking_payment_confirm",
    "booking_set_po_number",
    "calendar_feed_get_or_create",
    "calendar_feed_reset",
    "catalogue_changes_prune",
    "group_request_accept",
    "group_request_create",
    "group_request_decline",
    "group_request_propose",
    "recurring_starts",
    "review_moderate",
    "review_submit",
    "session_cancel",
    "session_change_capacity",
    "session_create",
    "session_create_recurring",
    "session_decide",
    "session_go_no_go_run",
    "session_mark_all_present",
    "session_seats_left",
    "session_start_label",
    "waitlist_claim",
    "waitlist_expire_offers",
    "waitlist_join",
    "waitlist_leave",
    "waitlist_offer_next",
    "workshop_create",
    "workshop_listings_refresh_due",
    "workshop_photo_add",
    "workshop_photo_delete",
    "workshop_update",
]
