"""Writers of the relationship tool, by theme (contacts, campaigns, GDPR)."""

from .campaigns import (  # noqa: F401
    campaign_build_message,
    campaign_create,
    campaign_render,
    campaign_send_batch,
    campaign_send_test,
    campaign_start,
    campaign_start_due,
    promo_code_apply,
)
from .contacts import (  # noqa: F401
    contact_mark_undeliverable,
    contact_merge,
    contact_profile_save,
    duplicate_suggestions,
    newsletter_confirm,
    newsletter_signup,
    segment_save,
    stay_survey_answer,
    stay_surveys_send,
)
from .retention import retention_run  # noqa: F401, E402
