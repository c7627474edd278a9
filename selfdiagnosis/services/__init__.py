"""Writes of the self-assessment: questionnaires, campaigns, answers, signature, review, badge,
in modules by subject; every name is importable from ``selfdiagnosis.services``.

Every state change locks the assessment row and re-checks its status, so a double click or a
task delivered twice changes nothing the second time.
"""

from .answers import (
    SHARED_FIELDS,
    AnswerInput,
    answer_save,
    assessment_prefill_shared_answers,
    assessment_submit,
)
from .campaigns import (
    Invitation,
    assessment_extend_link,
    assessment_send_reminder,
    campaign_close,
    campaign_create,
    campaign_invite,
    invitations_for_offers,
    reminders_send_due,
    respondent_language,
)
from .common import (
    BADGE_VALIDITY_DAYS,
    LANGUAGE_CODES,
    LINK_VALIDITY_DAYS,
    RENEWAL_NOTICE_DAYS,
)
from .questionnaires import (
    questionnaire_install_defaults,
    questionnaire_new_version,
    questionnaire_publish,
)
from .review import (
    assessment_renew,
    assessment_request_changes,
    assessment_validate,
    assessment_withdraw,
    badges_renew_expiring,
    criterion_comments_save,
)

__all__ = [
    "AnswerInput",
    "BADGE_VALIDITY_DAYS",
    "Invitation",
    "LANGUAGE_CODES",
    "LINK_VALIDITY_DAYS",
    "RENEWAL_NOTICE_DAYS",
    "SHARED_FIELDS",
    "answer_save",
    "assessment_extend_link",
    "assessment_prefill_shared_answers",
    "assessment_renew",
    "assessment_request_changes",
    "assessment_send_reminder",
    "assessment_submit",
    "assessment_validate",
    "assessment_withdraw",
    "badges_renew_expiring",
    "campaign_close",
    "campaign_create",
    "campaign_invite",
    "criterion_comments_save",
    "invitations_for_offers",
    "questionnaire_install_defaults",
    "questionnaire_new_version",
    "questionnaire_publish",
    "reminders_send_due",
    "respondent_language",
]
