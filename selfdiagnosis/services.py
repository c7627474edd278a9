"""Writes of the self-assessment: questionnaires, campaigns, answers, signature, review, badge.

Every state change locks the assessment row and re-checks its status, so a double click or a
task delivered twice changes nothing the second time.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from common.audit import log_action
from common.tasks import enqueue
from offers import services as offer_services
from offers.exceptions import OfferError

from . import exceptions as e
from . import selectors, tasks
from .defaults import DEFAULTS
from .exceptions import AnswerError, SelfDiagnosisError
from .models import (
    Answer,
    Assessment,
    Campaign,
    Choice,
    Criterion,
    CriterionReview,
    Dimension,
    Indicator,
    IndicatorMapping,
    Questionnaire,
    RespondentKind,
    Signature,
)

BADGE_VALIDITY_DAYS = 365
LINK_VALIDITY_DAYS = 90
RENEWAL_NOTICE_DAYS = 45
LANGUAGE_CODES = {code for code, _label in settings.LANGUAGES}


# --- Questionnaires --------------------------------------------------------------------------


def questionnaire_install_defaults(*, actor=None) -> list[Questionnaire]:
    """Create (once) and publish the questionnaires of ``defaults.py``. Idempotent: an existing
    version 1 is left as it is (it may already be frozen)."""
    installed = []
    for spec in DEFAULTS:
        with transaction.atomic():
            questionnaire = Questionnaire.objects.filter(code=spec["code"], version=1).first()
            if questionnaire is None:
                questionnaire = _questionnaire_from_spec(spec)
                questionnaire = questionnaire_publish(questionnaire=questionnaire, actor=actor)
            installed.append(questionnaire)
    return installed


def _questionnaire_from_spec(spec: dict) -> Questionnaire:
    questionnaire = Questionnaire.objects.create(
        code=spec["code"],
        version=1,
        kind=spec["kind"],
        title=spec["title"],
        introduction=spec["introduction"],
        statement=spec["statement"],
    )
    for d_order, d in enumerate(spec["dimensions"]):
        dimension = Dimension.objects.create(
            questionnaire=questionnaire,
            code=d["code"],
            title=d["title"],
            description=d.get("description", ""),
            scored=d.get("scored", True),
            order=d_order,
        )
        for c_order, c in enumerate(d["criteria"]):
            criterion = Criterion.objects.create(
                dimension=dimension,
                order=c_order,
                **{
                    k: c[k]
                    for k in (
                        "code",
                        "title",
                        "public_label",
                        "scope",
                        "mandatory",
                        "weight",
                        "respondent_kinds",
                    )
                },
            )
            for i_order, i in enumerate(c["indicators"]):
                indicator = Indicator.objects.create(
                    criterion=criterion,
                    questionnaire=questionnaire,
                    order=i_order,
                    **{k: v for k, v in i.items() if k != "choices"},
                )
                Choice.objects.bulk_create(
                    [
                        Choice(indicator=indicator, code=code, label=label, points=points, order=n)
                        for n, (code, label, points) in enumerate(i["choices"])
                    ]
                )
    return questionnaire


def questionnaire_publish(*, questionnaire: Questionnaire, actor) -> Questionnaire:
    """Freeze a draft so it can be used in campaigns. Earlier published versions are archived.

    Raises SelfDiagnosisError when it has no indicator. Idempotent."""
    with transaction.atomic():
        questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
        if questionnaire.status == Questionnaire.Status.PUBLISHED:
            return questionnaire
        if questionnaire.status != Questionnaire.Status.DRAFT:
            raise SelfDiagnosisError(e.QUESTIONNAIRE_FROZEN)
        if not questionnaire.indicators.exists():
            raise SelfDiagnosisError(e.QUESTIONNAIRE_EMPTY)
        Questionnaire.objects.filter(code=questionnaire.code, status=Questionnaire.Status.PUBLISHED).update(
            status=Questionnaire.Status.ARCHIVED
        )
        questionnaire.status = Questionnaire.Status.PUBLISHED
        questionnaire.published_at = timezone.now()
        questionnaire.save(update_fields=["status", "published_at", "updated_at"])
        log_action(actor, "selfdiagnosis.questionnaire.published", questionnaire)
    return questionnaire


def questionnaire_new_version(*, source: Questionnaire, actor) -> Questionnaire:
    """Copy ``source`` into a new draft version; every copied indicator maps back to its
    original, so answers carry over. Staff then edit the draft (and its mappings)."""
    with transaction.atomic():
        last = Questionnaire.objects.filter(code=source.code).order_by("-version").first()
        new = Questionnaire.objects.create(
            code=source.code,
            version=(last.version if last is not None else source.version) + 1,
            kind=source.kind,
            title=source.title,
            introduction=source.introduction,
            statement=source.statement,
            thresholds=source.thresholds,
            previous=source,
        )
        for dimension in source.dimensions.prefetch_related("criteria__indicators__choices"):
            new_dimension = Dimension.objects.create(
                questionnaire=new,
                code=dimension.code,
                title=dimension.title,
                description=dimension.description,
                scored=dimension.scored,
                order=dimension.order,
            )
            for criterion in dimension.criteria.all():
                new_criterion = Criterion.objects.create(
                    dimension=new_dimension,
                    code=criterion.code,
                    title=criterion.title,
                    public_label=criterion.public_label,
                    scope=criterion.scope,
                    mandatory=criterion.mandatory,
                    weight=criterion.weight,
                    respondent_kinds=list(criterion.respondent_kinds),
                    order=criterion.order,
                )
                for indicator in criterion.indicators.all():
                    choices = list(indicator.choices.all())
                    old_pk = indicator.pk
                    indicator.pk = None
                    indicator.id = None
                    indicator._state.adding = True
                    indicator.criterion = new_criterion
                    indicator.questionnaire = new
                    indicator.save()
                    Choice.objects.bulk_create(
                        [
                            Choice(
                                indicator=indicator,
                                code=c.code,
                                label=c.label,
                                points=c.points,
                                order=c.order,
                            )
                            for c in choices
                        ]
                    )
                    IndicatorMapping.objects.create(source_id=old_pk, target=indicator)
        log_action(actor, "selfdiagnosis.questionnaire.versioned", new, source=source.label)
    return new


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


# --- Answering -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerInput:
    """Raw values from the form, as typed: validation happens in ``answer_save``."""

    value: str = ""
    not_applicable: bool = False
    na_reason: str = ""


def _lock_editable(assessment: Assessment) -> Assessment:
    locked = Assessment.objects.select_for_update().select_related("questionnaire").get(pk=assessment.pk)
    if locked.status in (Assessment.Status.SUBMITTED, Assessment.Status.VALIDATED):
        raise SelfDiagnosisError(e.ALREADY_SUBMITTED)
    if not locked.is_editable:
        raise SelfDiagnosisError(e.NOT_EDITABLE)
    if locked.link_expired:
        raise SelfDiagnosisError(e.LINK_EXPIRED)
    return locked


def _parse_number(raw: str, indicator: Indicator) -> Decimal:
    try:
        value = Decimal(raw.replace("\u202f", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        raise AnswerError(e.NOT_A_NUMBER, field=indicator.code) from None
    if not value.is_finite():
        raise AnswerError(e.NOT_A_NUMBER, field=indicator.code)
    low, high = indicator.number_min, indicator.number_max

    def fmt(d: Decimal) -> str:
        return f"{d.normalize():f}".replace(".", ",")

    if low is not None and high is not None and not low <= value <= high:
        raise AnswerError(e.NUMBER_OUT_OF_RANGE, field=indicator.code, min=fmt(low), max=fmt(high))
    if low is not None and value < low:
        raise AnswerError(e.NUMBER_TOO_SMALL, field=indicator.code, min=fmt(low))
    if high is not None and value > high:
        raise AnswerError(e.NUMBER_TOO_LARGE, field=indicator.code, max=fmt(high))
    if abs(value) >= Decimal("1e10"):
        raise AnswerError(e.NOT_A_NUMBER, field=indicator.code)
    return value.quantize(Decimal("0.01"))


def _apply_value(answer: Answer, indicator: Indicator, data: AnswerInput) -> None:
    kind = indicator.answer_kind
    raw = (data.value or "").strip()
    answer.bool_value, answer.choice, answer.number_value, answer.text_value = None, None, None, ""
    if data.not_applicable:
        if not indicator.allow_not_applicable:
            raise AnswerError(e.NOT_APPLICABLE_FORBIDDEN, field=indicator.code)
        if not data.na_reason.strip():
            raise AnswerError(e.NOT_APPLICABLE_REASON, field=indicator.code)
        answer.not_applicable, answer.na_reason = True, data.na_reason.strip()[:300]
        return
    answer.not_applicable, answer.na_reason = False, ""
    if not raw:
        return
    if kind == Indicator.AnswerKind.YES_NO:
        if raw not in ("oui", "non"):
            raise AnswerError(e.BAD_YES_NO, field=indicator.code)
        answer.bool_value = raw == "oui"
    elif kind == Indicator.AnswerKind.CHOICE:
        choice = next((c for c in indicator.choices.all() if c.code == raw), None)
        if choice is None:
            raise AnswerError(e.UNKNOWN_CHOICE, field=indicator.code)
        answer.choice = choice
    elif kind == Indicator.AnswerKind.NUMBER:
        answer.number_value = _parse_number(raw, indicator)
    else:
        answer.text_value = raw[:5000]


SHARED_FIELDS = ("bool_value", "choice", "number_value", "text_value", "not_applicable", "na_reason")


def _write_shared(pairs: list[tuple[int, Answer]]) -> None:
    """Write each source answer's value (and evidence) into the target assessment's answer to
    the same indicator: three queries whatever the number of pairs."""
    if not pairs:
        return
    existing = {
        (a.assessment_id, a.indicator_id): a
        for a in Answer.objects.filter(
            assessment_id__in={t for t, _ in pairs}, indicator_id__in={s.indicator_id for _, s in pairs}
        )
    }
    now = timezone.now()
    to_update, to_create = [], []
    for target_id, source in pairs:
        row = existing.get((target_id, source.indicator_id))
        if row is None:
            row = Answer(assessment_id=target_id, indicator_id=source.indicator_id)
            to_create.append(row)
        else:
            to_update.append(row)
        for name in SHARED_FIELDS:
            setattr(row, name, getattr(source, name))
        row.evidence = source.evidence.name if source.evidence else ""
        row.updated_at = now
    Answer.objects.bulk_update(to_update, [*SHARED_FIELDS, "evidence", "updated_at"])
    Answer.objects.bulk_create(to_create)


def _mark_started(assessment: Assessment) -> None:
    if assessment.status == Assessment.Status.INVITED:
        assessment.status = Assessment.Status.IN_PROGRESS
        assessment.started_at = timezone.now()
        assessment.save(update_fields=["status", "started_at", "updated_at"])


def answer_save(
    *,
    assessment: Assessment,
    indicator: Indicator,
    data: AnswerInput,
    evidence: UploadedFile | None = None,
    remove_evidence: bool = False,
) -> Answer:
    """Save one answer (autosave or section form). ``evidence`` must already be cleaned by
    ``common.uploads.clean_document``. Raises AnswerError (bad value) or SelfDiagnosisError
    (submitted, expired link); on error nothing is changed.

    An indicator of a business-scope criterion is answered once per professional: the answer is
    written into every open assessment of the same respondent too (rows locked in id order).
    Submitted ones keep what they signed. ``answer.shared_with`` counts the other assessments."""
    if indicator.questionnaire_id != assessment.questionnaire_id:
        raise AnswerError(e.UNKNOWN_CHOICE, field=indicator.code)
    shared = Criterion.objects.filter(pk=indicator.criterion_id, scope=Criterion.Scope.BUSINESS).exists()
    with transaction.atomic():
        siblings: list[Assessment] = []
        if shared:
            sibling_ids = list(selectors.assessment_open_siblings(assessment).values_list("pk", flat=True))
            locked = list(
                Assessment.objects.select_for_update()
                .filter(pk__in=[assessment.pk, *sibling_ids])
                .order_by("pk")
            )
            siblings = [a for a in locked if a.pk != assessment.pk and a.is_editable and not a.link_expired]
        assessment = _lock_editable(assessment)
        answer = Answer.objects.filter(assessment=assessment, indicator=indicator).first() or Answer(
            assessment=assessment, indicator=indicator
        )
        _apply_value(answer, indicator, data)
        if evidence is not None and indicator.evidence != Indicator.Evidence.NONE:
            answer.evidence.save(evidence.name, evidence, save=False)
        elif remove_evidence:
            answer.evidence = ""
        answer.save()
        _mark_started(assessment)
        _write_shared([(sibling.pk, answer) for sibling in siblings])
        now = timezone.now()
        Assessment.objects.filter(pk__in=[a.pk for a in siblings], status=Assessment.Status.INVITED).update(
            status=Assessment.Status.IN_PROGRESS, started_at=now, updated_at=now
        )
    answer.shared_with = len(siblings)  # type: ignore[attr-defined]  # read by the view
    return answer


def assessment_prefill_shared_answers(*, assessment: Assessment) -> int:
    """Pre-fill a new assessment's business-scope answers with the respondent's freshest ones
    (from their other assessments on the same questionnaire). Returns how many were copied."""
    with transaction.atomic():
        shared = selectors.shared_answers_for(assessment)
        _write_shared([(assessment.pk, answer) for answer in shared])
    return len(shared)


def _snapshot(assessment: Assessment) -> list[dict]:
    return [
        {
            "indicator": a.indicator.code,
            "statement": a.indicator.statement,
            "answer": a.display_value,
            "evidence": a.evidence.name if a.evidence else "",
        }
        for a in assessment.answers.select_related("indicator", "choice").order_by("indicator__code")
    ]


def assessment_submit(
    *,
    assessment: Assessment,
    signer_name: str,
    signer_role: str,
    accepted: bool,
    action_plan: str = "",
    ip_address: str | None = None,
) -> Assessment:
    """Sign the statement of truthfulness and send the answers; they become read-only.

    Raises SelfDiagnosisError: incomplete signature, mandatory answers or required evidence
    missing, already submitted, expired link. Nothing changes when it raises."""
    signer_name, signer_role = signer_name.strip(), signer_role.strip()
    if not (signer_name and signer_role and accepted):
        raise SelfDiagnosisError(e.SIGNATURE_INCOMPLETE)
    with transaction.atomic():
        assessment = _lock_editable(assessment)
        missing, evidence_missing = selectors.assessment_missing(assessment)
        if missing:
            raise SelfDiagnosisError(
                e.MISSING_MANDATORY,
                items=", ".join(i.statement for i in missing[:5]) + (" …" if len(missing) > 5 else ""),
            )
        if evidence_missing:
            raise SelfDiagnosisError(
                e.EVIDENCE_MISSING, items=", ".join(i.statement for i in evidence_missing)
            )
        snapshot = _snapshot(assessment)
        Signature.objects.create(
            assessment=assessment,
            signer_name=signer_name[:160],
            signer_role=signer_role[:160],
            questionnaire_label=f"{assessment.questionnaire.title} — {assessment.questionnaire.label}",
            statement=assessment.questionnaire.statement,
            answers_digest=hashlib.sha256(json.dumps(snapshot, sort_keys=True).encode()).hexdigest(),
            answers_snapshot=snapshot,
            ip_address=ip_address,
        )
        sheet = selectors.assessment_score_sheet(assessment)
        assessment.status = Assessment.Status.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment.respondent_name = assessment.respondent_name or signer_name
        assessment.scores = sheet.dimensions
        assessment.met_criteria = list(sheet.met_criteria)
        if action_plan.strip():
            assessment.action_plan = action_plan.strip()[:5000]
        assessment.save()
        log_action(None, "selfdiagnosis.assessment.submitted", assessment, signer=signer_name)
        enqueue(tasks.notify_staff_submitted, assessment.pk)
    return assessment


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
