"""Reads of the self-assessment: scoped lookups, score sheets, syntheses."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from network.selectors import coordinated_antenna_ids, in_antennas
from offers.models import Offer

from . import scoring
from .models import (
    Answer,
    Assessment,
    Campaign,
    Criterion,
    Dimension,
    Indicator,
    IndicatorMapping,
    Questionnaire,
    RespondentKind,
)

S = Assessment.Status


def _assessment_relations(qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    return qs.select_related("questionnaire", "offer", "member", "campaign", "reviewer")


# --- Questionnaires --------------------------------------------------------------------------


def questionnaire_current(*, code: str) -> Questionnaire | None:
    return (
        Questionnaire.objects.filter(code=code, status=Questionnaire.Status.PUBLISHED)
        .order_by("-version")
        .first()
    )


def questionnaire_list_published(kind: str | None = None) -> QuerySet[Questionnaire]:
    qs = Questionnaire.objects.filter(status=Questionnaire.Status.PUBLISHED)
    return qs.filter(kind=kind) if kind else qs


def questionnaire_tree(questionnaire: Questionnaire) -> QuerySet[Dimension]:
    """Dimensions with criteria, indicators and choices, in order (4 queries whatever the size)."""
    return questionnaire.dimensions.order_by("order", "id").prefetch_related(
        Prefetch(
            "criteria",
            queryset=Criterion.objects.order_by("order", "id").prefetch_related(
                Prefetch(
                    "indicators",
                    queryset=Indicator.objects.order_by("order", "id").prefetch_related("choices"),
                )
            ),
        ),
    )


def indicator_mappings(*, source: Questionnaire, target: Questionnaire) -> QuerySet[IndicatorMapping]:
    """Mappings from ``source``'s indicators to ``target``'s, following intermediate versions is
    not needed: a renewal always maps from the version that was answered."""
    return (
        IndicatorMapping.objects.filter(source__questionnaire=source, target__questionnaire=target)
        .select_related("source", "target")
        .prefetch_related("target__choices")
    )


# --- Assessments -----------------------------------------------------------------------------


def assessment_get_by_token(*, token: str) -> Assessment:
    """The respondent's own assessment; an unknown or withdrawn token → 404."""
    if not token or len(token) > 64:
        raise Http404
    return get_object_or_404(
        _assessment_relations(Assessment.objects.exclude(status=S.WITHDRAWN)), token=token
    )


def assessment_list_for_member(member) -> QuerySet[Assessment]:
    """Assessments about the member or one of its offers, newest first."""
    return _assessment_relations(
        Assessment.objects.filter(Q(member=member) | Q(offer__member=member)).exclude(status=S.WITHDRAWN)
    ).order_by("-invited_at")


def assessment_get_for_member(*, member, public_id) -> Assessment:
    return get_object_or_404(assessment_list_for_member(member), public_id=public_id)


def _coordinated_antennas(viewer) -> list[int] | None:
    """None for office staff (everything is visible), else the ids of the coordinator's antennas."""
    if viewer is None:
        return None
    return coordinated_antenna_ids(viewer)


def _in_antennas(antennas: list[int], prefix: str = "") -> Q:
    """Assessments of these antennas: a business-level one by its member, an offer's one as its
    offer (network's ``in_antennas``). ``prefix`` reaches the assessment through a relation."""
    return in_antennas(antennas, member=f"{prefix}member") | in_antennas(
        antennas, member=f"{prefix}offer__member", commune=f"{prefix}offer__commune"
    )


def assessments_visible_to(viewer) -> QuerySet[Assessment]:
    """Office staff see every assessment; an antenna coordinator only those of their antennas
    (by the member, or the offer's member, or for an external provider the offer's commune)."""
    qs = Assessment.objects.all()
    antennas = _coordinated_antennas(viewer)
    return qs if antennas is None else qs.filter(_in_antennas(antennas))


def assessment_get_for_staff(*, public_id, viewer=None) -> Assessment:
    """One assessment for the review page; outside a coordinator's antennas → 404."""
    return get_object_or_404(
        _assessment_relations(assessments_visible_to(viewer)).prefetch_related(
            "signatures", "criterion_reviews"
        ),
        public_id=public_id,
    )


def assessment_list_to_fill(member) -> QuerySet[Assessment]:
    return assessment_list_for_member(member).filter(status__in=Assessment.EDITABLE)


def assessment_list_to_review(viewer=None) -> QuerySet[Assessment]:
    return _assessment_relations(assessments_visible_to(viewer).filter(status=S.SUBMITTED)).order_by(
        "submitted_at"
    )


def assessment_list_expiring(
    *, today: dt.date | None = None, within_days: int = 60, viewer=None
) -> QuerySet[Assessment]:
    today = today or timezone.localdate()
    return (
        _assessment_relations(
            assessments_visible_to(viewer)
            .filter(status=S.VALIDATED, badge_expires_on__lte=today + dt.timedelta(days=within_days))
            .exclude(badge_expires_on__isnull=True)
        )
        .annotate(open_renewals=Count("renewals", filter=~Q(renewals__status=S.WITHDRAWN)))
        .order_by("badge_expires_on")
    )


def assessments_to_renew(*, today: dt.date, notice_days: int) -> QuerySet[Assessment]:
    """Validated badges expiring within ``notice_days`` (or expired) without a renewal."""
    return (
        Assessment.objects.filter(
            status=S.VALIDATED,
            badge_expires_on__isnull=False,
            badge_expires_on__lte=today + dt.timedelta(days=notice_days),
        )
        .exclude(renewals__status__in=[s for s in S.values if s != S.WITHDRAWN])
        .select_related("questionnaire")
        .order_by("badge_expires_on", "id")
    )


def assessments_awaiting_reminder(*, now: dt.datetime) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(
            status__in=[S.INVITED, S.IN_PROGRESS],
            campaign__status=Campaign.Status.OPEN,
            token_expires_at__gt=now,
        )
        .exclude(campaign__reminder_days=[])
        .select_related("campaign")
        .order_by("id")
    )


def assessment_siblings(assessment: Assessment) -> QuerySet[Assessment]:
    """The respondent's other assessments on the same questionnaire version: the same member (for
    any of its offers or the business itself), or for an external provider the same email. Their
    business-scope answers are shared."""
    qs = (
        Assessment.objects.filter(
            questionnaire_id=assessment.questionnaire_id, respondent_kind=assessment.respondent_kind
        )
        .exclude(pk=assessment.pk)
        .exclude(status=S.WITHDRAWN)
    )
    if assessment.member_id:
        return qs.filter(member_id=assessment.member_id)
    return qs.filter(member__isnull=True, respondent_email__iexact=assessment.respondent_email)


def assessment_open_siblings(
    assessment: Assessment, *, now: dt.datetime | None = None
) -> QuerySet[Assessment]:
    """Siblings still being answered (editable, link valid): a business answer applies to them too."""
    return (
        assessment_siblings(assessment)
        .filter(status__in=Assessment.EDITABLE, token_expires_at__gt=now or timezone.now())
        .select_related("offer", "member")
        .order_by("pk")
    )


def shared_answers_for(assessment: Assessment) -> list[Answer]:
    """The freshest answer of each business-scope indicator among the respondent's other
    assessments (to pre-fill a new one, so that nobody answers the same question twice)."""
    latest: dict[int, Answer] = {}
    rows = (
        Answer.objects.filter(
            assessment__in=assessment_siblings(assessment),
            indicator__criterion__scope=Criterion.Scope.BUSINESS,
        )
        .select_related("indicator", "choice")
        .order_by("indicator_id", "-updated_at", "-pk")
    )
    for answer in rows:
        latest.setdefault(answer.indicator_id, answer)
    return list(latest.values())


def answers_by_indicator(assessment: Assessment) -> dict[int, Answer]:
    return {a.indicator_id: a for a in assessment.answers.select_related("choice", "indicator")}


def applicable_criteria(assessment: Assessment) -> list[Criterion]:
    """Criteria of the assessment's questionnaire that apply to its respondent and subject."""
    criteria = []
    for dimension in questionnaire_tree(assessment.questionnaire):
        for criterion in dimension.criteria.all():
            if criterion.applies_to(
                respondent_kind=assessment.respondent_kind, has_offer=assessment.offer_id is not None
            ):
                criterion.dimension = dimension
                criteria.append(criterion)
    return criteria


def assessment_missing(assessment: Assessment) -> tuple[list[Indicator], list[Indicator]]:
    """Mandatory indicators without an answer, and indicators whose evidence is required."""
    answers = {a.indicator_id: a for a in assessment.answers.select_related("indicator")}
    missing, evidence_missing = [], []
    for criterion in applicable_criteria(assessment):
        for indicator in criterion.indicators.all():
            answer = answers.get(indicator.pk)
            if criterion.mandatory and (answer is None or not answer.has_value):
                missing.append(indicator)
            if (
                indicator.evidence == Indicator.Evidence.REQUIRED
                and answer is not None
                and answer.has_value
                and not answer.not_applicable
                and not answer.evidence
            ):
                evidence_missing.append(indicator)
    return missing, evidence_missing


@dataclass
class SectionView:
    """A dimension as the respondent sees it: applicable criteria and progress."""

    dimension: Dimension
    criteria: list[Criterion] = field(default_factory=list)
    answered: int = 0
    total: int = 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.answered == self.total


def assessment_sections(
    assessment: Assessment, answers: dict[int, Answer] | None = None
) -> list[SectionView]:
    answers = answers if answers is not None else answers_by_indicator(assessment)
    sections: dict[int, SectionView] = {}
    for criterion in applicable_criteria(assessment):
        section = sections.setdefault(criterion.dimension.pk, SectionView(dimension=criterion.dimension))
        section.criteria.append(criterion)
        for indicator in criterion.indicators.all():
            section.total += 1
            answer = answers.get(indicator.pk)
            indicator.answer = answer  # type: ignore[attr-defined]  # read by the template
            if answer is not None and answer.has_value:
                section.answered += 1
    return list(sections.values())


def assessment_progress(sections: list[SectionView]) -> int:
    total = sum(s.total for s in sections)
    return round(100 * sum(s.answered for s in sections) / total) if total else 0


def _indicator_result(indicator: Indicator, answer: Answer | None) -> scoring.IndicatorResult:
    points = float(indicator.points)
    kind = indicator.answer_kind
    if answer is not None and answer.not_applicable:
        return scoring.not_applicable()
    if kind == Indicator.AnswerKind.YES_NO:
        return scoring.yes_no_points(answer.bool_value if answer else None, points=points)
    if kind == Indicator.AnswerKind.CHOICE:
        chosen = float(answer.choice.points) if answer and answer.choice is not None else None
        return scoring.choice_points(chosen, all_points=[float(c.points) for c in indicator.choices.all()])
    if kind == Indicator.AnswerKind.NUMBER:
        return scoring.number_points(
            answer.number_value if answer else None, target=indicator.number_target, points=points
        )
    return scoring.IndicatorResult(earned=0.0, possible=0.0)


def assessment_score_sheet(assessment: Assessment) -> scoring.ScoreSheet:
    """Scores computed from the current answers (the stored ones are set at submit/validate)."""
    answers = answers_by_indicator(assessment)
    criteria = applicable_criteria(assessment)
    scored_dimensions = [d.code for d in assessment.questionnaire.dimensions.filter(scored=True)]
    inputs = [
        scoring.CriterionInput(
            code=c.code,
            dimension=c.dimension.code,
            weight=c.weight,
            indicators=tuple(_indicator_result(i, answers.get(i.pk)) for i in c.indicators.all()),
        )
        for c in criteria
        if c.dimension.scored
    ]
    if not scored_dimensions:
        return scoring.ScoreSheet(dimensions={}, criteria={}, met_criteria=(), badge_level=None)
    return scoring.score_sheet(inputs, scored_dimensions, assessment.questionnaire.thresholds)


def assessment_latest_validated(*, offer=None, member=None) -> Assessment | None:
    qs = Assessment.objects.filter(status=S.VALIDATED)
    qs = qs.filter(offer=offer) if offer is not None else qs.filter(member=member, offer__isnull=True)
    return qs.select_related("questionnaire").order_by("-reviewed_at").first()


def member_badge(member) -> Assessment | None:
    """The member's own (business-level) valid badge, if any."""
    assessment = assessment_latest_validated(member=member)
    return assessment if assessment is not None and assessment.badge_is_valid else None


def assessment_commitments(assessment: Assessment) -> list[dict]:
    """Per scored dimension: its label, score and the commitments met, in plain French."""
    met = set(assessment.met_criteria)
    dimensions = (
        assessment.questionnaire.dimensions.filter(scored=True)
        .order_by("order")
        .prefetch_related(Prefetch("criteria", queryset=Criterion.objects.order_by("order", "id")))
    )
    return [
        {
            "code": d.code,
            "label": d.title,
            "score": round(float((assessment.scores or {}).get(d.code, 0))),
            "commitments": [c.public_label or c.title for c in d.criteria.all() if c.code in met],
        }
        for d in dimensions
    ]


def network_average(*, questionnaire_code: str, today: dt.date | None = None) -> dict[str, float]:
    """Average score per dimension over the validated assessments of the last twelve months."""
    today = today or timezone.localdate()
    rows = Assessment.objects.filter(
        status=S.VALIDATED,
        questionnaire__code=questionnaire_code,
        reviewed_at__date__gte=today - dt.timedelta(days=365),
    ).values_list("scores", flat=True)
    values: dict[str, list[float]] = defaultdict(list)
    for scores in rows:
        for code, value in (scores or {}).items():
            values[code].append(float(value))
    return {code: round(sum(v) / len(v), 1) for code, v in values.items()}


def assessment_chart_data(assessment: Assessment) -> dict:
    """This year, last year and the network average, per scored dimension (for the radar)."""
    dimensions = list(assessment.questionnaire.dimensions.filter(scored=True).order_by("order"))
    previous = assessment.previous
    average = network_average(questionnaire_code=assessment.questionnaire.code)
    current = assessment.scores or assessment_score_sheet(assessment).dimensions

    def series(scores):
        return [float((scores or {}).get(d.code, 0)) for d in dimensions]

    return {
        "labels": [d.title for d in dimensions],
        "current": series(current),
        "previous": series(previous.scores) if previous is not None and previous.scores else None,
        "average": series(average) if average else None,
    }


# --- Campaigns -------------------------------------------------------------------------------


def campaign_list(viewer=None) -> QuerySet[Campaign]:
    """Campaigns with their counters per status; a coordinator's counters cover only the
    assessments of their antennas."""
    antennas = _coordinated_antennas(viewer)
    scope = Q() if antennas is None else _in_antennas(antennas, prefix="assessments__")
    counts = {
        f"n_{status}": Count("assessments", filter=Q(assessments__status=status) & scope)
        for status in S.values
    }
    return Campaign.objects.select_related("questionnaire").annotate(**counts).order_by("-created_at")


def campaign_get(*, public_id) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("questionnaire"), public_id=public_id)


def campaign_assessments(campaign: Campaign, viewer=None) -> QuerySet[Assessment]:
    return _assessment_relations(
        assessments_visible_to(viewer).filter(campaign=campaign).exclude(status=S.WITHDRAWN)
    ).order_by("status", "offer__title", "organisation")


def campaign_candidate_offers(campaign: Campaign, viewer=None):
    """Pre-selected offers not yet invited in this campaign (through offers' selectors); a
    coordinator only gets the offers of their antennas."""
    from offers import selectors as offer_selectors

    invited = campaign.assessments.exclude(status=S.WITHDRAWN).exclude(offer__isnull=True).values("offer_id")
    offers = offer_selectors.offer_list_preselected().exclude(pk__in=invited)
    antennas = _coordinated_antennas(viewer)
    if antennas is not None:
        offers = offers.filter(in_antennas(antennas, member="member", commune="commune"))
    return offers


def campaign_candidate_members(viewer=None, campaign: Campaign | None = None):
    """Members that can be invited for a business-level assessment (a coordinator's: theirs),
    without those already invited in ``campaign`` (an invitation withdrawn can be sent again)."""
    from network import selectors as network_selectors

    members = network_selectors.member_public_queryset()
    if campaign is not None:
        invited = (
            campaign.assessments.exclude(status=S.WITHDRAWN)
            .filter(offer__isnull=True, member__isnull=False)
            .values("member_id")
        )
        members = members.exclude(pk__in=invited)
    antennas = _coordinated_antennas(viewer)
    return members if antennas is None else members.filter(antenna__in=antennas)


# --- Syntheses -------------------------------------------------------------------------------


@dataclass
class CriterionShare:
    criterion: Criterion
    respondents: int
    met: int

    @property
    def share(self) -> float:
        return round(100 * self.met / self.respondents, 1) if self.respondents else 0.0


@dataclass(frozen=True)
class SynthesisRow:
    """The few columns of a validated assessment that the syntheses read (no model instances:
    building thousands of assessments, offers and members dominated the page's time)."""

    pk: int
    offer_id: int | None
    respondent_kind: str
    scores: dict
    met_criteria: list
    badge_level: str
    antenna: str
    families: tuple[str, ...]


def _latest_validated_per_subject(questionnaire_code: str, viewer=None) -> list[SynthesisRow]:
    rows = (
        assessments_visible_to(viewer)
        .filter(status=S.VALIDATED, questionnaire__code=questionnaire_code)
        .order_by("offer_id", "member_id", "organisation", "respondent_email", "-reviewed_at")
        .values_list(
            "pk",
            "offer_id",
            "member_id",
            "organisation",
            "respondent_email",
            "respondent_kind",
            "scores",
            "met_criteria",
            "badge_level",
            "member__antenna__name",
            "offer__families",
            "offer__member__antenna__name",
            "offer__commune__antenna__name",
        )
    )
    seen, latest = set(), []
    for (
        pk,
        offer_id,
        member_id,
        organisation,
        email,
        kind,
        scores,
        met,
        level,
        member_antenna,
        families,
        offer_member_antenna,
        offer_commune_antenna,
    ) in rows:
        key = (
            offer_id,
            None if offer_id else member_id,
            organisation,
            "" if offer_id or member_id else email,
        )
        if key in seen:
            continue
        seen.add(key)
        antenna = (offer_member_antenna or offer_commune_antenna) if offer_id else member_antenna
        latest.append(
            SynthesisRow(
                pk=pk,
                offer_id=offer_id,
                respondent_kind=kind,
                scores=scores or {},
                met_criteria=met or [],
                badge_level=level,
                antenna=antenna or "—",
                families=tuple(families or ()),
            )
        )
    return latest


def _families_of(row: SynthesisRow) -> list[str]:
    if not row.offer_id:
        return [str(_("Entreprise (sans offre)"))]
    labels = dict(Offer._meta.get_field("families").base_field.flatchoices)
    return [str(labels.get(f, f)) for f in row.families] or [str(_("Sans famille"))]


def network_synthesis(*, questionnaire_code: str, viewer=None) -> dict:
    """Per criterion: share of respondents meeting it; per antenna and per family: averages.
    A coordinator's synthesis covers only the assessments of their antennas."""
    questionnaire = (
        questionnaire_current(code=questionnaire_code)
        or Questionnaire.objects.filter(code=questionnaire_code).order_by("-version").first()
    )
    latest = _latest_validated_per_subject(questionnaire_code, viewer)
    rows: list[CriterionShare] = []
    dimensions = []
    if questionnaire is not None:
        dimensions = [d for d in questionnaire_tree(questionnaire) if d.scored]
        for dimension in dimensions:
            for criterion in dimension.criteria.all():
                concerned = [
                    a
                    for a in latest
                    if criterion.applies_to(
                        respondent_kind=a.respondent_kind, has_offer=a.offer_id is not None
                    )
                ]
                criterion.dimension = dimension
                rows.append(
                    CriterionShare(
                        criterion=criterion,
                        respondents=len(concerned),
                        met=sum(1 for a in concerned if criterion.code in a.met_criteria),
                    )
                )

    def grouped(key_func) -> list[dict]:
        groups: dict[str, list[SynthesisRow]] = defaultdict(list)
        for a in latest:
            for key in key_func(a):
                groups[key].append(a)
        out = []
        for key in sorted(groups):
            members = groups[key]
            out.append(
                {
                    "name": key,
                    "respondents": len(members),
                    "badges": sum(1 for a in members if a.badge_level),
                    "scores": [
                        round(sum(float(a.scores.get(d.code, 0)) for a in members) / len(members), 1)
                        for d in dimensions
                    ],
                }
            )
        return out

    by_antenna = grouped(lambda a: [a.antenna])
    by_family = grouped(_families_of)
    return {
        "questionnaire": questionnaire,
        "dimensions": dimensions,
        "criteria": rows,
        "respondents": len(latest),
        "by_antenna": by_antenna,
        "by_family": by_family,
    }


def office_synthesis(*, questionnaire_code: str, max_fte: float | None = None, viewer=None) -> dict:
    """Tourism-office diagnostic: per indicator, the spread of answers across offices (a
    coordinator only counts the assessments visible to them)."""
    questionnaire = (
        questionnaire_current(code=questionnaire_code)
        or Questionnaire.objects.filter(code=questionnaire_code).order_by("-version").first()
    )
    if questionnaire is None:
        return {"questionnaire": None, "offices": 0, "sections": []}
    latest: list[Any] = list(_latest_validated_per_subject(questionnaire_code, viewer))
    latest += list(
        assessments_visible_to(viewer).filter(status=S.SUBMITTED, questionnaire__code=questionnaire_code)
    )
    by_pk = {a.pk: a for a in latest}
    answers: dict[int, dict[str, Answer]] = defaultdict(dict)
    for answer in Answer.objects.filter(assessment_id__in=by_pk).select_related("indicator", "choice"):
        answers[answer.assessment_id][answer.indicator.code] = answer
    if max_fte is not None:
        keep = {
            pk
            for pk, a in answers.items()
            if a.get("etp-permanents") is not None
            and a["etp-permanents"].number_value is not None
            and float(a["etp-permanents"].number_value) < max_fte
        }
        answers = {pk: a for pk, a in answers.items() if pk in keep}
    offices = len(answers)
    sections = []
    for dimension in questionnaire_tree(questionnaire):
        items = []
        for criterion in dimension.criteria.all():
            for indicator in criterion.indicators.all():
                given = [
                    a[indicator.code]
                    for a in answers.values()
                    if indicator.code in a
                    and a[indicator.code].has_value
                    and not a[indicator.code].not_applicable
                ]
                item = {"indicator": indicator, "count": len(given)}
                if indicator.answer_kind == Indicator.AnswerKind.NUMBER:
                    values = [float(a.number_value) for a in given if a.number_value is not None]
                    if values:
                        item.update(
                            mean=round(statistics.mean(values), 1),
                            median=statistics.median(values),
                            low=min(values),
                            high=max(values),
                        )
                elif indicator.answer_kind == Indicator.AnswerKind.YES_NO:
                    yes = sum(1 for a in given if a.bool_value)
                    item.update(yes=yes, share=round(100 * yes / len(given), 1) if given else 0)
                elif indicator.answer_kind == Indicator.AnswerKind.CHOICE:
                    item["distribution"] = [
                        (c.label, sum(1 for a in given if a.choice_id == c.pk))
                        for c in indicator.choices.all()
                    ]
                else:
                    item["texts"] = [a.text_value for a in given]
                items.append(item)
        sections.append({"dimension": dimension, "items": items})
    return {"questionnaire": questionnaire, "offices": offices, "sections": sections}


def office_respondent_kinds() -> list[str]:
    return [RespondentKind.TOURISM_OFFICE]


# --- The public page explaining the « bienveillant » badge -----------------------------------

BADGE_QUESTIONNAIRE_CODE = "offre-bienveillante"


def _badge_texts() -> tuple[dict, dict]:
    levels = {
        "engage": (
            _("Engagé"),
            _(
                "Des premiers engagements tenus dans chacune des trois dimensions : "
                "aucune n'est laissée de côté."
            ),
        ),
        "confirme": (
            _("Confirmé"),
            _("Des engagements solides et réguliers, avec des justificatifs, dans les trois dimensions."),
        ),
        "exemplaire": (
            _("Exemplaire"),
            _("Une démarche aboutie qui sert d'exemple au réseau, mesurée et améliorée chaque année."),
        ),
    }
    dimensions = {
        Dimension.ENVIRONMENT: (
            _("Environnement"),
            _(
                "Eau, énergie, déchets, déplacements et nature : "
                "ce que l'activité prélève et ce qu'elle rend."
            ),
        ),
        Dimension.LOCAL_ECONOMY: (
            _("Économie locale"),
            _(
                "Acheter, employer et recommander près de chez soi : "
                "ce que l'activité fait vivre sur le territoire."
            ),
        ),
        Dimension.SOCIAL: (
            _("Social"),
            _(
                "Les personnes : "
                "celles qui travaillent dans l'entreprise, les visiteurs accueillis et les habitants."
            ),
        ),
    }
    return levels, dimensions


def badge_rules() -> dict:
    """What the public badge page shows: the levels with the thresholds of the published
    « offre bienveillante » questionnaire (the defaults otherwise) and the scored dimensions."""
    questionnaire = questionnaire_current(code=BADGE_QUESTIONNAIRE_CODE)
    thresholds = scoring.parse_thresholds(
        (questionnaire.thresholds if questionnaire else None) or list(scoring.DEFAULT_THRESHOLDS)
    )
    level_texts, dimension_texts = _badge_texts()
    levels = [
        {
            "code": t.level,
            "label": level_texts.get(t.level, (t.label, ""))[0],
            "text": level_texts.get(t.level, ("", ""))[1],
            "average": round(t.average),
            "minimum": round(t.minimum),
        }
        for t in thresholds
    ]
    rows = (
        list(questionnaire.dimensions.filter(scored=True).order_by("order", "id"))
        if questionnaire
        else [Dimension(code=code, title=title) for code, (title, _text) in dimension_texts.items()]
    )
    dimensions = [
        {
            "code": d.code,
            "label": dimension_texts.get(d.code, (d.title, ""))[0],
            "text": dimension_texts.get(d.code, ("", d.description))[1],
        }
        for d in rows
    ]
    return {"levels": levels, "dimensions": dimensions, "questionnaire": questionnaire}
