"""Writes of the network app: one function per business action (keyword-only, typed).

Other apps call ``contact_record`` here: bookings and orders feed the network's contacts.
The modules below hold them by subject; every name is importable from ``network.services``.
"""

from .applications import (
    application_accept,
    application_refuse,
    application_reply,
    application_request_info,
    application_resend_status_link,
    application_submit,
    application_take_charge,
    application_waitlist,
)
from .charter import (
    capacity_rule_delete,
    capacity_rule_set,
    charter_draft_discard,
    charter_draft_publish,
    charter_draft_save,
    charter_flag_overdue,
    charter_send_reminders,
    charter_sign,
    charter_version_publish,
    decision_template_delete,
    decision_template_save,
)
from .common import (
    CHARTER_REMINDER_DAYS,
    MAX_MEMBER_PHOTOS,
    RENEWAL_REMINDER_DAYS,
    RENEWAL_WINDOW_DAYS,
    _one_year_after,
)
from .contacts import (
    _normalise_email,
    contact_record,
    contact_record_after_commit,
    contact_withdraw_consent,
)
from .members import (
    PROFILE_FIELDS,
    member_invite_colleague,
    member_photo_add,
    member_photo_delete,
    member_renew,
    member_set_location,
    member_set_status,
    member_update_profile,
    members_lapse_overdue,
    renewal_send_reminders,
)

__all__ = [
    "CHARTER_REMINDER_DAYS",
    "MAX_MEMBER_PHOTOS",
    "PROFILE_FIELDS",
    "RENEWAL_REMINDER_DAYS",
    "RENEWAL_WINDOW_DAYS",
    "_normalise_email",
    "_one_year_after",
    "application_accept",
    "application_refuse",
    "application_reply",
    "application_request_info",
    "application_resend_status_link",
    "application_submit",
    "application_take_charge",
    "application_waitlist",
    "capacity_rule_delete",
    "capacity_rule_set",
    "charter_draft_discard",
    "charter_draft_publish",
    "charter_draft_save",
    "charter_flag_overdue",
    "charter_send_reminders",
    "charter_sign",
    "charter_version_publish",
    "contact_record",
    "contact_record_after_commit",
    "contact_withdraw_consent",
    "decision_template_delete",
    "decision_template_save",
    "member_invite_colleague",
    "member_photo_add",
    "member_photo_delete",
    "member_renew",
    "member_set_location",
    "member_set_status",
    "member_update_profile",
    "members_lapse_overdue",
    "renewal_send_reminders",
]
