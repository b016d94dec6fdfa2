"""Community averages of one district, read from every district's computed at once.

An ``each = true`` plan asks for each district's urban and rural average in turn; scoplan
computes all districts' in one pass (``measures._district_means``) and hands each scope its
own. These tests check it against hand-worked figures and against :func:`mean_per_unit`
over the district's own rows, which is written independently of it.
"""

from __future__ import annotations

import datetime as dt
import itertools

import attrs
from builders import builtin_registry, community, district, organizations, township
from hypothesis import given, settings, target
from hypothesis import strategies as st
from judged import judged, must_judge

from scoplan import Scope, Status
from scoplan.measures import community_average, mean_per_unit
from scoplan.params import Threshold
from scoplan.target import COMPARATORS, Context
from scoplan.testing import build_dataset, evaluate_target
from scoplan.testing.strategies import datasets

DUE = dt.date(2023, 12, 31)


def two_districts():
    """D1 (urban A1 A2 A3, rural R1) and D2 (urban B1, rural R2 R3), and their organizations."""
    return build_dataset(
        districts=[district("D1"), district("D2")],
        townships=[township("T1", "D1"), township("T2", "D2")],
        communities=[
            community("A1", "T1"),
            community("A2", "T1"),
            community("A3", "T1"),
            community("R1", "T1", kind="rural"),
            community("B1", "T2"),
            community("R2", "T2", kind="rural"),
            community("R3", "T2", kind="rural"),
        ],
        organizations=organizations("A1", 4)
        + organizations("A2", 1)
        + organizations("R1", 9)
        + organizations("B1", 2)
        + organizations("R2", 1),
    )


def test_each_district_gets_its_own_mean_shortfall_and_gap():
    """With ``each``, D1 and D2 are judged on their own communities only."""
    results = evaluate_target(
        "urban-average",
        two_districts(),
        as_of=DUE,
        params={"threshold": 3},
        scope={"each": True},
        registry=builtin_registry(),
    ).results
    by_scope = {r.scope.id: r for r in results}
    assert sorted(by_scope) == ["D1", "D2"]
    d1, d2 = by_scope["D1"], by_scope["D2"]
    # D1: (4 + 1 + 0) / 3 urban communities = 5/3; 3 x 3 = 9 needed, 5 there: 4 more
    assert d1.status is Status.NOT_MET
    assert d1.value == 5 / 3
    assert (d1.evidence.numerator, d1.evidence.denominator) == (5, 3)
    assert d1.gap.amount == 4
    # A3 lacks 3, A2 lacks 2; A1 (4) lacks nothing
    assert [(u.id, u.value, u.need) for u in d1.gap.units] == [("A3", 0.0, 3.0), ("A2", 1.0, 2.0)]
    assert d1.gap.units_total == 2
    # D2: B1 alone, 2 organizations: 2 / 1 = 2, lacks 1
    assert d2.value == 2.0
    assert d2.gap.amount == 1
    assert [(u.id, u.need) for u in d2.gap.units] == [("B1", 1.0)]


def test_rural_means_per_district_and_a_met_one_lists_nobody():
    """Rural: D1 has R1 with 9 (met against 5); D2 has R2 with 1 and R3 with 0."""
    results = evaluate_target(
        "rural-average",
        two_districts(),
        as_of=DUE,
        params={"threshold": 5},
        scope={"each": True},
        registry=builtin_registry(),
    ).results
    by_scope = {r.scope.id: r for r in results}
    assert by_scope["D1"].status is Status.MET
    assert by_scope["D1"].value == 9.0
    assert by_scope["D1"].gap is None
    # D2: (1 + 0) / 2 = 0.5; 5 x 2 = 10 needed, 1 there: 9 more; R3 lacks 5, R2 lacks 4
    d2 = by_scope["D2"]
    assert d2.value == 0.5
    assert d2.gap.amount == 9
    assert [(u.id, u.need) for u in d2.gap.units] == [("R3", 5.0), ("R2", 4.0)]


def test_a_district_without_communities_of_the_kind_has_no_data():
    """D3 has no urban community: its urban average is ``no_data``, not zero."""
    data = build_dataset(
        districts=[district("D1"), district("D3")],
        townships=[township("T1", "D1"), township("T3", "D3")],
        communities=[community("A1", "T1"), community("R9", "T3", kind="rural")],
        organizations=organizations("A1", 2),
    )
    results = evaluate_target(
        "urban-average",
        data,
        as_of=DUE,
        params={"threshold": 1},
        scope={"each": True},
        registry=builtin_registry(),
    ).results
    by_scope = {r.scope.id: r for r in results}
    assert by_scope["D1"].status is Status.MET
    assert by_scope["D3"].status is Status.NO_DATA
    assert by_scope["D3"].value is None


@must_judge("a district's mean is above 0", "a district has no community of the kind")
@settings(max_examples=60)
@given(
    data=datasets(max_districts=2, max_townships=2, max_communities=4, max_organizations=30),
    threshold=st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.0]),
    # most days within the data's years (2019–2024), where organizations are active; a few
    # before any was founded
    on=st.one_of(
        st.dates(dt.date(2020, 1, 1), dt.date(2025, 12, 31)),
        st.dates(dt.date(2015, 1, 1), dt.date(2025, 12, 31)),
    ),
)
def test_every_district_agrees_with_mean_per_unit_over_its_own_rows(data, threshold, on):
    """For any data, the figures read for one district are those of its own rows, for
    either kind, every comparator and any number of units listed (a dataset costs more to
    draw than these checks do, so each is checked against all of them)."""
    counted = 0
    for kind, comparator, listed in itertools.product(
        ["urban", "rural"], COMPARATORS, [None, 0, 1, 2]
    ):
        params = Threshold(threshold=threshold, comparator=comparator)
        for district_id in data.district_ids():
            scope = Scope("district", district_id, district_id, (district_id,))
            context = Context(data, scope, on, on, listed)
            expected = mean_per_unit(
                context,
                data.communities_in([district_id], kind=kind),
                data.community_counts([district_id], on),
                key="community_id",
                required=threshold,
                comparator=comparator,
                level="community",
                noun="organizations",
            )
            judged("a district's mean is above 0", bool(expected.value))
            judged("a district has no community of the kind", expected.value is None)
            counted += expected.numerator or 0
            measured = community_average(context, params, kind)
            # the breakdown by township is the one figure mean_per_unit does not make, and
            # the details say whose mean it is
            assert measured.details == {**expected.details, "community_kind": kind}
            assert attrs.evolve(measured, breakdown=(), details=expected.details) == expected
    target(float(counted), label="organizations counted in the means")


def test_communities_counted_gives_every_community_its_count_zero_too():
    """Every community of the scope, of the kind asked, with its organizations (worked out
    from two_districts' rows by hand); ``community_counts`` lists only those that have any."""
    data = two_districts()
    every = data.communities_counted(["D1", "D2"], DUE)
    assert every.select("id", "district_id", "count").rows() == [
        ("A1", "D1", 4),
        ("A2", "D1", 1),
        ("A3", "D1", 0),
        ("B1", "D2", 2),
        ("R1", "D1", 9),
        ("R2", "D2", 1),
        ("R3", "D2", 0),
    ]
    rural = data.communities_counted(["D2"], DUE, kind="rural")
    assert rural.select("id", "count").rows() == [("R2", 1), ("R3", 0)]
    assert data.community_counts(["D1"], DUE).rows() == [
        ("A1", 4, "D1"),
        ("A2", 1, "D1"),
        ("R1", 9, "D1"),
    ]
    # the builders' organizations are filed: none is registered
    registered = data.communities_counted(["D1"], DUE, registration=["registered"])
    assert registered.get_column("count").to_list() == [0, 0, 0, 0]
    assert data.community_counts(["D1"], DUE, registration=["registered"]).is_empty()
