"""``activity-reporting``: share of townships (or districts) with a reporting system."""

from __future__ import annotations

import datetime as dt

from builders import (
    builtin_registry,
    district,
    establishment,
    evaluate_in_empty_group,
    township,
)

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["activity-reporting"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)


def system(id, unit_id, established=dt.date(2022, 1, 1), ended=None):
    """A major-activity reporting system of a unit."""
    return establishment(id, unit_id, established, ended, kind="activity_reporting_system")


def three_districts(*establishments):
    """D1 with townships T1 to T4, D2 with T5, D3 with none."""
    return build_dataset(
        districts=[district("D1"), district("D2", kind="county"), district("D3")],
        townships=[
            township("T1", "D1"),
            township("T2", "D1"),
            township("T3", "D1", kind="town"),
            township("T4", "D1", kind="town"),
            township("T5", "D2", kind="township"),
        ],
        establishments=establishments,
    )


ESTABLISHMENTS = (
    system("S1", "T1"),
    system("S2", "T2", established=DUE),  # on the due date
    system("S3", "T3", established=dt.date(2021, 1, 1), ended=DUE),  # ended on it
    system("S5", "T5"),
    system("S6", "D2"),  # at district level
    system("S7", "D3", established=DUE + dt.timedelta(days=1)),  # the day after
)


def test_without_a_threshold_the_township_share_is_an_indicator():
    """With no threshold, three of five townships is info, 0.6."""
    data = three_districts(*ESTABLISHMENTS)
    (result,) = evaluate_target(KIND, data, as_of=DUE).results
    # T1, T2 (on the day), T5 of T1..T5: 3 / 5
    assert result.status is Status.INFO
    assert result.value == 0.6
    assert (result.evidence.numerator, result.evidence.denominator) == (3, 5)
    assert (result.required, result.gap) == (None, None)


def test_with_a_threshold_the_township_share_is_judged():
    """3 of 5 meets a threshold of 0.6; D1's two of four misses 0.75, lacking one."""
    data = three_districts(*ESTABLISHMENTS)
    (city,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 0.6}).results
    assert (city.status, city.gap) == (Status.MET, None)
    (d1,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 0.75}, scope={"districts": ["D1"]}
    ).results
    # T1, T2 of T1..T4: 2 / 4 = 0.5; 0.75 x 4 = 3 needed: 1 more; T3, T4 lack one
    assert (d1.status, d1.value) == (Status.NOT_MET, 0.5)
    assert d1.gap.amount == 1
    assert d1.gap.noun == "townships"
    assert [(u.level, u.id) for u in d1.gap.units] == [("township", "T3"), ("township", "T4")]


def test_district_level_counts_the_districts_own_systems():
    """With ``level = "district"`` only D2 of three districts has one: a third."""
    data = three_districts(*ESTABLISHMENTS)
    (info,) = evaluate_target(KIND, data, as_of=DUE, params={"level": "district"}).results
    # D2 (S6) of D1, D2, D3 (S7 only the day after): 1 / 3
    assert (info.status, info.value) == (Status.INFO, 1 / 3)
    assert (info.evidence.numerator, info.evidence.denominator) == (1, 3)
    (judged,) = evaluate_target(
        KIND, data, as_of=DUE, params={"level": "district", "threshold": 0.5}
    ).results
    # 0.5 x 3 = 1.5, so 2 needed, 1 has one: 1 more; D1 and D3 lack one
    assert judged.status is Status.NOT_MET
    assert judged.gap.amount == 1
    assert judged.gap.noun == "districts"
    assert [(u.level, u.id) for u in judged.gap.units] == [("district", "D1"), ("district", "D3")]


def test_the_indicator_never_fails_the_run():
    """With no system anywhere, the indicator is 0.0 and the exit code stays 0."""
    report = evaluate_target(KIND, three_districts(), as_of=DUE)
    # 0 / 5
    assert [(r.status, r.value) for r in report.results] == [(Status.INFO, 0.0)]
    assert report.exit_code() == 0


def test_no_township_is_no_data():
    """D3 has no township: no data, with or without a threshold; nor has an empty group."""
    data = three_districts(*ESTABLISHMENTS)
    for params in (None, {"threshold": 0.5}):
        (result,) = evaluate_target(
            KIND, data, as_of=DUE, params=params, scope={"districts": ["D3"]}
        ).results
        assert (result.status, result.value) == (Status.NO_DATA, None)
    assert evaluate_in_empty_group(data, "activity-reporting", DUE).status is Status.NO_DATA
