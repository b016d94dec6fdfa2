"""``township-federation-coverage``: share of townships with a township-level federation."""

from __future__ import annotations

import datetime as dt

from builders import builtin_registry, community, district, federation, township

from scoplan import Status
from scoplan.testing import build_dataset, evaluate_target

KIND = builtin_registry().targets["township-federation-coverage"]
"""The target kind under test, evaluated alone by :func:`evaluate_target`."""

DUE = dt.date(2021, 12, 31)


def four_townships(**tables):
    """District D1 with streets T1, T2, town T3 and township T4 (C3 is a community of T3)."""
    return build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[
            township("T1", "D1", kind="street"),
            township("T2", "D1", kind="street"),
            township("T3", "D1", kind="town"),
            township("T4", "D1", kind="township"),
        ],
        communities=[community("C3", "T3")],
        **tables,
    )


COVERED = [
    federation("F1", "township", "T1"),
    federation("F2", "township", "T2"),
    federation("F3", "community", "C3"),  # a community's federation does not cover T3
]


def test_half_covered_misses_full_coverage_by_two():
    """Two of four townships covered is 0.5; full coverage lacks T3 and T4."""
    data = four_townships(federations=COVERED)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 1.0}, scope={"districts": ["D1"]}
    ).results
    # T1, T2 covered out of T1..T4: 2 / 4 = 0.5
    assert result.status is Status.NOT_MET
    assert result.value == 0.5
    assert (result.evidence.numerator, result.evidence.denominator) == (2, 4)
    # 1.0 x 4 = 4 needed, 2 covered: 2 more townships, listed by id
    assert result.gap.amount == 2
    assert result.gap.noun == "townships"
    assert [u.id for u in result.gap.units] == ["T3", "T4"]
    assert result.gap.units_total == 2


def test_half_covered_meets_a_half():
    """Two of four townships covered meets a threshold of 0.5."""
    data = four_townships(federations=COVERED)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 0.5}, scope={"districts": ["D1"]}
    ).results
    assert (result.status, result.value, result.gap) == (Status.MET, 0.5, None)


def test_township_kinds_narrow_the_units():
    """``township_kinds`` counts only streets (2 of 2 covered) or only the others (0 of 2)."""
    data = four_townships(federations=COVERED)
    scope = {"districts": ["D1"]}
    (streets,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 1.0, "township_kinds": ["street"]}, scope=scope
    ).results
    # T1, T2 of streets T1, T2: 2 / 2
    assert (streets.value, streets.evidence.denominator) == (1.0, 2)
    (towns,) = evaluate_target(
        KIND,
        data,
        as_of=DUE,
        params={"threshold": 1.0, "township_kinds": ["town", "township"]},
        scope=scope,
    ).results
    # none of T3, T4: 0 / 2, 2 more needed
    assert (towns.value, towns.gap.amount) == (0.0, 2)


def test_founded_on_the_date_counts_and_dissolved_on_it_does_not():
    """A federation founded on the measuring date covers; one dissolved on it does not."""
    data = four_townships(
        federations=[
            federation("F1", "township", "T1", founded=DUE),
            federation("F2", "township", "T2", founded=dt.date(2020, 3, 1), dissolved=DUE),
        ]
    )
    (result,) = evaluate_target(
        KIND,
        data,
        as_of=DUE,
        params={"threshold": 1.0, "township_kinds": ["street"]},
        scope={"districts": ["D1"]},
    ).results
    # streets T1 (covered from DUE) and T2 (dissolved on DUE): 1 / 2
    assert result.value == 0.5
    assert [u.id for u in result.gap.units] == ["T2"]


def test_district_without_townships_is_no_data():
    """A district with no township-level unit has no data, not a coverage of zero."""
    data = four_townships(federations=COVERED)
    (result,) = evaluate_target(
        KIND, data, as_of=DUE, params={"threshold": 1.0}, scope={"districts": ["D2"]}
    ).results
    assert result.status is Status.NO_DATA
    assert result.value is None


def test_with_communities_only_leaves_out_units_without_a_community():
    """Only T3 has a community: with ``with_communities_only`` the share is of T3 alone,
    which C3's community federation does not cover; a township federation of T3 does."""
    data = four_townships(federations=COVERED)
    params = {"threshold": 1.0, "with_communities_only": True}
    scope = {"districts": ["D1"]}
    (result,) = evaluate_target(KIND, data, as_of=DUE, params=params, scope=scope).results
    # T3 of T3: 0 / 1
    assert (result.evidence.numerator, result.evidence.denominator) == (0, 1)
    assert [u.id for u in result.gap.units] == ["T3"]
    covered = four_townships(federations=[*COVERED, federation("F4", "township", "T3")])
    (result,) = evaluate_target(KIND, covered, as_of=DUE, params=params, scope=scope).results
    # 1 / 1, where all four townships give 3 / 4
    assert (result.status, result.value) == (Status.MET, 1.0)
    (every,) = evaluate_target(
        KIND, covered, as_of=DUE, params={"threshold": 1.0}, scope=scope
    ).results
    assert (every.evidence.numerator, every.evidence.denominator) == (3, 4)
