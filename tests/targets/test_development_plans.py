"""``development-plans``: each district has adopted its three-year CSO plan."""

from __future__ import annotations

import datetime as dt

from builders import builtin_registry, evaluate_in_empty_group

from scoplan import Dataset, Status
from scoplan.testing import DatasetBuilder, assert_status, assert_value, evaluate_target

KIND = builtin_registry().targets["development-plans"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2021, 12, 31)
LATER = dt.date(2022, 12, 31)
EACH = {"each": True}

PLANS = (
    ("DP1", "D1", dt.date(2021, 2, 1), None),
    ("DP2", "D2", dt.date(2022, 5, 1), None),  # adopted late
    ("DP3", "D3", dt.date(2021, 1, 1), DUE),  # ended on the due date
    ("DP4", "D4", DUE, None),  # adopted on the due date
    ("DP5", "T5", dt.date(2021, 3, 1), None),  # a township's plan is not D5's own
)
"""Three-year development plans: id, the unit that adopted it, adopted, ended."""


def five_districts() -> Dataset:
    """Districts D1 to D5, D5 with street T5, and the :data:`PLANS`."""
    builder = DatasetBuilder()
    for id in ("D1", "D2", "D3", "D4", "D5"):
        builder.district(id)
    builder.township("T5", "D5")
    for id, unit_id, adopted, ended in PLANS:
        builder.establishment(
            id, unit_id, kind="development_plan", established=adopted, ended=ended
        )
    return builder.build()


def test_each_district_is_judged_on_its_own_plan():
    """Evaluated a year on: D1 and D4 met, D2 met late, D3 and D5 not met."""
    report = evaluate_target(KIND, five_districts(), as_of=LATER, due=DUE, scope=EACH)
    results = report.results
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
    report = evaluate_target(KIND, five_districts(), as_of=DUE, params={"threshold": 5})
    # DP1 + DP4 = 2 of the 5 wanted: 3 more
    result = assert_status(report, KIND.id, "not_met")
    assert_value(report, KIND.id, 2.0)
    assert result.evidence.details["development_plan"] == ["DP1", "DP4"]
    assert result.gap.amount == 3


def test_empty_scope_is_no_data():
    """A group with no district has no data: no value and no gap, not a count of zero."""
    result = evaluate_in_empty_group(five_districts(), "development-plans", DUE)
    assert result.status is Status.NO_DATA
    assert (result.value, result.gap) == (None, None)
