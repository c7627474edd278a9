"""Scoring of a self-assessment: pure functions, no database, no Django models.

The rules, as the network wrote them:

- an indicator earns points (yes/no, a choice's points, or a number against a target);
  "not applicable" removes it from both the earned and the possible points;
- a criterion's score is its earned share of its possible points (0 to 1); a criterion is
  *met* when that share reaches ``CRITERION_MET_SHARE``;
- a dimension's score (0 to 100) is the weight-averaged score of its criteria; criteria
  that are entirely "not applicable" do not count;
- "Le niveau d'engagement peut varier entre ces trois dimensions, mais il ne peut pas être
  inexistant sur l'une ou l'autre": a dimension at zero (or without any applicable
  criterion) means no badge at all;
- otherwise the badge level is the highest threshold whose average and per-dimension
  minimum are both reached.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

CRITERION_MET_SHARE = 0.5

# Default thresholds (a questionnaire may carry its own, see Questionnaire.thresholds).
DEFAULT_THRESHOLDS: tuple[dict, ...] = (
    {"level": "engage", "label": "Engagé", "average": 0, "minimum": 0},
    {"level": "confirme", "label": "Confirmé", "average": 50, "minimum": 25},
    {"level": "exemplaire", "label": "Exemplaire", "average": 75, "minimum": 50},
)


@dataclass(frozen=True)
class IndicatorResult:
    """What one answered (or unanswered) indicator brings to its criterion."""

    earned: float
    possible: float
    not_applicable: bool = False


@dataclass(frozen=True)
class CriterionInput:
    code: str
    dimension: str
    weight: float
    indicators: Sequence[IndicatorResult] = field(default_factory=tuple)


@dataclass(frozen=True)
class Threshold:
    level: str
    label: str
    average: float
    minimum: float


@dataclass(frozen=True)
class ScoreSheet:
    dimensions: dict[str, float]
    criteria: dict[str, float | None]
    met_criteria: tuple[str, ...]
    badge_level: str | None

    @property
    def average(self) -> float:
        return round(sum(self.dimensions.values()) / len(self.dimensions), 1) if self.dimensions else 0.0


def yes_no_points(value: bool | None, *, points: float) -> IndicatorResult:
    return IndicatorResult(earned=points if value else 0.0, possible=points)


def choice_points(chosen: float | None, *, all_points: Iterable[float]) -> IndicatorResult:
    best = max((float(p) for p in all_points), default=0.0)
    return IndicatorResult(earned=float(chosen or 0), possible=best)


def number_points(
    value: float | Decimal | None, *, target: float | Decimal | None, points: float
) -> IndicatorResult:
    """Full points at or above ``target``, proportional below; no target → not scored."""
    if target is None or float(target) <= 0:
        return IndicatorResult(earned=0.0, possible=0.0)
    if value is None:
        return IndicatorResult(earned=0.0, possible=points)
    share = max(0.0, min(float(value) / float(target), 1.0))
    return IndicatorResult(earned=points * share, possible=points)


def not_applicable() -> IndicatorResult:
    return IndicatorResult(earned=0.0, possible=0.0, not_applicable=True)


def criterion_score(indicators: Iterable[IndicatorResult]) -> float | None:
    """Share (0..1) of the possible points earned; ``None`` when nothing applies."""
    earned = possible = 0.0
    for result in indicators:
        if result.not_applicable:
            continue
        earned += result.earned
        possible += result.possible
    if possible <= 0:
        return None
    return min(earned / possible, 1.0)


def dimension_scores(
    criteria: Iterable[CriterionInput], dimensions: Iterable[str]
) -> tuple[dict[str, float], dict[str, float | None]]:
    """Score 0..100 per dimension (one decimal) and the 0..1 score of each criterion."""
    totals: dict[str, list[float]] = {code: [0.0, 0.0] for code in dimensions}
    by_criterion: dict[str, float | None] = {}
    for criterion in criteria:
        score = criterion_score(criterion.indicators)
        by_criterion[criterion.code] = score
        if score is None or criterion.weight <= 0:
            continue
        bucket = totals.setdefault(criterion.dimension, [0.0, 0.0])
        bucket[0] += score * criterion.weight
        bucket[1] += criterion.weight
    scores = {code: round(100 * s / w, 1) if w > 0 else 0.0 for code, (s, w) in totals.items()}
    return scores, by_criterion


def parse_thresholds(raw: Sequence[Mapping]) -> list[Threshold]:
    """Validate and sort thresholds; raises ValueError with the offending entry."""
    thresholds = []
    for entry in raw:
        try:
            threshold = Threshold(
                level=str(entry["level"]),
                label=str(entry.get("label") or entry["level"]),
                average=float(entry.get("average", 0)),
                minimum=float(entry.get("minimum", 0)),
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"seuil invalide : {entry!r}") from exc
        if not (0 <= threshold.average <= 100 and 0 <= threshold.minimum <= 100):
            raise ValueError(f"seuil hors de 0 à 100 : {entry!r}")
        thresholds.append(threshold)
    if not thresholds:
        raise ValueError("au moins un seuil est nécessaire")
    return sorted(thresholds, key=lambda t: (t.average, t.minimum))


def badge_level(scores: Mapping[str, float], thresholds: Sequence[Mapping] | None = None) -> str | None:
    """The badge level earned, or ``None`` if any dimension is at zero."""
    if not scores or any(value <= 0 for value in scores.values()):
        return None
    average = sum(scores.values()) / len(scores)
    lowest = min(scores.values())
    level = None
    for threshold in parse_thresholds(thresholds or DEFAULT_THRESHOLDS):
        if average >= threshold.average and lowest >= threshold.minimum:
            level = threshold.level
    return level


def score_sheet(
    criteria: Sequence[CriterionInput], dimensions: Sequence[str], thresholds: Sequence[Mapping] | None = None
) -> ScoreSheet:
    scores, by_criterion = dimension_scores(criteria, dimensions)
    met = tuple(code for code, s in by_criterion.items() if s is not None and s >= CRITERION_MET_SHARE)
    return ScoreSheet(
        dimensions=scores,
        criteria=by_criterion,
        met_criteria=met,
        badge_level=badge_level(scores, thresholds),
    )


def level_label(level: str | None, thresholds: Sequence[Mapping] | None = None) -> str:
    for threshold in parse_thresholds(thresholds or DEFAULT_THRESHOLDS):
        if threshold.level == level:
            return threshold.label
    return ""
