"""``gongyi-district-coverage``: share of districts holding a district-level 公益创投."""

from __future__ import annotations

import datetime as dt

from builders import PLAN_HEAD, builtin_registry, district, event, township

import scoplan
from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["gongyi-district-coverage"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)


def three_districts(*events):
    """Districts D1, D2, D3 (T3 a street of D3), with the given events."""
    return build_dataset(
        districts=[district("D1"), district("D2"), district("D3", kind="county")],
        townships=[township("T3", "D3")],
        events=events,
    )


EVENTS = (
    event("V1", "D1", dt.date(2023, 5, 1)),
    event("V2", "D2", dt.date(2022, 6, 1)),  # the year before the due year
    event("V3", "D3", dt.date(2023, 3, 1), kind="training"),  # not a 公益创投
    event("V4", "T3", dt.date(2023, 4, 1)),  # a township's, not D3's own
)


def test_year_window_counts_only_the_due_year():
    """With ``window = "year"`` a 2022 programme does not satisfy a 2023 milestone."""
    data = three_districts(*EVENTS)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 1.0, "window": "year"}
    ).results
    # only D1 held one in 2023: 1 / 3
    assert result.status is Status.NOT_MET
    assert result.value == 1 / 3
    assert (result.evidence.numerator, result.evidence.denominator) == (1, 3)
    # 1.0 x 3 = 3 needed, 1 covered: 2 more districts, D2 and D3
    assert result.gap.amount == 2
    assert result.gap.noun == "districts"
    assert [(u.level, u.id) for u in result.gap.units] == [("district", "D2"), ("district", "D3")]
    assert result.evidence.details["window"] == "year"
    assert (result.evidence.details["from"], result.evidence.details["to"]) == (
        "2023-01-01",
        "2023-12-31",
    )


def test_to_date_window_counts_every_earlier_year():
    """With ``window = "to_date"`` the 2022 programme counts too."""
    data = three_districts(*EVENTS)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 1.0, "window": "to_date"}
    ).results
    # D1 (2023) and D2 (2022): 2 / 3; 3 needed: 1 more, D3
    assert result.value == 2 / 3
    assert result.gap.amount == 1
    assert [u.id for u in result.gap.units] == ["D3"]


def test_year_window_edges():
    """January 1 and the due date itself are in the year; December 31 before it is not."""
    data = three_districts(
        event("V1", "D1", dt.date(2023, 1, 1)),
        event("V2", "D2", DUE),
        event("V3", "D3", dt.date(2022, 12, 31)),
    )
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 1.0}).results
    # D1 and D2 in 2023, D3 in 2022: 2 / 3
    assert result.evidence.numerator == 2
    assert [u.id for u in result.gap.units] == ["D3"]


def test_a_programme_after_the_due_year_never_counts_for_its_milestone():
    """A 2024 programme leaves a 2023 "year" milestone not met, but meets it late "to_date"."""
    data = three_districts(
        event("V1", "D1", dt.date(2023, 5, 1)),
        event("V2", "D2", dt.date(2023, 6, 1)),
        event("V3", "D3", dt.date(2024, 2, 1)),
    )
    as_of = dt.date(2024, 6, 30)
    (year,) = evaluate_target(
        KIND, data, as_of=as_of, due=DUE, params={"threshold": 1.0, "window": "year"}
    ).results
    # on DUE 2 / 3; now still 2 / 3, as the year is 2023
    assert year.status is Status.NOT_MET
    assert (year.value, year.value_now) == (2 / 3, 2 / 3)
    (to_date,) = evaluate_target(
        KIND, data, as_of=as_of, due=DUE, params={"threshold": 1.0, "window": "to_date"}
    ).results
    # on DUE 2 / 3; on 2024-06-30 3 / 3
    assert to_date.status is Status.MET_LATE
    assert (to_date.value, to_date.value_now) == (2 / 3, 1.0)


def test_a_programme_later_in_the_year_does_not_count_yet():
    """Evaluated mid-year, a programme planned for later in the year is not yet held."""
    data = three_districts(
        event("V1", "D1", dt.date(2023, 3, 1)), event("V2", "D2", dt.date(2023, 9, 1))
    )
    (result,) = evaluate_target(
        KIND, data, as_of=dt.date(2023, 6, 30), due=DUE, params={"threshold": 1.0}
    ).results
    # by 2023-06-30 only D1: 1 / 3, and the milestone is not yet due; only 2023's
    # programmes count, so the earlier year-ends (all 0 by construction) show no trend
    assert result.status is Status.PENDING
    assert result.value == 1 / 3
    assert result.evidence.details["to"] == "2023-06-30"
    assert result.projection.reason == "single_year"
    assert result.projection.on_track is None


def test_empty_group_is_no_data():
    """A group of development zones, when the data has none, has no data."""
    plan = scoplan.parse_plan(
        PLAN_HEAD
        + """
[groups.zones]
name = "开发区"
district_kinds = ["zone"]

[[milestones]]
id = "m"
target = "gongyi-district-coverage"
due = 2023-12-31
scope = { group = "zones" }
params = { threshold = 1.0 }
"""
    )
    report = scoplan.evaluate(three_districts(*EVENTS), plan, DUE, registry=builtin_registry())
    (result,) = report.results
    assert (result.scope.level, result.scope.id) == ("group", "zones")
    assert result.status is Status.NO_DATA
    assert result.value is None
