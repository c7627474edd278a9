"""Review by staff: comments, changes requested, validation and the badge; renewal.

Every state change locks the assessment row and re-checks its status, so a double click or a
task delivered twice changes nothing the second time."""

from __future__ import annotations

import contextlib
import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from common.audit import log_action
from common.tasks import enqueue
from offers import services as offer_services
from offers.exceptions import OfferError

from .. import exceptions as e
from .. import selectors, tasks
from ..exceptions import SelfDiagnosisError
from ..models import (
    Answer,
    Assessment,
    CriterionReview,
    Questionnaire,
)
from .answers import assessment_prefill_shared_answers
from .campaigns import _link_expiry, respondent_language
from .common import BADGE_VALIDITY_DAYS, RENEWAL_NOTICE_DAYS

# --- Review ----------------------------------------------------------------------------------


def _lock_submitted(assessment: Assessment) -> Assessment:
    locked = (
        Assessment.objects.select_for_update(of=("self",))
        .select_related("questionnaire", "offer")
        .get(pk=assessment.pk)
    )
    if locked.status != Assessment.Status.SUBMITTED:
        raise SelfDiagnosisError(e.NOT_SUBMITTED)
    return locked


def criterion_comments_save(*, assessment: Assessment, comments: dict[int, str], author) -> None:
    """Store the reviewer's comment per criterion (empty text removes it)."""
    valid = set(assessment.questionnaire.dimensions.values_list("criteria__id", flat=True))
    with transaction.atomic():
        for criterion_id, text in comments.items():
            if criterion_id not in valid:
                continue
            text = text.strip()
            if text:
                CriterionReview.objects.update_or_create(
                    assessment=assessment,
                    criterion_id=criterion_id,
                    defaults={"comment": text[:3000], "author": author},
                )
            else:
                CriterionReview.objects.filter(assessment=assessment, criterion_id=criterion_id).delete()


def assessment_request_changes(
    *, assessment: Assessment, reviewer, comment: str, criterion_comments: dict[int, str] | None = None
) -> Assessment:
    """Send the answers back: the respondent edits and signs again. Raises SelfDiagnosisError."""
    with transaction.atomic():
        assessment = _lock_submitted(assessment)
        criterion_comments_save(assessment=assessment, comments=criterion_comments or {}, author=reviewer)
        assessment.status = Assessment.Status.CHANGES_REQUESTED
        assessment.review_comment = comment.strip()
        assessment.reviewer = reviewer
        assessment.reviewed_at = timezone.now()
        if assessment.link_expired:
            assessment.token_expires_at = timezone.now() + dt.timedelta(days=30)
        assessment.save()
        log_action(reviewer, "selfdiagnosis.assessment.changes_requested", assessment)
        enqueue(tasks.send_changes_requested, assessment.pk)
    return assessment


def _badge_scores_for_offer(assessment: Assessment) -> dict[str, Any]:
    """Per dimension: label, score and the commitments actually met, in plain French."""
    return {d.pop("code"): d for d in selectors.assessment_commitments(assessment)}


def assessment_validate(
    *,
    assessment: Assessment,
    reviewer,
    comment: str = "",
    criterion_comments: dict[int, str] | None = None,
    validity_days: int = BADGE_VALIDITY_DAYS,
) -> Assessment:
    """Accept the answers: scores are final, the badge (if earned) goes to the offer, which
    moves to "assessed". Raises SelfDiagnosisError (not submitted) or the offers' error."""
    with transaction.atomic():
        assessment = _lock_submitted(assessment)
        criterion_comments_save(assessment=assessment, comments=criterion_comments or {}, author=reviewer)
        sheet = selectors.assessment_score_sheet(assessment)
        today = timezone.localdate()
        assessment.status = Assessment.Status.VALIDATED
        assessment.review_comment = comment.strip()
        assessment.reviewer = reviewer
        assessment.reviewed_at = timezone.now()
        assessment.scores = sheet.dimensions
        assessment.met_criteria = list(sheet.met_criteria)
        assessment.badge_level = sheet.badge_level or ""
        assessment.badge_expires_on = today + dt.timedelta(days=validity_days) if sheet.badge_level else None
        assessment.save()
        offer = assessment.offer
        if offer is not None and assessment.questionnaire.kind == Questionnaire.Kind.PROFESSIONAL:
            # A rejected or archived offer keeps its state; the assessment stays validated.
            with contextlib.suppress(OfferError):
                offer_services.offer_mark_assessed(offer=offer, actor=reviewer)
            offer_services.offer_set_badge(
                offer=offer,
                level=assessment.badge_label if sheet.badge_level else "",
                expires_on=assessment.badge_expires_on,
                scores=_badge_scores_for_offer(assessment),
                actor=reviewer,
                awarded_on=today,
            )
        # An older badge of the same subject is superseded by this one.
        previous = assessment.previous
        if previous is not None:
            Assessment.objects.filter(pk=previous.pk).update(
                badge_expires_on=min(today, previous.badge_expires_on or today)
            )
        log_action(
            reviewer,
            "selfdiagnosis.assessment.validated",
            assessment,
            level=assessment.badge_level,
            scores=assessment.scores,
        )
        enqueue(tasks.send_validated, assessment.pk)
    return assessment


# --- Renewal ---------------------------------------------------------------------------------


def _copy_answers(*, previous: Assessment, new: Assessment) -> int:
    """Carry last year's answers over (through indicator mappings when the version changed)."""
    if previous.questionnaire_id == new.questionnaire_id:
        targets = {i.pk: i for i in new.questionnaire.indicators.prefetch_related("choices")}
        mapping = {pk: targets[pk] for pk in targets}
    else:
        mapping = {
            m.source_id: m.target
            for m in selectors.indicator_mappings(source=previous.questionnaire, target=new.questionnaire)
        }
    copied = []
    for old in previous.answers.select_related("choice"):
        target = mapping.get(old.indicator_id)
        if target is None:
            continue
        answer = Answer(
            assessment=new,
            indicator=target,
            not_applicable=old.not_applicable,
            na_reason=old.na_reason,
            evidence=old.evidence.name if old.evidence else "",
        )
        if old.not_applicable and not target.allow_not_applicable:
            continue
        if target.answer_kind == old.indicator.answer_kind:
            answer.bool_value = old.bool_value
            answer.text_value = old.text_value
            if old.number_value is not None:
                low, high = target.number_min, target.number_max
                if (low is None or old.number_value >= low) and (high is None or old.number_value <= high):
                    answer.number_value = old.number_value
            old_choice = old.choice
            if old_choice is not None:
                answer.choice = next((c for c in target.choices.all() if c.code == old_choice.code), None)
        copied.append(answer)
    Answer.objects.bulk_create(copied)
    return len(copied)


def assessment_renew(*, previous: Assessment, actor=None, send: bool = True) -> Assessment:
    """Invite the same respondent again on the current questionnaire version, pre-filled with
    last year's answers. Raises SelfDiagnosisError (not validated, renewal already open)."""
    with transaction.atomic():
        previous = Assessment.objects.select_for_update().select_related("questionnaire").get(pk=previous.pk)
        if previous.status != Assessment.Status.VALIDATED:
            raise SelfDiagnosisError(e.NOT_VALIDATED)
        if previous.renewals.exclude(status=Assessment.Status.WITHDRAWN).exists():
            raise SelfDiagnosisError(e.RENEWAL_EXISTS)
        questionnaire = (
            selectors.questionnaire_current(code=previous.questionnaire.code) or previous.questionnaire
        )
        deadline = max(previous.badge_expires_on or timezone.localdate(), timezone.localdate())
        new = Assessment.objects.create(
            campaign=None,
            questionnaire=questionnaire,
            respondent_kind=previous.respondent_kind,
            member=previous.member,
            offer=previous.offer,
            organisation=previous.organisation,
            respondent_name=previous.respondent_name,
            respondent_email=previous.respondent_email,
            language=respondent_language(member=previous.member, default=previous.language),
            previous=previous,
            token_expires_at=_link_expiry(deadline),
        )
        copied = _copy_answers(previous=previous, new=new)
        assessment_prefill_shared_answers(assessment=new)
        log_action(
            actor,
            "selfdiagnosis.assessment.renewal_invited",
            new,
            previous=str(previous.public_id),
            copied=copied,
        )
        if send:
            enqueue(tasks.send_renewal, new.pk)
    return new


def badges_renew_expiring(
    *, today: dt.date | None = None, notice_days: int = RENEWAL_NOTICE_DAYS, batch: int = 100
) -> int:
    """Periodic job: invite to renew every badge expiring within ``notice_days``."""
    today = today or timezone.localdate()
    count = 0
    for assessment in selectors.assessments_to_renew(today=today, notice_days=notice_days)[:batch]:
        try:
            assessment_renew(previous=assessment)
            count += 1
        except SelfDiagnosisError:
            continue
    return count


def assessment_withdraw(*, assessment: Assessment, actor) -> Assessment:
    """Cancel an invitation that is no longer relevant (the link stops working)."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        if assessment.status == Assessment.Status.VALIDATED:
            raise SelfDiagnosisError(e.NOT_EDITABLE)
        assessment.status = Assessment.Status.WITHDRAWN
        assessment.save(update_fields=["status", "updated_at"])
        log_action(actor, "selfdiagnosis.assessment.withdrawn", assessment)
    return assessment
