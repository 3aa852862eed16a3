"""The progress assessment (progress/assessment.py) on cases computed by hand, one per category.

Each case's numbers were worked out on paper from the method in docs/fortschritt.md; the comments show the sums.
"""

from __future__ import annotations

import pytest

from stratgraph.progress.assessment import Category, Indicator, Value, assess, summarise

UP = Indicator(higher_is_better=True, target=25.0, target_year=2030, target_kind="mindestens")


def series(*pairs: tuple[int, float]) -> list[Value]:
    return [Value(year, value) for year, value in pairs]


@pytest.mark.parametrize(
    ("values", "category", "observed", "required"),
    [
        # 10 → 14.641 in four years: 1.4641^(1/4) = 1.1, +10 %; 25 from 10 in ten years: 2.5^(1/10) = 1.0959, +9.6 %;
        # ratio 1.04 ≥ 0.95
        (series((2020, 10), (2022, 12), (2024, 14.641)), Category.DEUTLICH, 0.10, 0.0959),
        # 10 → 13.108 (1.07^4): +7 %; ratio 0.07 / 0.0959 = 0.73, between 0.6 and 0.95
        (series((2020, 10), (2021, 11), (2023, 12), (2024, 13.108)), Category.MAESSIG, 0.07, 0.0959),
        # 10 → 10.824 (1.02^4): +2 %; ratio 0.21
        (series((2020, 10), (2022, 10.5), (2024, 10.824)), Category.UNZUREICHEND, 0.02, 0.0959),
        # 10 → 9: falling although higher is better; ratio < 0
        (series((2020, 10), (2022, 9.5), (2024, 9)), Category.ENTFERNUNG, -0.0260, 0.0959),
    ],
)
def test_with_a_target_the_observed_rate_is_set_beside_the_required_one(
    values: list[Value], category: Category, observed: float, required: float
) -> None:
    found = assess(UP, values)
    assert found.category is category
    assert found.observed == pytest.approx(observed, abs=5e-4)
    assert found.required == pytest.approx(required, abs=5e-4)
    assert not found.linear


def test_the_numbers_behind_it_in_german() -> None:
    found = assess(UP, series((2020, 10), (2022, 12), (2024, 14.641)))
    assert found.reason == "benötigt +9,6 % pro Jahr, erreicht +10,0 % (2020–2024, Ziel 25 bis 2030)"
    assert (found.category.words, found.category.symbol) == ("deutlicher Fortschritt", "↑")


def test_lower_is_better_at_most_a_target() -> None:
    """CO₂: at most 30 by 2030. 100 (2019) → 81 (2023): 0.81^(1/4) = 0.9487, −5.13 % a year; required
    0.3^(1/11) = 0.8963, −10.37 %; ratio 0.495: insufficient (0 ≤ 0.495 < 0.6)."""
    co2 = Indicator(higher_is_better=False, target=30.0, target_year=2030, target_kind="hoechstens")
    found = assess(co2, series((2019, 100), (2021, 90), (2023, 81)))
    assert found.category is Category.UNZUREICHEND
    assert found.observed == pytest.approx(-0.0513, abs=5e-4) and found.required == pytest.approx(-0.1037, abs=5e-4)
    assert found.ratio == pytest.approx(0.495, abs=5e-3)


def test_a_target_already_reached() -> None:
    assert assess(UP, series((2020, 20), (2022, 23), (2024, 26))).category is Category.ERREICHT


def test_a_target_year_past_without_reaching_it() -> None:
    late = Indicator(higher_is_better=True, target=25.0, target_year=2022, target_kind="mindestens")
    found = assess(late, series((2020, 10), (2022, 12), (2024, 14)))
    assert found.category is Category.VERFEHLT and "2022" in found.reason


def test_values_at_or_below_zero_are_compared_by_their_annual_change() -> None:
    """A balance of −5 to reach 0 by 2030: needs (0 − (−5)) / 10 = +0.5 a year; −5 → −3 in four years is +0.5."""
    balance = Indicator(higher_is_better=True, target=0.0, target_year=2030, target_kind="erreichen")
    found = assess(balance, series((2020, -5), (2022, -4), (2024, -3)))
    assert found.linear and found.category is Category.DEUTLICH
    assert (found.observed, found.required) == (0.5, 0.5)
    assert found.reason.startswith("benötigt +0,5 pro Jahr, erreicht +0,5 (jährliche Änderung)")


@pytest.mark.parametrize(
    ("higher_is_better", "end", "category"),
    [
        (True, 53.0681, Category.DEUTLICH),  # 50 → 53.0681: 1.015^4, +1.5 % ≥ 1 %
        (True, 51.0038, Category.MAESSIG),  # 1.005^4 = 1.0201: +0.5 %, between 0 and 1 %
        (True, 49.0020, Category.MAESSIGE_ENTFERNUNG),  # 0.995^4 = 0.9801: −0.5 %, between −1 % and 0
        (False, 53.0681, Category.ENTFERNUNG),  # lower is better and it rose 1.5 % a year
    ],
)
def test_without_a_target_the_trend_in_the_desired_direction(
    higher_is_better: bool, end: float, category: Category
) -> None:
    trend = Indicator(higher_is_better=higher_is_better)
    assert assess(trend, series((2020, 50), (2022, 51), (2024, end))).category is category


@pytest.mark.parametrize(
    "values",
    [
        series((2024, 12)),  # one value
        series((2022, 10), (2023, 11), (2024, 12)),  # three values over two years
        series((2010, 5), (2015, 8), (2024, 12)),  # only one in the last five years
    ],
)
def test_too_few_values_are_not_assessed(values: list[Value]) -> None:
    found = assess(UP, values)
    assert found.category is Category.KEINE and found.reason.startswith("zu wenige Werte")


def test_only_the_last_five_years_count() -> None:
    """2010's 1 would make any rate huge; the window starts at 2019 (2024 − 5)."""
    found = assess(UP, series((2010, 1), (2019, 10), (2021, 11), (2024, 13.108)))
    assert found.start is not None and found.start.year == 2019


def test_a_goal_summarises_its_indicators_by_the_median_level() -> None:
    """Levels 1 (deutlich), 2 (mäßig), 3 (unzureichend) and one without assessment: median 2, three of four."""
    cases = [
        series((2020, 10), (2022, 12), (2024, 14.641)),
        series((2020, 10), (2021, 11), (2023, 12), (2024, 13.108)),
        series((2020, 10), (2022, 10.5), (2024, 10.824)),
        series((2024, 12)),
    ]
    summary = summarise([assess(UP, values) for values in cases])
    assert (summary.level, summary.words, summary.assessed, summary.total) == (2, "mäßig", 3, 4)
    assert summarise([assess(UP, series((2024, 1)))]).words == "keine Bewertung"
