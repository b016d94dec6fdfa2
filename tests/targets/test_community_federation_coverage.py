"""``community-federation-coverage``: share of urban communities with a federation."""

from __future__ import annotations

import datetime as dt

from builders import builtin_registry, community, district, federation, township

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["community-federation-coverage"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2021, 12, 31)


def four_urban(**tables):
    """District D1, street T1 with urban C1..C4 and rural R1; D2 has only rural R2."""
    return build_dataset(
        districts=[district("D1"), district("D2", kind="county")],
        townships=[township("T1", "D1"), township("T2", "D2", kind="town")],
        communities=[
            community("C1", "T1"),
            community("C2", "T1"),
            community("C3", "T1"),
            community("C4", "T1"),
            community("R1", "T1", kind="rural"),
            community("R2", "T2", kind="rural"),
        ],
        **tables,
    )


THREE_OF_FOUR = [
    federation("F1", "community", "C1"),
    federation("F2", "community", "C2"),
    federation("F3", "community", "C3"),
    federation("F5", "community", "R1"),  # rural: not an urban community
    federation("F6", "township", "T1"),  # township level: covers no community
]
D1 = {"districts": ["D1"]}


def test_three_of_four_meets_seventy_percent():
    """Three of four urban communities covered (0.75) meets 0.7."""
    data = four_urban(federations=THREE_OF_FOUR)
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 0.7}, scope=D1).results
    # C1, C2, C3 of C1..C4: 3 / 4 = 0.75 >= 0.7
    assert result.status is Status.MET
    assert result.value == 0.75
    assert (result.evidence.numerator, result.evidence.denominator) == (3, 4)
    assert result.gap is None


def test_three_of_four_misses_eighty_percent_by_one():
    """0.75 against 0.8 lacks one community, C4."""
    data = four_urban(federations=THREE_OF_FOUR)
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 0.8}, scope=D1).results
    # 0.8 x 4 = 3.2 needed, 3 covered: ceil(0.2) = 1 more
    assert result.status is Status.NOT_MET
    assert result.gap.amount == 1
    assert result.gap.noun == "communities"
    assert [(u.level, u.id) for u in result.gap.units] == [("community", "C4")]


def test_exactly_seventy_percent_is_met_despite_float_rounding():
    """Seven of ten covered meets 0.7, although 0.7 x 10 is 7.000000000000001 in floats."""
    communities = [community(f"C{i:02}", "T1") for i in range(10)]
    data = build_dataset(
        districts=[district("D1")],
        townships=[township("T1", "D1")],
        communities=communities,
        federations=[federation(f"F{i}", "community", f"C{i:02}") for i in range(7)],
    )
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 0.7}).results
    # 7 / 10 = 0.7
    assert result.status is Status.MET
    assert result.value == 0.7


def test_rural_communities_when_asked():
    """With ``community_kind = "rural"`` the rural communities are the units instead."""
    data = four_urban(federations=THREE_OF_FOUR)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 1.0, "community_kind": "rural"}, scope=D1
    ).results
    # R1 of R1: 1 / 1
    assert (result.value, result.evidence.denominator) == (1.0, 1)


def test_founded_on_the_date_counts_and_dissolved_on_it_does_not():
    """A federation founded on the measuring date covers; one dissolved on it does not."""
    data = four_urban(
        federations=[
            federation("F1", "community", "C1", founded=DUE),
            federation("F2", "community", "C2", founded=dt.date(2020, 1, 1), dissolved=DUE),
        ]
    )
    (result,) = evaluate_target(KIND, data, as_of=DUE, params={"threshold": 0.5}, scope=D1).results
    # only C1 is covered on DUE: 1 / 4 = 0.25; 0.5 x 4 = 2 needed: 1 more
    assert result.value == 0.25
    assert result.gap.amount == 1
    assert [u.id for u in result.gap.units] == ["C2", "C3", "C4"]


def test_district_without_urban_communities_is_no_data():
    """A district whose communities are all rural has no data for urban coverage."""
    data = four_urban(federations=[federation("F7", "community", "R2")])
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 0.5}, scope={"districts": ["D2"]}
    ).results
    assert result.status is Status.NO_DATA
    assert result.value is None
