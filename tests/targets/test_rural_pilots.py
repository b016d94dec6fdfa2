"""``rural-pilots``: rural communities designated as cultivation pilots."""

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

KIND = builtin_registry().targets["rural-pilots"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2021, 12, 31)
EACH = {"districts": ["D1", "D2", "D3", "D4"], "each": True}


def pilot(id, unit_id, established=dt.date(2021, 5, 1), ended=None):
    """A rural pilot designation of a unit."""
    return establishment(id, unit_id, established, ended, kind="rural_pilot")


def four_districts(*establishments):
    """D1: urban U1, rural R1, R2; D2: urban U2 only; D3: rural R3; D4: rural R4."""
    return build_dataset(
        districts=[district(d) for d in ("D1", "D2", "D3", "D4")],
        townships=[township(f"T{i}", f"D{i}", kind="town") for i in (1, 2, 3, 4)],
        communities=[
            community("U1", "T1"),
            community("R1", "T1", kind="rural"),
            community("R2", "T1", kind="rural"),
            community("U2", "T2"),
            community("R3", "T3", kind="rural"),
            community("R4", "T4", kind="rural"),
        ],
        establishments=establishments,
    )


ESTABLISHMENTS = (
    pilot("P1", "R1"),
    pilot("P2", "R1", established=dt.date(2021, 8, 1)),  # R1 again: one community
    pilot("P3", "U1"),  # an urban community is no rural pilot
    pilot("P4", "T1"),  # a township is no community
    pilot("P5", "R2", established=dt.date(2022, 3, 1)),  # after the due date
    pilot("P6", "R3", established=DUE),  # designated on the due date
    pilot("P7", "R4", established=dt.date(2021, 1, 1), ended=DUE),  # ended on it
    pilot("P8", "U2"),
)


def test_counts_rural_communities_designated_as_pilots():
    """Each district counts its rural communities with a pilot on the due date, once each."""
    data = four_districts(*ESTABLISHMENTS)
    results = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 1}, scope=EACH).results
    # D1: R1 (P1, P2) = 1; D2: U2 is urban = 0; D3: R3 on the day = 1; D4: ended on it = 0
    assert [(r.scope.id, r.status, r.value) for r in results] == [
        ("D1", Status.MET, 1.0),
        ("D2", Status.NOT_MET, 0.0),
        ("D3", Status.MET, 1.0),
        ("D4", Status.NOT_MET, 0.0),
    ]
    assert results[0].evidence.details["pilot_communities"] == ["R1"]
    assert results[1].gap.amount == 1
    assert results[1].gap.noun == "pilot_communities"


def test_a_second_pilot_community_designated_late_is_met_late():
    """D1 needs two pilot communities: R1 by the due date, R2 only in 2022."""
    data = four_districts(*ESTABLISHMENTS)
    (result,) = evaluate_target(
        KIND,
        data,
        as_of=dt.date(2022, 12, 31),
        due=DUE,
        params={"threshold": 2},
        scope={"districts": ["D1"]},
    ).results
    # due: R1 = 1 < 2; 2022-12-31: R1 + R2 = 2 >= 2
    assert (result.status, result.value, result.value_now) == (Status.MET_LATE, 1.0, 2.0)
    assert result.evidence.details["pilot_communities"] == ["R1"]


def test_the_districts_together_count_each_community_once():
    """Scoped to D1, D3 and D4 together, R1 and R3 make two."""
    data = four_districts(*ESTABLISHMENTS)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 3}, scope={"districts": ["D1", "D3", "D4"]}
    ).results
    # R1 + R3 = 2 < 3: one more
    assert (result.status, result.value) == (Status.NOT_MET, 2.0)
    assert result.evidence.details["pilot_communities"] == ["R1", "R3"]
    assert result.gap.amount == 1


def test_empty_scope_is_no_data():
    """A group with no district has no data: no value and no gap, not a count of zero."""
    result = evaluate_in_empty_group(four_districts(*ESTABLISHMENTS), "rural-pilots", DUE)
    assert result.status is Status.NO_DATA
    assert (result.value, result.gap) == (None, None)
