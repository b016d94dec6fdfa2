"""``gongyi-held``: 公益创投 programmes held by the scope itself."""

from __future__ import annotations

import datetime as dt

from builders import builtin_registry, evaluate_in_empty_group

from scoplan import Dataset, Status
from scoplan.testing import DatasetBuilder, assert_status, assert_value, evaluate_target

KIND = builtin_registry().targets["gongyi-held"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)
PLAN_YEARS = {"window": "to_date", "since": dt.date(2021, 1, 1)}

EVENTS = (
    ("G1", "city", dt.date(2020, 10, 1), "gongyi_chuangtou"),  # the city's, before the plan
    ("G2", "D1", dt.date(2022, 4, 1), "gongyi_chuangtou"),  # D1's own
    ("G3", "T1", dt.date(2023, 3, 1), "gongyi_chuangtou"),  # a township's
    ("G4", "city", dt.date(2021, 1, 1), "training"),  # not a 公益创投
)
"""Events: id, the unit that held it, the day, the kind."""


def two_districts(*more: tuple[str, str, dt.date, str]) -> Dataset:
    """Districts D1 (street T1) and D2 (a county), with the :data:`EVENTS` and ``more``."""
    builder = DatasetBuilder().district("D1").district("D2", kind="county").township("T1", "D1")
    for id, unit_id, day, kind in (*EVENTS, *more):
        builder.event(id, unit_id, kind=kind, date=day)
    return builder.build()


def test_the_city_held_none_of_its_own_in_the_plans_years():
    """G1 was before 2021, G2 and G3 are not the city's own, G4 is a training: none."""
    report = evaluate_target(
        KIND, two_districts(), as_of=DUE, params={"threshold": 1, **PLAN_YEARS}
    )
    result = assert_status(report, KIND.id, "not_met")
    assert_value(report, KIND.id, 0.0)
    assert result.gap.amount == 1
    assert [(u.level, u.id) for u in result.gap.units] == [("city", "city")]
    assert result.gap.noun == "programmes"


def test_one_of_the_citys_own_from_the_plans_start_counts():
    """A city 公益创投 on the plan's first day counts; with no ``since``, G1 counts too."""
    data = two_districts(("G5", "city", dt.date(2021, 1, 1), "gongyi_chuangtou"))
    report = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 1, **PLAN_YEARS})
    result = assert_status(report, KIND.id, "met")
    assert_value(report, KIND.id, 1.0)
    assert result.evidence.details["gongyi_chuangtou"] == ["G5"]
    (every,) = evaluate_target(KIND, data, as_of=DUE, params={"window": "to_date"}).results
    assert every.evidence.details["gongyi_chuangtou"] == ["G1", "G5"]


def test_a_district_counts_its_own_and_within_it():
    """D1 held G2 itself; ``held_by = "within"`` adds T1's G3; D2 held none."""
    data = two_districts()
    each = evaluate_target(KIND, data, as_of=DUE, params=PLAN_YEARS, scope={"each": True})
    assert [(r.scope.id, r.value) for r in each.results] == [("D1", 1.0), ("D2", 0.0)]
    within = {**PLAN_YEARS, "held_by": "within"}
    (d1,) = evaluate_target(
        KIND, data, as_of=DUE, params=within, scope={"districts": ["D1"]}
    ).results
    assert d1.evidence.details["gongyi_chuangtou"] == ["G2", "G3"]


def test_an_empty_scope_is_no_data():
    """A group with no district has nothing to count."""
    result = evaluate_in_empty_group(two_districts(), "gongyi-held", DUE, PLAN_YEARS)
    assert (result.status, result.value) == (Status.NO_DATA, None)
