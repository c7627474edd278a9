"""Scoring rules as pure functions: no database."""

import pytest

from selfdiagnosis import scoring
from selfdiagnosis.scoring import CriterionInput, IndicatorResult

DIMS = ("environnement", "economie-locale", "social")


def crit(code, dimension, *results, weight=1):
    return CriterionInput(code=code, dimension=dimension, weight=weight, indicators=tuple(results))


def yes(points=1):
    return scoring.yes_no_points(True, points=points)


def no(points=1):
    return scoring.yes_no_points(False, points=points)


def test_every_indicator_met_gives_full_scores_and_the_top_level():
    sheet = scoring.score_sheet(
        [crit("a", "environnement", yes()), crit("b", "economie-locale", yes()), crit("c", "social", yes())],
        DIMS,
    )
    assert sheet.dimensions == {"environnement": 100.0, "economie-locale": 100.0, "social": 100.0}
    assert sheet.badge_level == "exemplaire"
    assert sheet.met_criteria == ("a", "b", "c")


def test_a_dimension_at_zero_gives_no_badge_even_with_perfect_others():
    sheet = scoring.score_sheet(
        [crit("a", "environnement", yes()), crit("b", "economie-locale", yes()), crit("c", "social", no())],
        DIMS,
    )
    assert sheet.dimensions["social"] == 0.0
    assert sheet.badge_level is None


def test_a_dimension_without_any_applicable_criterion_counts_as_zero():
    sheet = scoring.score_sheet(
        [
            crit("a", "environnement", yes()),
            crit("b", "economie-locale", yes()),
            crit("c", "social", scoring.not_applicable()),
        ],
        DIMS,
    )
    assert sheet.dimensions["social"] == 0.0
    assert sheet.criteria["c"] is None
    assert sheet.badge_level is None


def test_not_applicable_indicators_leave_the_possible_points():
    assert scoring.criterion_score([yes(), scoring.not_applicable()]) == 1.0
    assert scoring.criterion_score([yes(), no()]) == 0.5


def test_weights_balance_criteria_within_a_dimension():
    scores, _ = scoring.dimension_scores(
        [crit("a", "environnement", yes(), weight=3), crit("b", "environnement", no(), weight=1)], DIMS
    )
    assert scores["environnement"] == 75.0
    assert scores["social"] == 0.0


def test_number_points_are_proportional_up_to_the_target():
    assert scoring.number_points(25, target=50, points=2) == IndicatorResult(earned=1.0, possible=2)
    assert scoring.number_points(80, target=50, points=2).earned == 2
    assert scoring.number_points(None, target=50, points=2).earned == 0
    # Without a target the number is informative only.
    assert scoring.number_points(10, target=None, points=2).possible == 0


def test_choice_points_are_measured_against_the_best_choice():
    result = scoring.choice_points(1, all_points=[0, 1, 2])
    assert (result.earned, result.possible) == (1.0, 2.0)


def test_a_criterion_is_met_from_half_of_its_points():
    sheet = scoring.score_sheet(
        [crit("a", "environnement", yes(), no()), crit("b", "social", yes(), no(), no())], DIMS
    )
    assert "a" in sheet.met_criteria
    assert "b" not in sheet.met_criteria


@pytest.mark.parametrize(
    ("scores", "level"),
    [
        ({"e": 10, "l": 10, "s": 10}, "engage"),
        ({"e": 60, "l": 60, "s": 30}, "confirme"),
        ({"e": 90, "l": 90, "s": 20}, "engage"),  # average high but one dimension below the minimum
        ({"e": 80, "l": 80, "s": 70}, "exemplaire"),
        ({"e": 80, "l": 80, "s": 0}, None),
    ],
)
def test_badge_level_needs_both_the_average_and_the_minimum(scores, level):
    assert scoring.badge_level(scores) == level


def test_thresholds_are_configurable():
    thresholds = [{"level": "oui", "label": "Oui", "average": 40, "minimum": 10}]
    assert scoring.badge_level({"e": 30, "l": 30, "s": 30}, thresholds) is None
    assert scoring.badge_level({"e": 50, "l": 50, "s": 30}, thresholds) == "oui"
    assert scoring.level_label("oui", thresholds) == "Oui"


@pytest.mark.parametrize(
    "bad",
    [
        [],
        [{"label": "sans niveau"}],
        [{"level": "x", "average": 120}],
        [{"level": "x", "average": "beaucoup"}],
    ],
)
def test_invalid_thresholds_are_refused(bad):
    with pytest.raises(ValueError):
        scoring.parse_thresholds(bad)
