"""``governance-academies``: a district-level Community Governance Academy exists."""

from __future__ import annotations

import datetime as dt

from builders import (
    PLAN_END,
    PLAN_START,
    builtin_registry,
    district,
    establishment,
    evaluate_in_empty_group,
    township,
)

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["governance-academies"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2023, 12, 31)
EACH = {"each": True}


def academy(id, unit_id, established=dt.date(2023, 6, 1), ended=None):
    """A governance academy of a unit."""
    return establishment(id, unit_id, established, ended, kind="governance_academy")


def four_districts(*establishments):
    """Districts D1 to D4, D1 with street T1, and the given establishments."""
    return build_dataset(
        districts=[district(d) for d in ("D1", "D2", "D3", "D4")],
        townships=[township("T1", "D1")],
        establishments=establishments,
    )


ESTABLISHMENTS = (
    academy("A1", "D1"),
    academy("A2", "T1"),  # a township's academy is not D1's own
    academy("A3", "D2", established=DUE),  # on the due date
    academy("A4", "D3", established=dt.date(2022, 1, 1), ended=DUE),  # ended on it
    academy("A5", "city"),  # the city's own
    establishment("SC4", "D4"),  # a service centre, not an academy
)


def test_only_an_open_academy_of_the_district_itself_counts():
    """D1 and D2 (established on the day) have one; D3 (ended on the day) and D4 do not."""
    data = four_districts(*ESTABLISHMENTS)
    results = evaluate_target(KIND, data, as_of=DUE, scope=EACH).results
    # D1: A1; D2: A3; D3: A4 ended on DUE; D4: only a service centre
    assert [(r.scope.id, r.status, r.value) for r in results] == [
        ("D1", Status.MET, 1.0),
        ("D2", Status.MET, 1.0),
        ("D3", Status.NOT_MET, 0.0),
        ("D4", Status.NOT_MET, 0.0),
    ]
    assert results[0].evidence.details["governance_academy"] == ["A1"]
    # 1 required - 0 = 1 more, naming D4
    assert results[3].gap.amount == 1
    assert results[3].gap.noun == "academies"
    assert [(u.level, u.id) for u in results[3].gap.units] == [("district", "D4")]


def test_before_the_academy_opens_the_milestone_is_off_track():
    """Evaluated in March 2023, D1's June academy is not open yet, and none ever was: off track."""
    data = four_districts(*ESTABLISHMENTS)
    (result,) = evaluate_target(
        KIND,
        data,
        as_of=dt.date(2023, 3, 1),
        due=DUE,
        scope={"districts": ["D1"]},
        start=PLAN_START,
        end=PLAN_END,
    ).results
    # 0 at the year-ends 2020, 2021, 2022 and on 2023-03-01: a flat line projects 0 < 1
    assert (result.status, result.value) == (Status.OFF_TRACK, 0.0)
    assert [p.value for p in result.history] == [0.0, 0.0, 0.0]
    assert (result.projection.projected, result.projection.slope_per_year) == (0.0, 0.0)


def test_academies_of_several_districts_add_up():
    """Scoped to D1, D2 and D3 together, two academies meet a threshold of two."""
    data = four_districts(*ESTABLISHMENTS)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 2}, scope={"districts": ["D1", "D2", "D3"]}
    ).results
    # A1 + A3 = 2 >= 2
    assert (result.status, result.value) == (Status.MET, 2.0)
    assert result.evidence.details["governance_academy"] == ["A1", "A3"]


def test_empty_scope_is_no_data():
    """A group with no district has no data: no value and no gap, not a count of zero."""
    result = evaluate_in_empty_group(four_districts(*ESTABLISHMENTS), "governance-academies", DUE)
    assert result.status is Status.NO_DATA
    assert (result.value, result.gap) == (None, None)


def test_a_missing_academy_is_said_with_its_measure_word():
    """A district lacking its academy needs ``1所社区治理学院`` (学院 are counted with 所, not
    个: a section chief's reading)."""
    from scoplan.renderers.text import render_text

    report = evaluate_target(KIND, four_districts(), as_of=DUE, scope={"districts": ["D2"]})
    assert "尚需建成1所社区治理学院" in render_text(report, "zh")
