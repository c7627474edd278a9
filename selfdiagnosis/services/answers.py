"""Answering: answers saved (shared ones once for all offers), then submitted and signed.

Every state change locks the assessment row and re-checks its status, so a double click or a
task delivered twice changes nothing the second time."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from common.audit import log_action
from common.tasks import enqueue

from .. import exceptions as e
from .. import selectors, tasks
from ..exceptions import AnswerError, SelfDiagnosisError
from ..models import (
    Answer,
    Assessment,
    Criterion,
    Indicator,
    Signature,
)

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
