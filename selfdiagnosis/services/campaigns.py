"""Campaigns and invitations: who is asked, in which language, links, reminders.

Every state change locks the assessment row and re-checks its status, so a double click or a
task delivered twice changes nothing the second time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from common.audit import log_action
from common.tasks import enqueue

from .. import exceptions as e
from .. import selectors, tasks
from ..exceptions import SelfDiagnosisError
from ..models import (
    Assessment,
    Campaign,
    Questionnaire,
    RespondentKind,
)
from .answers import assessment_prefill_shared_answers
from .common import LANGUAGE_CODES, LINK_VALIDITY_DAYS

# --- Campaigns and invitations ---------------------------------------------------------------


@dataclass(frozen=True)
class Invitation:
    """Who to invite: an offer (its member or external provider), a member, or an office."""

    email: str = ""
    name: str = ""
    offer: Any = None
    member: Any = None
    organisation: str = ""
    respondent_kind: str = ""

    @property
    def subject_label(self) -> str:
        return str(self.offer or self.member or self.organisation or self.email)


def campaign_create(
    *,
    title: str,
    questionnaire: Questionnaire,
    deadline: dt.date,
    reminder_days: Sequence[int] = (7, 14),
    message: str = "",
    language: str = "fr",
    actor,
) -> Campaign:
    """Open a campaign on a published questionnaire. Raises SelfDiagnosisError otherwise."""
    if questionnaire.status != Questionnaire.Status.PUBLISHED:
        raise SelfDiagnosisError(e.QUESTIONNAIRE_NOT_PUBLISHED)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            title=title,
            questionnaire=questionnaire,
            deadline=deadline,
            message=message,
            language=language if language in LANGUAGE_CODES else "fr",
            reminder_days=sorted({int(d) for d in reminder_days if int(d) > 0}),
            created_by=actor,
        )
        log_action(actor, "selfdiagnosis.campaign.created", campaign)
    return campaign


def campaign_close(*, campaign: Campaign, actor) -> Campaign:
    updated = Campaign.objects.filter(pk=campaign.pk, status=Campaign.Status.OPEN).update(
        status=Campaign.Status.CLOSED, updated_at=timezone.now()
    )
    campaign.refresh_from_db()
    if updated:
        log_action(actor, "selfdiagnosis.campaign.closed", campaign)
    return campaign


def _invitation_for_offer(offer) -> Invitation:
    member = offer.member
    if member is not None:
        return Invitation(
            offer=offer,
            member=member,
            email=member.email or offer.email,
            name=member.contact_name,
            respondent_kind=RespondentKind.MEMBER,
        )
    return Invitation(
        offer=offer,
        email=offer.email,
        organisation=offer.provider_name,
        respondent_kind=RespondentKind.PROVIDER,
    )


def invitations_for_offers(offers: Iterable, *, email_override: str = "") -> list[Invitation]:
    invitations = []
    for offer in offers:
        invitation = _invitation_for_offer(offer)
        if email_override:
            invitation = Invitation(**{**invitation.__dict__, "email": email_override})
        invitations.append(invitation)
    return invitations


def campaign_invite(*, campaign: Campaign, invitations: Sequence[Invitation], actor) -> list[Assessment]:
    """Create one assessment per invitation and email each a private link (after commit).

    Raises SelfDiagnosisError (closed campaign, subject already invited, no email); nothing is
    created when one invitation is refused."""
    if campaign.status != Campaign.Status.OPEN:
        raise SelfDiagnosisError(e.CAMPAIGN_CLOSED)
    created = []
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        for invitation in invitations:
            if not invitation.email:
                raise SelfDiagnosisError(e.NO_RECIPIENT, subject=invitation.subject_label)
            existing = campaign.assessments.exclude(status=Assessment.Status.WITHDRAWN)
            if invitation.offer is not None:
                existing = existing.filter(offer=invitation.offer)
            elif invitation.member is not None:
                existing = existing.filter(member=invitation.member, offer__isnull=True)
            else:
                existing = existing.filter(
                    respondent_email__iexact=invitation.email, organisation=invitation.organisation
                )
            if existing.exists():
                raise SelfDiagnosisError(e.ALREADY_INVITED, subject=invitation.subject_label)
            kind = invitation.respondent_kind or (
                RespondentKind.TOURISM_OFFICE
                if campaign.questionnaire.kind == Questionnaire.Kind.TOURISM_OFFICE
                else RespondentKind.MEMBER
                if invitation.member is not None
                else RespondentKind.PROVIDER
            )
            assessment = Assessment.objects.create(
                campaign=campaign,
                questionnaire=campaign.questionnaire,
                respondent_kind=kind,
                member=invitation.member,
                offer=invitation.offer,
                organisation=invitation.organisation,
                respondent_name=invitation.name,
                respondent_email=invitation.email,
                language=respondent_language(member=invitation.member, campaign=campaign),
                token_expires_at=_link_expiry(campaign.deadline),
            )
            assessment_prefill_shared_answers(assessment=assessment)
            log_action(actor, "selfdiagnosis.assessment.invited", assessment, email=invitation.email)
            enqueue(tasks.send_invitation, assessment.pk)
            created.append(assessment)
    return created


def respondent_language(*, member=None, campaign: Campaign | None = None, default: str = "fr") -> str:
    """The language of a respondent's emails: the member's account language when the member has
    an account, else the campaign's language, else ``default`` (French)."""
    if member is not None:
        language = (
            member.users.filter(is_active=True).order_by("id").values_list("language", flat=True).first()
        )
        if language in LANGUAGE_CODES:
            return language
    if campaign is not None and campaign.language in LANGUAGE_CODES:
        return campaign.language
    return default if default in LANGUAGE_CODES else "fr"


def _link_expiry(deadline: dt.date | None) -> dt.datetime:
    # The link stays valid a month past the deadline: late answers are better than none.
    base = max(deadline or timezone.localdate(), timezone.localdate()) + dt.timedelta(days=30)
    base = max(base, timezone.localdate() + dt.timedelta(days=LINK_VALIDITY_DAYS // 3))
    return timezone.make_aware(dt.datetime.combine(base, dt.time(23, 59)))


def assessment_extend_link(*, assessment: Assessment, days: int = 30, actor) -> Assessment:
    """Give an expired (or soon expiring) link more time; the answers are untouched."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        assessment.token_expires_at = max(assessment.token_expires_at, timezone.now()) + dt.timedelta(
            days=days
        )
        assessment.save(update_fields=["token_expires_at", "updated_at"])
        log_action(actor, "selfdiagnosis.assessment.link_extended", assessment, days=days)
    return assessment


def assessment_send_reminder(*, assessment_id: int, actor=None, now: dt.datetime | None = None) -> bool:
    """Remind a respondent who has not submitted yet. Returns False when nothing was due."""
    now = now or timezone.now()
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().filter(pk=assessment_id).first()
        if assessment is None or not assessment.is_editable or assessment.link_expired:
            return False
        # Twice in the same hour is a double click or a redelivered task, not a reminder.
        if assessment.last_reminded_at and now - assessment.last_reminded_at < dt.timedelta(hours=1):
            return False
        assessment.reminders_sent += 1
        assessment.last_reminded_at = now
        assessment.save(update_fields=["reminders_sent", "last_reminded_at", "updated_at"])
        log_action(actor, "selfdiagnosis.assessment.reminded", assessment, n=assessment.reminders_sent)
        enqueue(tasks.send_reminder, assessment.pk)
    return True


def reminders_send_due(*, now: dt.datetime | None = None, batch: int = 200) -> int:
    """Periodic job: send the reminders whose day (counted from the invitation) has come."""
    now = now or timezone.now()
    sent = 0
    for assessment in selectors.assessments_awaiting_reminder(now=now)[:batch]:
        if assessment.campaign is None or assessment.invited_at is None:
            continue
        days = sorted(assessment.campaign.reminder_days)
        if assessment.reminders_sent >= len(days):
            continue
        if now >= assessment.invited_at + dt.timedelta(days=days[assessment.reminders_sent]):
            sent += assessment_send_reminder(assessment_id=assessment.pk, now=now)
    return sent
