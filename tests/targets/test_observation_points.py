"""``observation-points``: cultivation observation points designated inside the scope."""

from __future__ import annotations

import datetime as dt

from builders import builtin_registry, evaluate_in_empty_group

from scoplan import Dataset, Status
from scoplan.testing import DatasetBuilder, assert_status, assert_value, evaluate_target

KIND = builtin_registry().targets["observation-points"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2021, 12, 31)
EACH = {"districts": ["D1", "D2", "D3"], "each": True}
MAY = dt.date(2021, 5, 1)

POINTS = (
    ("OP1", "D1", MAY, None),  # at the district itself
    ("OP2", "T1", MAY, None),  # at a township of D1
    ("OP3", "C1", MAY, None),  # at a community of D1
    ("OP4", "T2", DUE, None),  # designated on the due date
    ("OP5", "D2", dt.date(2021, 1, 1), DUE),  # ended on it
    ("OP6", "D2", DUE + dt.timedelta(days=1), None),  # the day after
    ("OP7", "city", MAY, None),  # the city's: inside no district
)
"""Observation points: id, the unit it is at, designated, ended."""


def three_districts() -> Dataset:
    """D1 (street T1, community C1), D2 (street T2) and D3 (a county), with the
    :data:`POINTS` and a service centre of D3, which is not an observation point."""
    builder = (
        DatasetBuilder()
        .district("D1")
        .district("D2")
        .district("D3", kind="county")
        .township("T1", "D1")
        .township("T2", "D2")
        .community("C1", "T1")
        .establishment("SC3", "D3", kind="service_centre")
    )
    for id, unit_id, designated, ended in POINTS:
        builder.establishment(
            id, unit_id, kind="observation_point", established=designated, ended=ended
        )
    return builder.build()


def test_points_anywhere_inside_a_district_count():
    """D1 counts its own, its township's and its community's points; D3 has none."""
    data = three_districts()
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
    data = three_districts()
    report = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 2}, scope={"districts": ["D2"]}
    )
    # OP4 only (OP5 ended on DUE, OP6 after it): 2 - 1 = 1 more
    result = assert_status(report, KIND.id, "not_met")
    assert_value(report, KIND.id, 1.0)
    assert result.gap.amount == 1
    assert result.gap.noun == "observation_points"
    assert [(u.level, u.id, u.value) for u in result.gap.units] == [("district", "D2", 1.0)]


def test_a_point_designated_later_meets_the_milestone_late():
    """Evaluated a year on, D2's point of the day after the due date makes it met late."""
    data = three_districts()
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
    result = evaluate_in_empty_group(three_districts(), "observation-points", DUE)
    assert result.status is Status.NO_DATA
    assert (result.value, result.gap) == (None, None)
