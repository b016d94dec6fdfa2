"""Projections (scoplan.projection): the linear trend and Open SDG's growth ratio, by hand."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st
from judged import judged, must_judge

from scoplan.projection import (
    ON_TRACK_RATIO,
    HistoryPoint,
    Projection,
    growth_ratio,
    linear,
    needed_per_year,
    project,
    stalled_since,
    years_between,
)

END_2020 = dt.date(2020, 12, 31)
END_2021 = dt.date(2021, 12, 31)
END_2022 = dt.date(2022, 12, 31)
END_2023 = dt.date(2023, 12, 31)
MID_2022 = dt.date(2022, 6, 30)


def points(*pairs: tuple[dt.date, float | None]) -> tuple[HistoryPoint, ...]:
    """History points from (date, value) pairs."""
    return tuple(HistoryPoint(day, value) for day, value in pairs)


# -- years ------------------------------------------------------------------------------------


def test_years_are_365_25_days():
    """A year is 365.25 days: 2020-12-31 to 2022-12-31 (730 days) is 730 / 365.25 years."""
    # 2021 and 2022 have 365 days each
    assert years_between(END_2020, END_2022) == 730 / 365.25
    # 2024 is a leap year: 366 days
    assert years_between(END_2023, dt.date(2024, 12, 31)) == 366 / 365.25


# -- linear -----------------------------------------------------------------------------------


def test_linear_on_a_straight_rising_series():
    """2, 4, 6 at three year-ends continue to 8 at the next one: on track for 7.5, not 8.5."""
    series = points((END_2020, 2), (END_2021, 4), (END_2022, 6))
    on_track, projected, slope, reason = linear(series, END_2023, 7.5, ">=")
    # x in days from 2020-12-31: 0, 365, 730 (2021 and 2022 have 365 days); y rises 2 every
    # 365 days, so on day 1095 (2023-12-31) y = 2 + 2 * 1095 / 365 = 8
    assert projected == pytest.approx(8)
    # 2 per 365 days is 2 * 365.25 / 365 per year of 365.25 days
    assert slope == pytest.approx(2 * 365.25 / 365)
    assert (on_track, reason) == (True, "")
    assert linear(series, END_2023, 8.5, ">=")[0] is False


def test_linear_least_squares_through_points_off_the_line():
    """Through 1, 4, 4 at three year-ends the least-squares line reaches 6 a year later."""
    series = points((END_2020, 1), (END_2021, 4), (END_2022, 4))
    _, projected, slope, _ = linear(series, END_2023, 10, ">=")
    # x = 0, 365, 730 days, mean 365; y mean 3; Sxy = -365 * (1 - 3) + 0 + 365 * (4 - 3) = 1095
    # Sxx = 365² + 0 + 365² = 266450; slope = 1095 / 266450 = 1.5 / 365 a day
    # on day 1095: 3 + 1.5 / 365 * (1095 - 365) = 3 + 3 = 6
    assert projected == pytest.approx(6)
    assert slope == pytest.approx(1.5 / 365 * 365.25)


def test_linear_counts_days_not_calendar_years():
    """Over the 366 days of 2024 a rise of 3.66 is 0.01 a day, so 7.31 on 2025-12-31."""
    series = points((END_2023, 0), (dt.date(2024, 12, 31), 3.66))
    _, projected, slope, _ = linear(series, dt.date(2025, 12, 31), 1, ">=")
    # 3.66 / 366 days = 0.01 a day; 2023-12-31 to 2025-12-31 is 366 + 365 = 731 days
    assert projected == pytest.approx(7.31)
    # 0.01 a day is 3.6525 a year of 365.25 days
    assert slope == pytest.approx(3.6525)


def test_linear_uses_the_value_on_an_evaluation_date_between_year_ends():
    """A point mid-year weighs in at its own day: 0, 0 and 1 on day 546 project to ≈ 1.57."""
    series = points((END_2020, 0), (END_2021, 0), (MID_2022, 1))
    _, projected, _, _ = linear(series, END_2023, 5, ">=")
    # x = 0, 365, 546 days; mean 911/3; x - mean = -911/3, 184/3, 727/3; y mean 1/3
    # Sxy = 727/3 * 1 (the other y are 0, and Σ(x - mean) = 0) = 727/3
    # Sxx = (911² + 184² + 727²) / 9 = 1392306 / 9
    # slope = (727/3) / (1392306/9) = 2181 / 1392306 ≈ 0.0015665 a day
    # on day 1095: 1/3 + 2181 / 1392306 * (1095 - 911/3) ≈ 0.3333 + 1.2396
    assert projected == pytest.approx(1 / 3 + 2181 / 1392306 * (1095 - 911 / 3))
    assert projected == pytest.approx(1.5729, abs=1e-4)


def test_a_falling_series_against_at_most():
    """10, 8, 6 fall to 4 by the next year-end: on track for ≤ 5, off track for ≤ 3."""
    series = points((END_2020, 10), (END_2021, 8), (END_2022, 6))
    on_track, projected, slope, _ = linear(series, END_2023, 5, "<=")
    # -2 every 365 days: 10 - 2 * 1095 / 365 = 4 on day 1095
    assert projected == pytest.approx(4)
    assert slope == pytest.approx(-2 * 365.25 / 365)
    assert on_track is True
    assert linear(series, END_2023, 3, "<=")[0] is False
    # the same fall is off track for a requirement of at least 5
    assert linear(series, END_2023, 5, ">=")[0] is False


def test_linear_needs_two_dates_with_values():
    """One point, or two on the same day, or a second without a value, is too few."""
    expected = (None, None, None, "too_few_points")
    assert linear(points((END_2020, 1)), END_2023, 2, ">=") == expected
    assert linear(points((END_2020, 1), (END_2020, 2)), END_2023, 2, ">=") == expected
    assert linear(points((END_2020, 1), (END_2021, None)), END_2023, 2, ">=") == expected


# -- the growth ratio (Open SDG) -----------------------------------------------------------


def test_growth_ratio_of_one_when_growth_keeps_its_pace():
    """100 → 121 in two years needs 133.1 a year later: the same 10% a year, a ratio of 1."""
    on_track, ratio, reason = growth_ratio(
        HistoryPoint(END_2020, 100), HistoryPoint(END_2022, 121), END_2023, 133.1
    )
    # observed: 1.21 ** (365.25 / 730) - 1 = 1.1 ** (365.25 / 365) - 1
    # required: 1.331 ** (365.25 / 1095) - 1 = 1.1 ** (365.25 / 365) - 1; the ratio is 1
    assert ratio == pytest.approx(1.0)
    assert (on_track, reason) == (True, "")


def test_growth_ratio_of_half_the_pace_is_off_track():
    """100 → 110 in two years against 133.1 in three is about half the growth needed."""
    on_track, ratio, _ = growth_ratio(
        HistoryPoint(END_2020, 100), HistoryPoint(END_2022, 110), END_2023, 133.1
    )
    # observed: 1.1 ** (365.25 / 730) - 1 ≈ 0.04884; required: 1.1 ** (365.25 / 365) - 1
    # ≈ 0.10007; in whole years that is (√1.1 - 1) / 0.1 ≈ 0.488
    expected = (1.1 ** (365.25 / 730) - 1) / (1.1 ** (365.25 / 365) - 1)
    assert ratio == pytest.approx(expected)
    assert ratio == pytest.approx(0.488, abs=1e-3)
    assert on_track is False


@pytest.mark.parametrize(("share", "on_track"), [(0.96, True), (0.94, False)])
def test_growth_ratio_is_on_track_from_095(share, on_track):
    """Growing at 96% of the required rate is on track; at 94% it is not (Open SDG's 0.95)."""
    assert ON_TRACK_RATIO == 0.95
    # required rate from 100 on 2020-12-31 to 133.1 on 2023-12-31 (1095 days)
    required = 1.331 ** (365.25 / 1095) - 1
    # grown at share * required a year for the 730 days to 2022-12-31
    current = 100 * (1 + share * required) ** (730 / 365.25)
    made, ratio, _ = growth_ratio(
        HistoryPoint(END_2020, 100), HistoryPoint(END_2022, current), END_2023, 133.1
    )
    assert ratio == pytest.approx(share)
    assert made is on_track


def test_growth_ratio_of_a_decline_towards_a_lower_requirement():
    """10 → 8 in a year against at most 6.4 a year later is the 20% fall needed: ratio 1."""
    on_track, ratio, _ = growth_ratio(
        HistoryPoint(END_2020, 10), HistoryPoint(END_2021, 8), END_2022, 6.4, "<="
    )
    # observed: 0.8 ** (365.25 / 365) - 1; required: 0.64 ** (365.25 / 730) - 1, the same
    # negative rate; the desired direction is down (d = -1): -1 * observed / |required| = 1
    assert ratio == pytest.approx(1.0)
    assert on_track is True
    # rising instead (10 → 12) moves away from 6.4: a negative ratio, off track
    away = growth_ratio(HistoryPoint(END_2020, 10), HistoryPoint(END_2021, 12), END_2022, 6.4, "<=")
    assert away[0] is False
    assert away[1] < 0


def test_growth_ratio_falling_from_a_base_that_met_the_requirement_is_off_track():
    """10 → 5 against at least 8: the base met it, the value falls away from it: off track."""
    on_track, ratio, _ = growth_ratio(
        HistoryPoint(END_2020, 10), HistoryPoint(END_2022, 5), END_2023, 8, ">="
    )
    # observed: 0.5 ** (365.25 / 730) - 1 ≈ √0.5 - 1 ≈ -0.293; required: 0.8 ** (365.25 /
    # 1095) - 1 ≈ ∛0.8 - 1 ≈ -0.072; Open SDG: +1 * observed / |required| ≈ -4.08
    expected = (0.5 ** (365.25 / 730) - 1) / abs(0.8 ** (365.25 / 1095) - 1)
    assert ratio == pytest.approx(expected)
    assert ratio == pytest.approx(-4.08, abs=0.01)
    assert on_track is False
    made = project("cagr", points((END_2020, 10), (END_2022, 5)), END_2022, END_2023, 8, ">=")
    assert (made.on_track, made.ratio) == (False, pytest.approx(expected))


def test_growth_ratio_needs_a_base_above_zero():
    """From a base of 0 no growth rate can be computed: ``zero_base``."""
    result = growth_ratio(HistoryPoint(END_2020, 0), HistoryPoint(END_2022, 5), END_2023, 10)
    assert result == (None, None, "zero_base")


def test_growth_ratio_when_the_base_already_equals_the_requirement():
    """A requirement equal to the base needs no growth: ``no_growth_needed``."""
    result = growth_ratio(HistoryPoint(END_2020, 10), HistoryPoint(END_2022, 8), END_2023, 10)
    assert result == (None, None, "no_growth_needed")


# -- the rate still needed -----------------------------------------------------------------


def test_needed_per_year_from_the_evaluation_date_to_the_due_date():
    """From 3 on 2022-06-30 to 15 by 2023-12-31 is 12 over 549 days."""
    # 2022-06-30 to 2022-12-31 is 184 days, then 365 to 2023-12-31: 549 days
    assert needed_per_year(3, 15, MID_2022, END_2023) == pytest.approx(12 * 365.25 / 549)
    # coming down from 15 to 3 is the same rate, negative
    assert needed_per_year(15, 3, MID_2022, END_2023) == pytest.approx(-12 * 365.25 / 549)


def test_nothing_is_needed_per_year_once_due():
    """On or after the due date there is no year left: None."""
    assert needed_per_year(3, 15, END_2023, END_2023) is None
    assert needed_per_year(3, 15, dt.date(2024, 1, 1), END_2023) is None


# -- project ------------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["linear", "cagr"])
def test_project_with_one_point_says_too_few_points(method):
    """With only the value on the evaluation date, no projection; the needed rate still."""
    made = project(method, points((MID_2022, 3)), MID_2022, END_2023, 15, ">=")
    assert (made.method, made.on_track, made.reason) == (method, None, "too_few_points")
    assert made.due == END_2023
    # 12 more in the 549 days from 2022-06-30 to 2023-12-31
    assert made.needed_per_year == pytest.approx(12 * 365.25 / 549)


def test_project_linear_keeps_its_inputs_and_drops_later_or_empty_points():
    """Points after the evaluation date and points without a value are not used."""
    series = points((END_2020, 2), (END_2021, None), (END_2022, 6), (END_2023, 100))
    made = project("linear", series, END_2022, dt.date(2024, 12, 31), 9, ">=")
    # 2 and 6 730 days apart: 4 / 730 a day; 2024-12-31 is 730 + 365 + 366 = 1461 days on
    assert made.projected == pytest.approx(2 + 4 / 730 * 1461)
    assert made.inputs == points((END_2020, 2), (END_2022, 6))
    # 2 + 8.005… ≈ 10.0 ≥ 9
    assert made.on_track is True
    # from 6 to 9 in the 731 days of 2023 and 2024
    assert made.needed_per_year == pytest.approx(3 * 365.25 / 731)


def test_project_cagr_uses_the_first_and_last_points():
    """The growth ratio compares the base year with now; the points between do not count
    (but for the last year's: a value that has not risen over it is not on track, below)."""
    for between in (50, 120):
        series = points((END_2020, 100), (END_2021, between), (END_2022, 121))
        made = project("cagr", series, END_2022, END_2023, 133.1, ">=")
        # 100 → 121 against 133.1, as above: a ratio of 1 whatever 2021 was
        assert made.ratio == pytest.approx(1.0)
        assert made.inputs == points((END_2020, 100), (END_2022, 121))
        assert (made.method, made.on_track, made.projected) == ("cagr", True, None)
    # 500 at the end of 2021, 121 a year later: a fall over the last year, not on track
    series = points((END_2020, 100), (END_2021, 500), (END_2022, 121))
    made = project("cagr", series, END_2022, END_2023, 133.1, ">=")
    assert made.ratio == pytest.approx(1.0)
    assert (made.on_track, made.stalled_since) == (False, HistoryPoint(END_2021, 500))


# -- a property -------------------------------------------------------------------------------


@must_judge("a rising line", "a falling line", "three points or more")
@settings(max_examples=100, deadline=None)
@given(
    start=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2030, 1, 1)),
    offsets=st.lists(st.integers(1, 3000), min_size=1, max_size=6, unique=True),
    ahead=st.integers(1, 3000),
    intercept=st.floats(-1000, 1000),
    per_year=st.floats(-100, 100),
)
def test_a_series_on_a_line_is_projected_onto_it(start, offsets, ahead, intercept, per_year):
    """Values that already lie on a straight line are projected exactly onto that line."""
    days = [0, *sorted(offsets)]

    def line(day: int) -> float:
        return intercept + per_year * day / 365.25

    series = tuple(HistoryPoint(start + dt.timedelta(days=d), line(d)) for d in days)
    due_day = days[-1] + ahead
    due = start + dt.timedelta(days=due_day)
    _, projected, slope, reason = linear(series, due, 0, ">=")
    event(f"{len(days)} points")
    judged("a rising line", per_year > 0)
    judged("a falling line", per_year < 0)
    judged("three points or more", len(days) >= 3)
    assert reason == ""
    assert math.isclose(projected, line(due_day), rel_tol=1e-9, abs_tol=1e-6)
    assert math.isclose(slope, per_year, rel_tol=1e-9, abs_tol=1e-6)


# -- a value that stands still --------------------------------------------------------------


@pytest.mark.parametrize(
    ("comparator", "required", "then", "now", "stalled"),
    [
        (">=", 10, 9.0, 9.0, True),  # no rise in a year
        (">=", 10, 9.0, 8.0, True),  # a fall
        (">=", 10, 9.0, 9.5, False),  # a rise, however small
        ("<=", 5, 9.0, 9.0, True),  # a value that must fall, standing still
        ("<=", 5, 9.0, 8.0, False),
        ("==", 5, 9.0, 7.0, False),  # nearer to 5
        ("==", 5, 9.0, 1.0, True),  # past it, further than before (4 away against 4: not nearer)
        ("==", 5, 9.0, 0.5, True),
    ],
)
def test_stalled_since_compares_the_value_now_with_the_latest_point_a_year_before(
    comparator, required, then, now, stalled
):
    """The point compared with is the latest a year or more before the last: the end of 2021
    is 334 days before 30 November 2022, the end of 2020 699 days: the end of 2020."""
    as_of = dt.date(2022, 11, 30)
    series = points((END_2020, then), (END_2021, 100.0), (as_of, now))
    found = stalled_since(series, required, comparator)
    assert found == (HistoryPoint(END_2020, then) if stalled else None)


def test_no_point_a_year_old_is_no_stall():
    """Eleven months of history are too few to say a value stands still."""
    series = points((END_2022, 9.0), (dt.date(2023, 11, 30), 9.0))
    assert stalled_since(series, 10, ">=") is None


def test_a_year_to_the_day_is_a_year():
    """The end of 2022 is exactly 365 days before the end of 2023."""
    series = points((END_2022, 9.0), (END_2023, 9.0))
    assert stalled_since(series, 10, ">=") == HistoryPoint(END_2022, 9.0)


@must_judge("the line alone on track", "stalled", "rising")
@settings(max_examples=150, deadline=None)
@given(
    values=st.lists(st.integers(0, 20), min_size=2, max_size=4),
    after=st.integers(1, 364),
    required=st.integers(1, 25),
    method=st.sampled_from(["linear", "cagr"]),
)
def test_a_projection_on_track_has_risen_over_the_last_year(values, after, required, method):
    """Whatever the history (year-ends from 2020, then the value ``after`` days into the next
    year), a milestone projected on track has a value now above the one at the latest
    year-end a year or more before; the line's own verdict stands where it has."""
    ends = [dt.date(2020 + i, 12, 31) for i in range(len(values) - 1)]
    as_of = ends[-1] + dt.timedelta(days=after)
    series = points(*zip([*ends, as_of], [float(v) for v in values], strict=True))
    due = as_of + dt.timedelta(days=400)
    made = project(method, series, as_of, due, required, ">=")
    alone = (
        linear(series, due, required, ">=")[0]
        if method == "linear"
        else growth_ratio(series[0], series[-1], due, required)[0]
    )
    # the latest year-end at least 365 days before as_of, worked out apart from the code
    old = [p for p in series[:-1] if (as_of - p.date).days >= 365]
    rose = not old or values[-1] > old[-1].value
    if (as_of - series[0].date).days < 90:  # too short a span: no projection at all
        assert (made.on_track, made.reason) == (None, "short_span")
        return
    judged("the line alone on track", bool(alone))
    judged("stalled", bool(alone) and not rose)
    judged("rising", bool(alone) and rose and bool(old))
    assert made.on_track == (bool(alone) and rose if alone is not None else None)
    assert (made.stalled_since is not None) == (bool(alone) and not rose)


# -- a projected count as shown -----------------------------------------------------------


def shown_projection(unit: str, comparator: str, required: float, projected: float) -> str:
    """The projection line of a milestone due 2023-12-31, judged as the engine judges it."""
    from scoplan.formats import RenderOptions
    from scoplan.renderers import words
    from scoplan.report import Result, ScopeRef, Status
    from scoplan.target import holds

    on_track = holds(projected, comparator, required)
    result = Result(
        milestone="m",
        target="brand-organizations",
        title="全市品牌社区社会组织数（2023年）",
        title_en="",
        scope=ScopeRef("city", "city", "黄山市"),
        due=END_2023,
        status=Status.ON_TRACK if on_track else Status.OFF_TRACK,
        measured_on=END_2022,
        value=4,
        required=required,
        comparator=comparator,
        unit=unit,
        projection=Projection("linear", on_track, END_2023, projected=projected),
    )
    return words.projection(result, RenderOptions(lang="zh"))


def test_a_projected_count_is_whole_rounded_down_for_an_at_least_target():
    """全市品牌社区社会组织数, at least 7, projected 5.3 (a section chief's trial: 4 at the end
    of 2022): 5家, not 5.3家 — and off track, as 5 < 7 says."""
    assert shown_projection("count", ">=", 7, 5.3) == "线性趋势法：预计到2023年12月31日为5家"
    # 6.7 against 7: shown 6, not 7 (rounded, 7 would seem to meet the target it misses)
    assert shown_projection("count", ">=", 7, 6.7).endswith("为6家")


def test_a_count_within_float_noise_of_its_target_is_shown_as_it():
    """6.9999999999 is 7 to the judgement (its tolerance): shown 7, on track."""
    assert shown_projection("count", ">=", 7, 7 - 1e-10).endswith("为7家")


def test_means_and_shares_keep_their_decimals():
    """A mean per community (12.04 → 12.0) and a share (0.9204 → 92.0%) are not counts."""
    assert shown_projection("per_community", ">=", 15, 12.04).endswith("为12.0个/社区")
    assert shown_projection("share", ">=", 1, 0.9204).endswith("为92.0%")


@pytest.mark.parametrize("comparator", [">=", ">", "<=", "<"])
def test_the_whole_count_shown_meets_the_target_exactly_when_the_projection_does(comparator):
    """For a whole target t and projections x from 0 to 10 by 0.05: the count shown, n,
    meets t exactly when x does — floor for at least (floor(x) ≥ t ⇔ x ≥ t) and less than,
    ceil for more than and at most (ceil(x) > t ⇔ x > t)."""
    from scoplan.target import holds

    for t in range(1, 9):
        for step in range(201):
            x = step * 0.05
            line = shown_projection("count", comparator, t, x)
            n = int(line.removeprefix("线性趋势法：预计到2023年12月31日为").removesuffix("家"))
            assert holds(n, comparator, t) == holds(x, comparator, t), (t, x, n)
