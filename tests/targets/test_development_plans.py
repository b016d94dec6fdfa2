"""``development-plans``: each district has adopted its three-year CSO plan."""

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

KIND = builtin_registry().targets["development-plans"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2021, 12, 31)
LATER = dt.date(2022, 12, 31)
EACH = {"each": True}


def plan(id, unit_id, established, ended=None):
    """A three-year development plan adopted by a unit."""
    return establishment(id, unit_id, established, ended, kind="development_plan")


def five_districts(*establishments):
    """Districts D1 to D5, D5 with street T5, and the given establishments."""
    return build_dataset(
        districts=[district(d) for d in ("D1", "D2", "D3", "D4", "D5")],
        townships=[township("T5", "D5")],
        establishments=establishments,
    )


ESTABLISHMENTS = (
    plan("DP1", "D1", dt.date(2021, 2, 1)),
    plan("DP2", "D2", dt.date(2022, 5, 1)),  # adopted late
    plan("DP3", "D3", dt.date(2021, 1, 1), ended=DUE),  # ended on the due date
    plan("DP4", "D4", DUE),  # adopted on the due date
    plan("DP5", "T5", dt.date(2021, 3, 1)),  # a township's plan is not D5's own
)


def test_each_district_is_judged_on_its_own_plan():
    """Evaluated a year on: D1 and D4 met, D2 met late, D3 and D5 not met."""
    data = five_districts(*ESTABLISHMENTS)
    results = evaluate_target(KIND, data, as_of=LATER, due=DUE, scope=EACH).results
    # (value at DUE, value at LATER): D1 (1, 1); D2 (0, 1); D3 (0, 0); D4 (1, 1); D5 (0, 0)
    assert [(r.scope.id, r.status, r.value, r.value_now) for r in results] == [
        ("D1", Status.MET, 1.0, 1.0),
        ("D2", Status.MET_LATE, 0.0, 1.0),
        ("D3", Status.NOT_MET, 0.0, 0.0),
        ("D4", Status.MET, 1.0, 1.0),
        ("D5", Status.NOT_MET, 0.0, 0.0),
    ]
    assert results[0].evidence.details["development_plan"] == ["DP1"]
    assert results[4].gap.amount == 1
    assert results[4].gap.noun == "plans"


def test_the_plans_of_the_whole_city_add_up():
    """At city level, the district plans open on the due date are D1's and D4's."""
    data = five_districts(*ESTABLISHMENTS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 5}).results
    # DP1 + DP4 = 2 of the 5 wanted: 3 more
    assert (result.status, result.value) == (Status.NOT_MET, 2.0)
    assert result.evidence.details["development_plan"] == ["DP1", "DP4"]
    assert result.gap.amount == 3


def test_empty_scope_is_no_data():
    """A group with no district has no data: no value and no gap, not a count of zero."""
    result = evaluate_in_empty_group(five_districts(*ESTABLISHMENTS), "development-plans", DUE)
    assert result.status is Status.NO_DATA
    assert (result.value, result.gap) == (None, None)
