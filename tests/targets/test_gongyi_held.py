"""``gongyi-held``: 公益创投 programmes held by the scope itself."""

from __future__ import annotations

import datetime as dt

from builders import builtin_registry, district, evaluate_in_empty_group, event, township

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["gongyi-held"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)
PLAN_YEARS = {"window": "to_date", "since": dt.date(2021, 1, 1)}


def two_districts(*events):
    """Districts D1 (street T1) and D2, with the given events."""
    return build_dataset(
        districts=[district("D1"), district("D2", kind="county")],
        townships=[township("T1", "D1")],
        events=events,
    )


EVENTS = (
    event("G1", "city", dt.date(2020, 10, 1)),  # the city's, before the plan
    event("G2", "D1", dt.date(2022, 4, 1)),  # D1's own
    event("G3", "T1", dt.date(2023, 3, 1)),  # a township's
    event("G4", "city", dt.date(2021, 1, 1), kind="training"),  # not a 公益创投
)


def test_the_city_held_none_of_its_own_in_the_plans_years():
    """G1 was before 2021, G2 and G3 are not the city's own, G4 is a training: none."""
    data = two_districts(*EVENTS)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 1, **PLAN_YEARS}
    ).results
    assert (result.status, result.value, result.gap.amount) == (Status.NOT_MET, 0.0, 1)
    assert [(u.level, u.id) for u in result.gap.units] == [("city", "city")]
    assert result.gap.noun == "programmes"


def test_one_of_the_citys_own_from_the_plans_start_counts():
    """A city 公益创投 on the plan's first day counts; with no ``since``, G1 counts too."""
    data = two_districts(*EVENTS, event("G5", "city", dt.date(2021, 1, 1)))
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 1, **PLAN_YEARS}
    ).results
    assert (result.status, result.value) == (Status.MET, 1.0)
    assert result.evidence.details["gongyi_chuangtou"] == ["G5"]
    (every,) = evaluate_target(KIND, data, as_of=DUE, params={"window": "to_date"}).results
    assert every.evidence.details["gongyi_chuangtou"] == ["G1", "G5"]


def test_a_district_counts_its_own_and_within_it():
    """D1 held G2 itself; ``held_by = "within"`` adds T1's G3; D2 held none."""
    data = two_districts(*EVENTS)
    each = evaluate_target(KIND, data, as_of=DUE, params=PLAN_YEARS, scope={"each": True}).results
    assert [(r.scope.id, r.value) for r in each] == [("D1", 1.0), ("D2", 0.0)]
    within = {**PLAN_YEARS, "held_by": "within"}
    (d1,) = evaluate_target(
        KIND, data, as_of=DUE, params=within, scope={"districts": ["D1"]}
    ).results
    assert d1.evidence.details["gongyi_chuangtou"] == ["G2", "G3"]


def test_an_empty_scope_is_no_data():
    """A group with no district has nothing to count."""
    result = evaluate_in_empty_group(two_districts(*EVENTS), "gongyi-held", DUE, PLAN_YEARS)
    assert (result.status, result.value) == (Status.NO_DATA, None)
