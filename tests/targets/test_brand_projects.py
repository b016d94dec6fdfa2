"""``brand-projects``: CSO brand projects designated in the scope."""

from __future__ import annotations

import datetime as dt

import pytest
from builders import (
    PLAN_END,
    PLAN_START,
    brand_project,
    builtin_registry,
    community,
    district,
    evaluate_in_empty_group,
    organization,
    township,
)

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["brand-projects"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)
EACH = {"districts": ["D1", "D2"], "each": True}


def two_districts(*projects):
    """O1 in D1's community C1 and O2 in D2's community C2, with the given brand projects."""
    return build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1"), community("C2", "T2")],
        organizations=[organization("O1", "C1"), organization("O2", "C2")],
        brand_projects=projects,
    )


PROJECTS = (
    brand_project("P1", "O1", dt.date(2021, 5, 1)),
    brand_project("P2", "O1", DUE),  # designated on the due date
    brand_project("P3", "O2", dt.date(2022, 1, 1)),
    brand_project("P4", "O2", DUE + dt.timedelta(days=1)),  # the day after
)


def test_projects_designated_by_the_date_count():
    """P1, P2 (on the day) and P3 count, P4 (the day after) does not: 3 meets 3."""
    data = two_districts(*PROJECTS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 3}).results
    # P1 + P2 + P3 = 3 >= 3
    assert (result.status, result.value) == (Status.MET, 3.0)
    assert result.evidence.details["brand_projects"] == ["P1", "P2", "P3"]
    assert result.gap is None


def test_the_plans_ten_are_not_met_by_three():
    """Against the plan's 10, three projects lack seven, and the shortfall names the city."""
    data = two_districts(*PROJECTS)
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 10}).results
    # 10 - 3 = 7 more
    assert result.status is Status.NOT_MET
    assert result.gap.amount == 7
    assert result.gap.noun == "brand_projects"
    assert [(u.level, u.id) for u in result.gap.units] == [("city", "city")]


def test_projects_count_in_the_district_of_their_organization():
    """Per district, D1 has P1 and P2 and D2 has P3 only."""
    data = two_districts(*PROJECTS)
    results = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 2}, scope=EACH).results
    # D1: P1 + P2 = 2 >= 2; D2: P3 = 1 < 2, one more
    assert [(r.scope.id, r.status, r.value) for r in results] == [
        ("D1", Status.MET, 2.0),
        ("D2", Status.NOT_MET, 1.0),
    ]
    assert results[1].evidence.details["brand_projects"] == ["P3"]
    assert results[1].gap.amount == 1


def test_before_the_due_date_too_few_is_off_track():
    """Evaluated mid-2022, P1 and P3 are designated: 2 of 10, and the trend falls short."""
    data = two_districts(*PROJECTS)
    (result,) = evaluate_target(
        KIND,
        data,
        as_of=dt.date(2022, 6, 30),
        due=DUE,
        params={"threshold": 10},
        start=PLAN_START,
        end=PLAN_END,
    ).results
    # P1 (2021) + P3 (2022-01) = 2; 10 - 2 = 8 more
    assert (result.status, result.value) == (Status.OFF_TRACK, 2.0)
    assert result.gap.amount == 8
    # in days from 2020-12-31: x = 0, 365, 546 (2022-06-30); y = 0, 1 (P1), 2; means 911/3, 1
    # Sxy = 911/3 + 727/3 = 546; Sxx = (911² + 184² + 727²) / 9 = 1392306 / 9
    # on 2023-12-31 (day 1095): 1 + 546 * 9 / 1392306 * (1095 - 911/3) ≈ 3.79 < 10
    assert result.projection.projected == pytest.approx(1 + 546 * 9 / 1392306 * (1095 - 911 / 3))


def test_empty_scope_is_no_data():
    """A group with no district has no data: no value and no gap, not a count of zero."""
    result = evaluate_in_empty_group(
        two_districts(*PROJECTS), "brand-projects", DUE, {"threshold": 10}
    )
    assert result.status is Status.NO_DATA
    assert (result.value, result.gap) == (None, None)


def test_since_leaves_out_projects_designated_before_it():
    """With ``since`` 2021-06-01, P1 (2021-05-01) does not count: P2 and P3 do."""
    data = two_districts(*PROJECTS)
    params = {"threshold": 3, "since": dt.date(2021, 6, 1)}
    (result,) = evaluate_target(KIND, data, as_of=DUE, params=params).results
    # P2 (on the due date) and P3 (2022-01-01): 2 < 3, 1 more
    assert (result.status, result.value, result.gap.amount) == (Status.NOT_MET, 2.0, 1)
    assert result.evidence.details == {"brand_projects": ["P2", "P3"], "since": "2021-06-01"}
    # since on P1's own day: it counts
    params = {"threshold": 3, "since": dt.date(2021, 5, 1)}
    (result,) = evaluate_target(KIND, data, as_of=DUE, params=params).results
    assert result.evidence.details["brand_projects"] == ["P1", "P2", "P3"]
