"""Celery tasks of the self-assessment: emails and periodic jobs. They take ids and are safe to
run twice (the periodic ones go through idempotent services)."""

from __future__ import annotations

import logging

from celery import shared_task
from django.conf import settings

from common.emails import send_templated_email

logger = logging.getLogger(__name__)

RETRY = {"autoretry_for": (OSError,), "retry_backoff": 30, "retry_backoff_max": 600, "max_retries": 5}


def _assessment(assessment_id: int):
    from .models import Assessment

    return (
        Assessment.objects.select_related("questionnaire", "offer", "member", "campaign")
        .filter(pk=assessment_id)
        .first()
    )


def _send(assessment_id: int, template: str) -> bool:
    assessment = _assessment(assessment_id)
    if assessment is None or not assessment.respondent_email:
        return False
    send_templated_email(
        template=f"selfdiagnosis/{template}",
        to=[assessment.respondent_email],
        context={"assessment": assessment, "url": assessment.respondent_url},
        language=assessment.language or settings.LANGUAGE_CODE,
    )
    return True


@shared_task(**RETRY)
def send_invitation(assessment_id: int) -> bool:
    return _send(assessment_id, "invitation")


@shared_task(**RETRY)
def send_reminder(assessment_id: int) -> bool:
    return _send(assessment_id, "reminder")


@shared_task(**RETRY)
def send_renewal(assessment_id: int) -> bool:
    return _send(assessment_id, "renewal")


@shared_task(**RETRY)
def send_changes_requested(assessment_id: int) -> bool:
    return _send(assessment_id, "changes_requested")


@shared_task(**RETRY)
def send_validated(assessment_id: int) -> bool:
    return _send(assessment_id, "validated")


@shared_task(**RETRY)
def notify_staff_submitted(assessment_id: int) -> bool:
    assessment = _assessment(assessment_id)
    if assessment is None or not settings.STAFF_NOTIFICATION_EMAILS:
        return False
    send_templated_email(
        template="selfdiagnosis/submitted_staff",
        to=settings.STAFF_NOTIFICATION_EMAILS,
        context={"assessment": assessment},
        language=settings.LANGUAGE_CODE,
    )
    return True


@shared_task
def send_due_reminders() -> int:
    from .services import reminders_send_due

    sent = reminders_send_due()
    logger.info("selfdiagnosis reminders sent: %s", sent)
    return sent


@shared_task
def renew_expiring_badges() -> int:
    from .services import badges_renew_expiring

    count = badges_renew_expiring()
    logger.info("selfdiagnosis renewal invitations: %s", count)
    return count
