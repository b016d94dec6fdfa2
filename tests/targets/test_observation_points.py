"""``observation-points``: cultivation observation points designated inside the scope."""

from __future__ import annotations

import datetime as dt

from builders import (
    builtin_registry,
    community,
    district,
    establishment,
    evaluate_in_empty_group,
    township,
)

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["observation-points"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2021, 12, 31)
EACH = {"districts": ["D1", "D2", "D3"], "each": True}


def point(id, unit_id, established=dt.date(2021, 5, 1), ended=None):
    """An observation point at any unit."""
    return establishment(id, unit_id, established, ended, kind="observation_point")


def three_districts(*establishments):
    """D1 (street T1, community C1), D2 (street T2) and D3, with the given establishments."""
    return build_dataset(
        districts=[district("D1"), district("D2"), district("D3", kind="county")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[community("C1", "T1")],
        establishments=establishments,
    )


ESTABLISHMENTS = (
    point("OP1", "D1"),  # at the district itself
    point("OP2", "T1"),  # at a township of D1
    point("OP3", "C1"),  # at a community of D1
    point("OP4", "T2", established=DUE),  # designated on the due date
    point("OP5", "D2", established=dt.date(2021, 1, 1), ended=DUE),  # ended on it
    point("OP6", "D2", established=DUE + dt.timedelta(days=1)),  # the day after
    point("OP7", "city"),  # the city's: inside no district
    establishment("SC3", "D3"),  # a service centre, not an observation point
)


def test_points_anywhere_inside_a_district_count():
    """D1 counts its own, its township's and its community's points; D3 has none."""
    data = three_districts(*ESTABLISHMENTS)
    results = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 1}, scope=EACH).results
    # D1: OP1 + OP2 + OP3 = 3; D2: OP4 (on the day) = 1; D3: 0
    assert [(r.scope.id, r.status, r.value) for r in results] == [
        ("D1", Status.MET, 3.0),
        ("D2", Status.MET, 1.0),
        ("D3", Status.NOT_MET, 0.0),
    ]
    assert results[0].evidence.details["observation_points"] == ["OP1", "OP2", "OP3"]
    assert results[1].evidence.details["observation_points"] == ["OP4"]


def test_one_point_falls_short_of_two():
    """Against 屯溪区's threshold of 2, D2's single point lacks one, naming D2."""
    data = three_districts(*ESTABLISHMENTS)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 2}, scope={"districts": ["D2"]}
    ).results
    # OP4 only (OP5 ended on DUE, OP6 after it): 2 - 1 = 1 more
    assert (result.status, result.value) == (Status.NOT_MET, 1.0)
    assert result.gap.amount == 1
    assert result.gap.noun == "observation_points"
    assert [(u.level, u.id, u.value) for u in result.gap.units] == [("district", "D2", 1.0)]


def test_a_point_designated_later_meets_the_milestone_late():
    """Evaluated a year on, D2's point of the day after the due date makes it met late."""
    data = three_districts(*ESTABLISHMENTS)
    (result,) = evaluate_target(
        KIND,
        data,
        as_of=dt.date(2022, 12, 31),
        due=DUE,
        params={"threshold": 2},
        scope={"districts": ["D2"]},
    ).results
    # due: OP4 = 1 < 2; now: OP4 + OP6 = 2 >= 2
    assert (result.status, result.value, result.value_now) == (Status.MET_LATE, 1.0, 2.0)


def test_empty_scope_is_no_data():
    """A group with no district has no data: no value and no gap, not a count of zero."""
    result = evaluate_in_empty_group(three_districts(*ESTABLISHMENTS), "observation-points", DUE)
    assert result.status is Status.NO_DATA
    assert (result.value, result.gap) == (None, None)
